//! KIB B files laid out as SIMDA BMD and older regional systems write them,
//! imported into a real replica: title blocks, merged two-row headers,
//! column numbering, furniture and vehicles beside the computers, old
//! Permendagri 17/2007 codes, decimal and thousands prices, Windows-1252
//! CSV with semicolons. The files are written here from the layouts, not
//! by Simpul's own export.

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use simpul_core::kib::{ImportSummary, KibTable};
use simpul_store::{ImportFailure, ProfileInput, Replica};
use std::path::{Path, PathBuf};

fn replica(dir: &Path) -> Replica {
    let mut r = Replica::open(&dir.join("r.db")).expect("open");
    r.setup(&ProfileInput {
        regency: "Kabupaten Muna".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: "PC Pengurus Barang".into(),
        language: "id".into(),
    })
    .expect("setup");
    r
}

/// Preview, then import: both must say the same, row for row.
fn import(r: &mut Replica, path: &Path) -> Result<ImportSummary, Box<ImportSummary>> {
    let table = simpul_kib::read_table(path).expect("table");
    let preview = r.import_plan(&table).expect("plan").summary(false);
    let done = match r.import_table(&table, &mut |_, _| {}) {
        Ok(s) => s,
        Err(ImportFailure::Rows(s)) => {
            assert_eq!(preview, *s, "the dry run and the import agree");
            return Err(s);
        }
        Err(ImportFailure::Store(e)) => panic!("store: {e}"),
    };
    assert_eq!(
        ImportSummary {
            stored: true,
            ..preview
        },
        done,
        "the dry run and the import agree"
    );
    Ok(done)
}

fn skipped_rows(s: &ImportSummary) -> Vec<u32> {
    s.skipped_rows.iter().map(|k| k.row).collect()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).expect("column")
}

/// The header of a SIMDA KIB B page: two rows with "Nomor" merged over six
/// columns, then the column numbering row.
fn simda_header(s: &mut Worksheet, top: u32, bold: &Format) {
    for (c, h) in [
        (0, "No"),
        (1, "Kode Barang"),
        (2, "Nama Barang / Jenis Barang"),
        (9, "Merk / Type"),
        (10, "Ukuran / CC"),
        (11, "Bahan"),
        (12, "Tahun Pembelian"),
        (13, "Asal usul Cara Perolehan"),
        (14, "Harga (Rp)"),
        (15, "Keterangan"),
        (16, "Kondisi (B, KB, RB)"),
    ] {
        s.merge_range(top, c, top + 1, c, h, bold)
            .expect("merge down");
    }
    s.merge_range(top, 3, top, 8, "Nomor", bold)
        .expect("merge across");
    for (c, h) in [
        (3, "Register"),
        (4, "Pabrik"),
        (5, "Rangka"),
        (6, "Mesin"),
        (7, "Polisi"),
        (8, "BPKB"),
    ] {
        s.write_string(top + 1, c, h).expect("w");
    }
    for c in 0..17u16 {
        s.write_number(top + 2, c, f64::from(c + 1)).expect("n");
    }
}

