//! Who the hub knows: enrolled devices, the actor each writes under, their
//! keys and the people they certified. Read by every round as a snapshot
//! ([`Registries::read`]), replaced whole by the rare writes, so no round
//! ever waits on another's checks.

use crate::certificate::PersonCertificate;
use crate::keyring::KeyRing;
use crate::refusal::Refusal;
use crate::scope::Device;
use crate::signature::PublicKey;
use simpul_core::DocId;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

#[derive(Debug, Default, Clone)]
pub(crate) struct Registry {
    pub devices: HashMap<String, Device>,
    pub actor_device: HashMap<String, String>,
    /// Each device's public key, by the actor it writes under, and the
    /// people the devices certified.
    pub ring: KeyRing,
    /// The data center's own public key, told once per session.
    pub server_key: Option<[u8; 32]>,
}

impl Registry {
    pub fn add_device(&mut self, device: Device) {
        self.actor_device
            .insert(device.actor.clone(), device.id.clone());
        // A key that does not parse counts as none: the device's changes are refused.
        if let Some(key) = device
            .key
            .as_deref()
            .and_then(|k| PublicKey::from_hex(k).ok())
        {
            self.ring.set_device(&device.actor, key);
        }
        self.devices.insert(device.id.clone(), device);
    }

    pub fn add_certificates(&mut self, certificates: impl IntoIterator<Item = PersonCertificate>) {
        for c in certificates {
            // One whose signature does not hold is left out.
            let _ = self.ring.add_certificate(c);
        }
    }

    pub fn actor_allowed(&self, actor: &str, doc: &DocId) -> bool {
        self.actor_device
            .get(actor)
            .and_then(|d| self.devices.get(d))
            .is_some_and(|d| d.can_write(doc))
    }

    /// An enrolled device that is not revoked.
    pub fn device(&self, device_id: &str) -> Result<Device, Refusal> {
        let device = self
            .devices
            .get(device_id)
            .cloned()
            .ok_or(Refusal::UnknownDevice)?;
        if device.revoked {
            return Err(Refusal::Revoked);
        }
        Ok(device)
    }
}

/// The current registry, shared.
#[derive(Debug, Default)]
pub(crate) struct Registries(RwLock<Arc<Registry>>);

impl Registries {
    /// The registry as it is now.
    pub fn read(&self) -> Arc<Registry> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Changes the registry; rounds already running keep the one they read.
    pub fn write(&self, change: impl FnOnce(&mut Registry)) {
        let mut current = self.0.write().unwrap_or_else(PoisonError::into_inner);
        change(Arc::make_mut(&mut current));
    }
}
