//! A KIB B sheet read into its table: the layout, and each data row with
//! the cells of the columns Simpul knows. Title blocks, numbering rows,
//! repeated page headers, total rows and blank lines are left out here.

use super::cell::{Cell, SheetRow};
use super::column::Column;
use super::layout::{is_numbering, is_total, Layout};
use super::RowError;

/// A data row: its number in the file and its cells by column.
#[derive(Debug, Clone, PartialEq)]
pub struct KibRow {
    pub row: u32,
    cells: Vec<(Column, Cell)>,
}

impl KibRow {
    /// The cell of a column (empty when the file has no such column).
    pub fn get(&self, c: Column) -> &Cell {
        self.cells
            .iter()
            .find(|(col, _)| *col == c)
            .map_or(&Cell::Empty, |(_, v)| v)
    }

    /// The cell's text, trimmed.
    pub fn text(&self, c: Column) -> String {
        self.get(c).text().into_owned()
    }
}

/// The table of a KIB B sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct KibTable {
    pub layout: Layout,
    pub rows: Vec<KibRow>,
}

impl KibTable {
    /// Finds the header and reads every data row below it.
    pub fn read(sheet: &[SheetRow]) -> Result<KibTable, RowError> {
        let layout = Layout::find(sheet).ok_or_else(|| RowError {
            row: 0,
            field: String::new(),
            message: "Baris judul tabel KIB B tidak ditemukan: berkas harus punya kolom \"Nama/Jenis Barang\" dan sedikitnya dua kolom KIB B lain (mis. \"Kode Barang\", \"Nomor Register\", \"Harga\") di 40 baris pertama.".into(),
        })?;
        let first = layout.header_at + layout.header_rows;
        let key = [
            Column::KodeBarang,
            Column::Nama,
            Column::Register,
            Column::Harga,
            Column::HargaRibu,
            Column::Id,
        ];
        let rows = sheet
            .iter()
            .skip(first)
            .filter(|r| {
                !r.is_blank() && !is_numbering(r) && !is_total(r) && !layout.is_header_again(r)
            })
            .map(|r| KibRow {
                row: r.number,
                cells: layout
                    .columns
                    .iter()
                    .map(|(i, c, _)| (*c, r.cell(*i).clone()))
                    .collect(),
            })
            // Signature blocks and notes under the table fill no key column.
            .filter(|r| key.iter().any(|c| !r.get(*c).is_blank()))
            .collect();
        Ok(KibTable { layout, rows })
    }

    /// The column that fills an asset field: the one the file has, else the
    /// first that could.
    pub fn column_of_field(&self, field: &str) -> Option<Column> {
        Column::of_field(field)
            .find(|c| self.layout.has(*c))
            .or_else(|| Column::of_field(field).next())
    }

    /// The header of a column as the file writes it, or Simpul's own.
    pub fn header(&self, c: Column) -> String {
        self.layout
            .index_of(c)
            .map_or_else(|| c.header().to_owned(), |(_, h)| h.to_owned())
    }
}
