//! USB bundles: the changes the other side lacks, in a file carried on a
//! stick when there is no link. A bundle is signed with its writer's
//! Ed25519 key: a device's bundle with the device key (the server checks it
//! with the public key it registered), the data center's with the server's
//! own key (kept in a file beside, not inside, its database; devices learn
//! its public half at enrollment). Nothing the data center stores in its
//! database or its backups can therefore forge a bundle, and a tampered
//! file or one from a device the server does not know is refused before
//! anything is applied. Importing a bundle goes through the same scope and
//! signature checks as a sync, and is idempotent.

use crate::signature::{KeyPair, PublicKey, SIGNATURE_LEN};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"SIMPULB2";
/// Domain separation: a bundle's signature can pass for nothing else.
const CONTEXT: &[u8] = b"simpul.bundle.v2\0";
/// The largest bundle accepted.
pub const MAX_BUNDLE: usize = 256 * 1024 * 1024;

/// The stored form of a secret (enrollment code or device token): SHA-256
/// of its letters and digits, upper-cased, so a code typed with spaces or
/// in lower case still matches.
pub fn secret_hash(secret: &str) -> String {
    let norm: String = secret
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(Sha256::digest(norm.as_bytes()))
}

/// One document's changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleDoc {
    pub doc: String,
    /// Automerge change bytes (`save_after` of what the other side has).
    pub changes: Vec<u8>,
    /// The signatures of those changes (those the writer holds).
    pub signatures: Vec<crate::signature::ChangeSignature>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub protocol: u32,
    /// The device the bundle concerns (its author, or its addressee when
    /// the data center writes it).
    pub device: String,
    /// True when written by the data center for the device.
    pub from_server: bool,
    /// RFC 3339.
    pub created: String,
    pub docs: Vec<BundleDoc>,
    /// The certificates of the people who signed the bundle's changes.
    pub certificates: Vec<crate::certificate::PersonCertificate>,
    /// The keys of the devices behind those signatures (from the data center).
    pub device_keys: Vec<crate::wire::DeviceKeyNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("berkas ini bukan bundel Simpul")]
    NotABundle,
    #[error("bundel rusak atau telah diubah; minta bundel baru")]
    Tampered,
    #[error("bundel dari perangkat yang tidak dikenal server ini")]
    Foreign,
    #[error("bundel terlalu besar (batas {} MiB)", MAX_BUNDLE / (1024 * 1024))]
    TooLarge,
    #[error("berkas bundel tidak dapat dibaca: {0}")]
    Unreadable(String),
    #[error("bundel ini ditulis oleh versi Simpul lain (protokol {found}, aplikasi ini {expected}); perbarui Simpul di kedua sisi lalu tulis bundel baru")]
    Version { found: u32, expected: u32 },
}

fn signed_bytes(body: &[u8]) -> Vec<u8> {
    let mut bytes = CONTEXT.to_vec();
    bytes.extend_from_slice(body);
    bytes
}

/// Reads a bundle file, refusing one over [`MAX_BUNDLE`] before reading it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, BundleError> {
    let unreadable = |e: std::io::Error| BundleError::Unreadable(e.to_string());
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if len > MAX_BUNDLE as u64 {
        return Err(BundleError::TooLarge);
    }
    std::fs::read(path).map_err(unreadable)
}

