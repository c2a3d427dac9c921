//! Backups of the data center's database, taken while it serves, and the
//! restore. A backup is a consistent snapshot (SQLite `VACUUM INTO`, which
//! reads one transaction while rounds go on writing), gzip-compressed,
//! behind a manifest with its SHA-256: documents, devices with their
//! public keys and token hashes, the audit trail and the settings. Nothing
//! in it lets anyone act as a device: tokens and codes are kept only as
//! hashes, device keys only as public keys, and the server's own key stays
//! in its `.key` file beside the database.
//!
//! File: `SIMPULBK1\n`, one line of JSON manifest, then the payload.

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

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("basis data tidak dapat dibaca: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("berkas tidak dapat dibaca atau ditulis: {0}")]
    Io(#[from] std::io::Error),
    #[error("bukan berkas cadangan Simpul")]
    NotABackup,
    #[error("cadangan rusak: {0}")]
    Damaged(String),
    #[error("{0} sudah ada; pindahkan dulu atau pakai --force (yang lama disimpan sebagai .sebelum-pulih)")]
    Exists(PathBuf),
}

fn count(conn: &Connection, sql: &str) -> Result<u64, BackupError> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn describe(conn: &Connection) -> Result<Manifest, BackupError> {
    Ok(Manifest {
        format: 1,
        kind: "server".into(),
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

/// Backs up the database at `db` (served or not) into `out`.
pub fn backup(db: &Path, out: &Path, now: DateTime<Utc>) -> Result<Manifest, BackupError> {
    let snapshot = beside(out, ".snapshot");
    let _ = std::fs::remove_file(&snapshot);
    let result = (|| {
        let conn = Connection::open(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])?;
        drop(conn);
        let mut manifest = describe(&Connection::open(&snapshot)?)?;
        manifest.created_at = now.to_rfc3339();
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

/// Restores `file` into the database at `db` (the server stopped). An
/// existing database is refused unless `force`, then kept beside as
/// `.sebelum-pulih`. Nothing changes when the backup is damaged.
pub fn restore(file: &Path, db: &Path, force: bool) -> Result<Manifest, BackupError> {
    if db.exists() && !force {
        return Err(BackupError::Exists(db.to_owned()));
    }
    let (manifest, payload) = read(file)?;
    let incoming = beside(db, ".memulihkan");
    let _ = std::fs::remove_file(&incoming);
    let result = (|| {
        {
            let mut f = std::fs::File::create(&incoming)?;
            std::io::copy(&mut GzDecoder::new(&payload[..]), &mut f)
                .map_err(|e| BackupError::Damaged(format!("isi tidak dapat diurai ({e})")))?;
            f.sync_all()?;
        }
        let conn = Connection::open(&incoming)?;
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let found = describe(&conn)?;
        drop(conn);
        if ok != "ok" || found.chunks != manifest.chunks || found.devices != manifest.devices {
            return Err(BackupError::Damaged(format!(
                "basis data di dalamnya tidak utuh ({ok})"
            )));
        }
        if db.exists() {
            let before = beside(db, ".sebelum-pulih");
            std::fs::rename(db, &before)?;
            for ext in ["-wal", "-shm"] {
                let side = beside(db, ext);
                if side.exists() {
                    std::fs::rename(&side, beside(&before, ext))?;
                }
            }
        }
        std::fs::rename(&incoming, db)?;
        Ok(manifest)
    })();
    let _ = std::fs::remove_file(&incoming);
    result
}
