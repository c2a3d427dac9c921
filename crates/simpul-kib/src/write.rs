//! Writing KIB B: an XLSX workbook with one sheet per OPD (title block,
//! header, column numbers, rows, total), or a CSV file.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use simpul_core::kib::export::{export_columns, export_row};
use simpul_core::kib::{Cell, Column, KibSheet, KIB_B_COLUMNS};
use simpul_core::{Asset, Room};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("gagal menulis berkas KIB B: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("gagal menulis berkas: {0}")]
    Io(#[from] std::io::Error),
    #[error("gagal menulis CSV: {0}")]
    Csv(#[from] csv::Error),
}

fn room_of<'a>(rooms: &'a [Room], a: &Asset) -> Option<&'a Room> {
    rooms.iter().find(|r| r.id == a.room_id)
}

/// Column widths of the export, in its column order.
fn width(c: Column) -> f64 {
    match c {
        Column::No => 5.0,
        Column::KodeBarang | Column::Pabrik | Column::AsalUsul | Column::Ruangan => 20.0,
        Column::Nama | Column::Merk | Column::Pemegang | Column::Mac => 24.0,
        Column::Keterangan | Column::Id => 36.0,
        Column::Nip | Column::Harga => 16.0,
        _ => 12.0,
    }
}

/// Writes the sheets as a KIB B workbook; `progress(done, total)` is called
/// as rows are written.
pub fn write_kib_b(
    path: &Path,
    sheets: &[KibSheet],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), WriteError> {
    let total: usize = sheets.iter().map(|s| s.assets.len()).sum();
    let mut done = 0;
    let mut wb = Workbook::new();
    let formats = Formats::new();
    for s in sheets {
        let sheet = wb.add_worksheet();
        let name = if sheets.len() == 1 {
            "KIB B".to_owned()
        } else {
            // Sheet names: at most 31 characters, unique per OPD code.
            format!("KIB B {}", s.unit.opd_code)
                .chars()
                .take(31)
                .collect()
        };
        sheet.set_name(&name)?;
        write_sheet(sheet, s, &formats, &mut |n| {
            progress(done + n, total);
        })?;
        done += s.assets.len();
    }
    if sheets.is_empty() {
        wb.add_worksheet().set_name("KIB B")?;
    }
    wb.save(path)?;
    progress(total, total);
    Ok(())
}

struct Formats {
    title: Format,
    head: Format,
    cell: Format,
    money: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(13)
                .set_align(FormatAlign::Center),
            head: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color("#DDE7F0"),
            cell: Format::new().set_border(FormatBorder::Thin),
            money: Format::new()
                .set_border(FormatBorder::Thin)
                .set_num_format("#,##0"),
        }
    }
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn write_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    s: &KibSheet,
    f: &Formats,
    progress: &mut dyn FnMut(usize),
) -> Result<(), WriteError> {
    let columns: Vec<Column> = export_columns().collect();
    let last_kib = col(KIB_B_COLUMNS.len() - 1);
    sheet.merge_range(
        0,
        0,
        0,
        last_kib,
        "KARTU INVENTARIS BARANG (KIB) B",
        &f.title,
    )?;
    sheet.merge_range(1, 0, 1, last_kib, "PERALATAN DAN MESIN", &f.title)?;
    let u = &s.unit;
    for (r, label, value) in [
        (3, "Kabupaten", s.regency.as_str()),
        (4, "Nama UPB", u.nama_upb.as_str()),
        (5, "Kode Lokasi", u.kode_lokasi.as_str()),
    ] {
        sheet.write_string(r, 0, label)?;
        sheet.write_string(r, 2, value)?;
    }
    let top = 7u32;
    for (i, c) in columns.iter().enumerate() {
        sheet.write_string_with_format(top, col(i), c.header(), &f.head)?;
        sheet.write_number_with_format(top + 1, col(i), (i + 1) as f64, &f.head)?;
        sheet.set_column_width(col(i), width(*c))?;
    }
    let harga_at = columns
        .iter()
        .position(|c| *c == Column::Harga)
        .unwrap_or(14);
    let mut sum: i64 = 0;
    for (n, a) in s.assets.iter().enumerate() {
        let row = top + 2 + u32::try_from(n).unwrap_or(u32::MAX - top - 3);
        for (i, v) in export_row(n + 1, a, room_of(&s.rooms, a))
            .iter()
            .enumerate()
        {
            let format = if i == harga_at { &f.money } else { &f.cell };
            match v {
                Cell::Number(x) => sheet.write_number_with_format(row, col(i), *x, format)?,
                Cell::Text(t) => sheet.write_string_with_format(row, col(i), t, format)?,
                Cell::Empty => sheet.write_blank(row, col(i), format)?,
            };
        }
        sum += a.harga.unwrap_or(0);
        if n % 1000 == 0 {
            progress(n);
        }
    }
    let sum_row = top + 2 + u32::try_from(s.assets.len()).unwrap_or(0);
    sheet.write_string_with_format(sum_row, 2, "Jumlah", &f.head)?;
    sheet.write_number_with_format(sum_row, col(harga_at), sum as f64, &f.money)?;
    sheet.set_freeze_panes(top + 2, 0)?;
    Ok(())
}

/// Writes one OPD's assets as CSV: a header row and the rows, separated by
/// semicolons and with a UTF-8 byte-order mark, as Excel on an Indonesian
/// Windows opens it directly.
pub fn write_kib_csv(path: &Path, s: &KibSheet) -> Result<(), WriteError> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    std::io::Write::write_all(&mut file, "\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(file);
    w.write_record(export_columns().map(Column::header))?;
    for (n, a) in s.assets.iter().enumerate() {
        w.write_record(
            export_row(n + 1, a, room_of(&s.rooms, a))
                .iter()
                .map(|c| c.text().into_owned()),
        )?;
    }
    w.flush()?;
    Ok(())
}
