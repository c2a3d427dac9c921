//! The data center's own signing key, which signs the bundles it writes
//! for devices. It lives in a file beside the database (`<database>.key`,
//! readable by its owner only), never inside it: a copy of the database or
//! of its backups cannot sign a bundle. Devices learn its public half at
//! enrollment and on their first sync.

use crate::error::ServerError;
use simpul_sync::signature::KeyPair;
use std::path::{Path, PathBuf};

/// Where the key of the database at `db` is kept.
pub fn path_for(db: &Path) -> PathBuf {
    db.with_extension("key")
}

/// The key stored at `path`, made (from the system's randomness) when
/// there is none yet.
pub fn load_or_create(path: &Path) -> Result<KeyPair, ServerError> {
    let unreadable = |e: std::io::Error| ServerError::ServerKey(format!("{}: {e}", path.display()));
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let seed: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| ServerError::ServerKey(format!("{} rusak", path.display())))?;
            Ok(KeyPair::from_seed(seed))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|e| ServerError::ServerKey(e.to_string()))?;
            let key = KeyPair::from_seed(seed);
            write_private(path, &hex::encode(seed)).map_err(unreadable)?;
            tracing::info!(path = %path.display(), "server key created");
            Ok(key)
        }
        Err(e) => Err(unreadable(e)),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = path_for(&dir.path().join("server.db"));
        assert!(path.ends_with("server.key"));
        let made = load_or_create(&path).expect("made");
        let read = load_or_create(&path).expect("read");
        assert_eq!(made.public_hex(), read.public_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "owner only");
        }
        std::fs::write(&path, "zz").expect("damage");
        assert!(matches!(
            load_or_create(&path),
            Err(ServerError::ServerKey(_))
        ));
    }
}
