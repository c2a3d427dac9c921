//! Backups of a desktop replica, to a folder or a USB stick, and the
//! restore onto a new or repaired machine.
//!
//! A backup is a consistent snapshot of the replica file (`VACUUM INTO`)
//! from which every secret is removed before it is packed: the device's
//! signing seed, the data center's token for this device, a pending
//! enrollment code, and the people's PIN hashes and sealed keys (their
//! certificates, which are public, stay). The snapshot is then vacuumed
//! with `secure_delete` on, so the removed bytes are not left in free
//! pages. Nothing in a backup lets anyone act as the device or a person.
//!
//! A restored replica is therefore a new device: it gets a new Automerge
//! actor and a new key (two devices writing under one actor would corrupt
//! the documents), has no link to the data center (enroll it again with a
//! new code; its old changes still carry the old device's signatures and
//! reach the data center with its first sync), and its people add
//! themselves again with a PIN. File format: [`simpul_sync::backup_file`].

use crate::error::StoreError;
use crate::replica::Replica;
use automerge::ActorId;
use rusqlite::{params, Connection};
use serde::Serialize;
use simpul_sync::backup_file::BackupFileError;
use simpul_sync::backup_file::{self, beside, Manifest};
use specta::Type;
use std::path::{Path, PathBuf};

/// Renames a file; a failure is the backup's (the file system said no).
fn rename(from: &Path, to: &Path) -> Result<(), StoreError> {
    std::fs::rename(from, to).map_err(|e| BackupFileError::Io(e).into())
}

/// Meta keys that let their holder act as the device; never in a backup.
const SECRET_META: [&str; 7] = [
    "device_key",
    "server_token",
    "server_address",
    "server_device_id",
    "server_scope",
    "enroll_code_pending",
    "late_signatures",
];

/// Local meta keys of the backup reminder.
const LAST_BACKUP: &str = "last_backup_at";
const LAST_BACKUP_FILE: &str = "last_backup_file";
const REMINDER_DAYS: &str = "backup_reminder_days";
/// Days without a backup before the app reminds, unless set.
pub const DEFAULT_REMINDER_DAYS: u32 = 7;

/// When this replica was last backed up, and whether it is time again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupStatus {
    /// RFC 3339, when a backup was written from this replica.
    pub last_backup_at: Option<String>,
    pub last_backup_file: Option<String>,
    /// Days without a backup before the app reminds (0: never).
    pub reminder_days: u32,
    /// The reminder is due: never backed up, or longer ago than allowed.
    pub due: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub manifest: Manifest,
    /// Where the replica that was there is kept, if there was one.
    pub previous: Option<PathBuf>,
}

fn count(conn: &Connection, sql: &str) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// What a replica file holds, for the manifest.
fn describe(conn: &Connection) -> Result<Manifest, StoreError> {
    Ok(Manifest {
        kind: "replica".into(),
        backend: "sqlite".into(),
        schema: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        documents: count(conn, "SELECT count(DISTINCT doc_id) FROM chunk")?,
        chunks: count(conn, "SELECT count(*) FROM chunk")?,
        assets: count(conn, "SELECT count(*) FROM asset")?,
        opd: meta(conn, "opd_code")?,
        device_name: meta(conn, "device_name")?,
        ..Manifest::default()
    })
}

impl Replica {
    /// Writes a backup of this replica to `out` (a file, or a folder that
    /// gets `simpul-<OPD>-<date>.simpulbk`); returns the file and manifest.
    pub fn backup_to(&mut self, out: &Path) -> Result<(PathBuf, Manifest), StoreError> {
        let now = self.clock().now();
        let file = if out.is_dir() {
            let opd = self
                .profile()
                .map_or("replika".to_owned(), |p| p.opd_code.to_lowercase());
            out.join(format!(
                "simpul-{opd}-{}.simpulbk",
                now.format("%Y%m%d-%H%M")
            ))
        } else {
            out.to_owned()
        };
        let snapshot = beside(&file, ".snapshot");
        let _ = std::fs::remove_file(&snapshot);
        let result = (|| {
            self.conn
                .execute("VACUUM INTO ?1", [snapshot.to_string_lossy()])?;
            let snap = Connection::open(&snapshot)?;
            snap.pragma_update(None, "secure_delete", true)?;
            for key in SECRET_META {
                snap.execute("DELETE FROM meta WHERE key = ?1", [key])?;
            }
            snap.execute("DELETE FROM person", [])?;
            snap.execute_batch("VACUUM")?;
            let mut manifest = describe(&snap)?;
            drop(snap);
            manifest.created_at = crate::clock::stamp(now);
            let manifest = backup_file::write(&snapshot, &file, manifest)?;
            Ok::<_, StoreError>(manifest)
        })();
        let _ = std::fs::remove_file(&snapshot);
        let manifest = result?;
        set_meta(&self.conn, LAST_BACKUP, &manifest.created_at)?;
        set_meta(&self.conn, LAST_BACKUP_FILE, &file.display().to_string())?;
        Ok((file, manifest))
    }

