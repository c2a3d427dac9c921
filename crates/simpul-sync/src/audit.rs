//! The data center's audit trail: one entry per change the hub accepted,
//! naming who wrote it (the device bound to its actor, whose key signed
//! it), who brought it, what it says it did, and when.

use crate::keyring::Signer;
use automerge::Change;
use simpul_core::schema::ChangeNote;
use simpul_core::DocId;

/// How a change reached the data center.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Sync,
    Bundle,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Sync => "sync",
            Via::Bundle => "bundle",
        }
    }
}

/// One accepted change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub hash: [u8; 32],
    pub doc: DocId,
    /// The device that wrote the change.
    pub author: String,
    /// The person who signed it (name, NIP, role), when one was signed in.
    pub person: Option<PersonRef>,
    /// The device whose request or bundle brought it (the author, or a relay).
    pub brought_by: String,
    /// What the change says it did (`asset.update`, ...), and the records.
    pub action: String,
    pub records: Vec<String>,
    /// The change's own time, as its author's clock said (ms since 1970).
    pub time_ms: i64,
    pub via: Via,
}

/// A person as the audit trail and histories name them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PersonRef {
    pub name: String,
    pub nip: String,
    pub role: String,
}

impl PersonRef {
    /// The person a signer names, if a person signed.
    pub fn of(signer: &Signer) -> Option<PersonRef> {
        match signer {
            Signer::Device => None,
            Signer::Person(c) => Some(PersonRef {
                name: c.claim.name.clone(),
                nip: c.claim.nip.clone(),
                role: c.claim.role.clone(),
            }),
        }
    }
}

impl AuditEntry {
    pub(crate) fn of(
        change: &Change,
        doc: &DocId,
        (author, signer): (&str, &Signer),
        brought_by: &str,
        via: Via,
    ) -> AuditEntry {
        let note = change.message().and_then(ChangeNote::parse);
        AuditEntry {
            hash: change.hash().0,
            doc: doc.clone(),
            author: author.to_owned(),
            person: PersonRef::of(signer),
            brought_by: brought_by.to_owned(),
            action: note.as_ref().map(|n| n.action.clone()).unwrap_or_default(),
            records: note.map(|n| n.records).unwrap_or_default(),
            time_ms: change.timestamp(),
            via,
        }
    }
}
