//! Enrollment by USB, the device's side: an enrollment file from
//! Diskominfo sets the link up (the data center's key, the OPD, a token
//! the device makes itself), and the device's next bundle carries its
//! answer (name, key, the token's hash). The data center's first bundle
//! back tells the device its id.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::server_link::ServerLink;
use rusqlite::params;
use simpul_sync::bundle::{EnrollAnswer, EnrollFile};

/// The code of an enrollment by file the data center has not answered yet.
const PENDING: &str = "enroll_code_pending";

impl Replica {
    /// Enrolls with an enrollment file: checked whole and signed by the key
    /// it names, not expired, for this device's OPD. The data center's key
    /// is then trusted for its bundles.
    pub fn enroll_from_file(&mut self, bytes: &[u8]) -> Result<EnrollFile, StoreError> {
        let file = EnrollFile::open(bytes)?;
        let profile = self.profile()?.clone();
        let expired = chrono::DateTime::parse_from_rfc3339(&file.expires_at)
            .map_or(true, |t| t < self.clock().now());
        if expired {
            return Err(StoreError::EnrollFileExpired {
                expires_at: file.expires_at,
            });
        }
        if let Some(opd) = file
            .opd
            .as_deref()
            .filter(|o| !o.eq_ignore_ascii_case(&profile.opd_code))
        {
            return Err(StoreError::EnrollFileForOtherOpd {
                file: opd.to_owned(),
                device: profile.opd_code,
            });
        }
        let token = hex::encode(crate::signing::random::<24>()?);
        self.set_server(&ServerLink {
            address: file.server_address.clone().unwrap_or_default(),
            device_id: String::new(),
            diskominfo: file.opd.is_none(),
            token,
            ca_pem: None,
        })?;
        self.pin_server_key(&file.server_key)?;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![PENDING, file.code],
        )?;
        Ok(file)
    }

    /// The answer a bundle carries while an enrollment by file waits.
    pub(crate) fn enroll_answer(&self) -> Result<Option<EnrollAnswer>, StoreError> {
        let (Some(code), Some(link)) = (self.meta(PENDING)?, self.server()?) else {
            return Ok(None);
        };
        Ok(Some(EnrollAnswer {
            code,
            name: self.profile()?.device_name.clone(),
            public_key: self.device_key()?.public_bytes(),
            token_hash: simpul_sync::bundle::secret_hash(&link.token),
        }))
    }

    /// The data center answered the enrollment: this device's id.
    pub(crate) fn enrolled_as(&mut self, device_id: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'server_device_id'",
            params![device_id],
        )?;
        tx.execute("DELETE FROM meta WHERE key = ?1", params![PENDING])?;
        tx.commit()?;
        Ok(())
    }
}
