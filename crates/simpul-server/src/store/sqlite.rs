//! The server's SQLite file: the embedded default store.
//!
//! Longer than most files on purpose: it is one backend's whole SQL for
//! the one `HubStore` trait, kept side by side with `postgres.rs` method
//! for method so a change to the contract is made in both at a glance.

use super::{
    opd_of, scope_of, stamp, AuditFilter, AuditRow, AuditValues, DeviceRow, Enrolled, HubStore,
    RoundWrite, StoreResult, StoredDoc, StoredDocs,
};
use rusqlite::{params, Connection, OptionalExtension};
use simpul_core::DocId;
use simpul_sync::certificate::PersonCertificate;
use simpul_sync::signature::ChangeSignature;
use simpul_sync::{Device, Scope};
use std::path::Path;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS chunk (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, bytes BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS chunk_doc ON chunk(doc_id, id);
CREATE TABLE IF NOT EXISTS sync_state (device TEXT NOT NULL, doc_id TEXT NOT NULL, state BLOB NOT NULL, PRIMARY KEY (device, doc_id));
CREATE TABLE IF NOT EXISTS opd (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS enroll_code (hash TEXT PRIMARY KEY, opd TEXT, expires_at TEXT NOT NULL, used_at TEXT);
CREATE TABLE IF NOT EXISTS device (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, actor TEXT NOT NULL UNIQUE, opd TEXT,
  token_hash TEXT NOT NULL UNIQUE, enrolled_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS upload_token (hash TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS health (id INTEGER PRIMARY KEY CHECK (id = 1), probed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS change_signature (hash BLOB PRIMARY KEY, doc_id TEXT NOT NULL, sig BLOB NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS change_signature_doc ON change_signature(doc_id);
CREATE TABLE IF NOT EXISTS person_certificate (key BLOB PRIMARY KEY, nip TEXT NOT NULL, cert BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY, hash BLOB NOT NULL, doc_id TEXT NOT NULL, opd TEXT,
  author TEXT NOT NULL, brought_by TEXT NOT NULL, via TEXT NOT NULL,
  action TEXT NOT NULL, records TEXT NOT NULL, changed_at TEXT NOT NULL, received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_received ON audit(received_at);
CREATE INDEX IF NOT EXISTS audit_opd ON audit(opd, received_at);
CREATE INDEX IF NOT EXISTS audit_author ON audit(author, received_at);
CREATE TABLE IF NOT EXISTS backup_log (taken_at TEXT NOT NULL, file TEXT NOT NULL, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL);
"#;

/// Adds the columns of later versions to a database made before them:
/// the device's public key, the key that made each signature (NULL on
/// rows of the previous version: the device's), and the person of each
/// audit entry, and when each device last synced.
fn add_columns(conn: &Connection) -> StoreResult<()> {
    for (table, column, kind) in [
        ("device", "public_key", "TEXT"),
        ("change_signature", "key", "BLOB"),
        ("audit", "person_name", "TEXT NOT NULL DEFAULT ''"),
        ("audit", "person_nip", "TEXT NOT NULL DEFAULT ''"),
        ("audit", "person_role", "TEXT NOT NULL DEFAULT ''"),
        ("device", "last_sync_at", "TEXT"),
    ] {
        let has: bool = conn
            .prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")?
            .exists(params![table, column])?;
        if !has {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {kind}"))?;
            if column == "key" {
                // Signatures of the previous version were made by the key
                // of the device that wrote the change.
                conn.execute_batch(
                    "UPDATE change_signature SET key = (
                       SELECT unhex(d.public_key) FROM audit a JOIN device d ON d.id = a.author
                       WHERE a.hash = change_signature.hash LIMIT 1)",
                )?;
            }
        }
    }
    conn.execute_batch(
        "CREATE INDEX IF NOT EXISTS audit_person ON audit(person_nip, received_at)",
    )?;
    Ok(())
}

/// The columns of a device, in the order [`device_of`] reads them.
const DEVICE_COLUMNS: &str = "id, actor, opd, revoked_at IS NOT NULL, public_key";

fn device_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        actor: r.get(1)?,
        scope: scope_of(r.get(2)?),
        revoked: r.get(3)?,
        key: r.get(4)?,
    })
}

/// The server's SQLite file.
#[derive(Debug)]
pub struct SqliteHubStore {
    conn: Connection,
    /// The file, for the round slots' own connection.
    path: std::path::PathBuf,
    /// `PRAGMA data_version` when last asked.
    seen_version: Option<i64>,
}

impl SqliteHubStore {
    pub fn open(path: &Path) -> StoreResult<SqliteHubStore> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        add_columns(&conn)?;
        Ok(SqliteHubStore {
            conn,
            path: path.to_owned(),
            seen_version: None,
        })
    }
}

/// Rows of (key, document id, bytes) with the id parsed; rows naming an
/// unknown document are skipped.
fn with_doc_ids<K>(
    rows: impl Iterator<Item = rusqlite::Result<(K, String, Vec<u8>)>>,
) -> StoreResult<Vec<(K, DocId, Vec<u8>)>> {
    let mut out = Vec::new();
    for row in rows {
        let (key, id, bytes) = row?;
        if let Ok(id) = id.parse() {
            out.push((key, id, bytes));
        }
    }
    Ok(out)
}

impl HubStore for SqliteHubStore {
    fn document(&self, id: &DocId) -> StoreResult<Option<Vec<u8>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT bytes FROM chunk WHERE doc_id = ?1 ORDER BY id")?;
        let mut bytes = Vec::new();
        let mut found = false;
        for chunk in stmt.query_map(params![id.to_string()], |r| r.get::<_, Vec<u8>>(0))? {
            bytes.extend(chunk?);
            found = true;
        }
        Ok(found.then_some(bytes))
    }

    fn load_document(&self, id: &DocId) -> StoreResult<Option<StoredDoc>> {
        let tx = self.conn.unchecked_transaction()?;
        let name = id.to_string();
        let mut doc = StoredDoc::default();
        let mut found = false;
        {
            let mut stmt =
                tx.prepare_cached("SELECT id, bytes FROM chunk WHERE doc_id = ?1 ORDER BY id")?;
            let rows = stmt.query_map([&name], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            for row in rows {
                let (n, bytes) = row?;
                doc.bytes.extend_from_slice(&bytes);
                doc.upto = n;
                found = true;
            }
        }
        if !found {
            return Ok(None);
        }
        {
            let mut stmt =
                tx.prepare_cached("SELECT hash, sig, key FROM change_signature WHERE doc_id = ?1")?;
            let rows = stmt.query_map([&name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            for row in rows {
                let (hash, sig, key) = row?;
                doc.signatures.extend(super::signature_of(hash, sig, key));
            }
        }
        tx.commit()?;
        Ok(Some(doc))
    }

    fn doc_ids(&self) -> StoreResult<(Vec<DocId>, i64)> {
        let tx = self.conn.unchecked_transaction()?;
        let watermark: i64 =
            tx.query_row("SELECT COALESCE(MAX(id), 0) FROM chunk", [], |r| r.get(0))?;
        let ids = {
            let mut stmt = tx.prepare("SELECT DISTINCT doc_id FROM chunk")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            let mut ids = Vec::new();
            for row in rows {
                ids.extend(row?.parse::<DocId>().ok());
            }
            ids
        };
        tx.commit()?;
        Ok((ids, watermark))
    }

    fn reopen(&self) -> StoreResult<Box<dyn HubStore>> {
        Ok(Box::new(SqliteHubStore::open(&self.path)?))
    }

    fn documents(&self) -> StoreResult<StoredDocs> {
        let tx = self.conn.unchecked_transaction()?;
        let watermark: i64 =
            tx.query_row("SELECT COALESCE(MAX(id), 0) FROM chunk", [], |r| r.get(0))?;
        let mut stmt =
            tx.prepare("SELECT doc_id, bytes FROM chunk WHERE id <= ?1 ORDER BY doc_id, id")?;
        let mut out: Vec<(DocId, Vec<u8>)> = Vec::new();
        let rows = stmt.query_map([watermark], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (id, bytes) = row?;
            let Ok(id) = id.parse::<DocId>() else {
                continue;
            };
            match out.last_mut() {
                Some((last, all)) if *last == id => all.extend_from_slice(&bytes),
                _ => out.push((id, bytes)),
            }
        }
        Ok((out, watermark))
    }

    fn chunks_after(&self, watermark: i64) -> StoreResult<Vec<(i64, DocId, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, doc_id, bytes FROM chunk WHERE id > ?1 ORDER BY id")?;
        let rows = stmt.query_map([watermark], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        with_doc_ids(rows)
    }

    fn changed_elsewhere(&mut self) -> StoreResult<bool> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(self.seen_version.replace(v) != Some(v))
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    /// Slots live in a file of their own beside the database
    /// (`server.db-rounds`): their writes, many per upload, must not count
    /// as "changed elsewhere" for the hub's connection (`data_version`).
    fn slots(&self) -> StoreResult<Box<dyn super::SlotStore>> {
        let mut file = self.path.as_os_str().to_owned();
        file.push("-rounds");
        Ok(Box::new(super::SqliteSlots::open(std::path::Path::new(
            &file,
        ))?))
    }

    fn record_backup(&mut self, at: &str, file: &str, bytes: u64, sha256: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO backup_log (taken_at, file, bytes, sha256) VALUES (?1, ?2, ?3, ?4)",
            params![at, file, i64::try_from(bytes).unwrap_or(i64::MAX), sha256],
        )?;
        Ok(())
    }

    fn last_backup(&self) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT max(taken_at) FROM backup_log", [], |r| r.get(0))?)
    }

    fn size_bytes(&self) -> StoreResult<u64> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let size: i64 = self.conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok(u64::try_from(pages.saturating_mul(size)).unwrap_or(0))
    }

    fn probe_write(&mut self) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO health (id, probed_at) VALUES (1, ?1)
             ON CONFLICT(id) DO UPDATE SET probed_at = excluded.probed_at",
            params![stamp(chrono::Utc::now())],
        )?;
        Ok(())
    }

    fn sync_states(&self) -> StoreResult<Vec<(String, DocId, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, doc_id, state FROM sync_state")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        with_doc_ids(rows)
    }

    fn sync_states_of(&self, device: &str) -> StoreResult<Vec<(DocId, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT device, doc_id, state FROM sync_state WHERE device = ?1")?;
        let rows = stmt.query_map([device], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(with_doc_ids(rows)?
            .into_iter()
            .map(|(_, id, state)| (id, state))
            .collect())
    }

    fn commit_round(&mut self, round: &RoundWrite<'_>, watermark: i64) -> StoreResult<i64> {
        let RoundWrite {
            device,
            docs,
            states,
            signatures,
            device_key,
            audit,
            certificates,
        } = *round;
        if round.is_empty() {
            return Ok(watermark);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let newest = |tx: &rusqlite::Transaction<'_>| -> StoreResult<i64> {
            Ok(tx.query_row("SELECT COALESCE(MAX(id), 0) FROM chunk", [], |r| r.get(0))?)
        };
        let before = newest(&tx)?;
        for (id, bytes) in docs {
            tx.prepare_cached("INSERT INTO chunk (doc_id, bytes) VALUES (?1, ?2)")?
                .execute(params![id.to_string(), bytes])?;
        }
        for (id, state) in states {
            tx.prepare_cached(
                "INSERT INTO sync_state (device, doc_id, state) VALUES (?1, ?2, ?3)
                 ON CONFLICT(device, doc_id) DO UPDATE SET state = excluded.state",
            )?
            .execute(params![device, id.to_string(), state])?;
        }
        for (id, s) in signatures {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO change_signature (hash, doc_id, sig, key) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![&s.hash[..], id.to_string(), s.sig, &s.key[..]])?;
        }
        for c in certificates {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO person_certificate (key, nip, cert) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![&c.claim.person_key[..], c.claim.nip, c.encode()])?;
        }
        let received_at = stamp(chrono::Utc::now());
        for e in audit {
            let a = AuditValues::of(e);
            tx.prepare_cached(
                "INSERT INTO audit (hash, doc_id, opd, author, brought_by, via, action, records, changed_at, received_at,
                                    person_name, person_nip, person_role)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                a.hash,
                a.doc,
                a.opd,
                a.author,
                a.brought_by,
                a.via,
                a.action,
                a.records,
                a.changed_at,
                received_at,
                a.person_name,
                a.person_nip,
                a.person_role,
            ])?;
        }
        if let Some(key) = device_key {
            tx.execute(
                "UPDATE device SET public_key = ?2 WHERE id = ?1 AND public_key IS NULL",
                params![device, key],
            )?;
        }
        let after = newest(&tx)?;
        tx.commit()?;
        Ok(if before == watermark {
            after
        } else {
            watermark
        })
    }

    fn signatures(&self) -> StoreResult<Vec<ChangeSignature>> {
        let mut stmt = self
            .conn
            .prepare("SELECT hash, sig, key FROM change_signature")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (hash, sig, key) = row?;
            out.extend(super::signature_of(hash, sig, key));
        }
        Ok(out)
    }

    fn certificates(&self) -> StoreResult<Vec<PersonCertificate>> {
        let mut stmt = self.conn.prepare("SELECT cert FROM person_certificate")?;
        let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        let mut out = Vec::new();
        for bytes in rows {
            out.extend(PersonCertificate::decode(&bytes?));
        }
        Ok(out)
    }

    fn audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditRow>> {
        let opd = f.opd.as_deref().map(str::to_uppercase);
        let regency = opd.as_deref() == Some("DISKOMINFO");
        let mut stmt = self.conn.prepare(
            "SELECT a.received_at, a.changed_at, a.doc_id, a.opd, a.author, COALESCE(d.name, ''),
                    a.brought_by, a.via, a.action, a.records, a.hash,
                    a.person_name, a.person_nip, a.person_role
             FROM audit a LEFT JOIN device d ON d.id = a.author
             WHERE ((?1 IS NULL AND NOT ?2) OR a.opd = ?1 OR (?2 AND a.opd IS NULL))
               AND (?3 IS NULL OR a.author = ?3)
               AND (?4 IS NULL OR a.received_at >= ?4)
               AND (?6 IS NULL OR a.person_nip = ?6)
             ORDER BY a.id DESC LIMIT ?5",
        )?;
        let limit = i64::try_from(f.limit.max(1)).unwrap_or(i64::MAX);
        let rows = stmt.query_map(
            params![
                if regency { None } else { opd.as_deref() },
                regency,
                f.device,
                f.since,
                limit,
                f.nip
            ],
            |r| {
                Ok(AuditRow {
                    received_at: r.get(0)?,
                    changed_at: r.get(1)?,
                    doc: r.get(2)?,
                    opd: r.get(3)?,
                    author: r.get(4)?,
                    author_name: r.get(5)?,
                    brought_by: r.get(6)?,
                    via: r.get(7)?,
                    action: r.get(8)?,
                    records: r
                        .get::<_, String>(9)?
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect(),
                    hash: hex::encode(r.get::<_, Vec<u8>>(10)?),
                    person_name: r.get(11)?,
                    person_nip: r.get(12)?,
                    person_role: r.get(13)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn add_opd(&mut self, code: &str, name: &str) -> StoreResult<()> {
        self.conn.execute("INSERT INTO opd (code, name) VALUES (?1, ?2) ON CONFLICT(code) DO UPDATE SET name = excluded.name", params![code, name])?;
        Ok(())
    }

    fn opds(&self) -> StoreResult<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code, name FROM opd ORDER BY code")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn opd_exists(&self, code: &str) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM opd WHERE code = ?1", params![code], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    fn add_code(&mut self, code_hash: &str, scope: &Scope, expires_at: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO enroll_code (hash, opd, expires_at) VALUES (?1, ?2, ?3)",
            params![code_hash, opd_of(scope), expires_at],
        )?;
        Ok(())
    }

    fn enroll(
        &mut self,
        code_hash: &str,
        now: &str,
        name: &str,
        token_hash: &str,
        make: &dyn Fn(Scope) -> Device,
    ) -> StoreResult<Enrolled> {
        let tx = self.conn.transaction()?;
        let found: Option<Option<String>> = tx
            .query_row(
                "SELECT opd FROM enroll_code WHERE hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                params![code_hash, now],
                |r| r.get(0),
            )
            .optional()?;
        let Some(opd) = found else {
            return Ok(Enrolled::BadCode);
        };
        let device = make(scope_of(opd));
        let taken = tx
            .query_row(
                "SELECT 1 FROM device WHERE actor = ?1",
                params![device.actor],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if taken {
            return Ok(Enrolled::ActorTaken);
        }
        tx.execute(
            "UPDATE enroll_code SET used_at = ?2 WHERE hash = ?1",
            params![code_hash, now],
        )?;
        tx.execute(
            "INSERT INTO device (id, name, actor, opd, token_hash, enrolled_at, public_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![device.id, name, device.actor, opd_of(&device.scope), token_hash, now, device.key],
        )?;
        tx.commit()?;
        Ok(Enrolled::Done(device))
    }

    fn add_upload_token(&mut self, token_hash: &str, expires_at: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO upload_token (hash, expires_at) VALUES (?1, ?2)",
            params![token_hash, expires_at],
        )?;
        Ok(())
    }

    fn upload_token_valid(&self, token_hash: &str, now: &str) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM upload_token WHERE hash = ?1 AND expires_at > ?2",
                params![token_hash, now],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<Device>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM device WHERE token_hash = ?1"),
                params![token_hash],
                device_of,
            )
            .optional()?)
    }

    fn devices(&self) -> StoreResult<Vec<DeviceRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DEVICE_COLUMNS}, name, enrolled_at, last_sync_at,
                    (SELECT max(changed_at) FROM audit a WHERE a.author = device.id)
             FROM device ORDER BY enrolled_at, id"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(DeviceRow {
                device: device_of(r)?,
                name: r.get(5)?,
                enrolled_at: r.get(6)?,
                last_sync_at: r.get(7)?,
                last_change_at: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn device_key(&self, device_id: &str) -> StoreResult<Option<(Device, String)>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DEVICE_COLUMNS}, token_hash FROM device WHERE id = ?1"),
                params![device_id],
                |r| Ok((device_of(r)?, r.get(5)?)),
            )
            .optional()?)
    }

    fn touch_device(&mut self, device_id: &str, at: &str) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE device SET last_sync_at = ?2 WHERE id = ?1",
            params![device_id, at],
        )?;
        Ok(())
    }

    fn revoke(&mut self, device_id: &str) -> StoreResult<bool> {
        let n = self.conn.execute(
            "UPDATE device SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![device_id, stamp(chrono::Utc::now())],
        )?;
        Ok(n > 0)
    }
}
