//! How a sync session reaches the hub. A device enrolled over the network
//! talks HTTP to its server's address; the data center's own console
//! replica is enrolled *in process* ([`IN_PROCESS`]) and its rounds go
//! straight into the server it runs in, through the [`Uplink`] that server
//! gives the service. Such a replica keeps only the hash of a token no one
//! holds: a copy of the file cannot sync as the console over the network.

use simpul_core::regency::update_status::UpdateStatus;
use simpul_sync::{Transport, TransportError};

/// The address of a replica enrolled with the server it runs in.
pub const IN_PROCESS: &str = "server-ini";

/// The server's way in for a replica enrolled in process.
pub trait Uplink: Send + Sync {
    /// A transport for one session of the device holding `token_hash`.
    fn transport(&self, token_hash: &str) -> Result<Box<dyn Transport + '_>, TransportError>;

    /// Every OPD's update status, as the server records it now.
    fn update_status(&self) -> Result<UpdateStatus, TransportError>;
}

/// What enrolling in process asks of the server: this device, by name,
/// actor and public key.
#[derive(Debug, Clone)]
pub struct DeviceClaim {
    pub name: String,
    pub actor: String,
    pub public_key: Option<String>,
}

/// The server's answer to a [`DeviceClaim`].
#[derive(Debug, Clone)]
pub struct Registration {
    pub device_id: String,
    /// The hash the server keeps of the device's token (the token itself
    /// is thrown away).
    pub token_hash: String,
    /// The server's public key, pinned by the replica.
    pub server_key: Option<[u8; 32]>,
}
