//! The stock-take's documents: the Berita Acara Inventarisasi (A4, with
//! the team's signatures and NIPs) and its annex listing every item that
//! was not simply found where the record placed it; the same as a
//! workbook.

use crate::fonts::{Face, Fonts};
use crate::kop::{letterhead, signatures, Signatory};
use crate::numbers::count;
use crate::render::render;
use crate::sheet::{Align, Sheet};
use crate::table::Table;
use crate::xlsx::{n, sheet, t, Formats, V};
use crate::{DocumentError, Pdf};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use simpul_core::report::tanggal::tanggal;
use simpul_core::report::{RoomResult, StockTakeReport};

use Align::{Center as C, Left as L, Right as R};

/// `23 November 2026` from `2026-11-23` or an RFC 3339 time (as written
/// when not a date).
fn day(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| iso.to_owned(), tanggal)
}

fn counts(r: &RoomResult) -> Vec<String> {
    vec![
        r.room.clone(),
        count(r.expected),
        count(r.found),
        count(r.moved_in),
        count(r.moved_out),
        count(r.missing),
        count(r.unregistered),
        count(r.condition_changed),
        if r.closed { "selesai" } else { "belum" }.into(),
    ]
}

/// The opening paragraph of the minutes.
fn opening(d: &StockTakeReport) -> String {
    let done = if d.closed_at.is_empty() {
        "dan masih berjalan".to_owned()
    } else {
        format!("sampai dengan {}", day(&d.closed_at))
    };
    format!(
        "Pada tanggal {}, kami yang bertanda tangan di bawah ini, Tim Inventarisasi {}, telah melaksanakan inventarisasi barang milik daerah ({}) sejak {} {} di {} ruangan, dengan mencocokkan setiap barang dengan Kartu Inventaris Ruangan. Hasilnya sebagai berikut:",
        tanggal(d.made_on),
        d.opd_name,
        d.title,
        day(&d.started_on),
        done,
        d.rooms.len()
    )
}

/// Lays the minutes and the annex out.
pub fn layout(d: &StockTakeReport) -> Result<Sheet, DocumentError> {
    let mut sheet = Sheet::a4(Fonts::load()?, false);
    letterhead(&mut sheet, &d.regency, &d.opd_name);
    sheet.line(
        12.0,
        Face::Bold,
        C,
        "BERITA ACARA INVENTARISASI BARANG MILIK DAERAH",
        16.0,
    );
    if !d.kode_lokasi.is_empty() {
        sheet.line(
            9.0,
            Face::Regular,
            C,
            &format!("Kode lokasi {}", d.kode_lokasi),
            14.0,
        );
    }
    sheet.y += 6.0;
    sheet.paragraph(9.5, &opening(d));
    sheet.y += 4.0;
    let mut tab = Table::new(&[
        ("Ruangan", 2.6, L),
        ("Tercatat", 0.8, R),
        ("Ditemukan", 0.85, R),
        ("Pindahan masuk", 0.85, R),
        ("Di ruangan lain", 0.85, R),
        ("Hilang", 0.7, R),
        ("Tidak terdaftar", 0.85, R),
        ("Kondisi berubah", 0.85, R),
        ("Status", 0.75, C),
    ])
    .wrapping(0)
    .size(7.5);
    tab.rows = d.rooms.iter().map(counts).collect();
    tab.total = Some(counts(&d.totals()));
    tab.draw(&mut sheet);
    sheet.y += 4.0;
    sheet.paragraph(
        9.5,
        "Barang yang tidak ditemukan, yang ditemukan di ruangan lain, yang belum terdaftar, dan yang kondisinya berubah dirinci dalam lampiran berita acara ini. Berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
    );
    sheet.y += 4.0;
    sheet.line(9.5, Face::Bold, L, "Tim Inventarisasi", 14.0);
    let place_date = format!("{}, {}", d.place, tanggal(d.made_on));
    let signers: Vec<Signatory<'_>> = d
        .team
        .iter()
        .map(|m| Signatory {
            above: vec![if m.role.is_empty() {
                "Anggota".to_owned()
            } else {
                m.role.clone()
            }],
            name: &m.name,
            nip: &m.nip,
        })
        .collect();
    for (i, pair) in signers.chunks(2).enumerate() {
        signatures(&mut sheet, if i == 0 { &place_date } else { "" }, pair);
    }

    sheet.new_page();
    sheet.line(
        11.0,
        Face::Bold,
        C,
        "LAMPIRAN BERITA ACARA INVENTARISASI",
        15.0,
    );
    sheet.line(
        9.0,
        Face::Regular,
        C,
        &format!("{} · {}", d.opd_name, d.title),
        16.0,
    );
    if d.lines.is_empty() {
        sheet.paragraph(
            9.5,
            "Semua barang ditemukan di ruangan tempat barang itu tercatat.",
        );
    } else {
        let mut annex = Table::new(&[
            ("No", 0.4, C),
            ("Ruangan", 1.9, L),
            ("Keadaan", 1.1, L),
            ("Barang", 2.4, L),
            ("Keterangan", 2.0, L),
        ])
        .wrapping(1)
        .wrapping(3)
        .wrapping(4)
        .size(7.5);
        annex.rows = d
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    (i + 1).to_string(),
                    l.room.clone(),
                    l.state.clone(),
                    l.item.clone(),
                    l.note.clone(),
                ]
            })
            .collect();
        annex.draw(&mut sheet);
    }
    sheet.footers(&format!(
        "Berita Acara Inventarisasi · {} · {}",
        d.opd_name,
        tanggal(d.made_on)
    ));
    Ok(sheet)
}

