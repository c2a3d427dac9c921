//! Automerge documents on disk and in memory.
//!
//! On disk a document is the ordered list of its `chunk` rows: the first is
//! a full save (or the genesis change plus the first edits), the rest are
//! incremental changes. Loading concatenates them. After
//! [`COMPACT_AFTER`] chunks the list is replaced by one full save, in the
//! same transaction as the write that crossed the limit.
//!
//! In memory a small least-recently-used cache keeps the documents that
//! were written or read lately.

use crate::error::StoreError;
use automerge::{ActorId, Automerge};
use rusqlite::{params, Connection, OptionalExtension};
use simpul_core::schema::genesis_for;
use simpul_core::DocId;
use std::collections::HashMap;

/// Incremental chunks a document may gather before it is compacted.
pub const COMPACT_AFTER: i64 = 256;

/// A change larger than this (an import) is stored as a compacted save of
/// the whole document instead: a full save of 1,250 assets is 9x smaller
/// than the same changes stored incrementally and loads 3x faster.
pub const COMPACT_ABOVE_BYTES: usize = 64 * 1024;

/// A local edit of more operations than this (about a hundred new assets;
/// a form's save is a few dozen) is stored as a full save straight away,
/// without encoding its change first only to find it large.
pub const COMPACT_ABOVE_OPS: usize = 2_000;

/// Loads a document from its chunks, or starts it from the shared genesis.
pub fn load(conn: &Connection, id: &DocId, actor: &ActorId) -> Result<Automerge, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT bytes FROM chunk WHERE doc_id = ?1 ORDER BY id")?;
    let mut bytes = Vec::new();
    let mut rows = stmt.query(params![id.to_string()])?;
    while let Some(row) = rows.next()? {
        let chunk: Vec<u8> = row.get(0)?;
        bytes.extend_from_slice(&chunk);
    }
    let doc = if bytes.is_empty() {
        genesis_for(id)
    } else {
        Automerge::load(&bytes)?
    };
    Ok(doc.with_actor(actor.clone()))
}

