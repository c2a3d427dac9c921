//! KIB B ("Kartu Inventaris Barang B: Peralatan dan Mesin") as a table of
//! cells: finding the table under a title block ([`layout`]), reading its
//! rows ([`table`]), deciding what each row does to the OPD's assets
//! ([`plan`], the same for a preview and an import), and the cells of an
//! export ([`export`]). File formats (CSV, XLSX) are read and written by
//! `simpul-kib`; this module sees only cells.

pub mod cell;
pub mod column;
pub mod export;
pub mod layout;
mod matching;
pub mod plan;
pub mod summary;
pub mod table;

pub use cell::{Cell, SheetRow};
pub use column::{Column, ICT_COLUMNS, KIB_B_COLUMNS};
pub use export::{KibSheet, KibUnit};
pub use plan::{plan, ImportContext, ImportPlan, RowUpdate};
pub use summary::{CellChange, ImportSummary, RowNote, SkippedRow};
pub use table::{KibRow, KibTable};

use serde::{Deserialize, Serialize};
use specta::Type;

/// A problem with one row (or with the file when `row` is 0). `field` is
/// the column header as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub message: String,
}
