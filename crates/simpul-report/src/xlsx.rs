//! The report's tables as a workbook, one sheet each, numbers as numbers
//! (counts and rupiah can be summed and charted in a spreadsheet).

use crate::report::title;
use crate::DocumentError;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
use simpul_core::report::tanggal::{tanggal, tanggal_pendek};
use simpul_core::report::ReportData;

/// A cell of a sheet.
pub(crate) enum V {
    T(String),
    N(f64),
    Rp(i64),
}

pub(crate) fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

pub(crate) fn n(v: u32) -> V {
    V::N(f64::from(v))
}

pub(crate) struct Formats {
    title: Format,
    head: Format,
    cell: Format,
    money: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            title: Format::new().set_bold(),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_background_color(0xE0E0E0),
            cell: Format::new().set_border(FormatBorder::Thin),
            money: Format::new()
                .set_border(FormatBorder::Thin)
                .set_num_format("#,##0"),
        }
    }
}

/// Writes one sheet: a title line, the header, the rows.
pub(crate) fn sheet(
    wb: &mut Workbook,
    f: &Formats,
    name: &str,
    heading: &str,
    header: &[(&str, f64)],
    rows: &[Vec<V>],
) -> Result<(), XlsxError> {
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, heading, &f.title)?;
    for (i, (h, w)) in header.iter().enumerate() {
        let c = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(2, c, *h, &f.head)?;
        ws.set_column_width(c, *w)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 3).unwrap_or(u32::MAX);
        for (i, v) in row.iter().enumerate() {
            let c = u16::try_from(i).unwrap_or(u16::MAX);
            match v {
                V::T(s) => ws.write_string_with_format(r, c, s, &f.cell)?,
                V::N(x) => ws.write_number_with_format(r, c, *x, &f.cell)?,
                V::Rp(x) => ws.write_number_with_format(r, c, *x as f64, &f.money)?,
            };
        }
    }
    ws.set_freeze_panes(3, 0)?;
    Ok(())
}

