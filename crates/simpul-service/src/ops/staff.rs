//! Console accounts: adding them, signing in with a password, and running
//! one operation as the signed-in person.

use crate::Service;
use simpul_core::staff::{StaffInput, StaffRole};
use simpul_core::{ApiError, ErrorCode};
use simpul_store::{Signer, StaffView, StoreError};

/// A console sign-in that succeeded.
#[derive(Debug, Clone)]
pub struct StaffSignedIn {
    pub role: StaffRole,
    pub signer: Signer,
}

impl Service {
    pub fn staff_add(&self, input: &StaffInput) -> Result<StaffView, ApiError> {
        Ok(self.configured()?.add_staff(input)?)
    }

    pub fn staff(&self) -> Result<Vec<StaffView>, ApiError> {
        Ok(self.configured()?.staff()?)
    }

    /// Checks a console account's password. Whether the NIP exists is not
    /// told apart from a wrong password.
    pub fn staff_sign_in(&self, nip: &str, password: &str) -> Result<StaffSignedIn, ApiError> {
        let wrong = || ApiError::new(ErrorCode::SignIn, "NIP atau kata sandi salah.");
        match self.configured()?.staff_sign_in(nip, password) {
            Ok((role, signer)) => Ok(StaffSignedIn { role, signer }),
            Err(StoreError::PinLocked { minutes }) => Err(ApiError::new(
                ErrorCode::SignIn,
                format!("Terlalu banyak percobaan salah; akun terkunci {minutes} menit."),
            )),
            Err(
                StoreError::NotFound(_)
                | StoreError::WrongPin { .. }
                | StoreError::Validation(_)
                | StoreError::BadKey,
            ) => Err(wrong()),
            Err(e) => Err(e.into()),
        }
    }

    /// Runs `work` with every write signed by `signer`; other console
    /// requests wait, and no one is left acting afterwards.
    pub fn acting_as<T>(&self, signer: &Signer, work: impl FnOnce(&Service) -> T) -> T {
        let _gate = self
            .acting_gate()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Ok(mut r) = self.replica() {
            r.act_as(Some(signer));
        }
        let out = work(self);
        if let Ok(mut r) = self.replica() {
            r.act_as(None);
        }
        out
    }
}
