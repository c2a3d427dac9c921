//! Who may read and write which document.

use simpul_core::DocId;

/// What a device may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// An OPD device: its own OPD's documents.
    Opd(String),
    /// A Diskominfo device: every document.
    Diskominfo,
}

/// An enrolled device as the hub knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    /// The Automerge actor id (hex) the device writes with.
    pub actor: String,
    pub scope: Scope,
    pub revoked: bool,
    /// The device's public signing key (hex), once registered: every change
    /// written under `actor` must carry its signature.
    pub key: Option<String>,
}

impl Device {
    /// Reading: its own OPD's documents, plus the regency document and
    /// every OPD's registrations (IP and MAC addresses are regency-wide).
    pub fn can_read(&self, doc: &DocId) -> bool {
        !self.revoked && (doc.is_public() || self.can_write(doc))
    }

    pub fn can_write(&self, doc: &DocId) -> bool {
        !self.revoked && self.scope.can_write(doc)
    }
}

impl Scope {
    /// The one write rule: Diskominfo writes every document (the regency
    /// document is its alone); an OPD writes its own OPD's documents. The
    /// hub checks it on every change, a replica before every edit, and the
    /// UI asks the replica instead of deciding again.
    pub fn can_write(&self, doc: &DocId) -> bool {
        match self {
            Scope::Diskominfo => true,
            Scope::Opd(opd) => doc.opd() == Some(opd.as_str()),
        }
    }
}
