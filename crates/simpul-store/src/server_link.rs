//! The data center this replica syncs with, once enrolled.

use crate::error::StoreError;
use crate::replica::Replica;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Where the data center's public key is kept, in the replica's `meta`.
const SERVER_KEY: &str = "server_key";

/// The data center this replica syncs with, once enrolled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ServerLink {
    pub address: String,
    pub device_id: String,
    /// A Diskominfo device: reads and writes every OPD (the merged view).
    pub diskominfo: bool,
    /// The device token (kept only in this replica file).
    #[serde(skip_serializing)]
    pub token: String,
    /// PEM of the data center's own certificate authority, when its TLS
    /// certificate is not signed by a public one.
    #[serde(skip_serializing)]
    pub ca_pem: Option<String>,
}

impl ServerLink {
    /// How to reach this server.
    pub fn client_config(&self) -> simpul_sync::ClientConfig {
        simpul_sync::ClientConfig {
            ca_pem: self.ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
            ..Default::default()
        }
    }
}

impl Replica {
    /// Records the enrollment with a server.
    pub fn set_server(&mut self, link: &ServerLink) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let scope = if link.diskominfo {
            "diskominfo".to_owned()
        } else {
            "opd".to_owned()
        };
        for (k, v) in [
            ("server_address", &link.address),
            ("server_device_id", &link.device_id),
            ("server_token", &link.token),
            ("server_scope", &scope),
        ] {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![k, v])?;
        }
        // A new enrollment learns the data center's key anew.
        tx.execute("DELETE FROM meta WHERE key = ?1", params![SERVER_KEY])?;
        match &link.ca_pem {
            Some(pem) => tx.execute("INSERT INTO meta (key, value) VALUES ('server_ca', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![pem])?,
            None => tx.execute("DELETE FROM meta WHERE key = 'server_ca'", [])?,
        };
        tx.commit()?;
        Ok(())
    }

    /// The data center's own public key (which signs its bundles), as
    /// enrollment or the first sync told it.
    pub fn server_key(&self) -> Result<Option<simpul_sync::signature::PublicKey>, StoreError> {
        Ok(self
            .meta(SERVER_KEY)?
            .and_then(|k| simpul_sync::signature::PublicKey::from_hex(&k).ok()))
    }

    /// Records the data center's key the first time it is told; another
    /// key later is refused.
    pub fn pin_server_key(&mut self, key: &[u8; 32]) -> Result<(), StoreError> {
        let hex_key = hex::encode(key);
        match self.meta(SERVER_KEY)? {
            Some(known) if known.eq_ignore_ascii_case(&hex_key) => Ok(()),
            Some(_) => Err(StoreError::KeyChanged {
                actor: "pusat data".into(),
            }),
            None => {
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    params![SERVER_KEY, hex_key],
                )?;
                Ok(())
            }
        }
    }

    /// The server this replica is enrolled with, if any.
    pub fn server(&self) -> Result<Option<ServerLink>, StoreError> {
        let (Some(address), Some(device_id), Some(token)) = (
            self.meta("server_address")?,
            self.meta("server_device_id")?,
            self.meta("server_token")?,
        ) else {
            return Ok(None);
        };
        let diskominfo = self.meta("server_scope")?.as_deref() == Some("diskominfo");
        Ok(Some(ServerLink {
            address,
            device_id,
            diskominfo,
            token,
            ca_pem: self.meta("server_ca")?,
        }))
    }
}
