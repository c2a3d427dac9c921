//! Simpul's sync protocol, without IO.
//!
//! A device and the data center exchange Automerge sync messages for many
//! documents at once: one request carries a message for every document the
//! device has something to say about, one response carries the hub's
//! messages for every document in the device's scope. A sync *session* is a
//! few such round trips until neither side has anything left to say; each
//! session starts from the shared heads both sides persisted, so a session
//! cut by a dropped link simply starts again where the last one stopped.
//!
//! [`ClientSession`] is the device's side, [`Hub`] the data center's; both
//! are plain values fed with messages, so a network of replicas can be run
//! in one process (see `tests/convergence.rs`). HTTP, SQLite and time live
//! in the crates that use these.

pub mod api;
pub mod audit;
#[cfg(feature = "backup")]
pub mod backup_file;
pub mod bundle;
pub mod certificate;
mod client;
mod config;
#[cfg(feature = "http")]
pub mod http;
mod hub;
pub mod keyring;
mod limits;
mod refusal;
mod scope;
pub mod signature;
mod staged;
mod transport;
pub mod verify;
mod wire;

pub use client::{ClientError, ClientSession, Incoming, RoundResult};
pub use config::ClientConfig;
pub use hub::{DocLoader, Hub, StoredDoc, MEMORY_PER_STORED_BYTE};
pub use limits::Limits;
pub use refusal::Refusal;
pub use scope::{Device, Scope};
pub use staged::Staged;
pub use transport::{LocalHub, Transport, TransportError};
/// The name under which a replica keeps its sync state with the data
/// center (the only peer a device has; a USB bundle uses the same state).
pub const SERVER_PEER: &str = "server";

pub use wire::{
    protocol_of, DeviceKeyNote, DocMessage, LateSignature, SyncRequest, SyncResponse, WireError,
    PROTOCOL_VERSION,
};
