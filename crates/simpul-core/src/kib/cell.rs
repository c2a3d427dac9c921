//! A spreadsheet cell as read from a file, and a row with its own number.

use std::borrow::Cow;

/// One cell: text as written, or a number as the spreadsheet stores it
/// (so `1945235.47` stays a decimal and is never read as thousands).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as a person sees it (a whole number without `.0`).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s.trim()),
            Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                Cow::Owned(format!("{}", *f as i64))
            }
            Cell::Number(f) => Cow::Owned(format!("{f}")),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_owned())
        }
    }
}

/// A row of a sheet with its number in the file (Excel row, CSV line), so
/// every message points where the user looks.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl SheetRow {
    pub fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// Rows of text, numbered from 1 (for tests and simple callers).
pub fn sheet_of(rows: &[&[&str]]) -> Vec<SheetRow> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| SheetRow {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            cells: r.iter().map(|c| Cell::from(*c)).collect(),
        })
        .collect()
}
