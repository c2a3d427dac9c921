//! [`Replica`]: the local store of one device: opening (migrations,
//! profile, clock), and the one write path every domain uses (one
//! Automerge change per document and its index rows in one SQLite
//! transaction). The domains live beside it: `assets`, `rooms`,
//! `maintenance`, `cabling`, `registration`, `regency`, `inbox`, `import`,
//! `sync`, `server_link`, `upkeep`.

use crate::checks;
use crate::clock::{stamp, Clock, SystemClock};
use crate::doc_store::{self, DocCache};
use crate::error::StoreError;
use crate::profile::{Profile, ProfileInput};
use crate::signing;
use automerge::transaction::{Transactable, Transaction};
use automerge::{ActorId, Automerge};
use rusqlite::{params, Connection, OptionalExtension};
use simpul_core::schema::{
    commit_options, write_record, write_records, ChangeNote, Collection, SchemaError,
};
use simpul_core::{DocId, FieldError, ValidationErrors};
use simpul_sync::signature::{ChangeSignature, KeyPair};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Documents kept in memory: every asset and network shard of one OPD plus
/// its meta document.
impl<'a> DocWrite<'a> {
    /// Writing one record into one document.
    pub(crate) fn record<T: serde::Serialize + Sync>(
        id: DocId,
        note: ChangeNote,
        collection: Collection,
        key: &'a str,
        record: &'a T,
    ) -> DocWrite<'a> {
        DocWrite {
            id,
            note,
            apply: Box::new(move |tx| write_record(tx, collection, key, record).map(|_| ())),
        }
    }

    /// Writing many records (by key) of one collection into one document.
    pub(crate) fn records<T: serde::Serialize + Sync>(
        id: DocId,
        note: ChangeNote,
        collection: Collection,
        records: Vec<(&'a str, &'a T)>,
    ) -> DocWrite<'a> {
        DocWrite {
            id,
            note,
            apply: Box::new(move |tx| write_records(tx, collection, records).map(|_| ())),
        }
    }
}

/// Records a write may name and still get its concurrent-edit check.
const FIELD_CHECKS_PER_WRITE: usize = 64;

pub(crate) const DOC_CACHE: usize = 2 * simpul_core::doc_id::ASSET_SHARDS as usize + 3;

/// What a write does inside one document's transaction.
pub(crate) type DocEdit<'a> =
    Box<dyn FnOnce(&mut Transaction<'_>) -> Result<(), SchemaError> + Send + 'a>;

/// One document edit of a write: which document, and what to do in it.
pub(crate) struct DocWrite<'a> {
    pub id: DocId,
    pub note: ChangeNote,
    pub apply: DocEdit<'a>,
}

/// The local replica: SQLite connection, profile and document cache.
#[derive(Debug)]
pub struct Replica {
    pub(crate) conn: Connection,
    path: PathBuf,
    profile: Option<Profile>,
    pub(crate) docs: DocCache,
    clock: Arc<dyn Clock>,
    /// The device's signing key, once it is set up.
    key: Option<KeyPair>,
    /// The person signed in, whose key signs the changes written now.
    pub(crate) signer: Option<crate::people::SignedIn>,
    /// Writes need a person signed in (the desktop app, once it has people).
    pub(crate) person_required: bool,
    /// Which opening of a replica this is (see [`crate::kept_plan`]).
    pub(crate) opened: u64,
}

impl Replica {
    /// Opens (or creates) the replica at `path`, with the system clock.
    pub fn open(path: &Path) -> Result<Replica, StoreError> {
        Replica::open_with_clock(path, Arc::new(SystemClock))
    }

    /// Now, as records store it.
    pub(crate) fn now_rfc3339(&self) -> String {
        stamp(self.clock.now())
    }

    /// A new record id.
    pub(crate) fn new_id(&self) -> String {
        self.clock.new_id()
    }

