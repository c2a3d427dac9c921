//! What the hub checks of every change it receives: written by an actor
//! bound to a device allowed on the document (whoever relays it), and
//! signed by that device or a person it certified.

use super::registry::Registry;
use crate::audit::{AuditEntry, Via};
use crate::certificate::PersonCertificate;
use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::{ChangeSignature, PublicKey};
use crate::staged::Staged;
use automerge::{Automerge, ChangeHash};
use simpul_core::schema::genesis_for;
use simpul_core::DocId;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A new change accepted: its verified signature and its audit entry.
pub(crate) type Accepted = (ChangeSignature, AuditEntry);

/// Certificates a request brought, by person key.
pub(crate) type Certificates = HashMap<[u8; 32], PersonCertificate>;

/// Signatures offered with a request, by change hash.
pub(crate) type Offered = HashMap<ChangeHash, ChangeSignature>;

/// What a request brings for its changes' checks: the signatures it
/// offered, the key it registers, the certificates of people, and how it came.
#[derive(Clone, Copy)]
pub(crate) struct Bringing<'a> {
    pub offered: &'a Offered,
    pub new_key: Option<&'a PublicKey>,
    pub certificates: &'a Certificates,
    pub via: Via,
}

/// Where the signature of a change the request did not bring is found:
/// the document's stored ones, then those waiting for their change.
pub(crate) struct Held<'a> {
    pub doc: &'a HashMap<ChangeHash, ChangeSignature>,
    pub pending: &'a dyn Fn(&ChangeHash) -> Option<ChangeSignature>,
}

pub(crate) fn offered<'a>(signatures: impl IntoIterator<Item = &'a ChangeSignature>) -> Offered {
    signatures
        .into_iter()
        .map(|s| (ChangeHash(s.hash), s.clone()))
        .collect()
}

pub(crate) fn parse_doc(doc: &str) -> Result<DocId, Refusal> {
    doc.parse().map_err(|_| Refusal::BadMessage {
        doc: doc.to_owned(),
        reason: "id dokumen tidak dikenal".into(),
    })
}

/// Runs Automerge work on untrusted input; a panic becomes a refusal.
pub(crate) fn guarded<T>(doc: &str, work: impl FnOnce() -> T) -> Result<T, Refusal> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|_| {
        // The panic hook has printed the panic itself; name the document.
        eprintln!("simpul hub: a message for {doc} made Automerge panic; round refused");
        Refusal::BadMessage {
            doc: doc.to_owned(),
            reason: "Automerge gagal memprosesnya".into(),
        }
    })
}

pub(crate) const GENESIS_ACTOR_HEX: &str = "73696d70756c2e67656e657369732e31"; // "simpul.genesis.1"

/// Checks every change `copy` has beyond `before` against the writers
/// allowed on `id` (a device that only reads a document may still
/// acknowledge it, which adds no change) and their signatures; returns
/// the signatures of the new changes, to store.
pub(crate) fn check_authors(
    registry: &Registry,
    device: &Device,
    id: &DocId,
    copy: &Automerge,
    before: &[ChangeHash],
    held: &Held<'_>,
    Bringing {
        offered,
        new_key,
        certificates,
        via,
    }: Bringing<'_>,
) -> Result<Vec<Accepted>, Refusal> {
    let mut verified = Vec::new();
    for change in copy.get_changes(before) {
        let actor = change.actor_id().to_hex_string();
        // The genesis actor wrote exactly one change, known to everyone;
        // anything else written under its public id is a forgery.
        if actor == GENESIS_ACTOR_HEX {
            if genesis_for(id).get_heads() == [change.hash()] {
                continue;
            }
            return Err(Refusal::ForeignActor {
                doc: id.to_string(),
                actor,
            });
        }
        if !registry.actor_allowed(&actor, id) {
            if actor == device.actor {
                return Err(Refusal::ReadOnly(id.to_string()));
            }
            return Err(Refusal::ForeignActor {
                doc: id.to_string(),
                actor,
            });
        }
        let unsigned = || Refusal::Unsigned {
            doc: id.to_string(),
            actor: actor.clone(),
        };
        let key = match new_key {
            Some(k) if actor == device.actor => Some(k),
            _ => registry.ring.device(&actor),
        }
        .ok_or_else(unsigned)?;
        let hash = change.hash();
        let signature = offered
            .get(&hash)
            .cloned()
            .or_else(|| held.doc.get(&hash).cloned())
            .or_else(|| (held.pending)(&hash))
            .ok_or_else(unsigned)?;
        let signer = registry
            .ring
            .check_with(key, &actor, &hash, &signature, Some(certificates))
            .map_err(|_| Refusal::BadSignature {
                doc: id.to_string(),
                actor: actor.clone(),
            })?;
        let author = registry.actor_device.get(&actor).map_or("", String::as_str);
        verified.push((
            signature,
            AuditEntry::of(&change, id, (author, &signer), &device.id, via),
        ));
    }
    Ok(verified)
}

/// The certificates a request brought: each must hold, and those the
/// hub does not hold yet are staged to store. Which actor a person may
/// sign for is checked per change ([`crate::keyring::KeyRing::check_with`]).
pub(crate) fn take_certificates(
    registry: &Registry,
    brought: &[PersonCertificate],
    staged: &mut Staged,
) -> Result<Certificates, Refusal> {
    let mut out = Certificates::new();
    for c in brought {
        c.check()
            .map_err(|_| Refusal::BadCertificate(c.claim.name.clone()))?;
        if registry.ring.certificate(&c.claim.person_key) != Some(c) {
            staged.certificates.push(c.clone());
        }
        out.insert(c.claim.person_key, c.clone());
    }
    Ok(out)
}
