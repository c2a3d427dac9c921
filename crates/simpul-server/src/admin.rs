//! Diskominfo's administration: OPDs, enrollment codes, devices.

use crate::credentials;
use crate::error::ServerError;
use crate::store::{Enrolled, HubStore};
use chrono::{Duration, Utc};
use simpul_core::regency::OpdEntryInput;
use simpul_sync::{Device, Scope};

/// A freshly issued code: shown once, stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollCode {
    pub code: String,
    pub scope: Scope,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeviceInfo {
    pub id: String,
    pub name: String,
    /// The OPD code, or `DISKOMINFO` for a Diskominfo device.
    pub scope: String,
    pub actor: String,
    pub enrolled_at: String,
    pub revoked: bool,
    /// The fingerprint of its signing key, once registered.
    pub key_fingerprint: Option<String>,
    /// When it last reached the data center (RFC 3339).
    pub last_sync_at: Option<String>,
}

/// Admin operations on a server store.
pub struct Admin<'a> {
    store: &'a mut dyn HubStore,
}

impl std::fmt::Debug for Admin<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Admin")
    }
}

impl<'a> Admin<'a> {
    pub fn new(store: &'a mut dyn HubStore) -> Admin<'a> {
        Admin { store }
    }

    pub(crate) fn store(&self) -> &dyn HubStore {
        &*self.store
    }

    pub fn add_opd(&mut self, code: &str, name: &str) -> Result<(), ServerError> {
        let entry = OpdEntryInput {
            code: code.into(),
            name: name.into(),
        }
        .validate()
        .map_err(|e| ServerError::BadRequest(e.to_string()))?;
        Ok(self.store.add_opd(&entry.code, &entry.name)?)
    }

    pub fn opds(&self) -> Result<Vec<(String, String)>, ServerError> {
        Ok(self.store.opds()?)
    }

    /// Issues a one-time code for an OPD (or Diskominfo when `opd` is None).
    pub fn enroll_code(
        &mut self,
        opd: Option<&str>,
        valid_hours: i64,
    ) -> Result<EnrollCode, ServerError> {
        let scope = match opd {
            Some(o) => {
                let o = o.trim().to_uppercase();
                if !self.store.opd_exists(&o)? {
                    return Err(ServerError::BadRequest(format!(
                        "OPD {o} belum terdaftar; tambahkan dulu dengan `simpul admin opd add`"
                    )));
                }
                Scope::Opd(o)
            }
            None => Scope::Diskominfo,
        };
        let code = credentials::new_code();
        let expires_at = (Utc::now() + Duration::hours(valid_hours.clamp(1, 24 * 30))).to_rfc3339();
        self.store
            .add_code(&credentials::hash(&code), &scope, &expires_at)?;
        Ok(EnrollCode {
            code,
            scope,
            expires_at,
        })
    }

    /// Redeems a code for a new device; returns the device and its token.
    pub fn enroll(
        &mut self,
        code: &str,
        name: &str,
        actor: &str,
        key: Option<&str>,
    ) -> Result<(Device, String), ServerError> {
        let token = credentials::new_token();
        let device = self.enroll_with(code, name, actor, key, &credentials::hash(&token))?;
        Ok((device, token))
    }

    /// Redeems a code for a device that made its own token and sent only
    /// its hash (enrollment by file: nothing secret travels on the stick).
    pub fn enroll_with(
        &mut self,
        code: &str,
        name: &str,
        actor: &str,
        key: Option<&str>,
        token_hash: &str,
    ) -> Result<Device, ServerError> {
        if name.trim().is_empty()
            || actor.len() < 16
            || !actor.chars().all(|c| c.is_ascii_hexdigit())
        {
            return Err(ServerError::BadRequest(
                "nama perangkat dan actor id wajib diisi".into(),
            ));
        }
        let key = key.map(|k| k.trim().to_ascii_lowercase());
        if let Some(k) = &key {
            simpul_sync::signature::PublicKey::from_hex(k)
                .map_err(|e| ServerError::BadRequest(e.to_string()))?;
        }
        let now = Utc::now().to_rfc3339();
        let make = |scope| Device {
            id: uuid::Uuid::now_v7().to_string(),
            actor: actor.to_ascii_lowercase(),
            scope,
            revoked: false,
            key: key.clone(),
        };
        match self.store.enroll(
            &credentials::hash(code),
            &now,
            name.trim(),
            token_hash,
            &make,
        )? {
            Enrolled::Done(device) => Ok(device),
            Enrolled::BadCode => Err(ServerError::BadCode),
            Enrolled::ActorTaken => Err(ServerError::ActorTaken),
        }
    }

    /// A credential for uploading bundles to the running server, valid for
    /// `valid_minutes` (whoever can write the server's database may upload).
    pub fn upload_token(&mut self, valid_minutes: i64) -> Result<String, ServerError> {
        let token = credentials::new_token();
        let expires_at =
            (Utc::now() + Duration::minutes(valid_minutes.clamp(1, 24 * 60))).to_rfc3339();
        self.store
            .add_upload_token(&credentials::hash(&token), &expires_at)?;
        Ok(token)
    }

    pub fn devices(&self) -> Result<Vec<DeviceInfo>, ServerError> {
        Ok(self
            .store
            .devices()?
            .into_iter()
            .map(|r| DeviceInfo {
                id: r.device.id,
                name: r.name,
                scope: match r.device.scope {
                    Scope::Opd(o) => o,
                    Scope::Diskominfo => "DISKOMINFO".into(),
                },
                actor: r.device.actor,
                enrolled_at: r.enrolled_at,
                revoked: r.device.revoked,
                key_fingerprint: r
                    .device
                    .key
                    .as_deref()
                    .map(simpul_sync::signature::fingerprint),
                last_sync_at: r.last_sync_at,
            })
            .collect())
    }

    pub fn revoke(&mut self, device_id: &str) -> Result<bool, ServerError> {
        Ok(self.store.revoke(device_id)?)
    }
}
