//! The replica on a real SQLite file: saving, validation, search, history,
//! reopening, import all-or-nothing, compaction.

use simpul_core::bulk_edit::BulkEdit;
use simpul_core::kib::cell::sheet_of;
use simpul_core::kib::KibTable;
use simpul_core::{AssetInput, ErrorCode, MaintenanceInput, MaintenanceKind, RoomInput};
use simpul_store::{AssetQuery, ImportFailure, ProfileInput, Replica, SortKey, StoreError};
use tempfile::TempDir;

fn setup() -> (TempDir, Replica) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = Replica::open(&dir.path().join("replika.db")).expect("open");
    r.setup(&ProfileInput {
        regency: "Kabupaten Mukomuko".into(),
        opd_code: "dinkes".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: "Laptop Pengurus Barang".into(),
        language: String::new(),
    })
    .expect("setup");
    (dir, r)
}

fn laptop(holder: &str, nip: &str) -> AssetInput {
    AssetInput {
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        merk_type: "Lenovo ThinkPad E14".into(),
        tahun: "2023".into(),
        nomor_pabrik: "PF3ABC12".into(),
        harga: "12.500.000".into(),
        holder_name: holder.into(),
        holder_nip: nip.into(),
        ..Default::default()
    }
}

fn chunk_count(r: &Replica) -> usize {
    r.document_ids().expect("ids").len()
}

#[test]
fn wrong_nip_is_refused_and_nothing_is_stored() {
    let (_d, mut r) = setup();
    let err = r
        .save_asset(&laptop("Siti Aminah", "19850312 201001 2"))
        .expect_err("bad nip");
    let api: simpul_core::ApiError = err.into();
    assert_eq!(api.code, ErrorCode::Validation);
    assert_eq!(api.fields[0].field, "holder_nip");
    assert!(api.message.contains("18 angka"), "{}", api.message);
    assert_eq!(r.assets(&AssetQuery::default()).expect("list").total, 0);
    assert_eq!(chunk_count(&r), 0, "no document was written");
}

#[test]
fn saved_asset_survives_reopen_with_its_history() {
    let (dir, mut r) = setup();
    let a = r
        .save_asset(&laptop("Siti Aminah", "19850312 201001 2 003"))
        .expect("save");
    assert_eq!(a.nomor_register, "0001");
    assert_eq!(a.opd, "DINKES");
    let mut edit = AssetInput::from_asset(&a);
    edit.holder_name = "Budi Santoso".into();
    edit.holder_nip = String::new();
    edit.condition = "KB".into();
    r.save_asset(&edit).expect("edit");
    drop(r);

    let mut r = Replica::open(&dir.path().join("replika.db")).expect("reopen");
    let d = r.asset_detail(&a.id).expect("detail");
    assert_eq!(d.asset.holder_name, "Budi Santoso");
    assert_eq!(d.history.len(), 2);
    assert_eq!(d.history[0].action, "asset.create");
    assert_eq!(d.history[1].device, "Laptop Pengurus Barang");
    let changed: Vec<(&str, &str, &str)> = d.history[1]
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.old.as_str(), f.new.as_str()))
        .collect();
    assert!(
        changed.contains(&("holder_name", "Siti Aminah", "Budi Santoso")),
        "{changed:?}"
    );
    assert!(changed.contains(&("condition", "B", "KB")), "{changed:?}");
    assert!(r.verify_index().expect("verify").is_empty());
}

#[test]
fn unchanged_save_makes_no_change() {
    let (_d, mut r) = setup();
    let a = r.save_asset(&laptop("Ani", "")).expect("save");
    r.save_asset(&AssetInput::from_asset(&a)).expect("same");
    assert_eq!(r.asset_detail(&a.id).expect("detail").history.len(), 1);
}

