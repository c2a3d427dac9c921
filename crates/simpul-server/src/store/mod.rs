//! The server's storage, behind one trait with two backends: SQLite
//! ([`SqliteHubStore`], the embedded default) and PostgreSQL
//! ([`PgHubStore`], for data centers that already run it). [`Database`]
//! names one and opens it. Both pass the same conformance tests
//! (`tests/store.rs` and the server suite, run on each).

pub(crate) mod copy;
mod database;
mod postgres;
mod postgres_slots;
pub mod slots;
mod sqlite;
mod sqlite_slots;

pub use database::Database;
pub use postgres::PgHubStore;
pub use slots::SlotStore;
pub use sqlite::SqliteHubStore;
pub(crate) use sqlite_slots::SqliteSlots;

use simpul_core::DocId;
use simpul_sync::audit::AuditEntry;
use simpul_sync::certificate::PersonCertificate;
use simpul_sync::signature::ChangeSignature;
pub use simpul_sync::StoredDoc;
use simpul_sync::{Device, Scope};

/// A device row as the admin lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub device: Device,
    pub name: String,
    pub enrolled_at: String,
    /// The last sync session or bundle import (RFC 3339), if any.
    pub last_sync_at: Option<String>,
    /// The newest change it wrote that the data center holds, by its own
    /// clock (RFC 3339), if any.
    pub last_change_at: Option<String>,
}

/// What enrolling a device with a code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolled {
    /// The device is stored and the code used.
    Done(Device),
    /// The code is wrong, used or expired.
    BadCode,
    /// Another device already writes with this actor id; the code stays unused.
    ActorTaken,
}

/// Why the server's storage failed. Each backend maps its own driver's
/// errors here, so the server never depends on one database's error type.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("basis data SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("basis data PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    /// A database holds something this version cannot read.
    #[error("basis data tidak sesuai: {0}")]
    Invalid(String),
}

/// A storage result.
pub type StoreResult<T> = Result<T, StorageError>;

/// Every stored document (id and its chunks concatenated) and the
/// watermark of the newest chunk they include.
pub type StoredDocs = (Vec<(DocId, Vec<u8>)>, i64);

/// One round to store, atomically.
#[derive(Debug, Clone, Copy)]
pub struct RoundWrite<'a> {
    pub device: &'a str,
    /// New bytes of each changed document.
    pub docs: &'a [(DocId, Vec<u8>)],
    /// The device's sync states whose shared heads moved.
    pub states: &'a [(DocId, Vec<u8>)],
    /// The verified signatures of the round's new changes.
    pub signatures: &'a [(DocId, ChangeSignature)],
    /// The device's public key, when this round registered it.
    pub device_key: Option<&'a str>,
    /// One entry per new change, for the audit trail.
    pub audit: &'a [AuditEntry],
    /// Certificates of people new to the server.
    pub certificates: &'a [PersonCertificate],
}

impl RoundWrite<'_> {
    /// Whether the round stores nothing (an audit entry comes only with
    /// a document's new bytes).
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
            && self.states.is_empty()
            && self.signatures.is_empty()
            && self.device_key.is_none()
            && self.certificates.is_empty()
    }
}

/// One audit entry as both backends store it.
struct AuditValues<'a> {
    hash: &'a [u8],
    doc: String,
    opd: Option<&'a str>,
    author: &'a str,
    brought_by: &'a str,
    via: &'static str,
    action: &'a str,
    records: String,
    changed_at: String,
    person_name: &'a str,
    person_nip: &'a str,
    person_role: &'a str,
}

impl<'a> AuditValues<'a> {
    fn of(e: &'a AuditEntry) -> AuditValues<'a> {
        let person = e.person.as_ref();
        AuditValues {
            hash: &e.hash[..],
            doc: e.doc.to_string(),
            opd: e.doc.opd(),
            author: &e.author,
            brought_by: &e.brought_by,
            via: e.via.as_str(),
            action: &e.action,
            records: e.records.join(" "),
            changed_at: chrono::DateTime::from_timestamp_millis(e.time_ms)
                .map(stamp)
                .unwrap_or_default(),
            person_name: person.map_or("", |p| p.name.as_str()),
            person_nip: person.map_or("", |p| p.nip.as_str()),
            person_role: person.map_or("", |p| p.role.as_str()),
        }
    }
}

/// Which audit entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The OPD of the document (upper case); `DISKOMINFO` for the regency's.
    pub opd: Option<String>,
    /// The device that wrote the change.
    pub device: Option<String>,
    /// The person who signed the change (18 digits).
    pub nip: Option<String>,
    /// Received on or after this time (RFC 3339 or a date).
    pub since: Option<String>,
    pub limit: usize,
}

/// One accepted change as the audit trail lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub received_at: String,
    /// The change's own time (its author's clock), RFC 3339.
    pub changed_at: String,
    pub doc: String,
    pub opd: Option<String>,
    pub author: String,
    pub author_name: String,
    /// The person who signed it (empty when the device signed).
    pub person_name: String,
    pub person_nip: String,
    pub person_role: String,
    pub brought_by: String,
    pub via: String,
    pub action: String,
    pub records: Vec<String>,
    pub hash: String,
}

