//! Simpul's application layer: every operation the app offers, as plain
//! functions with serializable inputs and outputs.
//!
//! [`Service`] owns the replica (behind one lock), the background sync
//! and warm-up threads, and the mapping of every error into the one
//! [`ApiError`] a front end shows. The desktop window (`src-tauri`), the
//! `simpul` command and the data center's browser console are thin
//! adapters: one operation is one call, and the same rules answer all of
//! them. A front end learns of changes through its [`Host`].
//!
//! The operations are grouped by domain under [`ops`]; each is a method of
//! [`Service`].

mod host;
pub mod ops;
mod service;
mod sync_worker;

pub use host::{Headless, Host};
pub use ops::kib::ImportError;
pub use service::Service;
pub use simpul_core::ApiError;
pub use sync_worker::{Nudge, SyncStatus};
