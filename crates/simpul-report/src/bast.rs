//! The Berita Acara Serah Terima (BAST), A4: the two parties with NIP and
//! position, what is handed over (or returned to the store room), the
//! assets, and the signatures of PIHAK PERTAMA, PIHAK KEDUA and the
//! witness.

use crate::fonts::{Face, Fonts};
use crate::kop::{letterhead, signatures, Signatory};
use crate::numbers::{count, nip, rupiah};
use crate::render::render;
use crate::sheet::{Align, Sheet};
use crate::table::Table;
use crate::{DocumentError, Pdf};
use chrono::NaiveDate;
use simpul_core::handover::{HandoverKind, Party};
use simpul_core::report::tanggal::tanggal;
use simpul_core::report::BastData;

use Align::{Center as C, Left as L, Right as R};

/// The party's lines: name, NIP, position.
fn party(sheet: &mut Sheet, n: usize, p: &Party, called: &str) {
    let size = 9.5;
    let x = sheet.left() + 14.0;
    for (label, value) in [
        ("Nama", p.name.clone()),
        ("NIP", nip(&p.nip)),
        ("Jabatan", p.role.clone()),
    ] {
        let y = sheet.y + size;
        if label == "Nama" {
            sheet.text(sheet.left(), y, size, Face::Regular, L, &format!("{n}."));
        }
        sheet.text(x, y, size, Face::Regular, L, label);
        sheet.text(x + 60.0, y, size, Face::Regular, L, ":");
        sheet.text(x + 68.0, y, size, Face::Regular, L, &value);
        sheet.y += 13.0;
    }
    sheet.paragraph(9.5, &format!("selanjutnya disebut {called}."));
    sheet.y += 3.0;
}

/// Lays the BAST out.
pub fn layout(d: &BastData) -> Result<Sheet, DocumentError> {
    let h = &d.handover;
    let date = NaiveDate::parse_from_str(&h.date, "%Y-%m-%d").map_err(|_| {
        DocumentError::Pdf(format!("tanggal serah terima {} tidak terbaca", h.date))
    })?;
    let mut sheet = Sheet::a4(Fonts::load()?, false);
    letterhead(&mut sheet, &d.regency, &d.opd_name);
    let title = match h.kind {
        HandoverKind::SerahTerima => "BERITA ACARA SERAH TERIMA BARANG MILIK DAERAH",
        HandoverKind::Pengembalian => "BERITA ACARA PENGEMBALIAN BARANG MILIK DAERAH",
    };
    sheet.line(12.0, Face::Bold, C, title, 15.0);
    sheet.line(
        9.0,
        Face::Regular,
        C,
        "Nomor: ..........................................",
        18.0,
    );
    sheet.paragraph(
        9.5,
        &format!(
            "Pada tanggal {}, kami yang bertanda tangan di bawah ini:",
            tanggal(date)
        ),
    );
    sheet.y += 3.0;
    party(&mut sheet, 1, &h.from, "PIHAK PERTAMA");
    party(&mut sheet, 2, &h.to, "PIHAK KEDUA");
    let what = match h.kind {
        HandoverKind::SerahTerima => "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA menerima dari PIHAK PERTAMA, barang milik daerah berikut untuk dipergunakan dan dipelihara dalam pelaksanaan tugas",
        HandoverKind::Pengembalian => "PIHAK PERTAMA mengembalikan kepada PIHAK KEDUA selaku pengurus barang, dan PIHAK KEDUA menerima untuk disimpan, barang milik daerah berikut",
    };
    sheet.paragraph(
        9.5,
        &format!(
            "{what} ({} barang) dalam keadaan sebagaimana tercantum:",
            count(u32::try_from(d.rows.len()).unwrap_or(u32::MAX))
        ),
    );
    sheet.y += 3.0;
    let mut tab = Table::new(&[
        ("No", 0.4, C),
        ("Nama barang", 1.9, L),
        ("Merk / type", 1.6, L),
        ("No. seri pabrik", 1.3, L),
        ("Kode barang", 1.4, L),
        ("Reg.", 0.5, C),
        ("Tahun", 0.62, C),
        ("Harga (Rp)", 1.1, R),
        ("Kondisi", 0.6, C),
    ])
    .wrapping(1)
    .wrapping(2)
    .size(7.5);
    tab.rows = d
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.nama.clone(),
                r.merk_type.clone(),
                r.nomor_pabrik.clone(),
                r.kode_barang.clone(),
                r.nomor_register.clone(),
                r.tahun.map(|y| y.to_string()).unwrap_or_default(),
                r.harga.map(rupiah).unwrap_or_else(|| "-".into()),
                r.condition.clone(),
            ]
        })
        .collect();
    tab.draw(&mut sheet);
    sheet.y += 4.0;
    if !h.note.is_empty() {
        sheet.paragraph(9.5, &format!("Catatan: {}", h.note));
    }
    sheet.paragraph(
        9.5,
        "Demikian berita acara ini dibuat dalam rangkap secukupnya untuk dipergunakan sebagaimana mestinya.",
    );
    let place_date = format!("{}, {}", d.place, tanggal(date));
    signatures(
        &mut sheet,
        &place_date,
        &[
            Signatory {
                above: vec!["PIHAK PERTAMA".into()],
                name: &h.from.name,
                nip: &h.from.nip,
            },
            Signatory {
                above: vec!["PIHAK KEDUA".into()],
                name: &h.to.name,
                nip: &h.to.nip,
            },
        ],
    );
    sheet.y += 6.0;
    signatures(
        &mut sheet,
        "",
        &[Signatory {
            above: vec!["Mengetahui,".into(), "Saksi".into()],
            name: &h.witness.name,
            nip: &h.witness.nip,
        }],
    );
    sheet.footers(&format!("BAST · {} · {}", d.opd_name, tanggal(date)));
    Ok(sheet)
}

/// The BAST as a PDF.
pub fn bast_pdf(d: &BastData) -> Result<Pdf, DocumentError> {
    let sheet = layout(d)?;
    render(
        &sheet,
        &format!("Berita Acara Serah Terima {}", d.handover.date),
    )
}
