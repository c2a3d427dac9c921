//! Finding the table in a sheet: the header row under the title block, or
//! two header rows where a merged cell ("Nomor") stands over several
//! ("Register", "Pabrik", "Rangka", ...).

use super::cell::{Cell, SheetRow};
use super::column::{normalize, Column};

/// How many rows from the top the header may start (title blocks are long).
const HEADER_SEARCH_ROWS: usize = 40;

/// The table's columns, found in the header row(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Index of the first header row in the sheet's rows.
    pub header_at: usize,
    /// 1 or 2 header rows.
    pub header_rows: usize,
    /// For each cell index: the column it holds and its header as written.
    pub columns: Vec<(usize, Column, String)>,
    /// Headers Simpul does not know, as written.
    pub unknown: Vec<String>,
    /// Headers naming a column already taken by one to their left.
    pub repeated: Vec<String>,
}

impl Layout {
    /// The first header (one or two rows) with a name column and at least
    /// two other known columns.
    pub fn find(rows: &[SheetRow]) -> Option<Layout> {
        (0..rows.len().min(HEADER_SEARCH_ROWS)).find_map(|h| {
            let one = Self::read(rows, h, 1);
            let two = Self::read(rows, h, 2);
            match (one, two) {
                (Some(a), Some(b)) if b.columns.len() > a.columns.len() => Some(b),
                (Some(a), _) => Some(a),
                (None, b) => b,
            }
        })
    }

    /// The cell index and header of a column, if the file has it.
    pub fn index_of(&self, c: Column) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(_, col, _)| *col == c)
            .map(|(i, _, h)| (*i, h.as_str()))
    }

    pub fn has(&self, c: Column) -> bool {
        self.index_of(c).is_some()
    }

    /// Whether a row repeats the header (printed on every page).
    /// Every data row asks, so it stops as soon as the answer is no: a
    /// number is never a header, and once one filled cell is not a header
    /// the row needs half the table's columns among the cells left.
    pub fn is_header_again(&self, row: &SheetRow) -> bool {
        let half = self.columns.len().div_ceil(2);
        let (mut known, mut all_known) = (0, true);
        for (i, cell) in row.cells.iter().enumerate() {
            let header = match cell {
                Cell::Text(s) if !s.trim().is_empty() => Column::from_header(s).is_some(),
                Cell::Number(_) => false,
                _ => continue,
            };
            if header {
                known += 1;
            } else {
                all_known = false;
            }
            if !all_known && known + (row.cells.len() - i - 1) < half {
                return false;
            }
        }
        known >= 3 && (all_known || known >= half)
    }

    fn read(rows: &[SheetRow], h: usize, n: usize) -> Option<Layout> {
        let top = rows.get(h).filter(|r| !r.is_blank())?;
        let bottom = if n == 2 { Some(rows.get(h + 1)?) } else { None };
        if bottom.is_some_and(|b| is_numbering(b) || b.is_blank()) {
            return None;
        }
        let width = top.cells.len().max(bottom.map_or(0, |b| b.cells.len()));
        let mut carried = String::new();
        let mut layout = Layout {
            header_at: h,
            header_rows: n,
            columns: Vec::new(),
            unknown: Vec::new(),
            repeated: Vec::new(),
        };
        for i in 0..width {
            let upper = top.cell(i).text().into_owned();
            if !upper.is_empty() {
                carried = upper.clone();
            }
            let lower = bottom
                .map(|b| b.cell(i).text().into_owned())
                .unwrap_or_default();
            let (column, header) = if lower.is_empty() {
                (Column::from_header(&upper), upper)
            } else {
                let joined = format!("{carried} {lower}");
                match Column::from_header(&joined) {
                    Some(c) => (Some(c), joined),
                    None => (Column::from_header(&lower), lower),
                }
            };
            match column {
                Some(Column::Ignored) => {}
                Some(c) if layout.has(c) => layout.repeated.push(header),
                Some(c) => layout.columns.push((i, c, header)),
                None if !header.is_empty() && !is_number(&header) => layout.unknown.push(header),
                None => {}
            }
        }
        let known = layout
            .columns
            .iter()
            .filter(|(_, c, _)| *c != Column::No)
            .count();
        (layout.has(Column::Nama) && known >= 3).then_some(layout)
    }
}

