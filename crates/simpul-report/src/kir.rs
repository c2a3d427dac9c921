//! The room card (Kartu Inventaris Ruangan), A4 landscape, in the layout
//! of Permendagri 19/2016 that OPDs post in each room: the room, the OPD,
//! every active asset with its kode barang, register, name, brand, year,
//! price and condition, and the signatures of the pengurus barang and the
//! room's responsible person.

use crate::fonts::{Face, Fonts};
use crate::kop::{government, signatures, Signatory};
use crate::numbers::{count, rupiah};
use crate::render::render;
use crate::sheet::{Align, Sheet};
use crate::table::Table;
use crate::{DocumentError, Pdf};
use simpul_core::report::tanggal::tanggal;
use simpul_core::report::KirData;

use Align::{Center as C, Left as L, Right as R};

fn field(sheet: &mut Sheet, label: &str, value: &str) {
    let size = 9.0;
    let y = sheet.y + size;
    let x = sheet.left();
    sheet.text(x, y, size, Face::Regular, L, label);
    sheet.text(x + 110.0, y, size, Face::Regular, L, ":");
    sheet.text(x + 118.0, y, size, Face::Bold, L, value);
    sheet.y += 13.0;
}

/// Lays the card out (without drawing it).
pub fn layout(data: &KirData) -> Result<Sheet, DocumentError> {
    let mut sheet = Sheet::a4(Fonts::load()?, true);
    sheet.line(13.0, Face::Bold, C, "KARTU INVENTARIS RUANGAN (KIR)", 22.0);
    field(
        &mut sheet,
        "Pemerintah",
        &government(&data.regency).replace("PEMERINTAH ", ""),
    );
    field(
        &mut sheet,
        "OPD",
        &format!("{} ({})", data.opd_name, data.opd_code),
    );
    field(
        &mut sheet,
        "Ruangan",
        &format!("{} {}", data.room_code, data.room_name),
    );
    if !data.kode_lokasi.is_empty() {
        field(&mut sheet, "No. kode lokasi", &data.kode_lokasi);
    }
    sheet.y += 6.0;
    let mut tab = Table::new(&[
        ("No", 0.45, C),
        ("Nama barang", 2.2, L),
        ("Merk / type", 1.8, L),
        ("No. seri pabrik", 1.4, L),
        ("Tahun", 0.6, C),
        ("Kode barang", 1.55, L),
        ("Reg.", 0.6, C),
        ("Harga perolehan (Rp)", 1.3, R),
        ("B", 0.4, C),
        ("KB", 0.4, C),
        ("RB", 0.4, C),
        ("Keterangan", 1.6, L),
    ])
    .wrapping(1)
    .wrapping(2)
    .wrapping(11)
    .size(8.0);
    let mut by = [0u32; 3];
    for (i, r) in data.rows.iter().enumerate() {
        let mark = |c: &str| {
            if r.condition == c {
                "1".to_owned()
            } else {
                String::new()
            }
        };
        match r.condition.as_str() {
            "B" => by[0] += 1,
            "KB" => by[1] += 1,
            _ => by[2] += 1,
        }
        tab.rows.push(vec![
            (i + 1).to_string(),
            r.nama.clone(),
            r.merk_type.clone(),
            r.nomor_pabrik.clone(),
            r.tahun.map(|y| y.to_string()).unwrap_or_default(),
            r.kode_barang.clone(),
            r.nomor_register.clone(),
            r.harga.map(rupiah).unwrap_or_else(|| "-".into()),
            mark("B"),
            mark("KB"),
            mark("RB"),
            r.keterangan.clone(),
        ]);
    }
    let total: i64 = data.rows.iter().filter_map(|r| r.harga).sum();
    tab.total = Some(vec![
        String::new(),
        format!(
            "JUMLAH: {} barang",
            count(u32::try_from(data.rows.len()).unwrap_or(u32::MAX))
        ),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        rupiah(total),
        count(by[0]),
        count(by[1]),
        count(by[2]),
        String::new(),
    ]);
    if data.rows.is_empty() {
        sheet.paragraph(9.0, "Tidak ada aset aktif di ruangan ini.");
    }
    tab.draw(&mut sheet);
    sheet.paragraph(
        7.5,
        "Tidak dibenarkan memindahkan barang yang ada dalam daftar ini tanpa sepengetahuan pengurus barang dan penanggung jawab ruangan.",
    );
    signatures(
        &mut sheet,
        &format!("{}, {}", data.place, tanggal(data.made_on)),
        &[
            Signatory {
                above: vec!["Mengetahui,".into(), "Pengurus Barang".into()],
                name: &data.pengurus_barang.name,
                nip: &data.pengurus_barang.nip,
            },
            Signatory {
                above: vec!["Penanggung Jawab Ruangan".into()],
                name: &data.responsible.name,
                nip: &data.responsible.nip,
            },
        ],
    );
    sheet.footers(&format!(
        "KIR {} {} · {} · dicetak {}",
        data.room_code,
        data.room_name,
        data.opd_name,
        tanggal(data.made_on)
    ));
    Ok(sheet)
}

/// The room card as a PDF.
pub fn kir_pdf(data: &KirData) -> Result<Pdf, DocumentError> {
    let sheet = layout(data)?;
    render(
        &sheet,
        &format!(
            "Kartu Inventaris Ruangan {} {}",
            data.room_code, data.room_name
        ),
    )
}
