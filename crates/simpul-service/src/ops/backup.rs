//! Backups of this replica ("Cadangkan"): written to a folder or a USB
//! stick, the reminder when the last one is too old, and the restore of a
//! backup on a machine not set up yet (the rule is `simpul_store::backup`:
//! no secret in a backup, a restored replica is a new device).

use crate::Service;
use serde::Serialize;
use simpul_core::{ApiError, ErrorCode};
use simpul_store::{BackupStatus, Replica};
use specta::Type;
use std::path::Path;

/// A backup just written.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BackupWritten {
    pub path: String,
    pub created_at: String,
    pub assets: u32,
    pub documents: u32,
    /// Size of the file's payload, in bytes.
    pub bytes: u32,
}

/// A backup just restored.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BackupRestored {
    /// When the backup was taken.
    pub created_at: String,
    pub opd: String,
    pub device_name: String,
    pub assets: u32,
    /// Where the replica that was there is kept, if it held data.
    pub previous: Option<String>,
}

fn count(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Restores the backup `file` as the replica at `replica` (not open);
/// a replica set up there is refused unless `force` (it is then kept as
/// `.sebelum-pulih`).
pub fn restore_file(file: &Path, replica: &Path, force: bool) -> Result<BackupRestored, ApiError> {
    let r = simpul_store::backup::restore(file, replica, force)?;
    Ok(BackupRestored {
        created_at: r.manifest.created_at,
        opd: r.manifest.opd.unwrap_or_default(),
        device_name: r.manifest.device_name.unwrap_or_default(),
        assets: count(r.manifest.assets),
        previous: r.previous.map(|p| p.display().to_string()),
    })
}

impl Service {
    /// When this replica was last backed up, and whether to remind.
    pub fn backup_status(&self) -> Result<BackupStatus, ApiError> {
        Ok(self.configured()?.backup_status()?)
    }

    /// Writes a backup to `target`: a folder (the file is named after the
    /// OPD and the time) or a file.
    pub fn backup_save(&self, target: &Path) -> Result<BackupWritten, ApiError> {
        if target.as_os_str().is_empty() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Pilih folder tujuan cadangan (mis. flashdisk).",
            ));
        }
        let (path, m) = self.configured()?.backup_to(target)?;
        Ok(BackupWritten {
            path: path.display().to_string(),
            created_at: m.created_at,
            assets: count(m.assets),
            documents: count(m.documents),
            bytes: count(m.payload_bytes),
        })
    }

    /// Days without a backup before the reminder (0: never).
    pub fn backup_reminder_set(&self, days: u32) -> Result<BackupStatus, ApiError> {
        Ok(self.configured()?.set_backup_reminder(days)?)
    }

    /// Restores a backup into this app's replica on first run (nothing set
    /// up yet); a replica in use is replaced only from the command line.
    pub fn backup_restore(&self, file: &Path) -> Result<BackupRestored, ApiError> {
        let mut r = self.replica()?;
        if r.is_configured() {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Simpul di komputer ini sudah disiapkan dan berisi data; cadangan hanya dipulihkan ke Simpul yang baru dipasang (atau lewat perintah `simpul restore --force`).",
            ));
        }
        // The replica's file is closed while it is replaced: a placeholder
        // holds the lock meanwhile.
        let path = r.path().to_owned();
        let spare =
            std::env::temp_dir().join(format!("simpul-sementara-{}.db", std::process::id()));
        let placeholder = Replica::open(&spare)?;
        drop(std::mem::replace(&mut *r, placeholder));
        let restored = restore_file(file, &path, true);
        drop(std::mem::replace(&mut *r, Replica::open(&path)?));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", spare.display()));
        }
        drop(r);
        let restored = restored?;
        // The window learns of it when the person continues (the message
        // about enrolling again stays on screen until then).
        self.spawn_warm_up();
        Ok(restored)
    }
}