    /// The replica's clock (time and ids).
    pub(crate) fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Opens (or creates) the replica at `path`, taking the time and new
    /// ids from `clock` (tests fix them).
    pub fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> Result<Replica, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 32 MB of page cache (the default is 2 MB): a KIB B import of 20,000
        // rows touches a dozen asset indexes and would otherwise reread
        // pages from disk for each row.
        conn.pragma_update(None, "cache_size", -32_000)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        crate::migrations::migrate(&mut conn)?;
        let mut replica = Replica {
            conn,
            path: path.to_owned(),
            profile: None,
            docs: DocCache::new(DOC_CACHE),
            clock,
            key: None,
            signer: None,
            person_required: false,
            opened: crate::kept_plan::next_opening(),
        };
        replica.profile = replica.read_profile()?;
        if replica.profile.is_some() {
            replica.key = Some(replica.ensure_key()?);
        }
        replica.ensure_checks()?;
        Ok(replica)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row(params![key], |r| r.get(0))
            .optional()?)
    }

    /// A value this device remembers for itself (form defaults, the last
    /// answer of the data center), never synced.
    pub fn remembered(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.meta(&format!("remember.{key}"))
    }

    pub fn remember(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![format!("remember.{key}"), value],
        )?;
        Ok(())
    }

    fn read_profile(&self) -> Result<Option<Profile>, StoreError> {
        let Some(opd_code) = self.meta("opd_code")? else {
            return Ok(None);
        };
        let get = |k: &str| -> Result<String, StoreError> { Ok(self.meta(k)?.unwrap_or_default()) };
        Ok(Some(Profile {
            regency: get("regency")?,
            opd_code,
            opd_name: get("opd_name")?,
            device_name: get("device_name")?,
            language: get("language")?,
            actor: get("actor")?,
        }))
    }

    /// The profile, or [`StoreError::NotConfigured`] before the first-run setup.
    pub fn profile(&self) -> Result<&Profile, StoreError> {
        self.profile.as_ref().ok_or(StoreError::NotConfigured)
    }

    pub fn is_configured(&self) -> bool {
        self.profile.is_some()
    }

    /// First-run setup, or a later change of names and language. The OPD
    /// code and the device's actor id are fixed once chosen.
    pub fn setup(&mut self, input: &ProfileInput) -> Result<Profile, StoreError> {
        let mut p = input.validate()?;
        if let Some(old) = &self.profile {
            if old.opd_code != p.opd_code {
                return Err(ValidationErrors(vec![FieldError::new(
                    "opd_code",
                    "opd_code.fixed",
                    "Kode OPD tidak dapat diubah setelah data tersimpan.",
                )])
                .into());
            }
            p.opd_code = old.opd_code.clone();
        }
        let actor = match &self.profile {
            Some(old) => old.actor.clone(),
            None => ActorId::random().to_hex_string(),
        };
        let tx = self.conn.transaction()?;
        for (k, v) in [
            ("regency", &p.regency),
            ("opd_code", &p.opd_code),
            ("opd_name", &p.opd_name),
            ("device_name", &p.device_name),
            ("language", &p.language),
            ("actor", &actor),
        ] {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![k, v])?;
        }
        tx.commit()?;
        self.profile = self.read_profile()?;
        self.key = Some(self.ensure_key()?);
        Ok(self.profile()?.clone())
    }

    /// The device's own key.
    pub(crate) fn device_key(&self) -> Result<KeyPair, StoreError> {
        self.key.clone().ok_or(StoreError::NotConfigured)
    }

    pub(crate) fn actor(&self) -> Result<ActorId, StoreError> {
        let hex = &self.profile()?.actor;
        ActorId::try_from(hex.as_str()).map_err(|_| StoreError::NotConfigured)
    }

    pub(crate) fn note(
        &self,
        action: &str,
        records: Vec<String>,
    ) -> Result<ChangeNote, StoreError> {
        Ok(ChangeNote {
            action: action.to_owned(),
            records,
            device: self.profile()?.device_name.clone(),
        })
    }

    /// Writes one record as one change of its document, with its index
    /// rows: the write most operations make (see [`Replica::write`]).
    pub(crate) fn put_record<T: serde::Serialize + Sync>(
        &mut self,
        doc: DocId,
        collection: Collection,
        key: &str,
        record: &T,
        action: &str,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let note = self.note(action, vec![key.to_owned()])?;
        self.write(
            vec![DocWrite::record(doc, note, collection, key, record)],
            index,
        )
    }

    /// Applies each document edit as one Automerge change, then stores all
    /// change bytes and the index rows written by `index` in one SQLite
    /// transaction. On any failure nothing is stored and the touched
    /// documents are dropped from memory, so memory never runs ahead of disk.
    pub(crate) fn write(
        &mut self,
        writes: Vec<DocWrite<'_>>,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.write_with(writes, index, Overlap::No)
    }

    /// [`Replica::write`] for an `index` that depends only on the records
    /// (not on what the edits read from the documents): the Automerge
    /// edits run on their own threads while `index` writes on this one,
    /// and a bulk write waits for the longer of the two, not for both.
    pub(crate) fn write_alongside(
        &mut self,
        writes: Vec<DocWrite<'_>>,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.write_with(writes, index, Overlap::Yes)
    }

    fn write_with(
        &mut self,
        writes: Vec<DocWrite<'_>>,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
        overlap: Overlap,
    ) -> Result<(), StoreError> {
        let touched: Vec<DocId> = writes.iter().map(|w| w.id.clone()).collect();
        let result = self.write_inner(writes, index, overlap);
        self.forget_on_error(&touched, result)
    }

    /// Drops `touched` documents from memory when `result` failed: their
    /// in-memory state may be ahead of what the failed transaction stored.
    pub(crate) fn forget_on_error<T>(
        &mut self,
        touched: &[DocId],
        result: Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if result.is_err() {
            for id in touched {
                self.docs.evict(id);
            }
        }
        result
    }

    fn write_inner(
        &mut self,
        writes: Vec<DocWrite<'_>>,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
        overlap: Overlap,
    ) -> Result<(), StoreError> {
        let actor = self.actor()?;
        self.check_signer()?;
        let key = match &self.signer {
            Some(s) => s.key.clone(),
            None => self.device_key()?,
        };
        let now_ms = self.clock.now().timestamp_millis();
        // Each document's transaction is independent: a bulk write (an
        // import touches every shard of the OPD) runs them on all cores.
        let mut taken = Vec::with_capacity(writes.len());
        for w in writes {
            let on_disk = doc_store::exists(&self.conn, &w.id)?;
            self.docs.get(&self.conn, &w.id, &actor)?;
            let doc = self
                .docs
                .take(&w.id)
                .ok_or(StoreError::NotFound("dokumen"))?;
            taken.push((w, doc, on_disk));
        }
        let tx = self.conn.transaction()?;
        let done = match overlap {
            Overlap::No => {
                let done = edit_documents(taken, now_ms, &key)?;
                index(&tx)?;
                done
            }
            Overlap::Yes => {
                let (done, indexed) = std::thread::scope(|s| {
                    let edits = s.spawn(|| edit_documents(taken, now_ms, &key));
                    let indexed = index(&tx);
                    let done = edits
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p));
                    (done, indexed)
                });
                indexed?;
                done?
            }
        };
        let mut signatures = Vec::with_capacity(done.len());
        let mut fields = Vec::new();
        for (id, records, doc, stored, signature) in done {
            signatures.extend(signature.map(|s| (id.clone(), s)));
            // A bulk import names no records one by one: it cannot hold
            // concurrent values of its own.
            if records.len() <= FIELD_CHECKS_PER_WRITE {
                for r in &records {
                    fields.extend(checks::field_values_of(&doc, &id, r)?);
                }
            }
            doc_store::put(&tx, &id, &stored, Some(&doc))?;
            self.docs.put_back(id, doc);
        }
        for (id, s) in &signatures {
            signing::put(&tx, id, s)?;
        }
        for f in &fields {
            checks::put_fields(&tx, f)?;
        }
        checks::recheck(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The write that puts a registration back in Diskominfo's queue with
    /// its asset's new addresses.
    pub(crate) fn resubmission<'r>(
        &self,
        reg: &'r simpul_core::Registration,
    ) -> Result<DocWrite<'r>, StoreError> {
        let doc = DocId::Registrations {
            opd: reg.opd.clone(),
        };
        let note = self.note("registration.submit", vec![reg.id.clone()])?;
        Ok(DocWrite::record(
            doc,
            note,
            Collection::Registrations,
            &reg.id,
            reg,
        ))
    }

    /// A loaded document (for history views and tests).
    pub(crate) fn doc(&mut self, id: &DocId) -> Result<&Automerge, StoreError> {
        let actor = self.actor()?;
        Ok(self.docs.get(&self.conn, id, &actor)?)
    }

    /// How many documents are in memory now.
    pub fn loaded_documents(&self) -> usize {
        self.docs.len()
    }

    /// Ids of every stored document.
    pub fn document_ids(&self) -> Result<Vec<String>, StoreError> {
        doc_store::all_ids(&self.conn)
    }
}