#[test]
fn search_filters_and_sorts_from_the_index() {
    let (_d, mut r) = setup();
    let room = r
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L2".into(),
            code: "R07".into(),
            name: "Ruang Server".into(),
            ..Default::default()
        })
        .expect("room");
    let mut a = laptop("Siti Aminah", "");
    a.room_id = room.id.clone();
    a.ip = "10.20.1.15".into();
    r.save_asset(&a).expect("a");
    let mut b = laptop("Budi Santoso", "");
    b.nama = "Printer".into();
    b.kode_barang = "1.3.2.10.02.03.003".into();
    b.merk_type = "Epson L3210".into();
    b.nomor_pabrik = "X7Y8Z9".into();
    b.condition = "RB".into();
    r.save_asset(&b).expect("b");

    let find = |r: &Replica, text: &str| -> Vec<String> {
        r.assets(&AssetQuery {
            text: text.into(),
            ..Default::default()
        })
        .expect("q")
        .rows
        .into_iter()
        .map(|x| x.nama)
        .collect()
    };
    assert_eq!(find(&r, "sit"), ["Laptop"], "holder prefix");
    assert_eq!(find(&r, "eps"), ["Printer"], "brand prefix");
    assert_eq!(find(&r, "X7Y8"), ["Printer"], "serial prefix");
    assert_eq!(find(&r, "G1L2.R07"), ["Laptop"], "room code");
    assert_eq!(find(&r, "server"), ["Laptop"], "room name");
    assert_eq!(find(&r, "10.20.1"), ["Laptop"], "ip prefix");
    assert_eq!(
        find(&r, "lenovo siti"),
        ["Laptop"],
        "words match across fields"
    );
    assert!(find(&r, "lenovo budi").is_empty(), "every word must match");
    assert!(find(&r, "zzz").is_empty());

    let rb = r
        .assets(&AssetQuery {
            condition: "RB".into(),
            ..Default::default()
        })
        .expect("rb");
    assert_eq!(rb.total, 1);
    let text_and_filter = |text: &str, condition: &str| {
        let q = AssetQuery {
            text: text.into(),
            condition: condition.into(),
            ..Default::default()
        };
        let page = r.assets(&q).expect("q");
        (
            page.total,
            page.rows.into_iter().map(|x| x.nama).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        text_and_filter("epson", "RB"),
        (1, vec!["Printer".to_owned()])
    );
    assert_eq!(
        text_and_filter("lenovo", "RB"),
        (0, vec![]),
        "text and filter both apply"
    );
    assert_eq!(
        text_and_filter("lenovo", "B"),
        (1, vec!["Laptop".to_owned()])
    );
    let sorted = r
        .assets(&AssetQuery {
            sort: SortKey::Nama,
            descending: true,
            ..Default::default()
        })
        .expect("sorted");
    assert_eq!(
        sorted
            .rows
            .iter()
            .map(|x| x.nama.as_str())
            .collect::<Vec<_>>(),
        ["Printer", "Laptop"]
    );
    let page = r
        .assets(&AssetQuery {
            offset: 1,
            limit: 1,
            ..Default::default()
        })
        .expect("page");
    assert_eq!((page.total, page.rows.len()), (2, 1));
    let newest = r.assets(&AssetQuery::default()).expect("default");
    assert_eq!(
        newest
            .rows
            .iter()
            .map(|x| x.nama.as_str())
            .collect::<Vec<_>>(),
        ["Printer", "Laptop"],
        "newest first by default"
    );
    let with_text = r
        .assets(&AssetQuery {
            text: "PF3 X7Y8".into(),
            ..Default::default()
        })
        .expect("q");
    assert_eq!(with_text.total, 0);
    let both = r
        .assets(&AssetQuery {
            text: "1.3.2.10".into(),
            descending: true,
            ..Default::default()
        })
        .expect("q");
    assert_eq!(
        both.rows
            .iter()
            .map(|x| x.nama.as_str())
            .collect::<Vec<_>>(),
        ["Laptop", "Printer"],
        "oldest first when flipped"
    );

    assert!(
        r.lookup_code("X7Y8Z9").expect("scan").is_some(),
        "scanned serial opens the record"
    );
    assert!(
        r.lookup_code("1.3.2.10.01.02.002.0001")
            .expect("tag")
            .is_some(),
        "tag kode.register"
    );
    assert!(r.lookup_code("X7Y8").expect("partial").is_none());
    let serial = r.lookup_code("X7Y8Z9").expect("scan").expect("found");
    let barcode = simpul_core::asset_tag::tag_code(&serial).expect("a uuid");
    assert_eq!(
        r.lookup_code(&format!("{barcode}\n")).expect("tag barcode"),
        Some(serial),
        "an asset tag's barcode opens its asset"
    );
    let unknown =
        simpul_core::asset_tag::tag_code("00000000-0000-7000-8000-000000000000").expect("uuid");
    assert!(r.lookup_code(&unknown).expect("unknown tag").is_none());

    let s = r.stats().expect("stats");
    assert_eq!(s.total, 2);
    assert_eq!(s.total_value, 25_000_000);
    assert_eq!(
        s.by_condition
            .iter()
            .map(|c| (c.key.as_str(), c.count))
            .collect::<Vec<_>>(),
        [("B", 1), ("RB", 1)]
    );
}