    /// The last backup and whether the reminder is due now.
    pub fn backup_status(&self) -> Result<BackupStatus, StoreError> {
        let last = self.meta(LAST_BACKUP)?;
        let days = self
            .meta(REMINDER_DAYS)?
            .and_then(|d| d.parse().ok())
            .unwrap_or(DEFAULT_REMINDER_DAYS);
        let now = self.clock().now();
        let due = days > 0
            && last
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .is_none_or(|t| now - t.to_utc() > chrono::Duration::days(i64::from(days)));
        Ok(BackupStatus {
            last_backup_at: last,
            last_backup_file: self.meta(LAST_BACKUP_FILE)?,
            reminder_days: days,
            due,
        })
    }

    /// Days without a backup before the reminder (0 turns it off; at most
    /// a year).
    pub fn set_backup_reminder(&mut self, days: u32) -> Result<BackupStatus, StoreError> {
        if days > 366 {
            return Err(
                simpul_core::ValidationErrors(vec![simpul_core::FieldError::new(
                    "reminder_days",
                    "reminder_days.range",
                    "Pengingat cadangan paling lama 366 hari (0 untuk mematikannya).",
                )])
                .into(),
            );
        }
        set_meta(&self.conn, REMINDER_DAYS, &days.to_string())?;
        self.backup_status()
    }
}

/// Checks a desktop backup without restoring it.
pub fn verify(file: &Path) -> Result<Manifest, StoreError> {
    Ok(backup_file::read(file, "replica")?.0)
}

/// Restores the backup `file` as the replica at `target` (not open). An
/// existing replica that is set up is refused unless `force`, and is then
/// kept as `.sebelum-pulih`. The restored replica is a new device (see
/// the module's doc). Nothing changes when the backup is damaged.
pub fn restore(file: &Path, target: &Path, force: bool) -> Result<Restored, StoreError> {
    let (manifest, payload) = backup_file::read(file, "replica")?;
    if manifest.schema > crate::migrations::version() {
        return Err(StoreError::BackupNewer);
    }
    let configured = target.exists()
        && meta(&Connection::open(target)?, "opd_code")
            .ok()
            .flatten()
            .is_some();
    if configured && !force {
        return Err(StoreError::ReplicaExists(target.display().to_string()));
    }
    let incoming = beside(target, ".memulihkan");
    let result = (|| {
        backup_file::unpack(&payload, &incoming)?;
        let conn = Connection::open(&incoming)?;
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let found = describe(&conn)?;
        if ok != "ok" || found.chunks != manifest.chunks {
            return Err(BackupFileError::Damaged(format!(
                "basis data di dalamnya tidak utuh ({ok})"
            ))
            .into());
        }
        // A new device: a new actor, no key (made when opened), no link,
        // no sync state with anyone.
        set_meta(&conn, "actor", &ActorId::random().to_hex_string())?;
        for key in SECRET_META {
            conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
        }
        conn.execute("DELETE FROM sync_state", [])?;
        for key in [LAST_BACKUP, LAST_BACKUP_FILE] {
            conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
        }
        set_meta(&conn, "restored_from", &manifest.created_at)?;
        drop(conn);
        let mut previous = None;
        if target.exists() {
            let before = beside(target, ".sebelum-pulih");
            rename(target, &before)?;
            previous = configured.then_some(before);
        }
        for ext in ["-wal", "-shm"] {
            let side = beside(target, ext);
            if side.exists() {
                rename(&side, &beside(&beside(target, ".sebelum-pulih"), ext))?;
            }
        }
        rename(&incoming, target)?;
        // Opening makes the new key and proves the file usable.
        Replica::open(target)?;
        Ok(Restored { manifest, previous })
    })();
    let _ = std::fs::remove_file(&incoming);
    result
}
