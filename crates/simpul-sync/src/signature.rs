//! Signed changes: every Automerge change is signed with an Ed25519 key,
//! the device's own or that of the person signed in on it (certified by the
//! device key, see [`crate::certificate`]). The signature covers the
//! change's hash (which commits to its content, author, time and
//! dependencies), names the key that made it, and travels beside the
//! change, so whoever holds the change can check who wrote it. Keys are
//! made from randomness the caller passes in (no IO here).

use automerge::ChangeHash;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// Bytes of a public key, a signature.
pub const PUBLIC_KEY_LEN: usize = 32;
pub const SIGNATURE_LEN: usize = 64;

/// The signature of one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSignature {
    /// The change's hash.
    pub hash: [u8; 32],
    /// The public key that signed it (a device's or a person's).
    pub key: [u8; 32],
    /// Ed25519 over the hash (64 bytes).
    pub sig: Vec<u8>,
}

/// Why a change's signature does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("perubahan tidak bertanda tangan")]
    Missing,
    #[error("tanda tangan perubahan tidak sah")]
    Invalid,
    #[error("kunci publik perangkat tidak sah")]
    BadKey,
    #[error("tanda tangan dibuat dengan kunci yang tidak dikenal untuk perangkat penulisnya")]
    UnknownKey,
    #[error("sertifikat orang tidak sah")]
    BadCertificate,
}

/// A signing key: a device's, or a person's (kept encrypted under their PIN).
#[derive(Clone)]
pub struct KeyPair(SigningKey);

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        write!(f, "KeyPair({})", self.public_hex())
    }
}

impl KeyPair {
    /// The key made from 32 random bytes (the caller's source of randomness).
    pub fn from_seed(seed: [u8; 32]) -> KeyPair {
        KeyPair(SigningKey::from_bytes(&seed))
    }

    /// The secret seed, to store on the device.
    pub fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key, hex-encoded (as enrollment registers it).
    pub fn public_hex(&self) -> String {
        hex::encode(self.public_bytes())
    }

    /// The public key's bytes.
    pub fn public_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs one change.
    pub fn sign(&self, hash: &ChangeHash) -> ChangeSignature {
        ChangeSignature {
            hash: hash.0,
            key: self.public_bytes(),
            sig: self.sign_bytes(&hash.0),
        }
    }

    /// Signs any bytes (a person's certificate).
    pub(crate) fn sign_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        self.0.sign(bytes).to_bytes().to_vec()
    }
}

/// A public key as people compare it (Settings on the device, `simpul
/// admin devices` at the data center): its first 8 bytes, in groups.
pub fn fingerprint(public_hex: &str) -> String {
    let hex: String = public_hex
        .trim()
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(16)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A public key that checks signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads a hex-encoded public key.
    pub fn from_hex(hex_key: &str) -> Result<PublicKey, SignatureError> {
        let bytes: [u8; PUBLIC_KEY_LEN] = hex::decode(hex_key.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(SignatureError::BadKey)?;
        PublicKey::from_bytes(&bytes)
    }

    /// A public key from its bytes.
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LEN]) -> Result<PublicKey, SignatureError> {
        VerifyingKey::from_bytes(bytes)
            .map(PublicKey)
            .map_err(|_| SignatureError::BadKey)
    }

    pub fn bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.to_bytes()
    }

    /// Whether `signature` is this key's over the change `hash`.
    pub fn verify(
        &self,
        hash: &ChangeHash,
        signature: &ChangeSignature,
    ) -> Result<(), SignatureError> {
        if signature.hash != hash.0 || signature.key != self.bytes() {
            return Err(SignatureError::Invalid);
        }
        self.verify_bytes(&hash.0, &signature.sig)
    }

    /// Whether `sig` is this key's over `bytes`.
    pub(crate) fn verify_bytes(&self, bytes: &[u8], sig: &[u8]) -> Result<(), SignatureError> {
        let sig: [u8; SIGNATURE_LEN] = sig.try_into().map_err(|_| SignatureError::Invalid)?;
        self.0
            .verify_strict(bytes, &Signature::from_bytes(&sig))
            .map_err(|_| SignatureError::Invalid)
    }
}

/// Generates the next sync message of `doc` with the signatures of the
/// changes it carries: those the state records as sent by this message
/// (`sent_hashes` grows by exactly them), looked up with `signed`.
pub fn signed_message(
    doc: &automerge::Automerge,
    state: &mut automerge::sync::State,
    signed: &mut dyn FnMut(&ChangeHash) -> Option<ChangeSignature>,
) -> Option<(automerge::sync::Message, Vec<ChangeSignature>)> {
    use automerge::sync::SyncDoc;
    let before = state.sent_hashes.clone();
    let message = doc.generate_sync_message(state)?;
    let signatures = state
        .sent_hashes
        .difference(&before)
        .filter_map(signed)
        .collect();
    Some((message, signatures))
}

/// Signs every change of `doc` written under `actor` that `into` has no
/// signature for (replicas held in memory: tests and tools).
pub fn sign_changes(
    doc: &automerge::Automerge,
    actor: &automerge::ActorId,
    key: &KeyPair,
    into: &mut std::collections::HashMap<ChangeHash, ChangeSignature>,
) {
    for change in doc.get_changes(&[]) {
        if change.actor_id() == actor {
            into.entry(change.hash())
                .or_insert_with(|| key.sign(&change.hash()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_change_and_key_only() {
        let key = KeyPair::from_seed([7; 32]);
        let other = KeyPair::from_seed([8; 32]);
        let public = PublicKey::from_hex(&key.public_hex()).expect("key");
        let hash = ChangeHash([1; 32]);
        let sig = key.sign(&hash);
        assert_eq!(public.verify(&hash, &sig), Ok(()));
        assert_eq!(
            public.verify(&ChangeHash([2; 32]), &sig),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            public.verify(&hash, &other.sign(&hash)),
            Err(SignatureError::Invalid)
        );
        let mut flipped = sig.clone();
        flipped.sig[10] ^= 1;
        assert_eq!(public.verify(&hash, &flipped), Err(SignatureError::Invalid));
        assert_eq!(PublicKey::from_hex("00"), Err(SignatureError::BadKey));
        assert_eq!(fingerprint("3f2a91c077b10d4eff"), "3F2A 91C0 77B1 0D4E");
        assert!(
            !format!("{key:?}").contains(&hex::encode(key.seed())),
            "the secret is never printed"
        );
    }
}
