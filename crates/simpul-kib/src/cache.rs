//! The table of the file last read, kept with a digest of its bytes: a
//! preview reads the workbook, and the import the user then confirms uses
//! the same table without reading it again, as long as the file has not
//! changed. The preview's plan is kept beside it (`simpul_store::KeptPlan`)
//! and written only while the replica has not changed either.

use crate::read::{read_table, ReadError};
use sha2::{Digest, Sha256};
use simpul_core::kib::KibTable;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The last file's digest and table.
#[derive(Debug, Default)]
pub struct TableCache {
    last: Mutex<Option<([u8; 32], Arc<KibTable>)>>,
}

impl TableCache {
    /// The file's table: the one kept when the file's bytes are those read
    /// last time, else read now (and kept in its place).
    pub fn read(&self, path: &Path) -> Result<Arc<KibTable>, ReadError> {
        let digest = digest(path);
        if let Some(d) = digest {
            let last = self.last.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((_, table)) = last.as_ref().filter(|(seen, _)| *seen == d) {
                return Ok(Arc::clone(table));
            }
        }
        let table = Arc::new(read_table(path)?);
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        *last = digest.map(|d| (d, Arc::clone(&table)));
        Ok(table)
    }

    /// Drops the kept table (after its import: a 20,000-row table is tens
    /// of megabytes, and importing the same file again is rare).
    pub fn forget(&self) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// SHA-256 of the file's bytes; `None` when it cannot be read or is over
/// the size limit (reading it then reports why).
fn digest(path: &Path) -> Option<[u8; 32]> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > crate::MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(Sha256::digest(&bytes).into())
}