#[test]
fn renaming_a_room_updates_search() {
    let (_d, mut r) = setup();
    let room = r
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: "R01".into(),
            name: "Gudang".into(),
            ..Default::default()
        })
        .expect("room");
    let mut a = laptop("Ani", "");
    a.room_id = room.id.clone();
    r.save_asset(&a).expect("a");
    r.save_room(&RoomInput {
        id: room.id.clone(),
        building: "G1".into(),
        floor: "L1".into(),
        code: "R01".into(),
        name: "Ruang Arsip".into(),
        ..Default::default()
    })
    .expect("rename");
    assert_eq!(
        r.assets(&AssetQuery {
            text: "arsip".into(),
            ..Default::default()
        })
        .expect("q")
        .total,
        1
    );
    let dup = r
        .save_room(&RoomInput {
            building: "g1".into(),
            floor: "l1".into(),
            code: "r01".into(),
            name: "Lain".into(),
            ..Default::default()
        })
        .expect_err("duplicate code");
    assert!(matches!(dup, StoreError::Validation(_)));
}

#[test]
fn unknown_room_is_a_field_error() {
    let (_d, mut r) = setup();
    let mut a = laptop("Ani", "");
    a.room_id = "no-such-room".into();
    let e: simpul_core::ApiError = r.save_asset(&a).expect_err("room").into();
    assert_eq!(e.fields[0].field, "room_id");
}

#[test]
fn disposal_needs_a_reason_and_hides_from_the_default_list() {
    let (_d, mut r) = setup();
    let a = r.save_asset(&laptop("Ani", "")).expect("a");
    let mut dispose = AssetInput::from_asset(&a);
    dispose.lifecycle = "dihapus".into();
    assert!(r.save_asset(&dispose).is_err());
    dispose.disposal_reason = "Rusak berat, tidak ekonomis diperbaiki".into();
    r.save_asset(&dispose).expect("disposed");
    assert_eq!(r.assets(&AssetQuery::default()).expect("q").total, 0);
    assert_eq!(
        r.assets(&AssetQuery {
            lifecycle: "dihapus".into(),
            ..Default::default()
        })
        .expect("q")
        .total,
        1
    );
    assert!(r.asset(&a.id).is_ok(), "never really deleted");
    let text = |lifecycle: &str| AssetQuery {
        text: "lenovo".into(),
        lifecycle: lifecycle.into(),
        ..Default::default()
    };
    assert_eq!(
        r.assets(&text("")).expect("q").total,
        0,
        "search hides disposed assets by default"
    );
    assert_eq!(r.assets(&text("dihapus")).expect("q").total, 1);
    assert_eq!(r.assets(&text("semua")).expect("q").rows.len(), 1);
    let everything = AssetQuery {
        lifecycle: "semua".into(),
        ..Default::default()
    };
    assert_eq!(
        r.assets(&everything).expect("all, no other filter").total,
        1
    );
}

