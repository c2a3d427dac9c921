//! The `simpul` command run as a real process on a real replica file.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn simpul(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simpul"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run simpul")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn import_is_all_or_nothing_then_export_writes_kib_b() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    let o = simpul(&db, &["import", "x.csv"]);
    assert!(!o.status.success());
    let o = simpul(
        &db,
        &[
            "setup",
            "--regency",
            "Kab. Enrekang",
            "--opd-code",
            "bappeda",
            "--opd-name",
            "Bappeda",
            "--device",
            "PC Aset",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));

    let csv = dir.path().join("kib.csv");
    std::fs::write(
        &csv,
        "No;Kode Barang;Nama Barang;Tahun Pembelian;Harga;Kondisi\n\
         1;1.3.2.10.001.002.002;Laptop;2020;10.000.000;Rusak Ringan\n\
         2;02.06.03.02.05;Printer Epson;2011;2500000;B\n\
         3;1.3.2.10.01.02.002;Laptop;2019;-5;B\n\
         4;02.06.02.01.02;Lemari Arsip;2011;1500000;B\n",
    )
    .expect("csv");
    let o = simpul(&db, &["import", csv.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("baris 4, kolom \"Harga\""),
        "{}",
        text(&o)
    );
    let stats = simpul(&db, &["stats", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("json");
    assert_eq!(s["total"], 0, "nothing half-applied");

    let fixed = std::fs::read_to_string(&csv)
        .expect("read")
        .replace(";-5;", ";5000000;");
    std::fs::write(&csv, fixed).expect("write");
    let o = simpul(&db, &["import", csv.to_str().expect("path")]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("02.06.03.02.05"),
        "old code conversion is reported: {}",
        text(&o)
    );
    let s: serde_json::Value =
        serde_json::from_slice(&simpul(&db, &["stats", "--json"]).stdout).expect("json");
    assert_eq!(s["total"], 3);
    assert_eq!(s["total_value"], 17_500_000);
    assert!(
        text(&o).contains("1 baris bukan TIK dilewati"),
        "{}",
        text(&o)
    );

    let xlsx = dir.path().join("kib-b.xlsx");
    let o = simpul(
        &db,
        &[
            "export",
            "kib-b",
            "-o",
            xlsx.to_str().expect("path"),
            "--kode-lokasi",
            "73.16.01",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let sheet = simpul_kib::read_sheet(&xlsx).expect("xlsx");
    assert!(sheet
        .iter()
        .any(|r| r.cells.iter().any(|c| c.text() == "73.16.01")));
    let table = simpul_kib::read_table(&xlsx).expect("table");
    assert_eq!(table.rows.len(), 3);
    assert!(table
        .rows
        .iter()
        .any(
            |r| r.text(simpul_core::kib::Column::KodeBarang) == "1.3.2.10.02.03.003"
                && r.text(simpul_core::kib::Column::KodeLama) == "02.06.03.02.05"
        ));
    // The export goes back in without changing anything.
    let o = simpul(&db, &["import", xlsx.to_str().expect("path")]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("0 ditambah, 0 diubah, 3 tetap"),
        "{}",
        text(&o)
    );
}

#[test]
fn unreadable_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    let bad = dir.path().join("kib.xlsx");
    std::fs::write(&bad, "not a workbook").expect("write");
    let o = simpul(&db, &["import", bad.to_str().expect("path")]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("rusak atau bukan lembar kerja"),
        "{}",
        text(&o)
    );
}

#[test]
fn labels_print_a_room_or_say_what_is_wrong() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    let out = dir.path().join("label.pdf");
    let out_s = out.to_str().expect("path");
    assert!(simpul(&db, &["demo", "--assets", "30"]).status.success());

    let o = simpul(&db, &["labels", "--opd", "BAPPEDA", "-o", out_s]);
    assert!(!o.status.success());
    assert!(text(&o).contains("milik OPD DINKES"), "{}", text(&o));
    let o = simpul(
        &db,
        &["labels", "--opd", "dinkes", "--room", "R01", "-o", out_s],
    );
    assert!(!o.status.success(), "R01 is in two buildings");
    assert!(text(&o).contains("G1L1.R01"), "{}", text(&o));
    assert!(!out.exists(), "nothing written on an error");

    // The demo server room: 24 panel ports, each with a permanent cable to
    // an outlet in another room and a patch cord to the switch.
    let o = simpul(
        &db,
        &[
            "labels", "--opd", "dinkes", "--room", "G1L2.R07", "--format", "a4", "-o", out_s,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("96 label (48 kabel"), "{}", text(&o));
    assert!(std::fs::read(&out).expect("pdf").starts_with(b"%PDF-"));
}

#[test]
fn tags_print_a_room_then_only_the_rest_and_refuse_an_unknown_format() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    let out = dir.path().join("tags.pdf");
    let out_s = out.to_str().expect("path");
    assert!(simpul(&db, &["demo", "--assets", "30"]).status.success());

    let o = simpul(
        &db,
        &["tags", "--opd", "dinkes", "--format", "a5", "-o", out_s],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("a4x40 atau roll58"), "{}", text(&o));
    let o = simpul(
        &db,
        &[
            "tags", "--opd", "dinkes", "--room", "G1L2.R07", "--format", "a4x40", "-o", out_s,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let room: u32 = text(&o)
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(room > 0 && room < 30, "{}", text(&o));
    let o = simpul(
        &db,
        &[
            "tags", "--opd", "dinkes", "--new", "--format", "roll58", "-o", out_s,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).starts_with(&format!("{} label aset", 30 - room)),
        "{}",
        text(&o)
    );
    let o = simpul(&db, &["tags", "--opd", "dinkes", "--new", "-o", out_s]);
    assert!(!o.status.success());
    assert!(text(&o).contains("sudah pernah dicetak"), "{}", text(&o));
}

/// Runs `simpul verify` and returns its exit code and output.
fn verify(db: &Path) -> (Option<i32>, String) {
    let o = simpul(db, &["verify"]);
    (o.status.code(), text(&o))
}

#[test]
fn verify_finds_an_altered_change_a_forged_signature_and_a_missing_one() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    assert!(simpul(&db, &["demo", "--assets", "12"]).status.success());
    let (code, out) = verify(&db);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Semua tanda tangan sah"), "{out}");

    let conn = rusqlite::Connection::open(&db).expect("open");
    let signed: i64 = conn
        .query_row("SELECT count(*) FROM change_signature", [], |r| r.get(0))
        .expect("count");
    assert!(signed > 0, "every change the demo wrote is signed");

    // A signature edited by hand no longer holds.
    conn.execute(
        "UPDATE change_signature SET sig = zeroblob(64) WHERE hash = (SELECT min(hash) FROM change_signature)",
        [],
    )
    .expect("forge");
    let (code, out) = verify(&db);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Tanda tangan tidak sah: 1"), "{out}");

    // A signature removed: the change is unsigned.
    conn.execute(
        "DELETE FROM change_signature WHERE hash = (SELECT max(hash) FROM change_signature)",
        [],
    )
    .expect("delete");
    let (code, out) = verify(&db);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Tanpa tanda tangan: 1"), "{out}");

    // One flipped byte in a stored change.
    let (id, mut bytes): (i64, Vec<u8>) = conn
        .query_row(
            "SELECT id, bytes FROM chunk ORDER BY length(bytes) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("chunk");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    conn.execute(
        "UPDATE chunk SET bytes = ?1 WHERE id = ?2",
        rusqlite::params![bytes, id],
    )
    .expect("flip");
    let (code, out) = verify(&db);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("PERINGATAN"), "{out}");
}

/// `simpul --db <db> <args>` with its standard input given.
fn simpul_with_input(db: &Path, args: &[&str], input: &str) -> Output {
    let db = db.to_str().expect("path");
    common::simpul_with_input(&[&["--db", db], args].concat(), input)
}

#[test]
fn a_person_adds_people_and_imports_in_their_own_name() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("r.db");
    let setup = simpul(
        &db,
        &[
            "setup",
            "--regency",
            "Kab. Muna",
            "--opd-code",
            "BKD",
            "--opd-name",
            "BKD",
            "--device",
            "PC Aset",
        ],
    );
    assert!(setup.status.success(), "{}", text(&setup));
    let add = |name: &str, nip: &str, role: &str, pins: &str, person: Option<&str>| {
        let mut args = vec![
            "people", "add", "--name", name, "--nip", nip, "--role", role,
        ];
        if let Some(p) = person {
            args.extend(["--person", p]);
        }
        simpul_with_input(&db, &args, pins)
    };
    let o = add(
        "Ani Lestari",
        "199203022019032001",
        "pengurus_barang",
        "730264\n730264\n",
        None,
    );
    assert!(
        !o.status.success(),
        "the first person is an administrator: {}",
        text(&o)
    );
    let o = add(
        "La Ode Rahman",
        "198001012005011001",
        "admin_opd",
        "730264\n730265\n",
        None,
    );
    assert!(
        text(&o).contains("tidak sama"),
        "PINs that differ: {}",
        text(&o)
    );
    let o = add(
        "La Ode Rahman",
        "198001012005011001",
        "admin_opd",
        "730264\n730264\n",
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = add(
        "Ani Lestari",
        "199203022019032001",
        "pengurus_barang",
        "111111\n",
        Some("198001012005011001"),
    );
    assert!(text(&o).contains("PIN salah"), "{}", text(&o));
    let o = add(
        "Ani Lestari",
        "199203022019032001",
        "pengurus_barang",
        "730264\n482913\n482913\n",
        Some("198001012005011001"),
    );
    assert!(
        o.status.success(),
        "the administrator adds Ani: {}",
        text(&o)
    );
    let list = text(&simpul(&db, &["people", "list"]));
    assert!(
        list.contains("Ani Lestari") && list.contains("Admin OPD"),
        "{list}"
    );

    let csv = dir.path().join("kib.csv");
    std::fs::write(&csv, "No;Kode Barang;Nama Barang;Tahun Pembelian;Harga;Kondisi\n1;1.3.2.10.01.02.002;Laptop;2020;10000000;B\n")
        .expect("csv");
    let o = simpul_with_input(
        &db,
        &[
            "--person",
            "19920302 201903 2 001",
            "import",
            csv.to_str().expect("path"),
        ],
        "482913\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Masuk sebagai Ani Lestari"),
        "{}",
        text(&o)
    );

    let mut r = simpul_store::Replica::open(&db).expect("open");
    let id = r
        .assets(&simpul_store::AssetQuery::default())
        .expect("list")
        .rows[0]
        .id
        .clone();
    let history = r.asset_detail(&id).expect("detail").history;
    let person = history[0]
        .person
        .as_ref()
        .expect("a person signed the import");
    assert_eq!(
        (person.name.as_str(), person.nip.as_str()),
        ("Ani Lestari", "199203022019032001")
    );
    let (code, out) = verify(&db);
    assert_eq!(code, Some(0), "{out}");
}
