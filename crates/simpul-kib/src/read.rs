//! Reading a spreadsheet into text cells.

use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("berkas {0} tidak dapat dibuka: {1}")]
    Open(String, String),
    #[error("jenis berkas tidak didukung ({0}); gunakan .xlsx, .xls, .ods atau .csv")]
    Unsupported(String),
    #[error("berkas terlalu besar ({0} MB); batasnya {1} MB")]
    TooLarge(u64, u64),
    #[error("berkas tidak memiliki lembar kerja")]
    NoSheet,
    #[error("berkas CSV rusak pada baris {0}: {1}")]
    Csv(u64, String),
    #[error("berkas {0} rusak: isinya tidak dapat dibaca sebagai lembar kerja")]
    Corrupt(String),
}

/// Formats a spreadsheet cell as the text a person sees.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads the first sheet of an XLSX/XLS/ODS file, or a CSV file (comma or
/// semicolon separated, as Indonesian Excel writes it), into text cells.
pub fn read_cells(path: &Path) -> Result<Vec<Vec<String>>, ReadError> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| ReadError::Open(name.clone(), e.to_string()))?
        .len();
    if size > crate::MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(
            size / 1_000_000,
            crate::MAX_FILE_BYTES / 1_000_000,
        ));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" => {
            // calamine can panic on a damaged file (an overflowing cell
            // reference, found by the fuzz harness): a clear error instead.
            std::panic::catch_unwind(|| read_workbook(path, name.clone()))
                .map_err(|_| ReadError::Corrupt(name.clone()))?
        }
        other => Err(ReadError::Unsupported(other.to_owned())),
    }
}

fn read_workbook(path: &Path, name: String) -> Result<Vec<Vec<String>>, ReadError> {
    let mut wb = open_workbook_auto(path).map_err(|e| ReadError::Open(name, e.to_string()))?;
    let sheet = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ReadError::NoSheet)?;
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| ReadError::Open(sheet, e.to_string()))?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect())
}

fn read_csv(path: &Path) -> Result<Vec<Vec<String>>, ReadError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ReadError::Open(path.display().to_string(), e.to_string()))?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(str::to_owned).collect())
                .map_err(|e| ReadError::Csv(e.position().map_or(0, |p| p.line()), e.to_string()))
        })
        .collect()
}