/// The minutes and annex as a PDF.
pub fn stocktake_pdf(d: &StockTakeReport) -> Result<Pdf, DocumentError> {
    let sheet = layout(d)?;
    render(
        &sheet,
        &format!("Berita Acara Inventarisasi {} {}", d.opd_code, d.title),
    )
}

/// The result as a workbook: per room, the annex, the team.
pub fn stocktake_xlsx(d: &StockTakeReport) -> Result<Vec<u8>, DocumentError> {
    let f = Formats::new();
    let head = format!(
        "{} · {} · keadaan per {}",
        d.opd_name,
        d.title,
        tanggal(d.made_on)
    );
    let mut wb = Workbook::new();
    let room_row = |r: &RoomResult| -> Vec<V> {
        vec![
            t(&r.room),
            n(r.expected),
            n(r.found),
            n(r.moved_in),
            n(r.moved_out),
            n(r.missing),
            n(r.unregistered),
            n(r.condition_changed),
            t(if r.closed { "selesai" } else { "belum" }),
        ]
    };
    let mut rows: Vec<Vec<V>> = d.rooms.iter().map(room_row).collect();
    rows.push(room_row(&d.totals()));
    sheet(
        &mut wb,
        &f,
        "Per ruangan",
        &head,
        &[
            ("Ruangan", 32.0),
            ("Tercatat", 10.0),
            ("Ditemukan", 10.0),
            ("Pindahan masuk", 10.0),
            ("Di ruangan lain", 10.0),
            ("Hilang", 10.0),
            ("Tidak terdaftar", 10.0),
            ("Kondisi berubah", 10.0),
            ("Ruangan ditutup", 10.0),
        ],
        &rows,
    )?;
    let lines: Vec<Vec<V>> = d
        .lines
        .iter()
        .map(|l| vec![t(&l.room), t(&l.state), t(&l.item), t(&l.note)])
        .collect();
    sheet(
        &mut wb,
        &f,
        "Rincian",
        &head,
        &[
            ("Ruangan", 32.0),
            ("Keadaan", 16.0),
            ("Barang", 40.0),
            ("Keterangan", 36.0),
        ],
        &lines,
    )?;
    let team: Vec<Vec<V>> = d
        .team
        .iter()
        .map(|m| vec![t(&m.name), t(crate::numbers::nip(&m.nip)), t(&m.role)])
        .collect();
    sheet(
        &mut wb,
        &f,
        "Tim",
        &head,
        &[("Nama", 32.0), ("NIP", 24.0), ("Jabatan dalam tim", 24.0)],
        &team,
    )?;
    Ok(wb.save_to_buffer()?)
}
