//! What the service tells the front end it runs in.

use crate::sync_worker::SyncStatus;

/// The front end's side: told when stored data changed (open lists should
/// query again) and when the sync status changed (the status pill).
pub trait Host: Send + Sync + 'static {
    fn data_changed(&self) {}
    fn sync_status(&self, _status: &SyncStatus) {}
}

/// A front end that shows nothing live (the command line, tests).
#[derive(Debug, Clone, Copy, Default)]
pub struct Headless;

impl Host for Headless {}
