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

/// A device's answer to an enrollment file: who it is, carried in its
/// first bundle (the server registers it as a sync enrollment would).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollAnswer {
    /// The one-time code of the enrollment file.
    pub code: String,
    pub name: String,
    /// The device's public key (the bundle is signed with it).
    pub public_key: [u8; 32],
    /// The hash of the token the device made for later syncs over a link.
    pub token_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    pub protocol: u32,
    /// The device the bundle concerns (its author, or its addressee when
    /// the data center writes it); empty in a device's first bundle after
    /// enrollment by file.
    pub device: String,
    /// That device's actor id (hex).
    pub actor: String,
    /// A device's first bundle after enrollment by file.
    pub enroll: Option<EnrollAnswer>,
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

fn signed_bytes(context: &[u8], body: &[u8]) -> Vec<u8> {
    let mut bytes = context.to_vec();
    bytes.extend_from_slice(body);
    bytes
}

/// A signed file: magic, body, Ed25519 signature over context and body.
fn seal_file(magic: &[u8; 8], context: &[u8], body: &[u8], key: &KeyPair) -> Vec<u8> {
    let sig = key.sign_bytes(&signed_bytes(context, body));
    let mut out = Vec::with_capacity(magic.len() + body.len() + SIGNATURE_LEN);
    out.extend_from_slice(magic);
    out.extend_from_slice(body);
    out.extend_from_slice(&sig);
    out
}

/// The body and signature of a signed file with this magic.
fn split_file<'a>(magic: &[u8; 8], bytes: &'a [u8]) -> Result<(&'a [u8], &'a [u8]), BundleError> {
    if bytes.len() > MAX_BUNDLE {
        return Err(BundleError::TooLarge);
    }
    if bytes.len() < magic.len() + SIGNATURE_LEN || &bytes[..magic.len()] != magic {
        return Err(BundleError::NotABundle);
    }
    Ok(bytes[magic.len()..].split_at(bytes.len() - magic.len() - SIGNATURE_LEN))
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
        seal_file(MAGIC, CONTEXT, &body, key)
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
        Ok(Self::peek(bytes)?.device)
    }

    /// The bundle as it says it is, its signature not checked yet (to
    /// find the key to check it with).
    pub fn peek(bytes: &[u8]) -> Result<Bundle, BundleError> {
        let (body, _) = Self::split(bytes)?;
        postcard::from_bytes(body).map_err(|_| BundleError::Tampered)
    }

    /// Verifies the signature with the writer's public `key` and returns
    /// the bundle.
    pub fn open(bytes: &[u8], key: &PublicKey) -> Result<Bundle, BundleError> {
        let (body, sig) = Self::split(bytes)?;
        key.verify_bytes(&signed_bytes(CONTEXT, body), sig)
            .map_err(|_| BundleError::Tampered)?;
        postcard::from_bytes(body).map_err(|_| BundleError::Tampered)
    }
}

const ENROLL_MAGIC: &[u8; 8] = b"SIMPULE1";
const ENROLL_CONTEXT: &[u8] = b"simpul.enroll-file.v1\0";

/// Enrollment by USB: what Diskominfo hands an OPD with no link at all. It
/// holds a one-time code (as `simpul admin enroll-code` makes), and the
/// data center's public key, which signs the file and which the device
/// then trusts for the bundles the data center writes for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollFile {
    pub protocol: u32,
    pub code: String,
    /// The OPD the device may write; None for a Diskominfo device.
    pub opd: Option<String>,
    /// RFC 3339.
    pub expires_at: String,
    /// Where the data center answers over a network, when it does.
    pub server_address: Option<String>,
    pub server_key: [u8; 32],
}

impl EnrollFile {
    /// The file bytes, signed with the server's key.
    pub fn seal(&self, key: &KeyPair) -> Vec<u8> {
        let body = postcard::to_stdvec(self).unwrap_or_default();
        seal_file(ENROLL_MAGIC, ENROLL_CONTEXT, &body, key)
    }

    /// Reads a file and checks it is whole and signed by the key it names.
    pub fn open(bytes: &[u8]) -> Result<EnrollFile, BundleError> {
        let (body, sig) = split_file(ENROLL_MAGIC, bytes)?;
        match crate::wire::protocol_of(body) {
            Some(found) if found != crate::PROTOCOL_VERSION => {
                return Err(BundleError::Version {
                    found,
                    expected: crate::PROTOCOL_VERSION,
                })
            }
            _ => {}
        }
        let file: EnrollFile = postcard::from_bytes(body).map_err(|_| BundleError::Tampered)?;
        PublicKey::from_bytes(&file.server_key)
            .and_then(|k| k.verify_bytes(&signed_bytes(ENROLL_CONTEXT, body), sig))
            .map_err(|_| BundleError::Tampered)?;
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Bundle {
        Bundle {
            protocol: crate::PROTOCOL_VERSION,
            device: "d1".into(),
            actor: "aa".into(),
            enroll: None,
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
    fn an_enrollment_file_holds_only_as_the_server_signed_it() {
        let (key, _) = keys(3);
        let file = EnrollFile {
            protocol: crate::PROTOCOL_VERSION,
            code: "ABCD-EFGH".into(),
            opd: Some("DINKES".into()),
            expires_at: "2026-12-08T00:00:00Z".into(),
            server_address: None,
            server_key: key.public_bytes(),
        };
        let sealed = file.seal(&key);
        assert_eq!(EnrollFile::open(&sealed), Ok(file.clone()));
        let mut flipped = sealed.clone();
        flipped[10] ^= 1;
        assert_eq!(EnrollFile::open(&flipped), Err(BundleError::Tampered));
        // Signed by another key than the one it names.
        assert_eq!(
            EnrollFile::open(&file.seal(&keys(4).0)),
            Err(BundleError::Tampered)
        );
        assert_eq!(
            EnrollFile::open(&sample().seal(&key)),
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
