//! Who signed the changes a replica holds, for its history views: the
//! replica's key ring (its own device key, and the people certificates it
//! holds with the device keys they name) applied to each change by the
//! one rule, `simpul_sync::keyring`.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::signing;
use automerge::ChangeHash;
use simpul_core::history::{record_history, HistoryEntry, HistoryPerson, SignatureState};
use simpul_core::person::Role;
use simpul_core::schema::Collection;
use simpul_core::DocId;
use simpul_sync::keyring::{KeyRing, Signer};
use simpul_sync::signature::{PublicKey, SignatureError};

impl Replica {
    /// The keys this replica can check signatures with. A device key named
    /// by a certificate is taken for its actor the first time it is seen;
    /// this device's own key is never replaced.
    pub(crate) fn key_ring(&self) -> Result<KeyRing, StoreError> {
        let mut ring = KeyRing::new();
        let own = self.device_key()?;
        let actor = self.profile()?.actor.clone();
        ring.set_device(
            &actor,
            PublicKey::from_bytes(&own.public_bytes()).map_err(|_| StoreError::BadKey)?,
        );
        for cert in signing::certificates(&self.conn)? {
            if ring.device(&cert.claim.device_actor).is_none() {
                if let Ok(k) = PublicKey::from_bytes(&cert.claim.device_key) {
                    ring.set_device(&cert.claim.device_actor, k);
                }
            }
            let _ = ring.add_certificate(cert);
        }
        Ok(ring)
    }

    /// The history of record `id` of `collection` in document `doc`, each
    /// change naming who signed it.
    pub(crate) fn history_of(
        &mut self,
        doc: &DocId,
        collection: Collection,
        id: &str,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut entries =
            record_history(self.doc(doc)?, collection, id).map_err(StoreError::doc(&id))?;
        self.name_signers(&mut entries)?;
        Ok(entries)
    }

    /// Fills in who signed each entry and whether the signature holds.
    pub(crate) fn name_signers(&self, entries: &mut [HistoryEntry]) -> Result<(), StoreError> {
        let ring = self.key_ring()?;
        for e in entries.iter_mut() {
            let Ok(hash) = e.hash.parse::<ChangeHash>() else {
                e.signature = SignatureState::Invalid;
                continue;
            };
            let Some(sig) = signing::get(&self.conn, &hash)? else {
                e.signature = SignatureState::Unsigned;
                continue;
            };
            (e.signature, e.person) = match ring.check(&e.actor, &hash, &sig) {
                Ok(Signer::Device) => (SignatureState::Verified, None),
                Ok(Signer::Person(c)) => (
                    SignatureState::Verified,
                    Some(HistoryPerson {
                        role: Role::from_key(&c.claim.role)
                            .map_or(c.claim.role.clone(), |r| r.label().to_owned()),
                        name: c.claim.name,
                        nip: c.claim.nip,
                    }),
                ),
                Err(SignatureError::UnknownKey) if ring.device(&e.actor).is_none() => {
                    (SignatureState::UnknownKey, None)
                }
                Err(_) => (SignatureState::Invalid, None),
            };
        }
        Ok(())
    }
}
