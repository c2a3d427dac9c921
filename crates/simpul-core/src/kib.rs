//! KIB B ("Kartu Inventaris Barang B: Peralatan dan Mesin") as a table of
//! text cells: finding the header row, reading each row into an
//! [`AssetInput`], and writing the 16 columns back out. File formats (CSV,
//! XLSX) are read and written by `simpul-kib`; this module sees only cells.

use crate::asset::{Asset, AssetInput};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The 16 KIB B columns, in order.
pub const KIB_B_COLUMNS: [&str; 16] = [
    "No",
    "Kode Barang",
    "Nama/Jenis Barang",
    "Nomor Register",
    "Merk/Type",
    "Ukuran/CC",
    "Bahan",
    "Tahun Pembelian",
    "Nomor Pabrik",
    "Nomor Rangka",
    "Nomor Mesin",
    "Nomor Polisi",
    "Nomor BPKB",
    "Asal Usul/Cara Perolehan",
    "Harga (Rp)",
    "Keterangan",
];

/// The columns an import understands; the extra ICT columns are optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    KodeBarang,
    Nama,
    Register,
    Merk,
    Ukuran,
    Bahan,
    Tahun,
    Pabrik,
    Rangka,
    Mesin,
    Polisi,
    Bpkb,
    AsalUsul,
    Harga,
    HargaRibu,
    Keterangan,
    Kondisi,
    Pemegang,
    Nip,
    Ruangan,
    Mac,
    Hostname,
    Ip,
}

fn norm(h: &str) -> String {
    h.to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn column_of(header: &str) -> Option<Col> {
    let h = norm(header);
    let col = match h.as_str() {
        "kodebarang" | "kode" => Col::KodeBarang,
        "namajenisbarang" | "namabarang" | "jenisbarang" | "nama" => Col::Nama,
        "nomorregister" | "noregister" | "register" | "noreg" => Col::Register,
        "merktype" | "merk" | "merktipe" | "type" => Col::Merk,
        "ukurancc" | "ukuran" => Col::Ukuran,
        "bahan" => Col::Bahan,
        "tahunpembelian" | "tahun" | "tahunperolehan" => Col::Tahun,
        "nomorpabrik" | "nopabrik" | "serial" | "nomorseri" => Col::Pabrik,
        "nomorrangka" | "norangka" => Col::Rangka,
        "nomormesin" | "nomesin" => Col::Mesin,
        "nomorpolisi" | "nopolisi" => Col::Polisi,
        "nomorbpkb" | "nobpkb" | "bpkb" => Col::Bpkb,
        "asalusulcaraperolehan" | "asalusul" | "caraperolehan" => Col::AsalUsul,
        "harga" | "hargarp" | "nilai" | "hargasatuan" => Col::Harga,
        "hargarp000" | "hargaribuanrp" | "hargaribu" | "hargarpribu" => Col::HargaRibu,
        "keterangan" | "ket" => Col::Keterangan,
        "kondisi" | "kondisibarang" => Col::Kondisi,
        "pemegang" | "namapemegang" | "pengguna" => Col::Pemegang,
        "nip" | "nippemegang" => Col::Nip,
        "ruangan" | "ruang" | "lokasi" => Col::Ruangan,
        "mac" | "macaddress" | "alamatmac" => Col::Mac,
        "hostname" | "namahost" => Col::Hostname,
        "ip" | "alamatip" | "ipaddress" => Col::Ip,
        _ => return None,
    };
    Some(col)
}

/// One imported row, before validation: its spreadsheet row number (1-based)
/// and the form input it becomes. `room` is the room cell, resolved by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KibRow {
    pub row: usize,
    pub input: AssetInput,
    pub room: String,
}

/// A problem with one row (or with the file when `row` is 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub message: String,
}

impl RowError {
    pub fn from_field(row: usize, e: FieldError) -> RowError {
        RowError {
            row: u32::try_from(row).unwrap_or(u32::MAX),
            field: e.field,
            message: e.message,
        }
    }
}

