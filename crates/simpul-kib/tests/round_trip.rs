//! Simpul's own export goes back in whole: into the same replica it changes
//! nothing, into a fresh one it recreates every asset field by field, and a
//! changed cell becomes one update that names the field.

use simpul_core::Asset;
use simpul_store::{ProfileInput, Replica};
use std::path::Path;

fn demo(dir: &Path, name: &str, assets: usize) -> Replica {
    let mut r = Replica::open(&dir.join(name)).expect("open");
    r.setup(&ProfileInput::demo()).expect("setup");
    if assets > 0 {
        r.load_demo(assets, 7, &mut |_, _| {}).expect("demo");
    }
    r
}

fn export(r: &Replica, path: &Path) {
    let sheets = r
        .kib_sheets(&r.kib_units().expect("units"))
        .expect("sheets");
    if path.extension().is_some_and(|e| e == "csv") {
        simpul_kib::write_kib_csv(path, &sheets[0]).expect("csv");
    } else {
        simpul_kib::write_kib_b(path, &sheets, &mut |_, _| {}).expect("xlsx");
    }
}

fn sorted(mut v: Vec<Asset>) -> Vec<Asset> {
    v.sort_by(|a, b| a.id.cmp(&b.id));
    for a in &mut v {
        a.created_at.clear();
        a.updated_at.clear();
    }
    v
}

#[test]
fn export_then_import_changes_nothing_in_either_format() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = demo(dir.path(), "a.db", 300);
    let before = r.all_assets().expect("assets");
    for name in ["kib.xlsx", "kib.csv"] {
        let path = dir.path().join(name);
        export(&r, &path);
        let table = simpul_kib::read_table(&path).expect("table");
        let s = r.import_table(&table, &mut |_, _| {}).expect("import");
        assert_eq!(
            (s.added, s.updated, s.unchanged, s.skipped),
            (0, 0, 300, 0),
            "{name}: {:#?}",
            s.updates.first()
        );
        assert!(s.errors.is_empty());
    }
    assert_eq!(
        r.all_assets().expect("assets"),
        before,
        "not a field touched"
    );
}

#[test]
fn an_export_recreates_every_field_in_a_fresh_replica() {
    let dir = tempfile::tempdir().expect("dir");
    let a = demo(dir.path(), "a.db", 200);
    let path = dir.path().join("kib.xlsx");
    export(&a, &path);
    let mut b = demo(dir.path(), "b.db", 0);
    b.write_rooms_bulk(&a.rooms().expect("rooms"))
        .expect("rooms");
    let table = simpul_kib::read_table(&path).expect("table");
    let s = b.import_table(&table, &mut |_, _| {}).expect("import");
    assert_eq!(s.added, 200, "{:?}", s.errors.first());
    assert_eq!(
        sorted(b.all_assets().expect("b")),
        sorted(a.all_assets().expect("a")),
        "condition, NIP, room, MAC, IP, specification, lifecycle: all of it"
    );
}

#[test]
fn a_changed_cell_is_one_update_named_by_its_column() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = demo(dir.path(), "a.db", 20);
    let path = dir.path().join("kib.csv");
    export(&r, &path);
    let text = std::fs::read_to_string(&path).expect("csv");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].split(';').collect();
    let kondisi = header
        .iter()
        .position(|h| *h == "Kondisi")
        .expect("Kondisi");
    let nama = header.iter().position(|h| *h == "Merk/Type").expect("merk");
    let mut cells: Vec<String> = lines[3].split(';').map(str::to_owned).collect();
    let old = cells[kondisi].clone();
    let new = if old == "RB" { "B" } else { "RB" };
    cells[kondisi] = new.to_owned();
    cells[nama] = String::new(); // an empty cell keeps what is stored
    lines[3] = cells.join(";");
    std::fs::write(&path, lines.join("\n")).expect("write");
    let table = simpul_kib::read_table(&path).expect("table");
    let s = r.import_table(&table, &mut |_, _| {}).expect("import");
    assert_eq!((s.added, s.updated, s.unchanged), (0, 1, 19));
    let u = &s.updates[0];
    assert_eq!(u.row, 4);
    assert_eq!(u.changes.len(), 1, "{:?}", u.changes);
    assert_eq!(
        (
            u.changes[0].column.as_str(),
            u.changes[0].old.as_str(),
            u.changes[0].new.as_str()
        ),
        ("Kondisi", old.as_str(), new)
    );
}

#[test]
fn a_diskominfo_device_writes_one_sheet_per_opd() {
    use calamine::Reader;
    let dir = tempfile::tempdir().expect("dir");
    let mut r = Replica::open(&dir.path().join("kominfo.db")).expect("open");
    r.setup(&ProfileInput {
        regency: "Kabupaten Muna".into(),
        opd_code: "DISKOMINFO".into(),
        opd_name: "Dinas Komunikasi dan Informatika".into(),
        device_name: "PC Bidang TIK".into(),
        language: "id".into(),
    })
    .expect("setup");
    r.set_server(&simpul_store::ServerLink {
        address: "https://pusatdata.example".into(),
        device_id: "d1".into(),
        diskominfo: true,
        token: "t".into(),
        ca_pem: None,
    })
    .expect("link");
    let laptop = |opd: &str, n: usize| Asset {
        id: uuid::Uuid::now_v7().to_string(),
        opd: opd.into(),
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        nomor_register: format!("{n:04}"),
        ..Default::default()
    };
    let assets: Vec<Asset> = (1..=3)
        .map(|n| laptop("DINKES", n))
        .chain((1..=2).map(|n| laptop("DISDIK", n)))
        .collect();
    r.write_assets_bulk(&assets, "test", &mut |_, _| {})
        .expect("assets");
    let units = r.kib_units().expect("units");
    let codes: Vec<&str> = units.iter().map(|u| u.opd_code.as_str()).collect();
    assert_eq!(codes, ["DISKOMINFO", "DINKES", "DISDIK"]);
    let with_assets: Vec<_> = units
        .into_iter()
        .filter(|u| u.opd_code != "DISKOMINFO")
        .collect();
    let path = dir.path().join("kib.xlsx");
    let sheets = r.kib_sheets(&with_assets).expect("sheets");
    simpul_kib::write_kib_b(&path, &sheets, &mut |_, _| {}).expect("write");
    let mut wb = calamine::open_workbook_auto(&path).expect("open");
    assert_eq!(wb.sheet_names(), ["KIB B DINKES", "KIB B DISDIK"]);
    let disdik = wb.worksheet_range("KIB B DISDIK").expect("sheet");
    let ids: usize = disdik
        .rows()
        .filter(|row| row.iter().any(|c| *c == "Laptop"))
        .count();
    assert_eq!(ids, 2, "each OPD's sheet holds its own assets only");
}