/// Everything the server persists.
pub trait HubStore: Send {
    /// Every stored document, read in one snapshot with its watermark.
    fn documents(&self) -> StoreResult<StoredDocs>;
    /// One stored document (its chunks concatenated), if stored.
    fn document(&self, id: &DocId) -> StoreResult<Option<Vec<u8>>>;
    /// One stored document with its signatures and newest chunk, read in
    /// one snapshot (what a hub loads on demand).
    fn load_document(&self, id: &DocId) -> StoreResult<Option<StoredDoc>>;
    /// The id of every stored document and the newest chunk, in one
    /// snapshot (at start-up: nothing is loaded).
    fn doc_ids(&self) -> StoreResult<(Vec<DocId>, i64)>;
    /// Another connection to the same database (the server reads on
    /// several at once and writes on one).
    fn reopen(&self) -> StoreResult<Box<dyn HubStore>>;
    /// Chunks stored after `watermark` (by another process, or a round
    /// whose watermark could not be advanced), oldest first.
    fn chunks_after(&self, watermark: i64) -> StoreResult<Vec<(i64, DocId, Vec<u8>)>>;
    /// Every device's sync state per document.
    fn sync_states(&self) -> StoreResult<Vec<(String, DocId, Vec<u8>)>>;
    /// One device's sync states.
    fn sync_states_of(&self, device: &str) -> StoreResult<Vec<(DocId, Vec<u8>)>>;
    /// Stores one round: new document bytes, their signatures, the
    /// device's sync states and key, atomically. Returns the new
    /// watermark: the newest chunk when nothing was stored since
    /// `watermark` but this round, else `watermark`.
    fn commit_round(&mut self, round: &RoundWrite<'_>, watermark: i64) -> StoreResult<i64>;
    /// Every stored change signature.
    fn signatures(&self) -> StoreResult<Vec<ChangeSignature>>;
    /// Every stored person certificate.
    fn certificates(&self) -> StoreResult<Vec<PersonCertificate>>;
    /// The audit trail, newest first.
    fn audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>>;
    /// Writes a probe row: fails when the database cannot be written.
    fn probe_write(&mut self) -> StoreResult<()>;
    /// Whether another connection (`simpul admin`, another process) has
    /// committed since the last call; true on the first call.
    fn changed_elsewhere(&mut self) -> StoreResult<bool>;
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// The round slots of this database, on a new connection.
    fn slots(&self) -> StoreResult<Box<dyn SlotStore>>;
    /// Records a backup taken at `at` (RFC 3339) into `file`.
    fn record_backup(&mut self, at: &str, file: &str, bytes: u64, sha256: &str) -> StoreResult<()>;
    /// When the newest recorded backup was taken.
    fn last_backup(&self) -> StoreResult<Option<String>>;
    /// How much storage the database takes, in bytes.
    fn size_bytes(&self) -> StoreResult<u64>;

    fn add_opd(&mut self, code: &str, name: &str) -> StoreResult<()>;
    fn opds(&self) -> StoreResult<Vec<(String, String)>>;
    fn opd_exists(&self, code: &str) -> StoreResult<bool>;

    /// Stores a code's hash for `scope` until `expires_at` (RFC 3339).
    fn add_code(&mut self, code_hash: &str, scope: &Scope, expires_at: &str) -> StoreResult<()>;
    /// Uses a code for a new device, all or nothing: the device made by
    /// `device` for the code's scope is stored and the code used.
    fn enroll(
        &mut self,
        code_hash: &str,
        now: &str,
        name: &str,
        token_hash: &str,
        device: &dyn Fn(Scope) -> Device,
    ) -> StoreResult<Enrolled>;
    /// Stores a short-lived credential for uploading bundles.
    fn add_upload_token(&mut self, token_hash: &str, expires_at: &str) -> StoreResult<()>;
    /// Whether an upload credential exists and has not expired.
    fn upload_token_valid(&self, token_hash: &str, now: &str) -> StoreResult<bool>;
    fn device_by_token(&self, token_hash: &str) -> StoreResult<Option<Device>>;
    fn devices(&self) -> StoreResult<Vec<DeviceRow>>;
    /// A device and the hash of its token (the key of its bundles).
    fn device_key(&self, device_id: &str) -> StoreResult<Option<(Device, String)>>;
    fn revoke(&mut self, device_id: &str) -> StoreResult<bool>;
    /// Records that a device synced (or its bundle was imported) at `at`.
    fn touch_device(&mut self, device_id: &str, at: &str) -> StoreResult<()>;
}

/// A signature row as both backends store it; one whose key could not be
/// named (rows older than keys were stored) is left out: its change
/// counts as unsigned.
fn signature_of(hash: Vec<u8>, sig: Vec<u8>, key: Option<Vec<u8>>) -> Option<ChangeSignature> {
    Some(ChangeSignature {
        hash: hash.try_into().ok()?,
        key: key?.try_into().ok()?,
        sig,
    })
}

fn scope_of(opd: Option<String>) -> Scope {
    opd.map_or(Scope::Diskominfo, Scope::Opd)
}

fn opd_of(scope: &Scope) -> Option<&str> {
    match scope {
        Scope::Opd(o) => Some(o),
        Scope::Diskominfo => None,
    }
}

/// Now, as the server's tables store times that sort as text: seconds,
/// UTC, "Z".
fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