impl Bundle {
    /// The sealed file bytes, signed with the writer's key.
    pub fn seal(&self, key: &KeyPair) -> Vec<u8> {
        let body = postcard::to_stdvec(self).unwrap_or_default();
        let sig = key.sign_bytes(&signed_bytes(&body));
        let mut out = Vec::with_capacity(MAGIC.len() + body.len() + SIGNATURE_LEN);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&body);
        out.extend_from_slice(&sig);
        out
    }

    fn split(bytes: &[u8]) -> Result<(&[u8], &[u8]), BundleError> {
        if bytes.len() > MAX_BUNDLE {
            return Err(BundleError::TooLarge);
        }
        if bytes.len() >= MAGIC.len() && &bytes[..MAGIC.len()] == b"SIMPULB1" {
            // The layout of versions before bundles were signed with keys.
            return Err(BundleError::Version {
                found: 2,
                expected: crate::PROTOCOL_VERSION,
            });
        }
        if bytes.len() < MAGIC.len() + SIGNATURE_LEN || &bytes[..MAGIC.len()] != MAGIC {
            return Err(BundleError::NotABundle);
        }
        let (body, tag) = bytes[MAGIC.len()..].split_at(bytes.len() - MAGIC.len() - SIGNATURE_LEN);
        // Another version's layout differs: say so rather than "damaged".
        match crate::wire::protocol_of(body) {
            Some(found) if found != crate::PROTOCOL_VERSION => Err(BundleError::Version {
                found,
                expected: crate::PROTOCOL_VERSION,
            }),
            _ => Ok((body, tag)),
        }
    }

    /// Reads who the bundle concerns, without trusting anything else in it.
    pub fn peek_device(bytes: &[u8]) -> Result<String, BundleError> {
        let (body, _) = Self::split(bytes)?;
        let b: Bundle = postcard::from_bytes(body).map_err(|_| BundleError::Tampered)?;
        Ok(b.device)
    }

    /// Verifies the signature with the writer's public `key` and returns
    /// the bundle.
    pub fn open(bytes: &[u8], key: &PublicKey) -> Result<Bundle, BundleError> {
        let (body, sig) = Self::split(bytes)?;
        key.verify_bytes(&signed_bytes(body), sig)
            .map_err(|_| BundleError::Tampered)?;
        postcard::from_bytes(body).map_err(|_| BundleError::Tampered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bundle {
        Bundle {
            protocol: crate::PROTOCOL_VERSION,
            device: "d1".into(),
            from_server: false,
            created: "2026-11-21T08:00:00Z".into(),
            docs: vec![BundleDoc {
                doc: "opd/X/meta".into(),
                changes: vec![1, 2, 3],
                signatures: vec![],
            }],
            certificates: vec![],
            device_keys: vec![],
        }
    }

    fn keys(seed: u8) -> (KeyPair, PublicKey) {
        let k = KeyPair::from_seed([seed; 32]);
        let p = PublicKey::from_bytes(&k.public_bytes()).expect("key");
        (k, p)
    }

    #[test]
    fn sealed_bundles_open_only_with_their_key_and_untouched() {
        let (key, public) = keys(1);
        let sealed = sample().seal(&key);
        assert_eq!(Bundle::peek_device(&sealed).expect("peek"), "d1");
        assert_eq!(Bundle::open(&sealed, &public).expect("open"), sample());
        assert_eq!(
            Bundle::open(&sealed, &keys(2).1),
            Err(BundleError::Tampered)
        );
        let mut flipped = sealed.clone();
        flipped[12] ^= 1;
        assert_eq!(Bundle::open(&flipped, &public), Err(BundleError::Tampered));
        assert_eq!(
            Bundle::open(
                b"PK\x03\x04 not a bundle at all, a zip file of some sort, long enough to hold a signature.....",
                &public
            ),
            Err(BundleError::NotABundle)
        );
    }

    #[test]
    fn an_oversized_file_is_refused_before_it_is_read() {
        let path = std::env::temp_dir().join(format!("simpul-big-{}.simpul", fastrand::u64(..)));
        let f = std::fs::File::create(&path).expect("create");
        // Sparse: the size is there, the bytes are not (nothing is read).
        f.set_len(MAX_BUNDLE as u64 + 1).expect("size");
        let r = read_file(&path);
        let _ = std::fs::remove_file(&path);
        assert_eq!(r, Err(BundleError::TooLarge));
        assert!(matches!(
            read_file(std::path::Path::new("/nonexistent/x.simpul")),
            Err(BundleError::Unreadable(_))
        ));
    }

    #[test]
    fn secret_hash_forgives_case_and_separators() {
        assert_eq!(secret_hash("abcd-efgh"), secret_hash("ABCD EFGH"));
    }

    #[test]
    fn a_bundle_of_another_version_says_so() {
        let (key, public) = keys(1);
        let old = Bundle {
            protocol: 1,
            ..sample()
        }
        .seal(&key);
        let expected = BundleError::Version {
            found: 1,
            expected: crate::PROTOCOL_VERSION,
        };
        assert_eq!(Bundle::peek_device(&old), Err(expected.clone()));
        assert_eq!(Bundle::open(&old, &public), Err(expected));
        let mut hmac_era = b"SIMPULB1".to_vec();
        hmac_era.extend([0u8; 100]);
        assert!(matches!(
            Bundle::peek_device(&hmac_era),
            Err(BundleError::Version { found: 2, .. })
        ));
    }
}