/// A SIMDA BMD KIB B: title block, the two-row header, furniture, a
/// motorbike, an AC and a generator beside the computers, a page total, a
/// second page with its header printed again, and the signature block.
fn simda_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let bold = Format::new().set_bold();
    s.merge_range(0, 0, 0, 16, "KARTU INVENTARIS BARANG (KIB) B", &bold)
        .expect("m");
    s.merge_range(1, 0, 1, 16, "PERALATAN DAN MESIN", &bold)
        .expect("m");
    for (r, k, v) in [
        (3, "PROVINSI", ": SULAWESI TENGGARA"),
        (4, "KABUPATEN", ": MUNA"),
        (5, "SKPD", ": DINAS KESEHATAN"),
        (6, "NO. KODE LOKASI", ": 12.20.05.01.01.16.01"),
    ] {
        s.write_string(r, 0, k).expect("w");
        s.write_string(r, 3, v).expect("w");
    }
    simda_header(s, 8, &bold);
    // Excel's 0-based rows; the price is a spreadsheet number.
    type Row<'a> = (u32, Vec<(u16, &'a str)>, f64);
    let rows: Vec<Row<'_>> = vec![
        (
            11,
            vec![
                (1, "1.3.2.10.001.002.002"),
                (2, "Laptop"),
                (3, "000001"),
                (4, "PF3XK9Q2"),
                (9, "Lenovo ThinkPad E14"),
                (12, "2022"),
                (13, "Pembelian"),
                (16, "B"),
            ],
            12_500_000.0,
        ),
        (
            12,
            vec![
                (1, "1.3.2.05.001.004.001"),
                (2, "Meja Kerja Pejabat Eselon III"),
                (3, "000001"),
                (11, "Kayu"),
                (12, "2015"),
                (13, "Pembelian"),
                (16, "B"),
            ],
            3_250_000.0,
        ),
        (
            13,
            vec![
                (1, "02.06.03.02.05"),
                (2, "Printer"),
                (3, "000002"),
                (9, "Epson L3110"),
                (12, "2014"),
                (13, "Pembelian"),
                (16, "KB"),
            ],
            1_945_235.47,
        ),
        (
            14,
            vec![
                (1, "1.3.2.02.001.004.001"),
                (2, "Sepeda Motor"),
                (3, "000001"),
                (5, "MH1JFZ119KK123456"),
                (6, "JFZ1E1123456"),
                (7, "DT 1234 AB"),
                (8, "N-01234567"),
                (9, "Honda Supra X 125"),
                (10, "125 CC"),
                (12, "2019"),
                (16, "B"),
            ],
            18_500_000.0,
        ),
        (
            15,
            vec![
                (1, "02.06.02.04.01"),
                (2, "AC Split 1 PK"),
                (3, "000001"),
                (9, "Daikin"),
                (12, "2016"),
                (16, "RB"),
            ],
            4_100_000.0,
        ),
        (
            16,
            vec![
                (1, "2.6.3.1.5.3"),
                (2, "Note Book"),
                (3, "000003"),
                (4, "NXGP4SN0042"),
                (9, "Acer Aspire"),
                (12, "2012"),
                (16, "RB"),
            ],
            7_800_000.0,
        ),
        (
            17,
            vec![
                (2, "Lap Top Toshiba"),
                (9, "Toshiba Satellite"),
                (12, "2011"),
                (16, "RB"),
            ],
            6_000_000.0,
        ),
        (
            18,
            vec![
                (1, "1.3.2.03.001.001.015"),
                (2, "Genset"),
                (3, "000001"),
                (9, "Yamaha EF2600"),
                (12, "2018"),
                (16, "B"),
            ],
            9_000_000.0,
        ),
        (19, vec![(2, "Jumlah Dipindahkan")], 63_095_235.47),
    ];
    for (r, cells, price) in &rows {
        for (c, v) in cells {
            s.write_string(*r, *c, *v).expect("w");
        }
        s.write_number(*r, 14, *price).expect("n");
    }
    simda_header(s, 21, &bold);
    s.write_string(24, 1, "1.3.2.10.001.002.001").expect("w");
    s.write_string(24, 2, "P.C Unit").expect("w");
    s.write_string(24, 3, "000001").expect("w");
    s.write_string(24, 9, "HP ProDesk 400").expect("w");
    s.write_number(24, 12, 2021.0).expect("n");
    s.write_number(24, 14, 9_750_000.0).expect("n");
    s.write_string(24, 16, "Baik").expect("w");
    s.write_string(25, 2, "Jumlah").expect("w");
    s.write_string(27, 12, "Mengetahui,").expect("w");
    s.write_string(28, 12, "Kepala Dinas Kesehatan").expect("w");
    s.write_string(31, 12, "dr. La Ode Muhammad").expect("w");
    s.write_string(32, 12, "NIP. 19700512 199803 1 004")
        .expect("w");
    wb.save(path).expect("save");
}

