//! The data center's audit trail: one entry per change the hub accepted,
//! naming who wrote it (the device bound to its actor, whose key signed
//! it), who brought it, what it says it did, and when.

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
    /// The device that wrote and signed the change.
    pub author: String,
    /// The device whose request or bundle brought it (the author, or a relay).
    pub brought_by: String,
    /// What the change says it did (`asset.update`, ...), and the records.
    pub action: String,
    pub records: Vec<String>,
    /// The change's own time, as its author's clock said (ms since 1970).
    pub time_ms: i64,
    pub via: Via,
}

impl AuditEntry {
    pub(crate) fn of(
        change: &Change,
        doc: &DocId,
        author: &str,
        brought_by: &str,
        via: Via,
    ) -> AuditEntry {
        let note = change.message().and_then(ChangeNote::parse);
        AuditEntry {
            hash: change.hash().0,
            doc: doc.clone(),
            author: author.to_owned(),
            brought_by: brought_by.to_owned(),
            action: note.as_ref().map(|n| n.action.clone()).unwrap_or_default(),
            records: note.map(|n| n.records).unwrap_or_default(),
            time_ms: change.timestamp(),
            via,
        }
    }
}