fn is_number(s: &str) -> bool {
    let s = s.trim_matches(|c| c == '(' || c == ')');
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A row of column numbers (1, 2, 3, ... or (1), (2), ...), as SIMDA prints
/// under the header.
pub fn is_numbering(row: &SheetRow) -> bool {
    let numbers: Vec<u32> = row
        .cells
        .iter()
        .filter(|c| !c.is_blank())
        .map(|c| {
            let t = c.text();
            let t = t.trim_matches(|c| c == '(' || c == ')');
            t.parse::<u32>().unwrap_or(0)
        })
        .collect();
    numbers.len() >= 3 && numbers[0] == 1 && numbers.windows(2).all(|w| w[1] == w[0] + 1)
}

/// A total row ("Jumlah", "Jumlah per halaman", "Total", "Sub Total").
pub fn is_total(row: &SheetRow) -> bool {
    row.cells.iter().filter(|c| !c.is_blank()).take(3).any(|c| {
        let n = normalize(&c.text());
        n.starts_with("jumlah") || n.starts_with("total") || n.starts_with("subtotal")
    })
}

#[cfg(test)]
mod tests {
    use super::super::cell::sheet_of;
    use super::*;

    #[test]
    fn merged_nomor_over_six_columns() {
        let rows = sheet_of(&[
            &["KARTU INVENTARIS BARANG (KIB) B"],
            &[],
            &[
                "No",
                "Kode Barang",
                "Nama / Jenis Barang",
                "Nomor",
                "",
                "",
                "",
                "",
                "",
                "Merk/Type",
                "Harga (Rp)",
            ],
            &[
                "", "", "", "Register", "Pabrik", "Rangka", "Mesin", "Polisi", "BPKB", "", "",
            ],
            &["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"],
        ]);
        let l = Layout::find(&rows).expect("header");
        assert_eq!((l.header_at, l.header_rows), (2, 2));
        assert_eq!(l.index_of(Column::Register), Some((3, "Nomor Register")));
        assert_eq!(l.index_of(Column::Bpkb), Some((8, "Nomor BPKB")));
        assert_eq!(l.index_of(Column::Merk), Some((9, "Merk/Type")));
        assert!(is_numbering(&rows[4]));
    }

    #[test]
    fn one_row_header_with_unknown_columns() {
        let rows = sheet_of(&[
            &[
                "No",
                "Kode Barang",
                "Nama Barang",
                "Register",
                "Warna",
                "Harga",
            ],
            &[
                "1",
                "1.3.2.10.01.02.002",
                "Laptop",
                "0001",
                "Hitam",
                "5000000",
            ],
        ]);
        let l = Layout::find(&rows).expect("header");
        assert_eq!(l.header_rows, 1);
        assert_eq!(l.unknown, vec!["Warna".to_owned()]);
        assert!(!is_numbering(&rows[1]));
    }

    #[test]
    fn header_printed_again_on_the_next_page() {
        let top: &[&str] = &[
            "No",
            "Kode Barang",
            "Nama / Jenis Barang",
            "Nomor",
            "",
            "",
            "",
            "",
            "",
            "Merk/Type",
            "Ukuran / CC",
            "Bahan",
            "Tahun Pembelian",
            "Asal Usul",
            "Harga (Rp)",
            "Keterangan",
        ];
        let bottom: &[&str] = &[
            "", "", "", "Register", "Pabrik", "Rangka", "Mesin", "Polisi", "BPKB",
        ];
        let rows = sheet_of(&[top, bottom]);
        let l = Layout::find(&rows).expect("header");
        assert_eq!(l.header_rows, 2);
        assert!(l.is_header_again(&rows[0]));
        assert!(l.is_header_again(&rows[1]));
        let data = sheet_of(&[
            &[
                "1",
                "1.3.2.10.01.02.002",
                "Laptop",
                "0001",
                "PF3XK9Q2",
                "",
                "",
                "",
                "",
                "Lenovo",
                "",
                "",
                "2022",
                "Pembelian",
                "5000000",
                "",
            ],
            // Header words in a few cells of a data row.
            &[
                "2", "", "Bahan", "Register", "Kondisi", "", "", "", "", "Merk", "", "", "2021",
            ],
        ]);
        assert!(!l.is_header_again(&data[0]));
        assert!(!l.is_header_again(&data[1]));
        // A number among header words is a data row.
        let mut short = sheet_of(&[&["Kode Barang", "Register", "Merk/Type"]]);
        assert!(l.is_header_again(&short[0]));
        short[0].cells.push(super::super::cell::Cell::Number(7.0));
        assert!(!l.is_header_again(&short[0]));
    }
}
