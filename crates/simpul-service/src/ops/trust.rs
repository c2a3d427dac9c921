//! Trust: the device's signing key, a re-check of what it signed, and
//! the history of any record with who signed each change.

use crate::Service;
use simpul_core::ApiError;
use simpul_store::VerifyReport;

impl Service {
    /// Re-reads every stored document and checks the signature of each
    /// change this device wrote (`simpul verify`).
    pub fn verify_signatures(&self) -> Result<VerifyReport, ApiError> {
        Ok(self.configured()?.verify_signatures()?)
    }

    /// The device's public key (hex), registered with the data center.
    pub fn public_key(&self) -> Result<Option<String>, ApiError> {
        Ok(self.configured()?.public_key()?)
    }
}

impl Service {
    /// The change history of a record, each change naming who signed it.
    pub fn record_history(
        &self,
        kind: simpul_core::checks::RecordKind,
        id: &str,
    ) -> Result<Vec<simpul_core::history::HistoryEntry>, ApiError> {
        Ok(self.configured()?.record_history(kind, id)?)
    }
}
