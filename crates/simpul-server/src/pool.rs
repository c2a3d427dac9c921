//! The server's connections: one writer (every round is stored through it,
//! one at a time, so its "changed elsewhere" means another process or
//! `simpul admin`) and a pool of readers for loading documents, sync
//! states and devices while other rounds are stored.

use crate::store::{HubStore, StoreResult};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Idle readers kept open, at most.
const IDLE_READERS: usize = 8;

/// The writer: its connection and the newest stored chunk the hub holds.
pub(crate) struct Writer {
    pub store: Box<dyn HubStore>,
    pub watermark: i64,
}

/// Connections shared by every request.
pub(crate) struct Connections {
    writer: Mutex<Writer>,
    idle: Mutex<Vec<Box<dyn HubStore>>>,
    /// A connection kept only to open readers from, so that opening one
    /// never waits for the writer.
    template: Mutex<Box<dyn HubStore>>,
}

impl Connections {
    pub fn new(store: Box<dyn HubStore>, watermark: i64) -> StoreResult<Arc<Connections>> {
        let template = store.reopen()?;
        Ok(Arc::new(Connections {
            writer: Mutex::new(Writer { store, watermark }),
            idle: Mutex::new(Vec::new()),
            template: Mutex::new(template),
        }))
    }

    /// The writer; nothing else is locked while it is held, but the
    /// documents a round stores (see [`simpul_sync::Hub::round`]).
    pub fn writer(&self) -> MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A reader, opened when none is idle.
    pub fn reader(&self) -> StoreResult<Reader<'_>> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let store = match idle {
            Some(s) => s,
            None => self
                .template
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .reopen()?,
        };
        Ok(Reader {
            store: Some(store),
            pool: self,
        })
    }
}

/// A reader on loan; back to the pool when dropped.
pub(crate) struct Reader<'a> {
    store: Option<Box<dyn HubStore>>,
    pool: &'a Connections,
}

impl Deref for Reader<'_> {
    type Target = dyn HubStore;
    fn deref(&self) -> &(dyn HubStore + 'static) {
        self.store.as_deref().expect("a store until dropped")
    }
}

impl DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut (dyn HubStore + 'static) {
        self.store.as_deref_mut().expect("a store until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        let mut idle = self
            .pool
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = self.store.take() {
            if idle.len() < IDLE_READERS {
                idle.push(s);
            }
        }
    }
}
