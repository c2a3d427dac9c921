//! Backups of the data center's database, taken while it serves, and the
//! restore. A backup is a consistent snapshot (SQLite `VACUUM INTO`, which
//! reads one transaction while rounds go on writing; from PostgreSQL, a
//! copy of every table read in one repeatable-read transaction into a
//! SQLite file, so there is one backup format), gzip-compressed,
//! behind a manifest with its SHA-256: documents, devices with their
//! public keys and token hashes, the audit trail and the settings. Nothing
//! in it lets anyone act as a device: tokens and codes are kept only as
//! hashes, device keys only as public keys, and the server's own key stays
//! in its `.key` file beside the database.
//!
//! File: `SIMPULBK1\n`, one line of JSON manifest, then the payload.
//!
//! A backup restores into either backend, so restoring a SQLite backup
//! into PostgreSQL is how a data center moves to PostgreSQL.

use crate::store::copy;
use crate::store::{Database, PgHubStore, SqliteHubStore, StorageError};
use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"SIMPULBK1\n";

/// What a backup holds, written at its head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// `server`.
    pub kind: String,
    /// The backend it was taken from: `sqlite` or `postgres`.
    #[serde(default = "sqlite")]
    pub backend: String,
    pub created_at: String,
    /// The database schema's version (`user_version`).
    pub schema: i64,
    pub documents: u64,
    pub chunks: u64,
    pub devices: u64,
    pub audit_rows: u64,
    /// Bytes of the compressed payload and its SHA-256 (hex).
    pub payload_bytes: u64,
    pub payload_sha256: String,
}

