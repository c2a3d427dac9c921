//! The operations, one file per domain. Each is a method of
//! [`crate::Service`]: it locks the replica for as long as it needs, calls
//! the store, tells the host what changed, and returns a serializable
//! result or an [`simpul_core::ApiError`].

pub mod app;
pub mod assets;
pub mod backup;
pub mod bulk;
pub mod handover;
pub mod inbox;
pub mod kib;
pub mod labels;
pub mod maintenance;
pub mod network;
pub mod people;
pub mod registry;
pub mod report;
pub mod rooms;
pub mod staff;
pub mod status;
pub mod stocktake;
pub mod sync;
pub mod tags;
pub mod trust;

/// A count for a front end (saturating; nothing here nears `u32::MAX`).
pub(crate) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
