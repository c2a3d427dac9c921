//! How a device reaches the data center.

use std::time::Duration;

/// How the client reaches the server: the time it waits for a silent
/// link, and the certificate authority of a data center whose TLS
/// certificate is not signed by a public one.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The longest silence on a connection before the attempt is dropped.
    pub idle: Duration,
    /// PEM of the data center's own certificate authority, if any.
    pub ca_pem: Option<Vec<u8>>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            idle: Duration::from_secs(60),
            ca_pem: None,
        }
    }
}

impl ClientConfig {
    pub fn with_idle(idle: Duration) -> ClientConfig {
        ClientConfig {
            idle,
            ..ClientConfig::default()
        }
    }
}