#[test]
fn maintenance_is_logged_and_in_history() {
    let (_d, mut r) = setup();
    let a = r.save_asset(&laptop("Ani", "")).expect("a");
    r.add_maintenance(&MaintenanceInput {
        asset_id: a.id.clone(),
        kind: MaintenanceKind::VirusSpam,
        date: "2026-01-15".into(),
        technician: "Rudi".into(),
        result: "Antivirus diperbarui, 2 berkas dikarantina".into(),
        cost: "350.000".into(),
        funding: "APBD 2026".into(),
    })
    .expect("log");
    let d = r.asset_detail(&a.id).expect("detail");
    assert_eq!(d.maintenance.len(), 1);
    assert_eq!(d.maintenance[0].cost, Some(350_000), "the cost is kept");
    assert_eq!(
        d.history.last().map(|h| h.action.as_str()),
        Some("maintenance.add")
    );
    let bad = r.add_maintenance(&MaintenanceInput {
        asset_id: a.id.clone(),
        date: "kemarin".into(),
        ..Default::default()
    });
    assert!(bad.is_err());
    assert_eq!(r.maintenance_of(&a.id).expect("log").len(), 1);
}

/// A KIB B table: the header, then rows of (kode, nama, tahun, holder, NIP, kondisi).
fn kib_table(rows: &[[&str; 6]]) -> KibTable {
    let mut cells: Vec<Vec<&str>> = vec![vec![
        "Kode Barang",
        "Nama Barang",
        "Merk/Type",
        "Tahun",
        "Nomor Pabrik",
        "Harga",
        "Pemegang",
        "NIP",
        "Kondisi",
    ]];
    for [kode, nama, tahun, holder, nip, kondisi] in rows {
        cells.push(vec![
            kode,
            nama,
            "Lenovo",
            tahun,
            "",
            "12.500.000",
            holder,
            nip,
            kondisi,
        ]);
    }
    let refs: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    KibTable::read(&sheet_of(&refs)).expect("table")
}

#[test]
fn import_is_all_or_nothing_with_row_numbers() {
    let (_d, mut r) = setup();
    const LAPTOP: &str = "1.3.2.10.01.02.002";
    let table = kib_table(&[
        [LAPTOP, "Laptop", "2023", "Ani", "", ""],
        [LAPTOP, "Laptop", "20x3", "Ani", "123", ""],
        [LAPTOP, "Laptop", "2023", "Budi", "", ""],
    ]);
    let Err(ImportFailure::Rows(summary)) = r.import_table(&table, &mut |_, _| {}) else {
        panic!("must fail")
    };
    assert_eq!(
        summary
            .errors
            .iter()
            .map(|e| (e.row, e.field.as_str()))
            .collect::<Vec<_>>(),
        [(3, "Tahun"), (3, "NIP")]
    );
    assert_eq!(
        r.assets(&AssetQuery::default()).expect("q").total,
        0,
        "nothing half-applied"
    );
    assert_eq!(chunk_count(&r), 0);

    let table = kib_table(&[
        [LAPTOP, "Laptop", "2023", "Ani", "", ""],
        [
            "02.06.03.01.05",
            "Notebook Acer",
            "2012",
            "Citra",
            "",
            "Rusak Ringan",
        ],
        [LAPTOP, "Laptop", "2023", "Budi", "", ""],
    ]);
    let mut calls = 0;
    let report = r
        .import_table(&table, &mut |_, _| calls += 1)
        .expect("import");
    assert!(calls > 0, "progress reported");
    assert_eq!(report.added, 3);
    assert_eq!(report.converted, 1);
    let regs: Vec<String> = r
        .all_assets()
        .expect("all")
        .into_iter()
        .map(|a| {
            format!(
                "{} {} {}",
                a.kode_barang,
                a.nomor_register,
                a.condition.code()
            )
        })
        .collect();
    assert_eq!(
        regs,
        [
            "1.3.2.10.01.02.002 0001 B",
            "1.3.2.10.01.02.002 0002 B",
            "1.3.2.10.01.02.003 0001 KB"
        ]
    );
    assert!(r.verify_index().expect("verify").is_empty());
}

