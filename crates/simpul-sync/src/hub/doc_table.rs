//! The hub's documents: every known id, and those loaded, each behind its
//! own lock, evicted least recently used beyond a memory budget.
//!
//! A hub with a [`DocLoader`] (the data center) loads a document when a
//! round needs it; one without keeps everything it holds and never evicts.
//! A document a round holds (its [`DocHandle`] is cloned) is never evicted,
//! so what the round publishes lands in the table's own copy.

use crate::refusal::Refusal;
use crate::signature::ChangeSignature;
use automerge::{Automerge, ChangeHash};
use simpul_core::schema::genesis_for;
use simpul_core::DocId;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A stored document as its loader reads it.
#[derive(Debug, Clone, Default)]
pub struct StoredDoc {
    /// Its chunks, concatenated (what [`Automerge::load`] reads).
    pub bytes: Vec<u8>,
    /// The stored signatures of its changes.
    pub signatures: Vec<ChangeSignature>,
    /// The newest stored chunk it includes.
    pub upto: i64,
}

/// Where a hub finds what it does not hold: the data center's storage.
/// A failure is logged by the loader and refuses the round as
/// [`Refusal::Unavailable`].
pub trait DocLoader: Send + Sync {
    /// One stored document, or none when nothing is stored under `id`.
    fn load_doc(&self, id: &DocId) -> Result<Option<StoredDoc>, Refusal>;
    /// One device's stored sync states.
    fn load_states(&self, device: &str) -> Result<Vec<(DocId, Vec<u8>)>, Refusal>;
}

/// Estimated memory of a loaded document per stored byte: Automerge's
/// in-memory form of a shard of assets is about this many times its
/// compressed storage (see docs/ARCHITECTURE.md, "Documents on demand").
pub const MEMORY_PER_STORED_BYTE: usize = 4;

/// Estimated memory of a loaded document besides its changes.
const MEMORY_PER_DOC: usize = 64 * 1024;

/// One document in memory.
#[derive(Debug)]
pub(crate) struct HubDoc {
    pub doc: Automerge,
    /// The signature of every change of the document held.
    pub signatures: HashMap<ChangeHash, ChangeSignature>,
    /// The newest stored chunk this copy includes (0 for none).
    pub upto: i64,
    /// Stored bytes behind it, for the memory estimate.
    pub stored_bytes: usize,
    /// Whether it is stored (else a round made it at its genesis and has
    /// not published it yet).
    pub stored: bool,
}

impl HubDoc {
    fn genesis(id: &DocId) -> HubDoc {
        HubDoc {
            doc: genesis_for(id),
            signatures: HashMap::new(),
            upto: 0,
            stored_bytes: 0,
            stored: false,
        }
    }

    fn estimate(&self) -> usize {
        MEMORY_PER_DOC + self.stored_bytes.saturating_mul(MEMORY_PER_STORED_BYTE)
    }
}

/// A loaded document, shared by the rounds that use it.
pub(crate) type DocHandle = Arc<Mutex<HubDoc>>;

/// Locks a document; a round that panicked under the lock changed nothing
/// it published, so the lock recovers from poisoning.
pub(crate) fn lock(handle: &DocHandle) -> MutexGuard<'_, HubDoc> {
    handle.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Debug)]
struct Slot {
    handle: DocHandle,
    estimate: usize,
    used: u64,
}

#[derive(Debug, Default)]
struct Table {
    /// Every document stored or published (what a device is answered for).
    known: BTreeSet<DocId>,
    loaded: HashMap<DocId, Slot>,
    /// The sum of the loaded documents' estimates.
    memory: usize,
    tick: u64,
}

/// The documents of a hub.
#[derive(Debug)]
pub(crate) struct DocTable {
    table: Mutex<Table>,
    /// Bytes of estimated memory the loaded documents may take; only a
    /// table with a loader evicts.
    budget: usize,
}

impl DocTable {
    pub fn new(budget: usize) -> DocTable {
        DocTable {
            table: Mutex::new(Table::default()),
            budget,
        }
    }

    fn table(&self) -> MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every known document id, in order.
    pub fn known(&self) -> Vec<DocId> {
        self.table().known.iter().cloned().collect()
    }