#[test]
fn a_whole_simda_kib_b_goes_in_with_its_computers_only() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(dir.path());
    let path = dir.path().join("KIB_B_DINKES_2024.xlsx");
    simda_workbook(&path);
    let s = import(&mut r, &path).expect("imports");
    assert_eq!(s.errors, vec![]);
    assert_eq!((s.added, s.skipped), (5, 4), "{s:#?}");
    // Excel row numbers, as the officer sees them: furniture, motorbike, AC, genset.
    assert_eq!(skipped_rows(&s), vec![13, 15, 16, 19]);
    assert!(
        s.skipped_rows[2]
            .reason
            .contains("Alat Kantor dan Rumah Tangga"),
        "{:?}",
        s.skipped_rows[2]
    );
    assert_eq!(s.converted, 3, "two old codes and one row without a code");
    let assets = r.all_assets().expect("assets");
    let by_name = |n: &str| {
        assets
            .iter()
            .find(|a| a.nama == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let printer = by_name("Printer");
    assert_eq!(printer.harga, Some(1_945_235), "rounded, never x100");
    assert_eq!(printer.kode_barang, "1.3.2.10.02.03.003");
    assert_eq!(printer.kode_barang_lama, "02.06.03.02.05");
    assert_eq!(printer.condition.code(), "KB");
    assert_eq!(by_name("Note Book").kode_barang, "1.3.2.10.01.02.003");
    assert_eq!(by_name("Laptop").nomor_pabrik, "PF3XK9Q2", "Nomor / Pabrik");
    assert_eq!(by_name("Laptop").nomor_register, "000001");
    assert_eq!(by_name("Lap Top Toshiba").kode_barang, "1.3.2.10.01.02.002");
    assert_eq!(by_name("P.C Unit").tahun, Some(2021));
    assert!(
        s.notes
            .iter()
            .any(|n| n.row == 14 && n.message.contains("1.945.235,47")),
        "{:?}",
        s.notes
    );

    // The same file again changes nothing.
    let again = import(&mut r, &path).expect("again");
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, 5),
        "{again:#?}"
    );
    assert_eq!(r.all_assets().expect("assets").len(), 5);
}

fn thousands_workbook(path: &Path, rows: &[(&str, &str, Option<f64>, &str)]) {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let header = [
        "No",
        "Kode Barang",
        "Nama Barang",
        "Nomor Register",
        "Harga (Rp 000)",
    ];
    for (c, h) in header.iter().enumerate() {
        s.write_string(0, col(c), *h).expect("h");
    }
    for (i, (k, n, num, text)) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).expect("r");
        s.write_string(row, 1, *k).expect("w");
        s.write_string(row, 2, *n).expect("w");
        match num {
            Some(v) => s.write_number(row, 4, *v).expect("n"),
            None => s.write_string(row, 4, *text).expect("w"),
        };
    }
    wb.save(path).expect("save");
}

#[test]
fn a_thousands_price_column_scales_exactly_and_dash_is_unknown() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(dir.path());
    let path = dir.path().join("ribu.xlsx");
    let rows: [(&str, &str, Option<f64>, &str); 4] = [
        ("1.3.2.10.01.02.002", "Laptop", Some(1945.23547), ""),
        ("1.3.2.10.01.02.002", "Laptop", None, "12.500"),
        ("1.3.2.10.02.03.002", "Monitor", None, "-"),
        ("1.3.2.10.02.03.003", "Printer", None, "-350"),
    ];
    thousands_workbook(&path, &rows);
    let e = import(&mut r, &path).expect_err("negative price");
    assert_eq!(e.errors.len(), 1, "{:?}", e.errors);
    assert_eq!(
        (e.errors[0].row, e.errors[0].field.as_str()),
        (5, "Harga (Rp 000)")
    );
    assert!(
        e.errors[0].message.contains("-350"),
        "{}",
        e.errors[0].message
    );
    assert_eq!(r.all_assets().expect("a").len(), 0, "nothing half-applied");

    thousands_workbook(&path, &rows[..3]);
    let s = import(&mut r, &path).expect("imports");
    assert_eq!(s.added, 3);
    let prices: Vec<Option<i64>> = s.added_rows.iter().map(|a| a.harga).collect();
    assert_eq!(prices, vec![Some(1_945_235), Some(12_500_000), None]);
    assert!(
        s.notes
            .iter()
            .any(|n| n.row == 4 && n.message.contains("belum diketahui")),
        "{:?}",
        s.notes
    );
    assert_eq!(
        s.numbered, 3,
        "registers 0001, 0002 (laptops), 0001 (monitor)"
    );
}

fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!bad, "encodable");
    bytes.into_owned()
}

#[test]
fn a_windows_1252_semicolon_csv_under_a_title_line_with_old_codes() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(dir.path());
    let path = dir.path().join("kib.csv");
    let text = "KARTU INVENTARIS BARANG B, KABUPATEN MUNA\r\n\
                \r\n\
                No;Kode Barang;Nama/Jenis Barang;Register;Merk/Type;Tahun;Harga;Kondisi;Keterangan;Warna;Pemegang\r\n\
                1;02.06.03.01.04;Personal Komputer;0001;Rakitan;2010;4.500.000,00;Rusak Berat;Ruang Kepala – lantai 2;Hitam;José Ramos\r\n\
                2;06.03.01.05;Note Book;0002;Toshiba;2011;\"7.250.000,50\";KB;;Perak;\r\n\
                3;02.06.02.01.02;Lemari Besi;0001;Brother;2009;2.000.000;B;;Abu-abu;\r\n\
                4;1.3.2.10.01.02.002;Laptop;;Asus;2023;11.000.000;B;;Hitam;\r\n\
                5;1.3.2.10.01.02.002;Laptop;0003;Asus;2023;11.000.000;B;;Hitam;\r\n";
    std::fs::write(&path, cp1252(text)).expect("write");
    let s = import(&mut r, &path).expect("imports");
    assert_eq!((s.added, s.skipped), (4, 1), "{s:#?}");
    assert_eq!(skipped_rows(&s), vec![6], "CSV line numbers");
    assert!(s.unknown_columns.contains(&"Warna".to_owned()));
    assert!(s.notes.iter().any(|n| n.message.contains("\"Warna\"")));
    let assets = r.all_assets().expect("assets");
    let pc = assets
        .iter()
        .find(|a| a.nama == "Personal Komputer")
        .expect("pc");
    assert_eq!(pc.keterangan, "Ruang Kepala – lantai 2", "Windows-1252");
    assert_eq!(pc.holder_name, "José Ramos");
    assert_eq!(pc.kode_barang, "1.3.2.10.01.02.001");
    assert_eq!(pc.condition.code(), "RB");
    let nb = assets.iter().find(|a| a.nama == "Note Book").expect("nb");
    assert_eq!(nb.harga, Some(7_250_001), "50 sen round up");
    // The laptop without a register does not take 0003, written further down.
    let mut laptops: Vec<&str> = assets
        .iter()
        .filter(|a| a.nama == "Laptop")
        .map(|a| a.nomor_register.as_str())
        .collect();
    laptops.sort_unstable();
    assert_eq!(laptops, vec!["0003", "0004"]);
}

#[test]
fn messages_name_the_files_column_and_show_the_value() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(dir.path());
    let path = dir.path().join("salah.csv");
    std::fs::write(
        &path,
        "Kode Barang,Nama Barang,Tahun Perolehan,NIP,Pemegang,Ruang,Kondisi\n\
         1.3.2.10.01.02.002,Laptop,2099,1985,Siti,Ruang Server,Bagus\n",
    )
    .expect("write");
    let e = import(&mut r, &path).expect_err("invalid");
    let fields: Vec<&str> = e.errors.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(
        fields,
        vec!["Ruang", "Tahun Perolehan", "NIP", "Kondisi"],
        "{:#?}",
        e.errors
    );
    assert!(e.errors.iter().all(|x| x.row == 2));
    for (i, shown) in [(1, "2099"), (2, "1985"), (3, "Bagus")] {
        assert!(
            e.errors[i].message.contains(shown),
            "{}",
            e.errors[i].message
        );
    }
    assert!(e
        .errors
        .iter()
        .all(|x| !x.message.contains("room_id") && !x.message.contains("condition")));
}

#[test]
fn a_file_with_only_a_header_is_refused_by_the_dry_run_too() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(dir.path());
    let path = dir.path().join("kosong.csv");
    std::fs::write(
        &path,
        "No;Kode Barang;Nama Barang;Nomor Register;Harga\n1;2;3;4;5\n",
    )
    .expect("write");
    let e = import(&mut r, &path).expect_err("empty");
    assert_eq!(e.errors.len(), 1);
    assert!(
        e.errors[0].message.contains("tidak ada baris barang"),
        "{}",
        e.errors[0].message
    );
}

