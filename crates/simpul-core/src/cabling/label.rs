//! What a cable's label says: its code and the addresses of both ends.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Both ends of a cable carry the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CableLabel {
    pub cable_id: String,
    pub code: String,
    pub a: String,
    pub b: String,
}

impl CableLabel {
    /// `A <> B`, the kode alamat antarnode of the cable.
    pub fn text(&self) -> String {
        format!("{} <> {}", self.a, self.b)
    }
}
