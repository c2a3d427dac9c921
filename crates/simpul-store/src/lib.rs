//! The local replica of an OPD's inventory in one SQLite file.
//!
//! Writes: a command validates through `simpul-core`, applies the change to
//! the shard's Automerge document as one change, then [`Replica`] stores the
//! change bytes *and* the updated index rows in one SQLite transaction
//! (WAL, `synchronous=FULL`) before returning. An acknowledged edit survives
//! a crash or a power cut; a failed transaction leaves nothing behind (the
//! in-memory document is dropped and reloaded from disk).
//!
//! Reads never touch Automerge: lists, search (FTS5), filters and the
//! dashboard query the index tables. Documents are loaded on the first write
//! (or history view) that needs them and kept in a small cache.

mod assets;
pub mod backup;
mod bulk;
mod bundle;
mod cabling;
mod checks;
mod clock;
mod conflicts;
mod doc_store;
mod enroll_file;
mod error;
mod handover;
mod history;
mod import;
mod inbox;
mod index;
mod kept_plan;
mod kib_export;
mod labels;
mod loans;
mod maintenance;
mod migrations;
mod net_index;
mod nodes;
mod oversight;
mod people;
mod plans;
mod profile;
mod query;
mod regency;
mod regency_index;
mod registration;
mod replica;
mod report;
mod rooms;
mod server_link;
mod session;
mod signers;
mod signing;
mod staff;
mod stats;
mod stocktake;
mod stocktake_report;
mod stocktake_view;
mod sync;
mod tags;
mod upkeep;

pub use assets::AssetDetail;
pub use backup::BackupStatus;
pub use cabling::{trace_text, CableDetail, PortCable, PortView, TraceStep};
pub use checks::CheckRun;
pub use clock::{Clock, FixedClock, SystemClock};
pub use conflicts::FieldConflict;
pub use error::StoreError;
pub use handover::{HeldAsset, HolderView};
pub use import::ImportFailure;
pub use kept_plan::KeptPlan;
pub use loans::OverdueLoan;
pub use people::PersonView;
pub use plans::{DueItem, PlanView};
pub use profile::{Profile, ProfileInput};
pub use query::{AssetPage, AssetQuery, AssetRow, SortKey};
pub use regency::{PoolUsage, RegencyView};
pub use registration::RegistrationView;
pub use replica::Replica;
pub use report::ReportRequest;
pub use server_link::ServerLink;
pub use session::{run_session, ReplicaAccess, SyncFailure, SyncReport};
pub use signing::VerifyReport;
pub use simpul_core::cabling::CableLabel;
pub use staff::{Signer, StaffView};
pub use stats::{Count, Stats};
pub use stocktake_view::{LineState, RoomCheck, RoomLine, RoomProgress, StockTakeView};
pub use sync::SyncApplied;
pub use tags::TagScope;