#[test]
fn a_file_that_is_not_kib_b_says_so_in_indonesian() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("surat.csv");
    std::fs::write(&path, "Kepada Yth,Bapak Kepala Dinas\nPerihal,Laporan\n").expect("write");
    let e = simpul_kib::read_table(&path).expect_err("no table");
    assert!(
        e.to_string()
            .contains("Baris judul tabel KIB B tidak ditemukan"),
        "{e}"
    );
    let bad = dir.path().join("rusak.xlsx");
    std::fs::write(&bad, b"PK\x03\x04 bukan zip").expect("write");
    let e = simpul_kib::read_table(&bad).expect_err("corrupt");
    assert!(
        e.to_string().contains("rusak atau bukan lembar kerja"),
        "{e}"
    );
    let missing: PathBuf = dir.path().join("tidak-ada.xlsx");
    let e = simpul_kib::read_table(&missing).expect_err("missing");
    assert!(e.to_string().contains("tidak ditemukan"), "{e}");
}

#[test]
fn a_table_is_read_whatever_the_separator() {
    for sep in [";", ",", "\t"] {
        let text = format!(
            "Daftar barang\n\nNo{sep}Kode Barang{sep}Nama Barang{sep}Harga\n1{sep}1.3.2.10.01.02.002{sep}Laptop{sep}5000000\n"
        );
        let rows = simpul_kib::read_csv_bytes(text.as_bytes()).expect("csv");
        let t = KibTable::read(&rows).expect("table");
        assert_eq!(t.rows.len(), 1, "separator {sep:?}");
        assert_eq!(t.rows[0].row, 4);
    }
}

#[test]
fn an_nip_excel_stored_as_a_number_is_refused_not_guessed() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(dir.path());
    let path = dir.path().join("nip.xlsx");
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in [
        "Kode Barang",
        "Nama Barang",
        "Pemegang",
        "NIP",
        "Jumlah Harga (Rp)",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, col(c), *h).expect("h");
    }
    s.write_string(1, 0, "1.3.2.10.01.02.002").expect("w");
    s.write_string(1, 1, "Laptop").expect("w");
    s.write_string(1, 2, "Siti Aminah").expect("w");
    // 19850312 201001 2 003 as Excel keeps it: 1.98503122010012E+17.
    s.write_number(1, 3, 198_503_122_010_012_003.0).expect("n");
    s.write_number(1, 4, 7_500_000.0).expect("n");
    s.write_string(2, 0, "1.3.2.10.01.02.002").expect("w");
    s.write_string(2, 1, "Laptop").expect("w");
    s.write_string(2, 2, "Budi").expect("w");
    s.write_string(2, 3, "NIP. 19850312 201001 1 004")
        .expect("w");
    s.write_number(2, 4, 7_500_000.0).expect("n");
    wb.save(&path).expect("save");
    let e = import(&mut r, &path).expect_err("nip as a number");
    assert_eq!(e.errors.len(), 1, "{:?}", e.errors);
    assert_eq!((e.errors[0].row, e.errors[0].field.as_str()), (2, "NIP"));
    assert!(
        e.errors[0].message.contains("Teks"),
        "{}",
        e.errors[0].message
    );
    assert_eq!(
        e.added, 1,
        "the other row, with its NIP written as text, is fine"
    );
}

#[test]
fn a_workbook_that_would_inflate_to_gigabytes_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bom.xlsx");
    thousands_workbook(&path, &[("1.3.2.10.01.02.002", "Laptop", Some(1.0), "")]);
    let mut bytes = std::fs::read(&path).expect("read");
    // Declare 4 GB for the first part in the central directory.
    let at = bytes
        .windows(4)
        .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .expect("central directory");
    bytes[at + 24..at + 28].copy_from_slice(&0xF000_0000u32.to_le_bytes());
    std::fs::write(&path, &bytes).expect("write");
    let e = simpul_kib::read_table(&path).expect_err("bomb");
    assert!(
        e.to_string().contains("terlalu besar setelah dibuka"),
        "{e}"
    );
}
