//! Lifecycle status of an asset. Records are never deleted: disposal
//! (penghapusan) is a status with a reason, so history and sync stay whole.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    #[default]
    Aktif,
    Dipinjam,
    Diperbaiki,
    /// Disposed (penghapusan); needs a reason.
    Dihapus,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 4] = [
        Lifecycle::Aktif,
        Lifecycle::Dipinjam,
        Lifecycle::Diperbaiki,
        Lifecycle::Dihapus,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Lifecycle::Aktif => "Aktif",
            Lifecycle::Dipinjam => "Dipinjam",
            Lifecycle::Diperbaiki => "Diperbaiki",
            Lifecycle::Dihapus => "Dihapus",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Aktif => "aktif",
            Lifecycle::Dipinjam => "dipinjam",
            Lifecycle::Diperbaiki => "diperbaiki",
            Lifecycle::Dihapus => "dihapus",
        }
    }
}

crate::labelled!(Lifecycle, Lifecycle::ALL, {
    Lifecycle::Aktif => "Active",
    Lifecycle::Dipinjam => "On loan",
    Lifecycle::Diperbaiki => "Under repair",
    Lifecycle::Dihapus => "Disposed",
});