/// Finds the header row (the first with both "Kode Barang" and a name column
/// within the first 20 rows) and reads every non-empty row below it.
/// Total rows (those whose first cell is "Jumlah"/"Total") are skipped.
pub fn read_rows(cells: &[Vec<String>]) -> Result<Vec<KibRow>, RowError> {
    let header_at = cells.iter().take(20).position(|r| {
        let cols: Vec<Option<Col>> = r.iter().map(|c| column_of(c)).collect();
        cols.contains(&Some(Col::KodeBarang)) && cols.contains(&Some(Col::Nama))
    });
    let Some(h) = header_at else {
        return Err(RowError {
            row: 0,
            field: String::new(),
            message: "Baris judul KIB B tidak ditemukan: berkas harus punya kolom \"Kode Barang\" dan \"Nama/Jenis Barang\".".into(),
        });
    };
    let cols: Vec<Option<Col>> = cells[h].iter().map(|c| column_of(c)).collect();
    let mut out = Vec::new();
    for (i, row) in cells.iter().enumerate().skip(h + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A row of column numbers (1, 2, 3, ...) under the header, as SIMDA prints.
        if row.iter().take(3).map(|c| c.trim()).eq(["1", "2", "3"]) {
            continue;
        }
        let first = row
            .iter()
            .find(|c| !c.trim().is_empty())
            .map(|c| norm(c))
            .unwrap_or_default();
        if first.starts_with("jumlah") || first.starts_with("total") {
            continue;
        }
        let mut input = AssetInput::default();
        let mut room = String::new();
        for (j, col) in cols.iter().enumerate() {
            let Some(col) = col else { continue };
            let v = row.get(j).map(|s| s.trim().to_owned()).unwrap_or_default();
            match col {
                Col::KodeBarang => input.kode_barang = v,
                Col::Nama => input.nama = v,
                Col::Register => input.nomor_register = v,
                Col::Merk => input.merk_type = v,
                Col::Ukuran => input.ukuran = v,
                Col::Bahan => input.bahan = v,
                Col::Tahun => input.tahun = v,
                Col::Pabrik => input.nomor_pabrik = v,
                Col::Rangka => input.nomor_rangka = v,
                Col::Mesin => input.nomor_mesin = v,
                Col::Polisi => input.nomor_polisi = v,
                Col::Bpkb => input.nomor_bpkb = v,
                Col::AsalUsul => input.asal_usul = v,
                Col::Harga => input.harga = v,
                Col::HargaRibu => input.harga = thousands(&v),
                Col::Keterangan => input.keterangan = v,
                Col::Kondisi => input.condition = v,
                Col::Pemegang => input.holder_name = v,
                Col::Nip => input.holder_nip = v,
                Col::Ruangan => room = v,
                Col::Mac => input.mac = v,
                Col::Hostname => input.hostname = v,
                Col::Ip => input.ip = v,
            }
        }
        out.push(KibRow {
            row: i + 1,
            input,
            room,
        });
    }
    Ok(out)
}

/// A price in thousands of rupiah (`12.500` or `12500`) as whole rupiah text.
fn thousands(v: &str) -> String {
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || v.contains(',') {
        v.to_owned()
    } else {
        format!("{digits}000")
    }
}

/// The 16 KIB B cells of one asset (`no` is the printed row number).
pub fn write_row(no: usize, a: &Asset) -> [String; 16] {
    let mut ket = a.keterangan.clone();
    let mut extra = vec![format!("Kondisi: {}", a.condition.code())];
    if !a.holder_name.is_empty() {
        extra.push(format!("Pemegang: {}", a.holder_name));
    }
    if !a.kode_barang_lama.is_empty() {
        extra.push(format!("Kode lama: {}", a.kode_barang_lama));
    }
    if !ket.is_empty() {
        ket.push_str("; ");
    }
    ket.push_str(&extra.join("; "));
    [
        no.to_string(),
        a.kode_barang.clone(),
        a.nama.clone(),
        a.nomor_register.clone(),
        a.merk_type.clone(),
        a.ukuran.clone(),
        a.bahan.clone(),
        a.tahun.map(|y| y.to_string()).unwrap_or_default(),
        a.nomor_pabrik.clone(),
        a.nomor_rangka.clone(),
        a.nomor_mesin.clone(),
        a.nomor_polisi.clone(),
        a.nomor_bpkb.clone(),
        a.asal_usul.clone(),
        a.harga.to_string(),
        ket,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn finds_header_under_title_and_skips_numbering_and_totals() {
        let t = cells(&[
            &["KARTU INVENTARIS BARANG (KIB) B"],
            &["OPD: Dinas Kesehatan"],
            &[
                "No",
                "Kode Barang",
                "Nama/Jenis Barang",
                "Nomor Register",
                "Harga (Rp 000)",
                "Kondisi",
            ],
            &["1", "2", "3", "4", "5", "6"],
            &[
                "1",
                "1.3.2.10.01.02.002",
                "Laptop",
                "0001",
                "12.500",
                "Rusak Ringan",
            ],
            &["", "", "", "", "", ""],
            &["Jumlah", "", "", "", "12.500", ""],
        ]);
        let rows = read_rows(&t).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, 5);
        assert_eq!(rows[0].input.harga, "12500000");
        assert_eq!(rows[0].input.condition, "Rusak Ringan");
    }

    #[test]
    fn missing_header_is_a_file_error() {
        let e = read_rows(&cells(&[&["a", "b"], &["1", "2"]])).expect_err("no header");
        assert_eq!(e.row, 0);
    }

    #[test]
    fn export_row_has_sixteen_columns_and_keeps_condition() {
        let a = Asset {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            harga: 5,
            ..Default::default()
        };
        let r = write_row(1, &a);
        assert_eq!(r.len(), KIB_B_COLUMNS.len());
        assert_eq!(r[15], "Kondisi: B");
    }
}
