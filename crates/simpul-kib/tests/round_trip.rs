//! A written KIB B workbook reads back into the same rows.

use simpul_core::kib::read_rows;
use simpul_core::{Asset, AssetInput};
use simpul_kib::{read_cells, write_kib_b, KibHeader, ReadError};

#[test]
fn xlsx_written_reads_back_into_the_same_assets() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kib.xlsx");
    let a = AssetInput {
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        nomor_register: "0007".into(),
        merk_type: "Asus".into(),
        tahun: "2021".into(),
        nomor_pabrik: "SN1".into(),
        harga: "9500000".into(),
        condition: "KB".into(),
        ..Default::default()
    }
    .apply_to(&Asset::default(), 2026)
    .expect("valid");
    let header = KibHeader {
        regency: "Kab. Lamandau".into(),
        opd_name: "Dinas Kesehatan".into(),
        opd_code: "DINKES".into(),
        kode_lokasi: "12.01.05".into(),
    };
    write_kib_b(&path, &header, &[a.clone(), a.clone()], &mut |_, _| {}).expect("write");
    let cells = read_cells(&path).expect("read");
    assert!(
        cells
            .iter()
            .any(|r| r.iter().any(|c| c.contains("Dinas Kesehatan"))),
        "header names the OPD"
    );
    let rows = read_rows(&cells).expect("rows");
    assert_eq!(
        rows.len(),
        2,
        "the Jumlah row and the numbering row are skipped"
    );
    let back = rows[0]
        .input
        .apply_to(&Asset::default(), 2026)
        .expect("valid");
    assert_eq!(
        (
            back.kode_barang.as_str(),
            back.nomor_register.as_str(),
            back.harga,
            back.tahun
        ),
        ("1.3.2.10.01.02.002", "0007", 9_500_000, Some(2021))
    );
}

#[test]
fn semicolon_csv_with_bom_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kib.csv");
    std::fs::write(
        &path,
        "\u{feff}No;Kode Barang;Nama Barang;Harga\n1;1.3.2.10.02.03.003;Printer;\"2.500.000\"\n",
    )
    .expect("write");
    let rows = read_rows(&read_cells(&path).expect("read")).expect("rows");
    assert_eq!(rows[0].input.nama, "Printer");
    assert_eq!(rows[0].input.harga, "2.500.000");
}

#[test]
fn unsupported_and_corrupt_files_are_clear_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("kib.pdf");
    std::fs::write(&pdf, "%PDF").expect("write");
    assert!(matches!(read_cells(&pdf), Err(ReadError::Unsupported(_))));
    let bad = dir.path().join("kib.xlsx");
    std::fs::write(&bad, "this is not a zip").expect("write");
    assert!(matches!(read_cells(&bad), Err(ReadError::Open(..))));
}
