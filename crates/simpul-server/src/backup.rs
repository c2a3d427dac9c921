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
//! The file format is [`simpul_sync::backup_file`], shared with the
//! desktop's backups.
//!
//! A backup restores into either backend, so restoring a SQLite backup
//! into PostgreSQL is how a data center moves to PostgreSQL.

use crate::store::copy;
use crate::store::{Database, PgHubStore, SqliteHubStore, StorageError};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use simpul_sync::backup_file::{self, beside, BackupFileError};
use std::path::{Path, PathBuf};

pub use simpul_sync::backup_file::Manifest;

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
    #[error("{0}")]
    WrongKind(String),
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

impl From<BackupFileError> for BackupError {
    fn from(e: BackupFileError) -> Self {
        match e {
            BackupFileError::Io(e) => BackupError::Io(e),
            BackupFileError::NotABackup => BackupError::NotABackup,
            BackupFileError::Damaged(m) => BackupError::Damaged(m),
            e @ BackupFileError::WrongKind { .. } => BackupError::WrongKind(e.to_string()),
        }
    }
}

fn count(conn: &Connection, sql: &str) -> Result<u64, BackupError> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn describe(conn: &Connection) -> Result<Manifest, BackupError> {
    Ok(Manifest {
        kind: "server".into(),
        backend: "sqlite".into(),
        schema: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        documents: count(conn, "SELECT count(DISTINCT doc_id) FROM chunk")?,
        chunks: count(conn, "SELECT count(*) FROM chunk")?,
        devices: count(conn, "SELECT count(*) FROM device")?,
        audit_rows: count(conn, "SELECT count(*) FROM audit")?,
        ..Manifest::default()
    })
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
        let manifest = backup_file::write(&snapshot, out, manifest)?;
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

/// Checks a backup without restoring it.
pub fn verify(file: &Path) -> Result<Manifest, BackupError> {
    Ok(backup_file::read(file, "server")?.0)
}

/// Writes a checked backup's database into the new SQLite file `into`
/// and checks that it is whole and what the manifest says.
fn unpack(file: &Path, into: &Path) -> Result<Manifest, BackupError> {
    let (manifest, payload) = backup_file::read(file, "server")?;
    backup_file::unpack(&payload, into)?;
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
