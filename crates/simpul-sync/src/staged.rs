//! A round received by the hub into copies, not yet visible to anyone:
//! what the caller stores before [`crate::Hub::publish`].

use crate::audit::AuditEntry;
use crate::certificate::PersonCertificate;
use crate::signature::ChangeSignature;
use automerge::sync::State;
use automerge::{Automerge, ChangeHash};
use simpul_core::DocId;

/// The documents a round changed (copies, with their heads before) and the
/// device's sync states after it (with whether their shared heads, the
/// part that is stored, moved).
#[derive(Debug)]
pub struct Staged {
    pub(crate) device: String,
    pub(crate) docs: Vec<(DocId, Automerge, Vec<ChangeHash>)>,
    pub(crate) states: Vec<(DocId, State, bool)>,
    /// The signatures of the round's new changes, verified.
    pub(crate) signatures: Vec<(DocId, ChangeSignature)>,
    /// The device's public key, registered by this round.
    pub(crate) device_key: Option<String>,
    /// Every signature the request offered (some for changes still waiting).
    pub(crate) offered: Vec<ChangeSignature>,
    /// The audit entries of the round's new changes.
    pub(crate) audit: Vec<AuditEntry>,
    /// Certificates of people the hub did not hold yet.
    pub(crate) certificates: Vec<PersonCertificate>,
}

impl Staged {
    pub(crate) fn new(device: &str) -> Staged {
        Staged {
            device: device.to_owned(),
            docs: Vec::new(),
            states: Vec::new(),
            signatures: Vec::new(),
            device_key: None,
            offered: Vec::new(),
            audit: Vec::new(),
            certificates: Vec::new(),
        }
    }

    /// The new bytes of every changed document (`save_after` its heads
    /// before the round), to store.
    pub fn changed_docs(&self) -> Vec<(DocId, Vec<u8>)> {
        self.docs
            .iter()
            .filter(|(_, copy, before)| Self::moved(copy, before))
            .map(|(id, copy, before)| (id.clone(), copy.save_after(before)))
            .collect()
    }

    /// Whether a copy differs from the document it was made of (a new
    /// document, even at its genesis, counts as changed: it is stored).
    fn moved(copy: &Automerge, before: &[ChangeHash]) -> bool {
        before.is_empty() || copy.get_heads() != before
    }

    /// The device's sync states whose shared heads moved, to store (a
    /// round that only acknowledges writes nothing).
    pub fn states(&self) -> Vec<(DocId, Vec<u8>)> {
        self.states
            .iter()
            .filter(|(_, _, moved)| *moved)
            .map(|(id, s, _)| (id.clone(), s.encode()))
            .collect()
    }

    /// Records the verified new changes of document `id`.
    pub(crate) fn accept(&mut self, id: &DocId, accepted: Vec<(ChangeSignature, AuditEntry)>) {
        for (signature, entry) in accepted {
            self.signatures.push((id.clone(), signature));
            self.audit.push(entry);
        }
    }

    /// The audit entries of the round's new changes, to store.
    pub fn audit(&self) -> &[AuditEntry] {
        &self.audit
    }

    /// The signatures of the round's new changes, to store beside them.
    pub fn signatures(&self) -> &[(DocId, ChangeSignature)] {
        &self.signatures
    }

    /// Certificates of people new to the hub, to store.
    pub fn certificates(&self) -> &[PersonCertificate] {
        &self.certificates
    }

    /// The public key the device registered in this round, to store.
    pub fn device_key(&self) -> Option<&str> {
        self.device_key.as_deref()
    }

    /// How many documents the round changed.
    pub fn changed(&self) -> usize {
        self.docs
            .iter()
            .filter(|(_, copy, before)| Self::moved(copy, before))
            .count()
    }
}
