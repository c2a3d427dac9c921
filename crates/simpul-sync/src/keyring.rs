//! Who may sign for an actor: the one rule every checker applies (the hub,
//! `simpul admin verify`, `simpul verify` and a replica's history). A
//! change's signature holds when it is valid and made either by the key of
//! the device bound to the change's actor, or by a person's key that this
//! same device key certified for this same actor.

use crate::certificate::PersonCertificate;
use crate::signature::{ChangeSignature, PublicKey, SignatureError};
use automerge::ChangeHash;
use std::collections::HashMap;

/// Who signed a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    /// The device itself (the command line, or no one signed in).
    Device,
    /// A person certified by the device.
    Person(Box<PersonCertificate>),
}

/// Device keys by actor, and the person certificates known.
#[derive(Debug, Default, Clone)]
pub struct KeyRing {
    devices: HashMap<String, PublicKey>,
    people: HashMap<[u8; 32], PersonCertificate>,
}

impl KeyRing {
    pub fn new() -> KeyRing {
        KeyRing::default()
    }

    /// Binds an actor (hex) to its device's key.
    pub fn set_device(&mut self, actor: &str, key: PublicKey) {
        self.devices.insert(actor.to_owned(), key);
    }

    pub fn forget_devices(&mut self) {
        self.devices.clear();
    }

    /// The key bound to an actor.
    pub fn device(&self, actor: &str) -> Option<&PublicKey> {
        self.devices.get(actor)
    }

    /// Adds a certificate whose own signature holds (whether its device
    /// is the one bound to its actor is checked when it is used).
    pub fn add_certificate(&mut self, cert: PersonCertificate) -> Result<(), SignatureError> {
        cert.check()?;
        self.people.insert(cert.claim.person_key, cert);
        Ok(())
    }

    /// The certificate of a person's key.
    pub fn certificate(&self, key: &[u8; 32]) -> Option<&PersonCertificate> {
        self.people.get(key)
    }

    /// Checks the signature of a change written under `actor`, against the
    /// key bound to it.
    pub fn check(
        &self,
        actor: &str,
        hash: &ChangeHash,
        signature: &ChangeSignature,
    ) -> Result<Signer, SignatureError> {
        let device = self.devices.get(actor).ok_or(SignatureError::UnknownKey)?;
        self.check_with(device, actor, hash, signature, None)
    }

    /// [`KeyRing::check`] with the device key given (one being registered
    /// by this very request) and certificates the request brought.
    pub fn check_with(
        &self,
        device: &PublicKey,
        actor: &str,
        hash: &ChangeHash,
        signature: &ChangeSignature,
        brought: Option<&HashMap<[u8; 32], PersonCertificate>>,
    ) -> Result<Signer, SignatureError> {
        if signature.key == device.bytes() {
            device.verify(hash, signature)?;
            return Ok(Signer::Device);
        }
        let cert = self
            .people
            .get(&signature.key)
            .or_else(|| brought.and_then(|b| b.get(&signature.key)))
            .ok_or(SignatureError::UnknownKey)?;
        if cert.claim.device_actor != actor || cert.claim.device_key != device.bytes() {
            return Err(SignatureError::UnknownKey);
        }
        cert.check()?;
        PublicKey::from_bytes(&signature.key)?.verify(hash, signature)?;
        Ok(Signer::Person(Box::new(cert.clone())))
    }

    /// The device keys behind `signatures`: the signing device's, or the
    /// device that certified the signing person (to travel with them).
    pub fn device_keys_for<'a>(
        &self,
        signatures: impl IntoIterator<Item = &'a ChangeSignature>,
    ) -> Vec<crate::wire::DeviceKeyNote> {
        let by_key: HashMap<[u8; 32], &str> = self
            .devices
            .iter()
            .map(|(actor, k)| (k.bytes(), actor.as_str()))
            .collect();
        let mut out = std::collections::BTreeMap::new();
        for s in signatures {
            let actor = by_key.get(&s.key).copied().or_else(|| {
                self.people
                    .get(&s.key)
                    .map(|c| c.claim.device_actor.as_str())
            });
            if let Some((actor, key)) = actor.and_then(|a| Some((a, self.devices.get(a)?))) {
                out.insert(actor.to_owned(), key.bytes());
            }
        }
        out.into_iter()
            .map(|(actor, key)| crate::wire::DeviceKeyNote { actor, key })
            .collect()
    }

    /// The certificates of the person keys among `signatures`.
    pub fn certificates_for<'a>(
        &self,
        signatures: impl IntoIterator<Item = &'a ChangeSignature>,
    ) -> Vec<PersonCertificate> {
        let mut keys: Vec<[u8; 32]> = signatures.into_iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.iter()
            .filter_map(|k| self.people.get(k).cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::PersonClaim;
    use crate::signature::KeyPair;

    fn claim(person: &KeyPair, device: &KeyPair, actor: &str) -> PersonClaim {
        PersonClaim {
            person_key: person.public_bytes(),
            name: "Budi".into(),
            nip: "198503122010011004".into(),
            role: "teknisi".into(),
            device_actor: actor.into(),
            device_key: device.public_bytes(),
            issued_ms: 0,
        }
    }

    #[test]
    fn a_person_signs_only_for_the_device_that_certified_them() {
        let (dev_a, dev_b) = (KeyPair::from_seed([1; 32]), KeyPair::from_seed([2; 32]));
        let person = KeyPair::from_seed([3; 32]);
        let mut ring = KeyRing::new();
        ring.set_device(
            "aa",
            PublicKey::from_bytes(&dev_a.public_bytes()).expect("k"),
        );
        ring.set_device(
            "bb",
            PublicKey::from_bytes(&dev_b.public_bytes()).expect("k"),
        );
        let hash = ChangeHash([9; 32]);
        assert_eq!(
            ring.check("aa", &hash, &dev_a.sign(&hash)),
            Ok(Signer::Device)
        );
        assert_eq!(
            ring.check("aa", &hash, &person.sign(&hash)),
            Err(SignatureError::UnknownKey),
            "no certificate yet"
        );
        ring.add_certificate(PersonCertificate::issue(
            &dev_a,
            claim(&person, &dev_a, "aa"),
        ))
        .expect("valid");
        assert!(matches!(
            ring.check("aa", &hash, &person.sign(&hash)),
            Ok(Signer::Person(c)) if c.claim.name == "Budi"
        ));
        assert_eq!(
            ring.check("bb", &hash, &person.sign(&hash)),
            Err(SignatureError::UnknownKey),
            "device A's person cannot write as device B"
        );
        // Device B certifies a key for actor "aa": not A's key, refused.
        let other = KeyPair::from_seed([4; 32]);
        ring.add_certificate(PersonCertificate::issue(
            &dev_b,
            claim(&other, &dev_b, "aa"),
        ))
        .expect("its own signature holds");
        assert_eq!(
            ring.check("aa", &hash, &other.sign(&hash)),
            Err(SignatureError::UnknownKey)
        );
        let mut flipped = person.sign(&hash);
        flipped.sig[3] ^= 1;
        assert_eq!(
            ring.check("aa", &hash, &flipped),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            ring.certificates_for([&person.sign(&hash), &dev_a.sign(&hash)])
                .len(),
            1
        );
    }
}
