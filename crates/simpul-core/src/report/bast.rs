//! The Berita Acara Serah Terima (BAST): a handover with the assets it
//! moved, as printed and signed by both parties and the witness.

use super::kir::KirRow;
use crate::handover::Handover;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BastData {
    pub regency: String,
    pub opd_name: String,
    /// Where it is signed.
    pub place: String,
    pub handover: Handover,
    /// The assets, as the room card lists them.
    pub rows: Vec<KirRow>,
}
