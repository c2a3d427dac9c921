//! Background sync with the data center.
//!
//! One thread runs sessions: right after start, soon after local edits,
//! when the user asks, and otherwise on a timer that backs off
//! exponentially (with jitter) while the server cannot be reached, so a
//! link that comes back is noticed within minutes without hammering a 2G
//! modem. The replica is locked only to build a request and to store a
//! response, never while a round is on the wire.

use crate::service::Service;
use serde::Serialize;
use simpul_store::SyncFailure;
use simpul_sync::{TransportError, SERVER_PEER};
use specta::Type;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

const MIN_BACKOFF: Duration = Duration::from_secs(5);
const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);
const SETTLED_INTERVAL: Duration = Duration::from_secs(5 * 60);
const AFTER_EDIT: Duration = Duration::from_secs(2);

/// What the status bar shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub server: String,
    /// The last attempt reached the server.
    pub online: bool,
    pub syncing: bool,
    /// RFC 3339 time of the last completed session, empty if none.
    pub last_success: String,
    /// Local changes the server has not acknowledged.
    pub pending: u32,
    /// The last problem, in plain Indonesian; empty when the last sync worked.
    pub last_error: String,
}

/// Why the worker should wake up.
#[derive(Debug, Clone, Copy)]
pub enum Nudge {
    Edited,
    Now,
}

/// The worker's handle, kept in the service.
#[derive(Debug, Default)]
pub(crate) struct SyncWorker {
    status: Mutex<SyncStatus>,
    nudge: Mutex<Option<Sender<Nudge>>>,
}

impl SyncWorker {
    pub(crate) fn new() -> SyncWorker {
        SyncWorker::default()
    }

    pub(crate) fn status(&self) -> SyncStatus {
        self.lock_status().clone()
    }

    fn lock_status(&self) -> MutexGuard<'_, SyncStatus> {
        self.status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn nudge(&self, n: Nudge) {
        if let Some(tx) = self
            .nudge
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
        {
            let _ = tx.send(n);
        }
    }
}

fn publish(svc: &Service, update: impl FnOnce(&mut SyncStatus)) {
    let snapshot = {
        let mut s = svc.sync_worker().lock_status();
        update(&mut s);
        s.clone()
    };
    svc.host().sync_status(&snapshot);
}

/// Refreshes the enrolled flag and the pending count from the replica.
pub(crate) fn refresh(svc: &Service) {
    let (server, pending) = match svc.replica() {
        Ok(mut r) if r.is_configured() => {
            let server = match r.server() {
                Ok(link) => link.map(|l| l.address),
                Err(e) => {
                    tracing::warn!(error = %e, "server link unreadable");
                    None
                }
            };
            let pending = if server.is_some() {
                r.pending_changes(SERVER_PEER).unwrap_or(0)
            } else {
                0
            };
            (server, pending)
        }
        _ => (None, 0),
    };
    publish(svc, |s| {
        s.enrolled = server.is_some();
        s.server = server.unwrap_or_default();
        s.pending = pending;
    });
}

fn with_jitter(d: Duration) -> Duration {
    let f = 0.8 + fastrand::f64() * 0.4;
    d.mul_f64(f)
}

/// Starts the worker thread.
pub(crate) fn spawn(svc: Service) {
    let (tx, rx): (Sender<Nudge>, Receiver<Nudge>) = std::sync::mpsc::channel();
    *svc.sync_worker()
        .nudge
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(tx);
    std::thread::spawn(move || {
        refresh(&svc);
        let mut backoff = MIN_BACKOFF;
        let mut wait = Duration::from_millis(500);
        loop {
            match rx.recv_timeout(wait) {
                Ok(Nudge::Edited) => {
                    // Let a burst of edits settle, then sync them together.
                    std::thread::sleep(AFTER_EDIT);
                    while rx.try_recv().is_ok() {}
                    refresh(&svc);
                    if !svc.sync_worker().status().online {
                        wait = backoff;
                        continue;
                    }
                }
                Ok(Nudge::Now) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            // Not enrolled, or enrolled by file with no address (USB only).
            if svc
                .replica()
                .ok()
                .and_then(|r| r.server().ok().flatten())
                .is_none_or(|l| l.address.trim().is_empty())
            {
                refresh(&svc);
                wait = SETTLED_INTERVAL;
                continue;
            }
            publish(&svc, |s| s.syncing = true);
            match svc.sync_session() {
                Ok(_) => {
                    backoff = MIN_BACKOFF;
                    wait = SETTLED_INTERVAL;
                    publish(&svc, |s| {
                        s.online = true;
                        s.last_success = chrono::Utc::now().to_rfc3339();
                        s.last_error.clear();
                    });
                }
                Err(SyncFailure::Transport(e @ TransportError::Busy(_))) => {
                    tracing::info!(error = %e, "server busy");
                    wait = with_jitter(MIN_BACKOFF);
                    publish(&svc, |s| {
                        s.online = true;
                        s.last_error = "Server sedang sibuk; dicoba lagi sebentar lagi.".into();
                    });
                }
                Err(SyncFailure::Transport(e @ TransportError::Offline(_))) => {
                    tracing::info!(error = %e, "server not reachable");
                    wait = with_jitter(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    publish(&svc, |s| {
                        s.online = false;
                        s.last_error = "Server belum dapat dihubungi; perubahan tersimpan di perangkat ini dan akan dikirim otomatis.".into();
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "sync failed");
                    wait = MAX_BACKOFF;
                    let message = e.to_string();
                    publish(&svc, |s| {
                        s.online =
                            matches!(e, SyncFailure::Transport(TransportError::Refused { .. }));
                        s.last_error = message;
                    });
                }
            }
            publish(&svc, |s| s.syncing = false);
            refresh(&svc);
        }
    });
}
