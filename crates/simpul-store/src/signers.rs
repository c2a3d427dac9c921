//! Who signed the changes a replica holds, and whether changes arriving
//! from the data center may enter: the replica's key ring (its own device
//! key, the other devices' keys the data center sent, pinned the first
//! time, and the people certificates it holds) applied to each change by
//! the one rule, `simpul_sync::keyring`.
//!
//! A change arriving from a device whose key is known must carry a valid
//! signature by that device or a person it certified, whoever relayed it;
//! otherwise the whole response or bundle is refused. A change of a device
//! with no known key (one that never ran a version with keys) is accepted
//! and shown as unsigned.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::signing;
use crate::sync::{Brought, Received};
use automerge::ChangeHash;
use rusqlite::params;
use simpul_core::history::{record_history, HistoryEntry, HistoryPerson, SignatureState};
use simpul_core::person::Role;
use simpul_core::schema::genesis_for;
use simpul_core::schema::Collection;
use simpul_core::DocId;
use simpul_sync::keyring::{KeyRing, Signer};
use simpul_sync::signature::{ChangeSignature, PublicKey, SignatureError};
use simpul_sync::DeviceKeyNote;
use std::collections::HashMap;

/// Pins another device's key (one already pinned is kept).
pub(crate) fn pin(tx: &rusqlite::Transaction<'_>, note: &DeviceKeyNote) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO device_key (actor, key) VALUES (?1, ?2)")?
        .execute(params![note.actor, &note.key[..]])?;
    Ok(())
}

impl Replica {
    /// The keys this replica checks signatures with: its own, the pinned
    /// keys of other devices, and every certificate it holds.
    pub(crate) fn key_ring(&self) -> Result<KeyRing, StoreError> {
        let mut ring = KeyRing::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT actor, key FROM device_key")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (actor, key) = row?;
            if let Some(k) = <[u8; 32]>::try_from(key.as_slice())
                .ok()
                .and_then(|k| PublicKey::from_bytes(&k).ok())
            {
                ring.set_device(&actor, k);
            }
        }
        let own = self.device_key()?;
        ring.set_device(
            &self.profile()?.actor,
            PublicKey::from_bytes(&own.public_bytes()).map_err(|_| StoreError::BadKey)?,
        );
        for cert in signing::certificates(&self.conn)? {
            let _ = ring.add_certificate(cert);
        }
        Ok(ring)
    }

    /// Checks every change `received` gained (see the module doc) with
    /// what came with them; returns the device keys to pin.
    pub(crate) fn check_received(
        &self,
        received: &[Received],
        brought: &Brought<'_>,
    ) -> Result<Vec<DeviceKeyNote>, StoreError> {
        let mut ring = self.key_ring()?;
        let own = self.profile()?.actor.clone();
        let mut pins = Vec::new();
        for note in brought.device_keys {
            let key = PublicKey::from_bytes(&note.key).map_err(|_| StoreError::KeyChanged {
                actor: note.actor.clone(),
            })?;
            match ring.device(&note.actor) {
                Some(known) if *known == key => {}
                Some(_) => {
                    return Err(StoreError::KeyChanged {
                        actor: note.actor.clone(),
                    })
                }
                None => {
                    ring.set_device(&note.actor, key);
                    pins.push(note.clone());
                }
            }
        }
        if ring.device(&own).is_none() {
            return Err(StoreError::BadKey);
        }
        for cert in brought.certificates {
            let _ = ring.add_certificate(cert.clone());
        }
        let offered: HashMap<ChangeHash, &ChangeSignature> = brought
            .signatures
            .iter()
            .map(|(_, s)| (ChangeHash(s.hash), s))
            .collect();
        for r in received {
            let genesis = genesis_for(&r.id).get_heads();
            for (hash, actor) in &r.new_changes {
                if genesis.contains(hash) || ring.device(actor).is_none() {
                    continue;
                }
                let refused = |reason: SignatureError| StoreError::UntrustedChange {
                    doc: r.id.to_string(),
                    actor: actor.clone(),
                    reason,
                };
                let signature = match offered.get(hash) {
                    Some(s) => (*s).clone(),
                    None => signing::get(&self.conn, hash)?
                        .ok_or_else(|| refused(SignatureError::Missing))?,
                };
                ring.check(actor, hash, &signature).map_err(refused)?;
            }
        }
        Ok(pins)
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
