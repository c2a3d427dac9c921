//! Background sync with the data center.
//!
//! One thread runs sessions: right after start, soon after local edits,
//! when the user asks, and otherwise on a timer that backs off
//! exponentially (with jitter) while the server cannot be reached, so a
//! link that comes back is noticed within minutes without hammering a 2G
//! modem. The replica is locked only to build a request and to store a
//! response, never while a round is on the wire.

use crate::state::AppState;
use serde::Serialize;
use simpul_store::{Replica, SyncFailure};
use simpul_sync::http::HttpHub;
use simpul_sync::{Transport, TransportError};
use specta::Type;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

/// The sync peer name under which shared heads are kept.
pub use simpul_sync::SERVER_PEER;
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

/// The worker's handle, kept in the app state.
#[derive(Debug)]
pub struct SyncWorker {
    status: Mutex<SyncStatus>,
    nudge: Mutex<Option<Sender<Nudge>>>,
}

impl SyncWorker {
    pub fn new() -> SyncWorker {
        SyncWorker {
            status: Mutex::new(SyncStatus::default()),
            nudge: Mutex::new(None),
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.lock_status().clone()
    }

    fn lock_status(&self) -> MutexGuard<'_, SyncStatus> {
        self.status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn nudge(&self, n: Nudge) {
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

fn publish(app: &AppHandle, update: impl FnOnce(&mut SyncStatus)) {
    let state = app.state::<AppState>();
    let snapshot = {
        let mut s = state.sync.lock_status();
        update(&mut s);
        s.clone()
    };
    let _ = app.emit("sync-status", snapshot);
}

/// Refreshes the enrolled flag and the pending count from the replica.
pub fn refresh(app: &AppHandle) {
    let state = app.state::<AppState>();
    let (server, pending) = match state.replica() {
        Ok(mut r) if r.is_configured() => {
            let server = r.server().ok().flatten().map(|l| l.address);
            let pending = if server.is_some() {
                r.pending_changes(SERVER_PEER).unwrap_or(0)
            } else {
                0
            };
            (server, pending)
        }
        _ => (None, 0),
    };
    publish(app, |s| {
        s.enrolled = server.is_some();
        s.server = server.unwrap_or_default();
        s.pending = pending;
    });
}

/// One session over `hub`, locking the replica only around local work.
fn session(app: &AppHandle, hub: &mut HttpHub) -> Result<bool, SyncFailure> {
    let state = app.state::<AppState>();
    let lock = || {
        state
            .replica()
            .map_err(|e| SyncFailure::Store(simpul_store::StoreError::Sync(e.message)))
    };
    let mut session = lock()?.sync_session(SERVER_PEER)?;
    let mut changed = false;
    for _ in 0..12 {
        let req = lock()?.sync_request(&mut session)?;
        let resp = hub.round(&req)?;
        let applied = lock()?.sync_receive(SERVER_PEER, &mut session, &resp)?;
        changed |= applied.changed_records > 0;
        if applied.quiet {
            return Ok(changed);
        }
    }
    Err(SyncFailure::Store(simpul_store::StoreError::Sync(
        "sesi tidak selesai".into(),
    )))
}

fn link(app: &AppHandle) -> Option<simpul_store::ServerLink> {
    app.state::<AppState>()
        .replica()
        .ok()
        .and_then(|r: MutexGuard<'_, Replica>| r.server().ok().flatten())
}

fn with_jitter(d: Duration) -> Duration {
    let f = 0.8 + fastrand::f64() * 0.4;
    d.mul_f64(f)
}

/// Starts the worker thread.
pub fn spawn(app: AppHandle) {
    let (tx, rx): (Sender<Nudge>, Receiver<Nudge>) = std::sync::mpsc::channel();
    *app.state::<AppState>()
        .sync
        .nudge
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(tx);
    std::thread::spawn(move || {
        refresh(&app);
        let mut backoff = MIN_BACKOFF;
        let mut wait = Duration::from_millis(500);
        loop {
            match rx.recv_timeout(wait) {
                Ok(Nudge::Edited) => {
                    // Let a burst of edits settle, then sync them together.
                    std::thread::sleep(AFTER_EDIT);
                    while rx.try_recv().is_ok() {}
                    refresh(&app);
                    if !app.state::<AppState>().sync.status().online {
                        wait = backoff;
                        continue;
                    }
                }
                Ok(Nudge::Now) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let Some(l) = link(&app) else {
                refresh(&app);
                wait = SETTLED_INTERVAL;
                continue;
            };
            publish(&app, |s| s.syncing = true);
            let result = HttpHub::new(&l.address, &l.token, &l.client_config())
                .map_err(simpul_store::SyncFailure::Transport)
                .and_then(|mut hub| session(&app, &mut hub));
            match &result {
                Ok(changed) => {
                    backoff = MIN_BACKOFF;
                    wait = SETTLED_INTERVAL;
                    publish(&app, |s| {
                        s.online = true;
                        s.last_success = chrono::Utc::now().to_rfc3339();
                        s.last_error.clear();
                    });
                    if *changed {
                        crate::commands::data_changed(&app);
                    }
                }
                Err(SyncFailure::Transport(e @ TransportError::Offline(_))) => {
                    tracing::info!(error = %e, "server not reachable");
                    wait = with_jitter(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    publish(&app, |s| {
                        s.online = false;
                        s.last_error = "Server belum dapat dihubungi; perubahan tersimpan di perangkat ini dan akan dikirim otomatis.".into();
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "sync failed");
                    wait = MAX_BACKOFF;
                    let message = e.to_string();
                    publish(&app, |s| {
                        s.online =
                            matches!(e, SyncFailure::Transport(TransportError::Refused { .. }));
                        s.last_error = message;
                    });
                }
            }
            publish(&app, |s| s.syncing = false);
            refresh(&app);
        }
    });
}
