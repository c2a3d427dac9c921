//! The conflict inbox and the one-click actions that settle its entries.

use crate::Service;
use simpul_core::checks::Conflict;
use simpul_core::ApiError;
use simpul_store::FieldConflict;

impl Service {
    pub fn conflicts(&self) -> Result<Vec<Conflict>, ApiError> {
        Ok(self.replica()?.conflicts()?)
    }

    /// The inbox entries that involve one asset or cable.
    pub fn conflicts_of(&self, record_id: &str) -> Result<Vec<Conflict>, ApiError> {
        Ok(self.replica()?.conflicts_of(record_id)?)
    }

    /// The fields of an asset that two devices changed concurrently.
    pub fn asset_conflicts(&self, id: &str) -> Result<Vec<FieldConflict>, ApiError> {
        Ok(self.replica()?.asset_conflicts(id)?)
    }

    /// Settles a conflicted field of an asset or a cable with the value the
    /// user picked.
    pub fn conflict_settle(&self, id: &str, field: &str, value: &str) -> Result<(), ApiError> {
        self.replica()?.settle_conflict(id, field, value)?;
        self.edited();
        Ok(())
    }

    /// Gives an asset the next free address of its OPD's pools.
    pub fn conflict_reassign_ip(&self, asset_id: &str) -> Result<String, ApiError> {
        let ip = self.replica()?.reassign_ip(asset_id)?;
        self.edited();
        Ok(ip)
    }

    /// Gives an asset the next nomor register of its kode barang in its OPD.
    pub fn conflict_renumber(&self, asset_id: &str) -> Result<String, ApiError> {
        let a = self.replica()?.renumber_register(asset_id)?;
        self.edited();
        Ok(a.nomor_register)
    }

    /// Gives a cable the next free code.
    pub fn conflict_recode(&self, cable_id: &str) -> Result<String, ApiError> {
        let c = self.replica()?.recode_cable(cable_id)?;
        self.edited();
        Ok(c.code)
    }

    /// Gives a node the next free code of its room (settles two nodes with
    /// one code); returns the new code.
    pub fn conflict_rename_node(&self, node_id: &str) -> Result<String, ApiError> {
        let n = self.replica()?.rename_node(node_id)?;
        self.edited();
        Ok(n.code)
    }

    /// Gives a room the next free code on its floor (settles two rooms
    /// with one code); returns the new short code.
    pub fn conflict_rename_room(&self, room_id: &str) -> Result<String, ApiError> {
        let r = self.replica()?.rename_room(room_id)?;
        self.edited();
        Ok(r.short_code())
    }

    /// Marks a cable removed, freeing its ports (settles a port with two
    /// cables).
    pub fn conflict_retire_cable(&self, cable_id: &str) -> Result<String, ApiError> {
        let c = self.replica()?.retire_cable(cable_id)?;
        self.edited();
        Ok(c.code)
    }
}