/// Whether any chunk of the document is on disk.
pub fn exists(conn: &Connection, id: &DocId) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM chunk WHERE doc_id = ?1 LIMIT 1")?
        .query_row(params![id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// What one write stores of a document: the bytes of its new change, or,
/// after a large change (an import), a full save that replaces every chunk.
#[derive(Debug, Clone)]
pub enum Stored {
    Change(Vec<u8>),
    Whole(Vec<u8>),
}

impl Stored {
    /// What to store after `change` was made on `doc`. A large change is
    /// saved whole here, on the thread that made it, not in the
    /// transaction that stores it.
    pub fn after(doc: &Automerge, change: Vec<u8>) -> Stored {
        if change.len() > COMPACT_ABOVE_BYTES {
            Stored::Whole(doc.save())
        } else {
            Stored::Change(change)
        }
    }

    /// What to store after a local edit of `ops` operations made on a
    /// document whose heads were `before`: [`Stored::after`], deciding a
    /// large edit by its operations so that its change is not encoded twice.
    pub fn after_edit(doc: &Automerge, ops: usize, before: &[automerge::ChangeHash]) -> Stored {
        if ops > COMPACT_ABOVE_OPS {
            Stored::Whole(doc.save())
        } else {
            Stored::after(doc, doc.save_after(before))
        }
    }
}

/// Stores one write's bytes; compacts a document that has gathered too
/// many chunks when its full state is at hand (`doc`).
pub fn put(
    tx: &rusqlite::Transaction<'_>,
    id: &DocId,
    stored: &Stored,
    doc: Option<&Automerge>,
) -> Result<(), StoreError> {
    let key = id.to_string();
    let change = match stored {
        Stored::Whole(bytes) => return replace(tx, &key, bytes),
        Stored::Change(bytes) => bytes,
    };
    let chunks: i64 = tx
        .prepare_cached("SELECT count(*) FROM chunk WHERE doc_id = ?1")?
        .query_row(params![key], |r| r.get(0))?;
    match doc.filter(|_| chunks >= COMPACT_AFTER) {
        Some(doc) => replace(tx, &key, &doc.save()),
        None => {
            tx.prepare_cached("INSERT INTO chunk (doc_id, bytes) VALUES (?1, ?2)")?
                .execute(params![key, change])?;
            Ok(())
        }
    }
}

fn replace(tx: &rusqlite::Transaction<'_>, key: &str, whole: &[u8]) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM chunk WHERE doc_id = ?1")?
        .execute(params![key])?;
    tx.prepare_cached("INSERT INTO chunk (doc_id, bytes) VALUES (?1, ?2)")?
        .execute(params![key, whole])?;
    Ok(())
}

/// Every document id stored in the replica.
pub fn all_ids(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT DISTINCT doc_id FROM chunk ORDER BY doc_id")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// A least-recently-used cache of loaded documents.
#[derive(Debug)]
pub struct DocCache {
    capacity: usize,
    tick: u64,
    docs: HashMap<DocId, (u64, Automerge)>,
}

impl DocCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            tick: 0,
            docs: HashMap::new(),
        }
    }

    /// The document, loaded from disk when it is not cached.
    pub fn get(
        &mut self,
        conn: &Connection,
        id: &DocId,
        actor: &ActorId,
    ) -> Result<&mut Automerge, StoreError> {
        self.tick += 1;
        if !self.docs.contains_key(id) {
            let doc = load(conn, id, actor)?;
            self.make_room();
            self.docs.insert(id.clone(), (self.tick, doc));
        }
        let entry = self
            .docs
            .get_mut(id)
            .ok_or(StoreError::NotFound("dokumen"))?;
        entry.0 = self.tick;
        Ok(&mut entry.1)
    }

    /// Takes a cached document out (to edit it on another thread).
    pub fn take(&mut self, id: &DocId) -> Option<Automerge> {
        self.docs.remove(id).map(|(_, d)| d)
    }

    /// Puts a taken document back, as the most recently used.
    pub fn put_back(&mut self, id: DocId, doc: Automerge) {
        self.tick += 1;
        if !self.docs.contains_key(&id) {
            self.make_room();
        }
        self.docs.insert(id, (self.tick, doc));
    }

    /// Drops the least recently used document when the cache is full.
    fn make_room(&mut self) {
        if self.docs.len() < self.capacity {
            return;
        }
        if let Some(oldest) = self
            .docs
            .iter()
            .min_by_key(|(_, (t, _))| *t)
            .map(|(k, _)| k.clone())
        {
            self.docs.remove(&oldest);
        }
    }

    /// Forgets a document whose in-memory state may be ahead of the disk.
    pub fn evict(&mut self, id: &DocId) {
        self.docs.remove(id);
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }
}

impl DocCache {
    /// A cached document, without loading.
    pub fn peek(&self, id: &DocId) -> Option<&Automerge> {
        self.docs.get(id).map(|(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::ReadDoc;

    /// Puts `n` keys into a document's root in one change; returns the
    /// heads before it and the change's operations.
    fn edit(doc: &mut Automerge, n: usize) -> (Vec<automerge::ChangeHash>, usize) {
        let before = doc.get_heads();
        let ops = doc
            .transact::<_, _, automerge::AutomergeError>(|tx| {
                for i in 0..n {
                    tx.put(
                        automerge::ROOT,
                        format!("k{i}"),
                        i64::try_from(i).unwrap_or(0),
                    )?;
                }
                Ok(tx.pending_ops())
            })
            .map(|s| s.result)
            .unwrap_or_else(|f| panic!("{}", f.error));
        (before, ops)
    }

    #[test]
    fn a_small_edit_is_its_change_and_a_large_one_the_whole_document() {
        let mut doc = Automerge::new();
        let (before, ops) = edit(&mut doc, 3);
        assert_eq!(ops, 3);
        let Stored::Change(small) = Stored::after_edit(&doc, ops, &before) else {
            panic!("a three-key edit is stored as its change");
        };
        let mut copy = Automerge::new();
        copy.load_incremental(&small)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(copy.get_heads(), doc.get_heads());

        let (before, ops) = edit(&mut doc, 2 * COMPACT_ABOVE_OPS);
        let Stored::Whole(whole) = Stored::after_edit(&doc, ops, &before) else {
            panic!("an edit above the limit is stored whole");
        };
        let loaded = Automerge::load(&whole).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.get_heads(), doc.get_heads());
        assert_eq!(loaded.keys(automerge::ROOT).count(), 2 * COMPACT_ABOVE_OPS);
    }
}