#[test]
fn many_edits_compact_and_reload() {
    let (dir, mut r) = setup();
    let a = r.save_asset(&laptop("Ani", "")).expect("a");
    let mut input = AssetInput::from_asset(&a);
    for i in 0..300 {
        input.keterangan = format!("catatan {i}");
        r.save_asset(&input).expect("edit");
    }
    drop(r);
    let mut r = Replica::open(&dir.path().join("replika.db")).expect("reopen");
    assert_eq!(r.asset(&a.id).expect("a").keterangan, "catatan 299");
    assert_eq!(r.asset_detail(&a.id).expect("detail").history.len(), 301);
    assert!(r.verify_index().expect("verify").is_empty());
}

#[test]
fn demo_data_fills_a_valid_replica() {
    let (_d, mut r) = setup();
    r.load_demo(500, 1, &mut |_, _| {}).expect("demo");
    let s = r.stats().expect("stats");
    assert_eq!(s.total + s.disposed, 500);
    assert_eq!(s.rooms, 12);
    assert!(s.by_category.len() >= 5);
    assert!(r.verify_index().expect("verify").is_empty());
}

#[test]
fn warm_up_loads_every_document_of_the_opd() {
    let (dir, mut r) = setup();
    r.load_demo(300, 2, &mut |_, _| {}).expect("demo");
    let docs = r.document_ids().expect("ids").len();
    drop(r);
    let mut r = Replica::open(&dir.path().join("replika.db")).expect("reopen");
    assert_eq!(r.loaded_documents(), 0, "opening loads no document");
    let mut steps = 0;
    while r.warm_up_step().expect("step") {
        steps += 1;
        assert!(steps < 100, "warm-up ends");
    }
    assert_eq!(r.loaded_documents(), docs);
}

#[test]
fn profile_opd_code_is_fixed_once_set() {
    let (_d, mut r) = setup();
    let actor = r.profile().expect("p").actor.clone();
    let mut p = ProfileInput {
        regency: "Kab. Mukomuko".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinkes".into(),
        device_name: "PC 2".into(),
        language: "en".into(),
    };
    let out = r.setup(&p).expect("rename");
    assert_eq!(
        (out.actor.as_str(), out.language.as_str()),
        (actor.as_str(), "en")
    );
    p.opd_code = "BAPPEDA".into();
    assert!(r.setup(&p).is_err());
}

#[test]
fn a_fixed_clock_fixes_ids_times_and_the_history() {
    use chrono::TimeZone;
    let dir = tempfile::tempdir().expect("tempdir");
    let at = chrono::Utc
        .with_ymd_and_hms(2026, 3, 2, 1, 30, 0)
        .single()
        .expect("time");
    let clock = std::sync::Arc::new(simpul_store::FixedClock::new(at));
    let mut r = Replica::open_with_clock(&dir.path().join("r.db"), clock).expect("open");
    r.setup(&ProfileInput {
        regency: "Kabupaten Mukomuko".into(),
        opd_code: "dinkes".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: "PC Aset".into(),
        language: String::new(),
    })
    .expect("setup");
    let a = r.save_asset(&laptop("", "")).expect("save");
    assert_eq!(a.id, "id-000001");
    assert_eq!(a.created_at, "2026-03-02T01:30:00.000Z");
    let history = r.asset_detail(&a.id).expect("detail").history;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].time_ms, at.timestamp_millis() as f64);
    // A year after the clock's is in the future for the form.
    let mut later = laptop("", "");
    later.tahun = "2027".into();
    assert!(
        r.save_asset(&later).is_err(),
        "2027 is after the clock's year"
    );
}