fn sqlite() -> String {
    "sqlite".into()
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub manifest: Manifest,
    /// Where the database's previous contents were kept, when it had any.
    pub previous: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("basis data tidak dapat dibaca: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Store(#[from] StorageError),
    #[error("berkas tidak dapat dibaca atau ditulis: {0}")]
    Io(#[from] std::io::Error),
    #[error("bukan berkas cadangan Simpul")]
    NotABackup,
    #[error("cadangan rusak: {0}")]
    Damaged(String),
    #[error("{0} sudah ada; pindahkan dulu atau pakai --force (yang lama disimpan sebagai .sebelum-pulih)")]
    Exists(PathBuf),
    #[error("{0} sudah berisi data; pakai --force untuk menggantinya (isinya dicadangkan dulu)")]
    NotEmpty(String),
}

impl From<postgres::Error> for BackupError {
    fn from(e: postgres::Error) -> Self {
        BackupError::Store(e.into())
    }
}

fn count(conn: &Connection, sql: &str) -> Result<u64, BackupError> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn describe(conn: &Connection) -> Result<Manifest, BackupError> {
    Ok(Manifest {
        format: 1,
        kind: "server".into(),
        backend: sqlite(),
        created_at: String::new(),
        schema: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        documents: count(conn, "SELECT count(DISTINCT doc_id) FROM chunk")?,
        chunks: count(conn, "SELECT count(*) FROM chunk")?,
        devices: count(conn, "SELECT count(*) FROM device")?,
        audit_rows: count(conn, "SELECT count(*) FROM audit")?,
        payload_bytes: 0,
        payload_sha256: String::new(),
    })
}

/// A path beside `path` with `suffix` added to its name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A consistent copy of a PostgreSQL database's tables in a new SQLite
/// file at `snapshot`.
fn snapshot_postgres(url: &str, snapshot: &Path) -> Result<(), BackupError> {
    drop(SqliteHubStore::open(snapshot)?);
    let mut client = connect(url)?;
    let mut from = client
        .build_transaction()
        .isolation_level(postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let mut conn = Connection::open(snapshot)?;
    let to = conn.transaction()?;
    copy::postgres_to_sqlite(&mut from, &to)?;
    to.commit()?;
    from.commit()?;
    Ok(())
}

fn connect(url: &str) -> Result<postgres::Client, BackupError> {
    let config: postgres::Config = url.parse()?;
    Ok(config.connect(postgres::NoTls)?)
}

/// Backs up `db` (served or not) into `out`.
pub fn backup(db: &Database, out: &Path, now: DateTime<Utc>) -> Result<Manifest, BackupError> {
    let snapshot = beside(out, ".snapshot");
    let _ = std::fs::remove_file(&snapshot);
    let result = (|| {
        match db {
            Database::Sqlite(file) => {
                let conn = Connection::open(file)?;
                conn.busy_timeout(std::time::Duration::from_secs(30))?;
                conn.execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])?;
            }
            Database::Postgres(url) => snapshot_postgres(url, &snapshot)?,
        }
        let mut manifest = describe(&Connection::open(&snapshot)?)?;
        manifest.created_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        if matches!(db, Database::Postgres(_)) {
            manifest.backend = "postgres".into();
        }
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        std::io::copy(&mut std::fs::File::open(&snapshot)?, &mut gz)?;
        let payload = gz.finish()?;
        manifest.payload_bytes = payload.len() as u64;
        manifest.payload_sha256 = hex::encode(Sha256::digest(&payload));
        let part = beside(out, ".sebagian");
        {
            let mut f = std::fs::File::create(&part)?;
            f.write_all(MAGIC)?;
            serde_json::to_writer(&mut f, &manifest).map_err(std::io::Error::from)?;
            f.write_all(b"\n")?;
            f.write_all(&payload)?;
            f.sync_all()?;
        }
        std::fs::rename(&part, out)?;
        db.open()?.record_backup(
            &manifest.created_at,
            &out.display().to_string(),
            manifest.payload_bytes,
            &manifest.payload_sha256,
        )?;
        Ok(manifest)
    })();
    let _ = std::fs::remove_file(&snapshot);
    result
}

/// Reads and checks a backup's manifest and payload.
fn read(file: &Path) -> Result<(Manifest, Vec<u8>), BackupError> {
    let mut r = BufReader::new(std::fs::File::open(file)?);
    let mut magic = [0u8; 10];
    r.read_exact(&mut magic)
        .map_err(|_| BackupError::NotABackup)?;
    if magic != MAGIC {
        return Err(BackupError::NotABackup);
    }
    let mut line = Vec::new();
    r.by_ref().take(64 * 1024).read_until(b'\n', &mut line)?;
    let manifest: Manifest = serde_json::from_slice(&line)
        .map_err(|e| BackupError::Damaged(format!("manifes tidak terbaca ({e})")))?;
    if manifest.format != 1 || manifest.kind != "server" {
        return Err(BackupError::Damaged(format!(
            "jenis {} versi {} tidak dikenal",
            manifest.kind, manifest.format
        )));
    }
    let mut payload = Vec::new();
    r.read_to_end(&mut payload)?;
    if payload.len() as u64 != manifest.payload_bytes
        || hex::encode(Sha256::digest(&payload)) != manifest.payload_sha256
    {
        return Err(BackupError::Damaged(
            "isi tidak cocok dengan checksum manifes (terpotong atau diubah)".into(),
        ));
    }
    Ok((manifest, payload))
}

/// Checks a backup without restoring it.
pub fn verify(file: &Path) -> Result<Manifest, BackupError> {
    Ok(read(file)?.0)
}

/// Writes a checked backup's database into the new SQLite file `into`
/// and checks that it is whole and what the manifest says.
fn unpack(file: &Path, into: &Path) -> Result<Manifest, BackupError> {
    let (manifest, payload) = read(file)?;
    let _ = std::fs::remove_file(into);
    {
        let mut f = std::fs::File::create(into)?;
        std::io::copy(&mut GzDecoder::new(&payload[..]), &mut f)
            .map_err(|e| BackupError::Damaged(format!("isi tidak dapat diurai ({e})")))?;
        f.sync_all()?;
    }
    let conn = Connection::open(into)?;
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let found = describe(&conn)?;
    if ok != "ok" || found.chunks != manifest.chunks || found.devices != manifest.devices {
        return Err(BackupError::Damaged(format!(
            "basis data di dalamnya tidak utuh ({ok})"
        )));
    }
    Ok(manifest)
}

/// Restores `file` into `db` (the server stopped). A database holding
/// data is refused unless `force`; its contents are then kept (a SQLite
/// file renamed `.sebelum-pulih`, a PostgreSQL database backed up beside
/// the backup file). Nothing changes when the backup is damaged, and a
/// PostgreSQL restore is one transaction.
pub fn restore(file: &Path, db: &Database, force: bool) -> Result<Restored, BackupError> {
    match db {
        Database::Sqlite(path) => restore_file(file, path, force),
        Database::Postgres(url) => restore_postgres(file, db, url, force),
    }
}

fn restore_postgres(
    file: &Path,
    db: &Database,
    url: &str,
    force: bool,
) -> Result<Restored, BackupError> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let incoming = std::env::temp_dir().join(format!(
        "simpul-pulih-{}-{}.db",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let result = (|| {
        let manifest = unpack(file, &incoming)?;
        drop(PgHubStore::open(url)?);
        let mut client = connect(url)?;
        let held: i64 = client
            .query_one(
                "SELECT (SELECT count(*) FROM device) + (SELECT count(*) FROM chunk)
                      + (SELECT count(*) FROM opd)",
                &[],
            )?
            .get(0);
        let previous = if held == 0 {
            None
        } else if force {
            let keep = beside(
                file,
                &format!(".sebelum-pulih-{}", Utc::now().format("%Y%m%d-%H%M%S")),
            );
            backup(db, &keep, Utc::now())?;
            Some(keep)
        } else {
            return Err(BackupError::NotEmpty(db.describe()));
        };
        let conn = Connection::open(&incoming)?;
        let mut tx = client.transaction()?;
        copy::sqlite_to_postgres(&conn, &mut tx)?;
        tx.commit()?;
        Ok(Restored { manifest, previous })
    })();
    let _ = std::fs::remove_file(&incoming);
    result
}

fn restore_file(file: &Path, db: &Path, force: bool) -> Result<Restored, BackupError> {
    if db.exists() && !force {
        return Err(BackupError::Exists(db.to_owned()));
    }
    let incoming = beside(db, ".memulihkan");
    let result = (|| {
        let manifest = unpack(file, &incoming)?;
        let mut previous = None;
        if db.exists() {
            let before = beside(db, ".sebelum-pulih");
            std::fs::rename(db, &before)?;
            for ext in ["-wal", "-shm"] {
                let side = beside(db, ext);
                if side.exists() {
                    std::fs::rename(&side, beside(&before, ext))?;
                }
            }
            previous = Some(before);
        }
        std::fs::rename(&incoming, db)?;
        Ok(Restored { manifest, previous })
    })();
    let _ = std::fs::remove_file(&incoming);
    result
}
