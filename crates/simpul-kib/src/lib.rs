//! KIB B files. Reading turns a CSV or XLSX file into rows of text cells
//! (what `simpul_core::kib` understands); writing puts assets into a KIB B
//! workbook with its header (OPD, kode lokasi) and the 16 columns.

mod read;
mod write;

pub use read::{read_cells, ReadError};
pub use write::{write_kib_b, KibHeader, WriteError};

/// Files larger than this are refused before reading (a KIB B of 20,000
/// rows is about 5 MB as XLSX).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
