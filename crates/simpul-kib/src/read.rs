//! Reading a spreadsheet into numbered rows of cells: the first sheet that
//! holds a KIB B table of an XLSX/XLS/ODS workbook, or a CSV file in any
//! separator and encoding Indonesian offices produce.

use calamine::{open_workbook_auto, Data, Reader};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use simpul_core::kib::layout::Layout;
use simpul_core::kib::{Cell, KibTable, SheetRow};
use std::path::Path;

/// Why a file could not be read. Messages are for the user, in Indonesian;
/// the library's own text stays in `source` for the log.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("berkas {0} tidak ditemukan")]
    NotFound(String),
    #[error("berkas {0} tidak dapat dibuka (izin ditolak atau sedang dipakai program lain)")]
    Unreadable(String, #[source] std::io::Error),
    #[error("jenis berkas .{0} tidak didukung; gunakan .xlsx, .xls, .ods atau .csv")]
    Unsupported(String),
    #[error("berkas terlalu besar ({0} MB); batasnya {1} MB")]
    TooLarge(u64, u64),
    #[error("isi berkas terlalu besar setelah dibuka ({0} MB); batasnya {1} MB")]
    Inflated(u64, u64),
    #[error("berkas tidak memiliki lembar kerja")]
    NoSheet,
    #[error("berkas {0} rusak atau bukan lembar kerja Excel/ODS; buka di Excel lalu simpan ulang sebagai .xlsx")]
    Corrupt(String),
    #[error("berkas CSV rusak di baris {0}: periksa tanda kutip (\") yang tidak ditutup")]
    Csv(u64),
    /// The file was read but holds no KIB B table.
    #[error("{0}")]
    NoTable(String),
}

/// Reads a KIB B file into its table (header found, data rows numbered).
pub fn read_table(path: &Path) -> Result<KibTable, ReadError> {
    let sheet = read_sheet(path)?;
    KibTable::read(&sheet).map_err(|e| ReadError::NoTable(e.message))
}

/// Formats a workbook cell: numbers stay numbers, dates become `YYYY-MM-DD`.
fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => Cell::Text(
            dt.as_datetime()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(_) => Cell::Empty,
    }
}

/// Reads the sheet holding the KIB B table (or the first sheet, whose
/// missing header the caller then reports).
pub fn read_sheet(path: &Path) -> Result<Vec<SheetRow>, ReadError> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| io_error(&name, e))?
        .len();
    if size > crate::MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(
            size.div_ceil(1_000_000),
            crate::MAX_FILE_BYTES / 1_000_000,
        ));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| io_error(&name, e))?;
            read_csv_bytes(&bytes)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            if ext != "xls" {
                check_inflated(path)?;
            }
            // calamine can panic on a damaged file (an overflowing cell
            // reference, found by the fuzz harness): a clear error instead.
            std::panic::catch_unwind(|| read_workbook(path, &name))
                .map_err(|_| ReadError::Corrupt(name.clone()))?
        }
        other => Err(ReadError::Unsupported(other.to_owned())),
    }
}

/// Refuses a zipped workbook (XLSX, ODS) whose parts declare more than
/// [`crate::MAX_INFLATED_BYTES`] once inflated. A file that is not a zip is
/// left to the workbook reader, which reports it as damaged.
fn check_inflated(path: &Path) -> Result<(), ReadError> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let total: u64 = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if total > crate::MAX_INFLATED_BYTES {
        return Err(ReadError::Inflated(
            total / 1_000_000,
            crate::MAX_INFLATED_BYTES / 1_000_000,
        ));
    }
    Ok(())
}

fn io_error(name: &str, e: std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(name.to_owned()),
        _ => ReadError::Unreadable(name.to_owned(), e),
    }
}

fn read_workbook(path: &Path, name: &str) -> Result<Vec<SheetRow>, ReadError> {
    let mut wb = open_workbook_auto(path).map_err(|_| ReadError::Corrupt(name.to_owned()))?;
    let mut first = None;
    for sheet in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&sheet) else {
            continue;
        };
        // Rows are numbered as Excel shows them, wherever the used range starts.
        let top = range.start().map_or(0, |(r, _)| r);
        let rows: Vec<SheetRow> = range
            .rows()
            .enumerate()
            .map(|(i, r)| SheetRow {
                number: top + u32::try_from(i).unwrap_or(u32::MAX - top) + 1,
                cells: r.iter().map(cell_of).collect(),
            })
            .collect();
        if Layout::find(&rows).is_some() {
            return Ok(rows);
        }
        if first.is_none() && !rows.is_empty() {
            first = Some(rows);
        }
    }
    first.ok_or(ReadError::NoSheet)
}

/// Decodes a CSV: a byte-order mark decides (UTF-8, UTF-16), else UTF-8
/// when the bytes are valid UTF-8, else Windows-1252 (what Excel on an
/// Indonesian Windows writes).
pub fn decode_text(bytes: &[u8]) -> String {
    let (encoding, bom) = Encoding::for_bom(bytes).unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            (UTF_8, 0)
        } else {
            (WINDOWS_1252, 0)
        }
    });
    let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
    text.into_owned()
}

/// Reads CSV bytes with the separator that yields a KIB B header (the
/// title lines above it may hold none), else the one giving most columns.
pub fn read_csv_bytes(bytes: &[u8]) -> Result<Vec<SheetRow>, ReadError> {
    let text = decode_text(bytes);
    let mut best: Option<(usize, Vec<SheetRow>)> = None;
    for sep in [b';', b',', b'\t', b'|'] {
        let rows = match parse_csv(&text, sep) {
            Ok(rows) => rows,
            Err(e) => {
                if best.is_none() && sep == b'|' {
                    return Err(e);
                }
                continue;
            }
        };
        let score = match Layout::find(&rows) {
            Some(l) => 1000 + l.columns.len(),
            None => rows
                .iter()
                .take(50)
                .map(|r| r.cells.len())
                .max()
                .unwrap_or(0),
        };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, rows));
        }
    }
    Ok(best.map(|(_, rows)| rows).unwrap_or_default())
}

fn parse_csv(text: &str, sep: u8) -> Result<Vec<SheetRow>, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    reader
        .records()
        .map(|r| {
            let rec = r.map_err(|e| {
                ReadError::Csv(
                    e.position()
                        .map_or(0, |p| u64::from(lines.line_at(p.byte()))),
                )
            })?;
            let line = rec.position().map_or(0, |p| lines.line_at(p.byte()));
            Ok(SheetRow {
                number: line,
                cells: rec.iter().map(Cell::from).collect(),
            })
        })
        .collect()
}

/// Line numbers of byte offsets, counted as an editor shows them (the csv
/// crate's own count goes wrong with CRLF endings and blank lines).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `byte` that is not a
    /// line break (a record's position may point at the blank lines before
    /// it). Offsets must not go backwards.
    fn line_at(&mut self, byte: u64) -> u32 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.at {
            return self.line;
        }
        let newlines = self.bytes[self.at..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += u32::try_from(newlines).unwrap_or(u32::MAX);
        self.at = start;
        self.line
    }
}