    pub fn is_known(&self, id: &DocId) -> bool {
        self.table().known.contains(id)
    }

    /// Adds stored ids (at start-up: what exists, without loading it).
    pub fn add_known(&self, ids: impl IntoIterator<Item = DocId>) {
        self.table().known.extend(ids);
    }

    /// How many documents are in memory.
    pub fn loaded(&self) -> usize {
        self.table().loaded.len()
    }

    /// The loaded handle of `id`, marked as used.
    fn cached(&self, id: &DocId) -> Option<DocHandle> {
        let mut t = self.table();
        t.tick += 1;
        let tick = t.tick;
        t.loaded.get_mut(id).map(|s| {
            s.used = tick;
            s.handle.clone()
        })
    }

    /// A known document, loaded when needed; none when it is not known.
    pub fn get(
        &self,
        id: &DocId,
        loader: Option<&dyn DocLoader>,
    ) -> Result<Option<DocHandle>, Refusal> {
        if let Some(h) = self.cached(id) {
            return Ok(Some(h));
        }
        let (Some(loader), true) = (loader, self.is_known(id)) else {
            return Ok(None);
        };
        let Some(stored) = loader.load_doc(id)? else {
            return Ok(None);
        };
        let doc = Automerge::load(&stored.bytes).map_err(|e| {
            eprintln!("simpul hub: stored document {id} does not load: {e}");
            Refusal::Unavailable
        })?;
        let loaded = HubDoc {
            doc,
            signatures: stored
                .signatures
                .into_iter()
                .map(|s| (ChangeHash(s.hash), s))
                .collect(),
            upto: stored.upto,
            stored_bytes: stored.bytes.len(),
            stored: true,
        };
        Ok(Some(self.insert(id, loaded)))
    }

    /// [`DocTable::get`], or a new document at its genesis (not known
    /// until a round publishes it).
    pub fn get_or_genesis(
        &self,
        id: &DocId,
        loader: Option<&dyn DocLoader>,
    ) -> Result<DocHandle, Refusal> {
        match self.get(id, loader)? {
            Some(h) => Ok(h),
            None => Ok(self.insert(id, HubDoc::genesis(id))),
        }
    }

    /// Puts a document in memory, unless another round put one there
    /// first (then that one is returned), and evicts beyond the budget.
    fn insert(&self, id: &DocId, doc: HubDoc) -> DocHandle {
        let mut t = self.table();
        t.tick += 1;
        let tick = t.tick;
        if let Some(s) = t.loaded.get_mut(id) {
            s.used = tick;
            return s.handle.clone();
        }
        let estimate = doc.estimate();
        let handle = Arc::new(Mutex::new(doc));
        t.memory += estimate;
        t.loaded.insert(
            id.clone(),
            Slot {
                handle: handle.clone(),
                estimate,
                used: tick,
            },
        );
        self.evict(&mut t);
        handle
    }

    /// Replaces a loaded document's content (a test or a hub kept in
    /// memory), known from now on.
    pub fn put(&self, id: DocId, doc: Automerge) {
        let handle = self.get_or_genesis(&id, None).unwrap_or_else(|_| {
            // Without a loader nothing can fail.
            Arc::new(Mutex::new(HubDoc::genesis(&id)))
        });
        {
            let mut d = lock(&handle);
            d.doc = doc;
            d.stored = true;
        }
        self.table().known.insert(id);
    }

    /// Records that `id` is stored now (a round published it), with its
    /// new estimate.
    pub fn published(&self, id: &DocId, handle: &DocHandle) {
        let estimate = lock(handle).estimate();
        let mut t = self.table();
        t.known.insert(id.clone());
        let mut grown = 0;
        if let Some(s) = t.loaded.get_mut(id) {
            grown = estimate.saturating_sub(s.estimate);
            s.estimate = estimate;
        }
        t.memory += grown;
        self.evict(&mut t);
    }

    /// Drops a document a failed round made at its genesis, unless someone
    /// published it meanwhile.
    pub fn forget_unpublished(&self, id: &DocId) {
        let mut t = self.table();
        if t.known.contains(id) {
            return;
        }
        if let Some(s) = t.loaded.remove(id) {
            t.memory -= s.estimate;
        }
    }

