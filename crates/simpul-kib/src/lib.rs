//! KIB B files. Reading turns a CSV or XLSX file into numbered rows of cells
//! (what `simpul_core::kib` understands); writing puts assets into a KIB B
//! workbook (one sheet per OPD, with its header: kode lokasi, nama UPB) or
//! a CSV file, with the 16 columns and the ICT columns after them.

mod cache;
mod read;
mod write;

pub use cache::TableCache;
pub use read::{decode_text, read_csv_bytes, read_sheet, read_table, ReadError};
pub use write::{write_kib_b, write_kib_csv, WriteError};

/// Files larger than this are refused before reading (a KIB B of 20,000
/// rows is about 5 MB as XLSX).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A workbook whose parts would inflate beyond this is refused before it is
/// read (a 20,000-row sheet is about 20 MB of XML; a zip bomb is gigabytes).
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;
