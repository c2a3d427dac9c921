//! The backup file the data center and the desktop both write:
//! `SIMPULBK1\n`, one line of JSON [`Manifest`], then the payload (a SQLite
//! database, gzip-compressed) whose size and SHA-256 the manifest names.
//! A file is written beside its target and renamed, so a failed write
//! leaves no half-written backup; a file whose payload does not match its
//! manifest (truncated on a USB stick, altered) is refused whole.

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"SIMPULBK1\n";

/// What a backup holds, written at its head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Manifest {
    pub format: u32,
    /// `server` (the data center) or `replica` (a desktop).
    pub kind: String,
    /// Where it was taken from: `sqlite` or `postgres`.
    #[serde(default = "sqlite")]
    pub backend: String,
    pub created_at: String,
    /// The database schema's version (`user_version`).
    pub schema: i64,
    pub documents: u64,
    pub chunks: u64,
    /// Enrolled devices (a server backup).
    #[serde(default)]
    pub devices: u64,
    /// Rows of the audit trail (a server backup).
    #[serde(default)]
    pub audit_rows: u64,
    /// The OPD and device of a desktop backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opd: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    /// Assets in a desktop backup.
    #[serde(default)]
    pub assets: u64,
    /// Bytes of the compressed payload and its SHA-256 (hex).
    pub payload_bytes: u64,
    pub payload_sha256: String,
}

fn sqlite() -> String {
    "sqlite".into()
}

#[derive(Debug, thiserror::Error)]
pub enum BackupFileError {
    #[error("berkas tidak dapat dibaca atau ditulis: {0}")]
    Io(#[from] std::io::Error),
    #[error("bukan berkas cadangan Simpul")]
    NotABackup,
    #[error("cadangan rusak: {0}")]
    Damaged(String),
    #[error("ini cadangan {found}, bukan cadangan {expected}")]
    WrongKind {
        expected: &'static str,
        found: String,
    },
}

/// `path` with `suffix` added to its name.
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Writes the SQLite file `db` as a backup at `out` behind `manifest`
/// (its payload size and checksum filled in); returns the manifest.
pub fn write(db: &Path, out: &Path, mut manifest: Manifest) -> Result<Manifest, BackupFileError> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    std::io::copy(&mut std::fs::File::open(db)?, &mut gz)?;
    let payload = gz.finish()?;
    manifest.format = 1;
    manifest.payload_bytes = payload.len() as u64;
    manifest.payload_sha256 = hex::encode(Sha256::digest(&payload));
    let part = beside(out, ".sebagian");
    let written = (|| {
        let mut f = std::fs::File::create(&part)?;
        f.write_all(MAGIC)?;
        serde_json::to_writer(&mut f, &manifest).map_err(std::io::Error::from)?;
        f.write_all(b"\n")?;
        f.write_all(&payload)?;
        f.sync_all()?;
        std::fs::rename(&part, out)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written?;
    Ok(manifest)
}

/// Reads and checks a backup of `kind`: its manifest and its payload.
pub fn read(file: &Path, kind: &'static str) -> Result<(Manifest, Vec<u8>), BackupFileError> {
    let mut r = BufReader::new(std::fs::File::open(file)?);
    let mut magic = [0u8; MAGIC.len()];
    r.read_exact(&mut magic)
        .map_err(|_| BackupFileError::NotABackup)?;
    if magic != MAGIC {
        return Err(BackupFileError::NotABackup);
    }
    let mut line = Vec::new();
    r.by_ref().take(64 * 1024).read_until(b'\n', &mut line)?;
    let manifest: Manifest = serde_json::from_slice(&line)
        .map_err(|e| BackupFileError::Damaged(format!("manifes tidak terbaca ({e})")))?;
    if manifest.format != 1 {
        return Err(BackupFileError::Damaged(format!(
            "versi {} tidak dikenal; perbarui Simpul",
            manifest.format
        )));
    }
    if manifest.kind != kind {
        let name = |k: &str| match k {
            "server" => "pusat data".to_owned(),
            "replica" => "perangkat".to_owned(),
            other => other.to_owned(),
        };
        return Err(BackupFileError::WrongKind {
            expected: if kind == "server" {
                "pusat data"
            } else {
                "perangkat"
            },
            found: name(&manifest.kind),
        });
    }
    let mut payload = Vec::new();
    r.read_to_end(&mut payload)?;
    if payload.len() as u64 != manifest.payload_bytes
        || hex::encode(Sha256::digest(&payload)) != manifest.payload_sha256
    {
        return Err(BackupFileError::Damaged(
            "isi tidak cocok dengan checksum manifes (terpotong atau diubah)".into(),
        ));
    }
    Ok((manifest, payload))
}

/// Inflates a checked payload into the new file `into`.
pub fn unpack(payload: &[u8], into: &Path) -> Result<(), BackupFileError> {
    let _ = std::fs::remove_file(into);
    let mut f = std::fs::File::create(into)?;
    std::io::copy(&mut GzDecoder::new(payload), &mut f)
        .map_err(|e| BackupFileError::Damaged(format!("isi tidak dapat diurai ({e})")))?;
    f.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_reads_back_and_any_damage_or_other_kind_is_refused() {
        let dir = std::env::temp_dir().join(format!("simpul-bk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let db = dir.join("db");
        std::fs::write(&db, b"SQLite format 3\0 and the rest").expect("db");
        let out = dir.join("x.simpulbk");
        let m = write(
            &db,
            &out,
            Manifest {
                kind: "replica".into(),
                opd: Some("DINKES".into()),
                ..Manifest::default()
            },
        )
        .expect("write");
        let (read_back, payload) = read(&out, "replica").expect("read");
        assert_eq!(read_back, m);
        let inflated = dir.join("back");
        unpack(&payload, &inflated).expect("unpack");
        assert_eq!(
            std::fs::read(&inflated).expect("r"),
            std::fs::read(&db).expect("r")
        );
        assert!(matches!(
            read(&out, "server"),
            Err(BackupFileError::WrongKind { .. })
        ));
        let bytes = std::fs::read(&out).expect("r");
        std::fs::write(&out, &bytes[..bytes.len() - 1]).expect("w");
        assert!(matches!(
            read(&out, "replica"),
            Err(BackupFileError::Damaged(_))
        ));
        std::fs::write(&out, b"PK\x03\x04 a zip").expect("w");
        assert!(matches!(
            read(&out, "replica"),
            Err(BackupFileError::NotABackup)
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
