//! What an import did or would do, as the UI and the command line show it:
//! exact counts, and the rows behind them (lists capped for the screen).

use super::plan::ImportPlan;
use super::RowError;
use serde::{Deserialize, Serialize};
use specta::Type;

/// How many entries of each list a summary carries; counts stay exact.
pub const LIST_LIMIT: usize = 1000;

/// One cell an import changes: the file's column header, old and new value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CellChange {
    pub column: String,
    pub old: String,
    pub new: String,
}

/// A note about a row (a converted code, a rounded price), or about the
/// file when `row` is 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RowNote {
    pub row: u32,
    pub message: String,
}

impl RowNote {
    pub fn file(message: String) -> RowNote {
        RowNote { row: 0, message }
    }
}

/// A row left out because it is not ICT equipment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SkippedRow {
    pub row: u32,
    pub kode: String,
    pub nama: String,
    pub reason: String,
}

/// A row that adds an asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AddedRow {
    pub row: u32,
    pub kode_barang: String,
    pub nama: String,
    pub nomor_register: String,
    pub harga: Option<i64>,
}

/// A row that changes an existing asset, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RowChanges {
    pub row: u32,
    pub nama: String,
    pub nomor_register: String,
    pub changes: Vec<CellChange>,
}

/// The preview of an import, or its result when `stored` is true.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportSummary {
    /// False for a preview (dry run), true once written.
    pub stored: bool,
    /// Data rows read below the header.
    pub rows: u32,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub skipped: u32,
    /// Old or missing codes converted to 108 codes.
    pub converted: u32,
    /// New assets given the next free nomor register.
    pub numbered: u32,
    pub added_rows: Vec<AddedRow>,
    pub updates: Vec<RowChanges>,
    pub skipped_rows: Vec<SkippedRow>,
    pub errors: Vec<RowError>,
    pub notes: Vec<RowNote>,
    pub unknown_columns: Vec<String>,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ImportPlan {
    pub fn summary(&self, stored: bool) -> ImportSummary {
        ImportSummary {
            stored,
            rows: self.rows,
            added: count(self.added.len()),
            updated: count(self.updated.len()),
            unchanged: count(self.unchanged.len()),
            skipped: count(self.skipped.len()),
            converted: self.converted,
            numbered: self.numbered,
            added_rows: self
                .added
                .iter()
                .take(LIST_LIMIT)
                .map(|(row, a)| AddedRow {
                    row: *row,
                    kode_barang: a.kode_barang.clone(),
                    nama: a.nama.clone(),
                    nomor_register: a.nomor_register.clone(),
                    harga: a.harga,
                })
                .collect(),
            updates: self
                .updated
                .iter()
                .take(LIST_LIMIT)
                .map(|u| RowChanges {
                    row: u.row,
                    nama: u.asset.nama.clone(),
                    nomor_register: u.asset.nomor_register.clone(),
                    changes: u.changes.clone(),
                })
                .collect(),
            skipped_rows: self.skipped.iter().take(LIST_LIMIT).cloned().collect(),
            errors: self.errors.iter().take(LIST_LIMIT).cloned().collect(),
            notes: self.notes.iter().take(LIST_LIMIT).cloned().collect(),
            unknown_columns: self.unknown_columns.clone(),
        }
    }
}