#[test]
fn a_replica_of_the_previous_version_gets_a_key_and_its_changes_signed_on_first_open() {
    let (dir, mut r) = setup();
    r.save_asset(&laptop("Siti Aminah", "19850312 201001 2 003"))
        .expect("save");
    let key = r.public_key().expect("key").expect("a key from set-up");
    let report = r.verify_signatures().expect("verify");
    assert!(report.ok() && report.verified >= 1, "{report:?}");
    drop(r);

    // What the previous version left: changes, no key, no signatures.
    let path = dir.path().join("replika.db");
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch("DELETE FROM change_signature; DELETE FROM meta WHERE key = 'device_key';")
        .expect("strip");
    drop(conn);

    let r = Replica::open(&path).expect("reopen");
    let new_key = r.public_key().expect("key").expect("made on open");
    assert_ne!(new_key, key, "a new key");
    let after = r.verify_signatures().expect("verify");
    assert!(after.ok(), "{after:?}");
    assert_eq!(
        after.verified, report.verified,
        "every earlier change signed"
    );
}

#[test]
fn a_bulk_move_of_500_assets_is_one_action_and_each_history_shows_it() {
    let (_dir, mut r) = setup();
    r.load_demo(600, 4, &mut |_, _| {}).expect("demo");
    let store = r
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: "GDG".into(),
            name: "Gudang".into(),
            ..Default::default()
        })
        .expect("a store room");
    let all = r.matching_ids(&AssetQuery::default()).expect("ids");
    assert_eq!(all.len(), 600);
    let ids: Vec<String> = all.into_iter().take(500).collect();

    // A bad value changes nothing: the same NIP is wrong for every asset.
    let before: Vec<_> = ids.iter().map(|id| r.asset(id).expect("asset")).collect();
    let e = r
        .bulk_edit(
            &ids,
            &BulkEdit::Holder {
                holder_name: "Budi".into(),
                holder_nip: "1985".into(),
            },
        )
        .expect_err("a short NIP");
    assert!(
        matches!(&e, StoreError::Validation(v) if v.0[0].field == "holder_nip"),
        "{e:?}"
    );
    let e = r
        .bulk_edit(
            &ids,
            &BulkEdit::Move {
                room_id: "no-such-room".into(),
            },
        )
        .expect_err("no such room");
    assert!(
        matches!(&e, StoreError::Validation(v) if v.0[0].field == "room_id"),
        "{e:?}"
    );
    let after: Vec<_> = ids.iter().map(|id| r.asset(id).expect("asset")).collect();
    assert_eq!(
        before, after,
        "a refused bulk action leaves every asset as it was"
    );

    let changes = r.document_ids().expect("docs").len();
    let moved = r
        .bulk_edit(
            &ids,
            &BulkEdit::Move {
                room_id: store.id.clone(),
            },
        )
        .expect("move");
    assert_eq!(moved, 500);
    assert_eq!(
        r.document_ids().expect("docs").len(),
        changes,
        "no new documents"
    );
    let in_store = r
        .assets(&AssetQuery {
            room_id: store.id.clone(),
            ..Default::default()
        })
        .expect("list");
    assert_eq!(in_store.total, 500);
    for id in [&ids[0], &ids[250], &ids[499]] {
        let h = r.asset_detail(id).expect("detail").history;
        let moves: Vec<_> = h.iter().filter(|e| e.action == "asset.move").collect();
        assert_eq!(moves.len(), 1, "one history entry per asset: {h:?}");
        assert_eq!(
            moves[0].fields.len(),
            2,
            "room and updated_at: {:?}",
            moves[0].fields
        );
        assert!(moves[0]
            .fields
            .iter()
            .any(|f| f.field == "room_id" && f.new == store.id));
    }
    // Again: nothing left to change, nothing written.
    let again = r
        .bulk_edit(
            &ids,
            &BulkEdit::Move {
                room_id: store.id.clone(),
            },
        )
        .expect("again");
    assert_eq!(again, 0);
}