/// The report as an XLSX workbook.
pub fn report_xlsx(data: &ReportData) -> Result<Vec<u8>, DocumentError> {
    let f = Formats::new();
    let head = format!("{} · {}", title(data), data.period.label());
    let mut wb = Workbook::new();
    let totals = data.totals();

    let mut rows: Vec<Vec<V>> = data
        .opds
        .iter()
        .chain(std::iter::once(&totals))
        .map(|o| {
            vec![
                t(&o.opd),
                t(&o.name),
                n(o.total),
                n(o.baik),
                n(o.kurang_baik),
                n(o.rusak_berat),
                V::Rp(o.value),
                n(o.acquired),
                n(o.changes.disposed),
                n(o.older_than_5y),
                n(o.net_approved),
                n(o.net_waiting),
                n(o.open_inbox),
                n(o.maintenance_overdue),
                t(if o.last_update.is_empty() {
                    String::new()
                } else {
                    tanggal_pendek(&o.last_update)
                }),
            ]
        })
        .collect();
    if let Some(last) = rows.last_mut() {
        last[14] = t(format!("Keadaan per {}", tanggal(data.made_on)));
    }
    sheet(
        &mut wb,
        &f,
        "Rekap per OPD",
        &head,
        &[
            ("Kode OPD", 12.0),
            ("OPD", 40.0),
            ("Jumlah aset", 11.0),
            ("Baik", 9.0),
            ("Kurang baik", 9.0),
            ("Rusak berat", 9.0),
            ("Nilai perolehan (Rp)", 18.0),
            ("Diperoleh dalam periode", 12.0),
            ("Dihapus dalam periode", 12.0),
            ("Lebih dari 5 tahun", 11.0),
            ("Jaringan disetujui", 11.0),
            ("Jaringan menunggu", 11.0),
            ("Konflik terbuka", 10.0),
            ("Pemeliharaan terlambat", 12.0),
            ("Perubahan terakhir", 20.0),
        ],
        &rows,
    )?;

    let mut header: Vec<(&str, f64)> = vec![("Kode OPD", 12.0)];
    header.extend(data.categories.iter().map(|c| (c.as_str(), 14.0)));
    header.push(("Jumlah", 10.0));
    let rows: Vec<Vec<V>> = data
        .opds
        .iter()
        .chain(std::iter::once(&totals))
        .map(|o| {
            let mut r = vec![t(&o.opd)];
            r.extend(o.by_category.iter().map(|c| n(*c)));
            r.push(n(o.total));
            r
        })
        .collect();
    sheet(&mut wb, &f, "Kategori", &head, &header, &rows)?;

    let rows: Vec<Vec<V>> = data
        .opds
        .iter()
        .chain(std::iter::once(&totals))
        .map(|o| {
            vec![
                t(&o.opd),
                n(o.changes.added),
                n(o.changes.disposed),
                n(o.changes.worsened),
            ]
        })
        .collect();
    sheet(
        &mut wb,
        &f,
        "Perubahan",
        &head,
        &[
            ("Kode OPD", 12.0),
            ("Dicatat baru", 12.0),
            ("Dihapus", 12.0),
            ("Kondisi memburuk", 14.0),
        ],
        &rows,
    )?;

    let rows: Vec<Vec<V>> = data
        .acquisitions_by_year
        .iter()
        .map(|(y, c)| vec![V::N(f64::from(*y)), n(*c)])
        .collect();
    sheet(
        &mut wb,
        &f,
        "Tahun perolehan",
        &head,
        &[("Tahun", 10.0), ("Jumlah aset", 12.0)],
        &rows,
    )?;

    let rows: Vec<Vec<V>> = data
        .pools
        .iter()
        .map(|p| vec![t(&p.opd), t(&p.cidr), n(p.used), n(p.capacity)])
        .collect();
    sheet(
        &mut wb,
        &f,
        "Kumpulan IP",
        &head,
        &[
            ("Kode OPD", 12.0),
            ("Kumpulan IP", 20.0),
            ("Terpakai", 10.0),
            ("Kapasitas", 10.0),
        ],
        &rows,
    )?;

    let rows: Vec<Vec<V>> = data
        .decisions
        .iter()
        .map(|d| {
            vec![
                t(tanggal_pendek(&d.decided_at)),
                t(&d.opd),
                t(&d.asset_name),
                t(&d.hostname),
                t(&d.ip),
                t(&d.verdict),
                t(&d.detail),
            ]
        })
        .collect();
    sheet(
        &mut wb,
        &f,
        "Keputusan jaringan",
        &head,
        &[
            ("Tanggal", 18.0),
            ("Kode OPD", 12.0),
            ("Perangkat", 28.0),
            ("Hostname", 18.0),
            ("IP", 15.0),
            ("Keputusan", 12.0),
            ("Tingkat keamanan / alasan", 36.0),
        ],
        &rows,
    )?;

    let rows: Vec<Vec<V>> = data
        .maintenance
        .iter()
        .map(|m| vec![t(&m.kind), n(m.count), V::Rp(m.cost)])
        .collect();
    sheet(
        &mut wb,
        &f,
        "Pemeliharaan",
        &head,
        &[
            ("Jenis pemeliharaan", 24.0),
            ("Jumlah kegiatan", 14.0),
            ("Biaya (Rp)", 16.0),
        ],
        &rows,
    )?;

    let day = |t: &Option<String>| t.as_deref().map_or_else(String::new, tanggal_pendek);
    let rows: Vec<Vec<V>> = match &data.server_status {
        Some(status) => status
            .opds
            .iter()
            .map(|o| {
                vec![
                    t(&o.code),
                    t(&o.name),
                    t(day(&o.last_sync_at)),
                    t(day(&o.last_change_at)),
                    t(if o.overdue.is_some() {
                        "Terlambat"
                    } else {
                        "Tepat waktu"
                    }),
                    t(&o.overdue_text),
                ]
            })
            .collect(),
        None => data
            .opds
            .iter()
            .map(|o| {
                vec![
                    t(&o.opd),
                    t(&o.name),
                    t(""),
                    t(tanggal_pendek(&o.last_update)),
                    t(if o.overdue_days.is_some() {
                        "Terlambat"
                    } else {
                        "Tepat waktu"
                    }),
                    o.overdue_days.map_or(t(""), |d| {
                        t(format!("tidak ada perubahan data selama {d} hari"))
                    }),
                ]
            })
            .collect(),
    };
    sheet(
        &mut wb,
        &f,
        "Status pembaruan",
        &head,
        &[
            ("Kode OPD", 12.0),
            ("OPD", 40.0),
            ("Sinkron terakhir", 16.0),
            ("Perubahan terakhir", 16.0),
            ("Status", 14.0),
            ("Keterangan", 36.0),
        ],
        &rows,
    )?;

    let rows: Vec<Vec<V>> = data
        .disposal
        .iter()
        .map(|d| {
            vec![
                t(&d.opd),
                t(&d.kode_barang),
                t(&d.nomor_register),
                t(&d.nama),
                t(&d.merk_type),
                d.tahun.map_or(t(""), |y| V::N(f64::from(y))),
                d.harga.map_or(t(""), V::Rp),
                t(&d.room),
            ]
        })
        .collect();
    sheet(
        &mut wb,
        &f,
        "Lampiran RB",
        &head,
        &[
            ("Kode OPD", 12.0),
            ("Kode barang", 20.0),
            ("Register", 10.0),
            ("Nama barang", 28.0),
            ("Merk / type", 24.0),
            ("Tahun", 8.0),
            ("Harga (Rp)", 16.0),
            ("Ruangan", 24.0),
        ],
        &rows,
    )?;
    Ok(wb.save_to_buffer()?)
}
