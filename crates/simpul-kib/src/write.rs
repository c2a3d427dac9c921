//! Writing the KIB B workbook.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use simpul_core::kib::{write_row, KIB_B_COLUMNS};
use simpul_core::Asset;
use std::path::Path;

/// The header lines above the table.
#[derive(Debug, Clone, Default)]
pub struct KibHeader {
    pub regency: String,
    pub opd_name: String,
    pub opd_code: String,
    /// Kode lokasi of the owner unit, if known.
    pub kode_lokasi: String,
}

#[derive(Debug, thiserror::Error)]
#[error("gagal menulis berkas KIB B: {0}")]
pub struct WriteError(#[from] XlsxError);

/// Writes the assets as a KIB B workbook; `progress(done, total)` is called as rows are written.
pub fn write_kib_b(
    path: &Path,
    header: &KibHeader,
    assets: &[Asset],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), WriteError> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("KIB B")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_background_color("#DDE7F0");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let money = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0");
    let last_col = u16::try_from(KIB_B_COLUMNS.len() - 1).unwrap_or(15);
    sheet.merge_range(0, 0, 0, last_col, "KARTU INVENTARIS BARANG (KIB) B", &title)?;
    sheet.merge_range(1, 0, 1, last_col, "PERALATAN DAN MESIN", &title)?;
    sheet.write_string(3, 0, "Kabupaten")?;
    sheet.write_string(3, 2, &header.regency)?;
    sheet.write_string(4, 0, "Nama UPB / OPD")?;
    sheet.write_string(4, 2, format!("{} ({})", header.opd_name, header.opd_code))?;
    sheet.write_string(5, 0, "Kode Lokasi")?;
    sheet.write_string(5, 2, &header.kode_lokasi)?;
    let top = 7u32;
    for (i, name) in KIB_B_COLUMNS.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet.write_string_with_format(top, col, *name, &head)?;
        sheet.write_number_with_format(top + 1, col, (i + 1) as f64, &head)?;
    }
    let widths = [
        5.0, 20.0, 22.0, 10.0, 24.0, 10.0, 10.0, 10.0, 18.0, 12.0, 12.0, 12.0, 12.0, 18.0, 14.0,
        36.0,
    ];
    for (i, w) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(i).unwrap_or(0), *w)?;
    }
    let mut total: i64 = 0;
    for (n, a) in assets.iter().enumerate() {
        let row = top + 2 + u32::try_from(n).unwrap_or(u32::MAX - top - 3);
        for (i, v) in write_row(n + 1, a).iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(0);
            match i {
                0 => sheet.write_number_with_format(row, col, (n + 1) as f64, &cell)?,
                14 => sheet.write_number_with_format(row, col, a.harga as f64, &money)?,
                _ => sheet.write_string_with_format(row, col, v, &cell)?,
            };
        }
        total += a.harga;
        if n % 1000 == 0 {
            progress(n, assets.len());
        }
    }
    let sum_row = top + 2 + u32::try_from(assets.len()).unwrap_or(0);
    sheet.write_string_with_format(sum_row, 2, "Jumlah", &head)?;
    sheet.write_number_with_format(sum_row, 14, total as f64, &money)?;
    sheet.set_freeze_panes(top + 2, 0)?;
    wb.save(path)?;
    progress(assets.len(), assets.len());
    Ok(())
}
