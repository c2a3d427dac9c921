//! The server's storage, behind a trait so another database (PostgreSQL)
//! can follow. [`SqliteHubStore`] is the default.

use rusqlite::{params, Connection, OptionalExtension};
use simpul_core::DocId;
use simpul_sync::{Device, Scope};
use std::path::Path;

/// A device row as the admin lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub device: Device,
    pub name: String,
    pub enrolled_at: String,
}

/// Everything the server persists.
pub trait HubStore: Send {
    /// Every stored document: id and its chunks concatenated.
    fn documents(&self) -> rusqlite::Result<Vec<(DocId, Vec<u8>)>>;
    /// Every device's sync state per document.
    fn sync_states(&self) -> rusqlite::Result<Vec<(String, DocId, Vec<u8>)>>;
    /// Stores one round: new document bytes and the device's sync states, atomically.
    fn commit_round(
        &mut self,
        device: &str,
        docs: &[(DocId, Vec<u8>)],
        states: &[(DocId, Vec<u8>)],
    ) -> rusqlite::Result<()>;

    fn add_opd(&mut self, code: &str, name: &str) -> rusqlite::Result<()>;
    fn opds(&self) -> rusqlite::Result<Vec<(String, String)>>;
    fn opd_exists(&self, code: &str) -> rusqlite::Result<bool>;

    /// Stores a code's hash for `scope` until `expires_at` (RFC 3339).
    fn add_code(
        &mut self,
        code_hash: &str,
        scope: &Scope,
        expires_at: &str,
    ) -> rusqlite::Result<()>;
    /// Uses a code once: its scope if it exists, is unused and not expired.
    fn redeem_code(&mut self, code_hash: &str, now: &str) -> rusqlite::Result<Option<Scope>>;

    fn add_device(
        &mut self,
        device: &Device,
        name: &str,
        token_hash: &str,
        now: &str,
    ) -> rusqlite::Result<()>;
    fn device_by_token(&self, token_hash: &str) -> rusqlite::Result<Option<Device>>;
    fn devices(&self) -> rusqlite::Result<Vec<DeviceRow>>;
    /// A device and the hash of its token (the key of its bundles).
    fn device_key(&self, device_id: &str) -> rusqlite::Result<Option<(Device, String)>>;
    fn revoke(&mut self, device_id: &str) -> rusqlite::Result<bool>;
}

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
"#;

/// The server's SQLite file.
#[derive(Debug)]
pub struct SqliteHubStore {
    conn: Connection,
}

impl SqliteHubStore {
    pub fn open(path: &Path) -> rusqlite::Result<SqliteHubStore> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(SqliteHubStore { conn })
    }
}

fn scope_of(opd: Option<String>) -> Scope {
    opd.map_or(Scope::Diskominfo, Scope::Opd)
}

fn opd_of(scope: &Scope) -> Option<&str> {
    match scope {
        Scope::Opd(o) => Some(o),
        Scope::Diskominfo => None,
    }
}

impl HubStore for SqliteHubStore {
    fn documents(&self) -> rusqlite::Result<Vec<(DocId, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id, bytes FROM chunk ORDER BY doc_id, id")?;
        let mut out: Vec<(DocId, Vec<u8>)> = Vec::new();
        let rows = stmt.query_map([], |r| {
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
        Ok(out)
    }

    fn sync_states(&self) -> rusqlite::Result<Vec<(String, DocId, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, doc_id, state FROM sync_state")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (d, id, s) = row?;
            if let Ok(id) = id.parse() {
                out.push((d, id, s));
            }
        }
        Ok(out)
    }

    fn commit_round(
        &mut self,
        device: &str,
        docs: &[(DocId, Vec<u8>)],
        states: &[(DocId, Vec<u8>)],
    ) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
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
        tx.commit()
    }

    fn add_opd(&mut self, code: &str, name: &str) -> rusqlite::Result<()> {
        self.conn.execute("INSERT INTO opd (code, name) VALUES (?1, ?2) ON CONFLICT(code) DO UPDATE SET name = excluded.name", params![code, name])?;
        Ok(())
    }

    fn opds(&self) -> rusqlite::Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code, name FROM opd ORDER BY code")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    }

    fn opd_exists(&self, code: &str) -> rusqlite::Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM opd WHERE code = ?1", params![code], |_| {
                Ok(())
            })
            .optional()?
            .is_some())
    }

    fn add_code(
        &mut self,
        code_hash: &str,
        scope: &Scope,
        expires_at: &str,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO enroll_code (hash, opd, expires_at) VALUES (?1, ?2, ?3)",
            params![code_hash, opd_of(scope), expires_at],
        )?;
        Ok(())
    }

    fn redeem_code(&mut self, code_hash: &str, now: &str) -> rusqlite::Result<Option<Scope>> {
        let tx = self.conn.transaction()?;
        let found: Option<Option<String>> = tx
            .query_row(
                "SELECT opd FROM enroll_code WHERE hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                params![code_hash, now],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_some() {
            tx.execute(
                "UPDATE enroll_code SET used_at = ?2 WHERE hash = ?1",
                params![code_hash, now],
            )?;
        }
        tx.commit()?;
        Ok(found.map(scope_of))
    }

    fn add_device(
        &mut self,
        device: &Device,
        name: &str,
        token_hash: &str,
        now: &str,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO device (id, name, actor, opd, token_hash, enrolled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![device.id, name, device.actor, opd_of(&device.scope), token_hash, now],
        )?;
        Ok(())
    }

    fn device_by_token(&self, token_hash: &str) -> rusqlite::Result<Option<Device>> {
        self.conn
            .query_row(
                "SELECT id, actor, opd, revoked_at IS NOT NULL FROM device WHERE token_hash = ?1",
                params![token_hash],
                |r| {
                    Ok(Device {
                        id: r.get(0)?,
                        actor: r.get(1)?,
                        scope: scope_of(r.get(2)?),
                        revoked: r.get(3)?,
                    })
                },
            )
            .optional()
    }

    fn devices(&self) -> rusqlite::Result<Vec<DeviceRow>> {
        let mut stmt = self.conn.prepare("SELECT id, actor, opd, revoked_at IS NOT NULL, name, enrolled_at FROM device ORDER BY enrolled_at")?;
        let rows = stmt.query_map([], |r| {
            Ok(DeviceRow {
                device: Device {
                    id: r.get(0)?,
                    actor: r.get(1)?,
                    scope: scope_of(r.get(2)?),
                    revoked: r.get(3)?,
                },
                name: r.get(4)?,
                enrolled_at: r.get(5)?,
            })
        })?;
        rows.collect()
    }

    fn device_key(&self, device_id: &str) -> rusqlite::Result<Option<(Device, String)>> {
        self.conn
            .query_row("SELECT id, actor, opd, revoked_at IS NOT NULL, token_hash FROM device WHERE id = ?1", params![device_id], |r| {
                Ok((Device { id: r.get(0)?, actor: r.get(1)?, scope: scope_of(r.get(2)?), revoked: r.get(3)? }, r.get(4)?))
            })
            .optional()
    }

    fn revoke(&mut self, device_id: &str) -> rusqlite::Result<bool> {
        let n = self.conn.execute(
            "UPDATE device SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![device_id, chrono::Utc::now().to_rfc3339()],
        )?;
        Ok(n > 0)
    }
}
