//! A person's certificate: the device key's signed statement that a
//! person's public key belongs to that person (name, NIP, role) on that
//! device (actor and key), from a given time. It travels with the changes
//! the person signed, so every replica and the data center can name the
//! person behind a change and check that the device vouched for them.

use crate::signature::{KeyPair, PublicKey, SignatureError, PUBLIC_KEY_LEN};
use serde::{Deserialize, Serialize};

/// What a certificate states (the signed part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonClaim {
    /// The person's public key.
    pub person_key: [u8; PUBLIC_KEY_LEN],
    pub name: String,
    /// 18 digits.
    pub nip: String,
    /// The role's stored key (`admin_opd`).
    pub role: String,
    /// The device's actor id (hex) and public key.
    pub device_actor: String,
    pub device_key: [u8; PUBLIC_KEY_LEN],
    /// When the device certified the person (ms since 1970).
    pub issued_ms: i64,
}

/// A claim and the device key's signature over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCertificate {
    pub claim: PersonClaim,
    pub sig: Vec<u8>,
}

/// Domain separation: a certificate's signature can never pass for a
/// change's (those sign a bare 32-byte hash).
const CONTEXT: &[u8] = b"simpul.person-certificate.v1\0";

fn signed_bytes(claim: &PersonClaim) -> Vec<u8> {
    let mut bytes = CONTEXT.to_vec();
    bytes.extend(postcard::to_stdvec(claim).unwrap_or_default());
    bytes
}

impl PersonCertificate {
    /// The device certifies a person's key.
    pub fn issue(device: &KeyPair, claim: PersonClaim) -> PersonCertificate {
        PersonCertificate {
            sig: device.sign_bytes(&signed_bytes(&claim)),
            claim,
        }
    }

    /// Whether the device key the certificate names signed it.
    pub fn check(&self) -> Result<(), SignatureError> {
        let device = PublicKey::from_bytes(&self.claim.device_key)
            .map_err(|_| SignatureError::BadCertificate)?;
        device
            .verify_bytes(&signed_bytes(&self.claim), &self.sig)
            .map_err(|_| SignatureError::BadCertificate)
    }

    /// Compact binary encoding, as stored.
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_stdvec(self).unwrap_or_default()
    }

    pub fn decode(bytes: &[u8]) -> Option<PersonCertificate> {
        postcard::from_bytes(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_holds_only_as_the_device_signed_it() {
        let device = KeyPair::from_seed([1; 32]);
        let person = KeyPair::from_seed([2; 32]);
        let cert = PersonCertificate::issue(
            &device,
            PersonClaim {
                person_key: person.public_bytes(),
                name: "Siti Rahma".into(),
                nip: "198503122010012004".into(),
                role: "pengurus_barang".into(),
                device_actor: "aa".into(),
                device_key: device.public_bytes(),
                issued_ms: 1,
            },
        );
        assert_eq!(cert.check(), Ok(()));
        assert_eq!(
            PersonCertificate::decode(&cert.encode()),
            Some(cert.clone())
        );
        let mut promoted = cert.clone();
        promoted.claim.role = "diskominfo".into();
        assert_eq!(promoted.check(), Err(SignatureError::BadCertificate));
        // Signed by the person's own key while naming the device's: refused.
        let self_made = PersonCertificate::issue(&person, cert.claim.clone());
        assert_eq!(self_made.check(), Err(SignatureError::BadCertificate));
        let mut claim = cert.claim.clone();
        claim.device_key = person.public_bytes();
        assert_eq!(
            PersonCertificate::issue(&person, claim).check(),
            Ok(()),
            "holds, but names another device key: the key ring refuses it"
        );
    }
}