/// The imported assets' ids, in order.
fn imported_ids(r: &Replica, skip: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = r
        .all_assets()
        .expect("all")
        .into_iter()
        .map(|a| a.id)
        .filter(|id| !skip.contains(&id.as_str()))
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_confirmed_import_writes_its_previews_plan_only_while_nothing_changed() {
    use chrono::TimeZone;
    use std::sync::Arc;
    const LAPTOP: &str = "1.3.2.10.01.02.002";
    let at = |minute| {
        chrono::Utc
            .with_ymd_and_hms(2026, 3, 2, 1, minute, 0)
            .single()
            .expect("time")
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    let clock = Arc::new(simpul_store::FixedClock::new(at(0)));
    let mut r = Replica::open_with_clock(&path, clock.clone()).expect("open");
    r.setup(&ProfileInput::demo()).expect("setup");
    let rows = [
        [LAPTOP, "Laptop", "2023", "Ani", "", ""],
        [LAPTOP, "Laptop", "2024", "Budi", "", ""],
    ];
    let kept = simpul_store::KeptPlan::default();

    // Nothing written between the preview and the import: the preview's
    // plan (and the ids it gave) is written, stamped when confirmed.
    let probe = r.save_asset(&laptop("", "")).expect("probe").id;
    let table = Arc::new(kib_table(&rows));
    let preview = r.preview_import(&table, &kept).expect("preview");
    assert_eq!(preview.added, 2);
    clock.set(at(10));
    let done = r
        .import_previewed(&table, &kept, &mut |_, _| {})
        .expect("import");
    assert_eq!(done.added, 2);
    let ids = imported_ids(&r, &[&probe]);
    let after = |id: &str, n: u64| {
        let n0: u64 = id.trim_start_matches("id-").parse().expect("number");
        format!("id-{:06}", n0 + n)
    };
    assert_eq!(
        ids,
        [after(&probe, 1), after(&probe, 2)],
        "the preview's plan"
    );
    for a in r
        .all_assets()
        .expect("all")
        .iter()
        .filter(|a| a.id != probe)
    {
        assert_eq!(
            a.created_at, "2026-03-02T01:10:00.000Z",
            "stamped when confirmed"
        );
        assert_eq!(a.updated_at, a.created_at);
    }
    assert!(r.verify_index().expect("verify").is_empty());

    // A write in between (here by another connection, as the command line
    // would) makes the import plan again: new ids, after the write's.
    let mut seen = ids.clone();
    seen.push(probe.clone());
    let table = Arc::new(kib_table(&rows.map(|mut row| {
        row[1] = "Laptop Citra";
        row
    })));
    r.preview_import(&table, &kept).expect("preview");
    let other_clock = Arc::new(simpul_store::FixedClock::new(at(20)));
    let mut other = Replica::open_with_clock(&path, other_clock).expect("second connection");
    let written = other.save_asset(&laptop("Dewi", "")).expect("other").id;
    drop(other);
    seen.push(written);
    let done = r
        .import_previewed(&table, &kept, &mut |_, _| {})
        .expect("import");
    assert_eq!((done.added, done.updated), (2, 0));
    let fresh = imported_ids(&r, &seen.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        fresh,
        [after(&ids[1], 3), after(&ids[1], 4)],
        "planned again"
    );

    // A write by this connection, and a table read again, do the same.
    for change in ["this connection", "another table"] {
        let rows = rows.map(|mut row| {
            row[1] = change;
            row
        });
        let table = Arc::new(kib_table(&rows));
        r.preview_import(&table, &kept).expect("preview");
        let before: Vec<String> = imported_ids(&r, &[]);
        let table = if change == "this connection" {
            r.save_asset(&laptop("Eko", "")).expect("save");
            table
        } else {
            Arc::new(kib_table(&rows))
        };
        let last = imported_ids(&r, &[]);
        let done = r
            .import_previewed(&table, &kept, &mut |_, _| {})
            .expect("import");
        assert_eq!(done.added, 2, "{change}");
        let newest = imported_ids(&r, &[]);
        let new: Vec<&String> = newest.iter().filter(|id| !last.contains(id)).collect();
        let preview_max = before.last().cloned().unwrap_or_default();
        assert!(
            new.iter().all(|id| **id > after(&preview_max, 2)),
            "{change}: {new:?} planned again, not the preview's ids"
        );
    }
}
