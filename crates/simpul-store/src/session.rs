//! One sync session with a peer: the loop every caller uses (the window's
//! worker, `simpul sync`, tests), with stall detection, over a replica
//! lent for each step.

use crate::error::StoreError;
use crate::replica::Replica;
use simpul_core::DocId;
use simpul_sync::{ClientSession, SyncRequest};

/// What a completed session did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub rounds: u32,
    pub changed_docs: usize,
    pub changed_records: usize,
}

/// Why a session stopped before completing.
#[derive(Debug, thiserror::Error)]
pub enum SyncFailure {
    #[error(transparent)]
    Transport(#[from] simpul_sync::TransportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("sinkronisasi tidak maju setelah {0} putaran; data server belum lengkap di sini, coba lagi nanti")]
    NoProgress(u32),
}

/// Rounds in a row that bring nothing and repeat the same request before a
/// session is judged stuck (a normal session takes 2-4 rounds in all).
const STALLED_ROUNDS: u32 = 3;
/// A bound on a session that keeps moving, far above any real one.
const MAX_ROUNDS: u32 = 1_000;

/// A fingerprint of a request's messages, to see a round repeat itself.
fn fingerprint(req: &SyncRequest) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in &req.messages {
        m.doc.hash(&mut h);
        m.message.hash(&mut h);
    }
    h.finish()
}

/// A replica for the length of one step of a session. A replica shared by
/// a window and its sync thread is locked per step, never while a round is
/// on the wire; a replica owned outright simply lends itself.
pub trait ReplicaAccess {
    type Guard<'a>: std::ops::DerefMut<Target = Replica>
    where
        Self: 'a;
    fn lock(&mut self) -> Result<Self::Guard<'_>, StoreError>;
}

impl ReplicaAccess for Replica {
    type Guard<'a> = &'a mut Replica;
    fn lock(&mut self) -> Result<&mut Replica, StoreError> {
        Ok(self)
    }
}

impl ReplicaAccess for &std::sync::Mutex<Replica> {
    type Guard<'a>
        = std::sync::MutexGuard<'a, Replica>
    where
        Self: 'a;
    fn lock(&mut self) -> Result<Self::Guard<'_>, StoreError> {
        std::sync::Mutex::lock(self).map_err(|_| StoreError::Poisoned)
    }
}

/// Runs one session with `peer` over `transport` until both sides are
/// quiet: the one session loop of the app, the command line and the
/// benchmarks. Every round's results are stored as they arrive, so a
/// session cut half-way keeps what it received and the next one resumes.
pub fn run_session(
    replica: &mut impl ReplicaAccess,
    peer: &str,
    transport: &mut (impl simpul_sync::Transport + ?Sized),
) -> Result<SyncReport, SyncFailure> {
    let mut session = replica.lock()?.sync_session(peer)?;
    let mut report = SyncReport::default();
    let (mut last, mut stalled) = (None, 0);
    while report.rounds < MAX_ROUNDS {
        let req = replica.lock()?.sync_request(&mut session)?;
        let print = fingerprint(&req);
        let resp = transport.round(&req)?;
        let applied = replica.lock()?.sync_receive(peer, &mut session, &resp)?;
        if !req.late_signatures.is_empty() {
            replica.lock()?.late_signatures_sent()?;
        }
        report.rounds += 1;
        report.changed_docs += applied.changed_docs;
        report.changed_records += applied.changed_records;
        if applied.quiet {
            return Ok(report);
        }
        let moved = applied.changed_docs > 0 || last != Some(print);
        stalled = if moved { 0 } else { stalled + 1 };
        last = Some(print);
        if stalled >= STALLED_ROUNDS {
            break;
        }
    }
    // Stuck: a success all the same when both sides hold the same changes
    // (what the server had is here, and what this replica wrote is there).
    if replica.lock()?.in_step(&session)? {
        return Ok(report);
    }
    Err(SyncFailure::NoProgress(report.rounds))
}

impl Replica {
    /// [`run_session`] on a replica owned outright.
    pub fn sync_with(
        &mut self,
        peer: &str,
        transport: &mut impl simpul_sync::Transport,
    ) -> Result<SyncReport, SyncFailure> {
        run_session(self, peer, transport)
    }

    /// Whether every document of the session holds the heads the peer
    /// announced, and no more.
    fn in_step(&mut self, session: &ClientSession) -> Result<bool, StoreError> {
        let actor = self.actor()?;
        let ids: Vec<DocId> = session.docs().cloned().collect();
        for id in ids {
            let doc = self.docs.get(&self.conn, &id, &actor)?;
            if !session.in_step(&id, doc) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