    /// Adds a chunk another process stored: applied to the loaded copy
    /// (changes it holds already are no-ops), and the id known.
    pub fn apply_stored(&self, id: &DocId, chunk: i64, bytes: &[u8]) -> Result<(), Refusal> {
        let handle = {
            let mut t = self.table();
            t.known.insert(id.clone());
            t.loaded.get(id).map(|s| s.handle.clone())
        };
        if let Some(h) = handle {
            let mut d = lock(&h);
            if chunk > d.upto || chunk == 0 {
                d.doc.load_incremental(bytes).map_err(|e| {
                    eprintln!("simpul hub: a stored chunk of {id} does not load: {e}");
                    Refusal::Unavailable
                })?;
                d.upto = d.upto.max(chunk);
                d.stored_bytes += bytes.len();
            }
        }
        Ok(())
    }

    /// Evicts beyond the budget (after a round let go of its documents).
    pub fn trim(&self) {
        let mut t = self.table();
        self.evict(&mut t);
    }

    /// Evicts the least recently used documents no round holds until the
    /// estimate fits the budget.
    fn evict(&self, t: &mut Table) {
        if t.memory <= self.budget {
            return;
        }
        let mut idle: Vec<(u64, DocId)> = t
            .loaded
            .iter()
            .filter(|(_, s)| Arc::strong_count(&s.handle) == 1)
            .map(|(id, s)| (s.used, id.clone()))
            .collect();
        idle.sort_unstable();
        for (_, id) in idle {
            if t.memory <= self.budget {
                break;
            }
            if let Some(s) = t.loaded.remove(&id) {
                t.memory -= s.estimate;
            }
        }
    }

    /// A copy of every known document in memory (tests, and a hub kept
    /// in memory).
    pub fn snapshot(&self) -> Vec<(DocId, Automerge)> {
        let handles: Vec<(DocId, DocHandle)> = {
            let t = self.table();
            t.loaded
                .iter()
                .filter(|(id, _)| t.known.contains(*id))
                .map(|(id, s)| (id.clone(), s.handle.clone()))
                .collect()
        };
        handles
            .into_iter()
            .map(|(id, h)| (id, lock(&h).doc.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document stored as the same genesis bytes.
    struct Stored(Vec<u8>);

    impl DocLoader for Stored {
        fn load_doc(&self, _: &DocId) -> Result<Option<StoredDoc>, Refusal> {
            Ok(Some(StoredDoc {
                bytes: self.0.clone(),
                signatures: Vec::new(),
                upto: 1,
            }))
        }
        fn load_states(&self, _: &str) -> Result<Vec<(DocId, Vec<u8>)>, Refusal> {
            Ok(Vec::new())
        }
    }

    fn shard(n: u8) -> DocId {
        DocId::Assets {
            opd: "DINKES".into(),
            shard: n,
        }
    }

    #[test]
    fn the_least_recently_used_idle_document_goes_first_and_a_held_one_stays() {
        let stored = Stored(genesis_for(&shard(0)).save());
        let one = MEMORY_PER_DOC + stored.0.len() * MEMORY_PER_STORED_BYTE;
        let table = DocTable::new(2 * one + 1);
        table.add_known((0..4).map(shard));
        let get = |n: u8| {
            table
                .get(&shard(n), Some(&stored))
                .expect("load")
                .expect("known")
        };
        let held = get(0);
        drop(get(1));
        drop(get(2));
        assert_eq!(table.loaded(), 2, "over the budget, the idle shard 1 went");
        assert!(table.cached(&shard(0)).is_some(), "a held document stays");
        assert!(table.cached(&shard(1)).is_none());
        drop(get(3));
        assert!(table.cached(&shard(2)).is_none(), "then shard 2, the older");
        drop(held);
        table.trim();
        assert_eq!(table.loaded(), 2, "within the budget nothing more goes");
        assert!(
            table.get(&shard(9), Some(&stored)).expect("get").is_none(),
            "an unknown document is not loaded"
        );
    }
}