/// A document edited by one write: its id, the records the write named,
/// the document, what to store and the change's signature.
type Edited = (
    DocId,
    Vec<String>,
    Automerge,
    doc_store::Stored,
    Option<ChangeSignature>,
);

/// Runs each write's transaction on its document, on as many threads as
/// the machine has cores (a single write stays on this thread).
/// Whether a write's index rows are written while its documents are edited.
#[derive(Debug, Clone, Copy)]
enum Overlap {
    No,
    Yes,
}

fn edit_documents(
    taken: Vec<(DocWrite<'_>, Automerge, bool)>,
    now_ms: i64,
    key: &KeyPair,
) -> Result<Vec<Edited>, StoreError> {
    let edit =
        |(w, mut doc, on_disk): (DocWrite<'_>, Automerge, bool)| -> Result<Edited, StoreError> {
            let before = if on_disk { doc.get_heads() } else { Vec::new() };
            let apply = w.apply;
            let done = doc
                .transact_with::<_, _, SchemaError, _>(
                    |_| commit_options(&w.note, now_ms),
                    |tx| {
                        apply(tx)?;
                        Ok(tx.pending_ops())
                    },
                )
                .map_err(|f| StoreError::doc(&w.id)(f.error))?;
            let signature = done.hash.map(|h| key.sign(&h));
            let stored = doc_store::Stored::after_edit(&doc, done.result, &before);
            Ok((w.id, w.note.records, doc, stored, signature))
        };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(taken.len());
    if threads <= 1 {
        return taken.into_iter().map(edit).collect();
    }
    let mut lanes: Vec<Vec<_>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, t) in taken.into_iter().enumerate() {
        lanes[i % threads].push(t);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = lanes
            .into_iter()
            .map(|lane| s.spawn(move || lane.into_iter().map(edit).collect::<Result<Vec<_>, _>>()))
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
        }
        Ok(out)
    })
}
