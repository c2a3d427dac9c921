//! The list of OPDs late with their data (Muna Ps.27(3), Enrekang
//! Ps.26(3): an OPD that does not report is reprimanded), signed by the
//! head of Diskominfo, to attach to a teguran.

use crate::fonts::{Face, Fonts};
use crate::kop::{letterhead, signatures, Signatory};
use crate::render::render;
use crate::sheet::{Align, Sheet};
use crate::table::Table;
use crate::{DocumentError, Pdf};
use chrono::NaiveDate;
use simpul_core::regency::update_status::UpdateStatus;
use simpul_core::report::tanggal::{tanggal, tanggal_of, tanggal_pendek};
use simpul_core::report::Signer;

use Align::{Center as C, Left as L};

/// The late OPDs of a status answer, as a signed list.
pub fn overdue_pdf(
    status: &UpdateStatus,
    regency: &str,
    signer: &Signer,
    made_on: NaiveDate,
) -> Result<Pdf, DocumentError> {
    let mut sheet = Sheet::a4(Fonts::load()?, false);
    letterhead(&mut sheet, regency, "Dinas Komunikasi dan Informatika");
    sheet.line(
        12.0,
        Face::Bold,
        C,
        "DAFTAR OPD YANG TERLAMBAT MEMPERBARUI DATA ASET TIK",
        16.0,
    );
    sheet.line(
        9.0,
        Face::Regular,
        C,
        &format!("Keadaan per {}", tanggal_of(&status.at)),
        20.0,
    );
    sheet.paragraph(
        9.0,
        &format!(
            "Perangkat daerah berikut tidak menyinkronkan atau tidak mengubah data aset TIK-nya lebih dari {} hari, melampaui batas yang ditetapkan.",
            status.allowed_days
        ),
    );
    sheet.y += 6.0;
    let late: Vec<_> = status.opds.iter().filter(|o| o.overdue.is_some()).collect();
    let mut tab = Table::new(&[
        ("No", 0.5, C),
        ("OPD", 3.0, L),
        ("Sinkron terakhir", 1.3, C),
        ("Perubahan terakhir", 1.3, C),
        ("Keterangan", 2.4, L),
    ])
    .wrapping(1)
    .wrapping(4)
    .size(8.5);
    for (i, o) in late.iter().enumerate() {
        let day = |t: &Option<String>| t.as_deref().map_or_else(|| "-".to_owned(), tanggal_pendek);
        tab.rows.push(vec![
            (i + 1).to_string(),
            format!("{} ({})", o.name, o.code),
            day(&o.last_sync_at),
            day(&o.last_change_at),
            o.overdue_text.clone(),
        ]);
    }
    if late.is_empty() {
        sheet.paragraph(9.0, "Tidak ada OPD yang terlambat.");
    } else {
        tab.draw(&mut sheet);
    }
    let title = if signer.title.trim().is_empty() {
        "Kepala Dinas Komunikasi dan Informatika".to_owned()
    } else {
        signer.title.trim().to_owned()
    };
    signatures(
        &mut sheet,
        &format!("{}, {}", signer.place.trim(), tanggal(made_on)),
        &[Signatory {
            above: vec![title],
            name: &signer.name,
            nip: &signer.nip,
        }],
    );
    sheet.footers(&format!(
        "Daftar OPD terlambat · {} · {}",
        regency,
        tanggal(made_on)
    ));
    render(&sheet, "Daftar OPD terlambat memperbarui data")
}
