//! The application layer without a window: the operations a front end
//! calls, on a real replica file, with a host that records what it is
//! told.

use simpul_core::{AssetInput, ErrorCode, RoomInput};
use simpul_labels::LabelFormat;
use simpul_service::ops::labels::LabelSelection;
use simpul_service::ops::tags::TagSelection;
use simpul_service::{Host, Service, SyncStatus};
use simpul_store::{AssetQuery, ProfileInput};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

#[derive(Default)]
struct Recorder {
    changed: AtomicU32,
}

#[derive(Clone, Default)]
struct Shared(Arc<Recorder>);

impl Host for Shared {
    fn data_changed(&self) {
        self.0.changed.fetch_add(1, Ordering::SeqCst);
    }
    fn sync_status(&self, _: &SyncStatus) {}
}

fn service(dir: &tempfile::TempDir) -> (Service, Shared) {
    let host = Shared::default();
    let svc = Service::open(&dir.path().join("r.db"), host.clone()).expect("open");
    (svc, host)
}

fn profile() -> ProfileInput {
    ProfileInput {
        regency: "Kab. Muna".into(),
        opd_code: " dinkes ".into(),
        opd_name: "Dinas Kesehatan".into(),
        device_name: "PC Aset".into(),
        language: String::new(),
    }
}

#[test]
fn an_officer_sets_up_adds_a_room_and_an_asset_and_the_window_hears_of_it() {
    let dir = tempfile::tempdir().expect("dir");
    let (svc, host) = service(&dir);
    let e = svc.stats().expect_err("not set up");
    assert_eq!(e.code, ErrorCode::NotConfigured);
    assert_eq!(
        svc.profile_save(&profile()).expect("setup").opd_code,
        "DINKES"
    );

    let room = svc
        .room_save(&RoomInput {
            building: "g1".into(),
            floor: "l2".into(),
            code: "r07".into(),
            name: "Ruang Server".into(),
            ..Default::default()
        })
        .expect("room");
    assert_eq!(room.short_code, "G1L2.R07", "the back end sends the code");
    assert_eq!(room.label, "G1L2.R07 Ruang Server");

    let before = host.0.changed.load(Ordering::SeqCst);
    let asset = svc
        .asset_save(&AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            room_id: room.room.id.clone(),
            ..Default::default()
        })
        .expect("asset");
    assert_eq!(asset.nomor_register, "0001");
    assert!(
        host.0.changed.load(Ordering::SeqCst) > before,
        "lists re-query"
    );
    let detail = svc.asset_detail(&asset.id).expect("detail");
    assert_eq!(detail.room.expect("room").short_code, "G1L2.R07");

    let bad = svc
        .asset_save(&AssetInput {
            nama: String::new(),
            ..Default::default()
        })
        .expect_err("invalid");
    assert_eq!(bad.code, ErrorCode::Validation);
    assert!(!bad.fields.is_empty());
    assert_eq!(svc.stats().expect("stats").total, 1, "nothing half-saved");
}

#[test]
fn an_opd_device_may_not_write_the_regency_document() {
    let dir = tempfile::tempdir().expect("dir");
    let (svc, _) = service(&dir);
    svc.profile_save(&profile()).expect("setup");
    let settings = svc.address_template().expect("template");
    assert!(!settings.editable);
    let e = svc
        .address_template_set("{node}:{port}")
        .expect_err("Diskominfo's");
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(
        svc.address_example("{room}-{node}-{port2}")
            .expect("example"),
        "R07-PP1-05"
    );
    let e = svc.address_example("{node}").expect_err("no port");
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.fields[0].field, "template");
}

#[test]
fn labels_and_kib_b_go_through_the_same_operations_as_the_window() {
    let dir = tempfile::tempdir().expect("dir");
    let (svc, _) = service(&dir);
    let demo = svc.demo_load(40, 1, &mut |_, _| {}).expect("demo");
    assert!(demo.written);
    assert!(!svc.demo_load(40, 1, &mut |_, _| {}).expect("again").written);

    let pdf = dir.path().join("label.pdf");
    let room = LabelSelection {
        room_id: Some("G1L2.R07".into()),
        ..Default::default()
    };
    let written = svc
        .labels_save(&room, simpul_labels::LabelFormat::A4, Some(&pdf))
        .expect("labels");
    assert_eq!((written.cables, written.labels), (48, 96));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
    let preview = svc
        .labels_preview(&room, simpul_labels::LabelFormat::A4, 1)
        .expect("preview");
    assert_eq!(preview.pages.len(), 1);
    assert_eq!(preview.labels, 96);

    let xlsx = dir.path().join("kib.xlsx");
    let units = svc.kib_units().expect("units");
    let n = svc
        .kib_export(&xlsx, &units, &mut |_, _| {})
        .expect("export");
    assert_eq!(n, 40);
    let csv = dir.path().join("kib.csv");
    let two = [units[0].clone(), units[0].clone()];
    assert_eq!(
        svc.kib_export(&csv, &two, &mut |_, _| {})
            .expect_err("one OPD per CSV")
            .code,
        ErrorCode::Validation
    );
    let again = svc.kib_preview(&xlsx).expect("preview");
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 40));
    let missing = svc
        .kib_import(&dir.path().join("nope.xlsx"), &mut |_, _| {})
        .expect_err("no file");
    assert_eq!(simpul_core::ApiError::from(missing).code, ErrorCode::Import);
}

#[test]
fn every_closed_list_comes_with_both_labels() {
    let dir = tempfile::tempdir().expect("dir");
    let (svc, _) = service(&dir);
    let lists = svc.choices();
    let condition: Vec<_> = lists
        .condition
        .iter()
        .map(|c| (c.value.as_str(), c.id.as_str(), c.en.as_str()))
        .collect();
    assert_eq!(
        condition,
        [
            ("B", "Baik", "Good"),
            ("KB", "Kurang Baik", "Fair"),
            ("RB", "Rusak Berat", "Badly damaged")
        ]
    );
    for list in [
        &lists.lifecycle,
        &lists.maintenance_kind,
        &lists.node_kind,
        &lists.cable_kind,
        &lists.cable_status,
        &lists.registration_status,
        &lists.label_format,
    ] {
        assert!(!list.is_empty());
        assert!(list
            .iter()
            .all(|c| !c.value.is_empty() && !c.id.is_empty() && !c.en.is_empty()));
    }
    assert_eq!(lists.node_kind.len(), 7);
    assert_eq!(lists.label_format[3].value, "a4");
}

#[test]
fn asset_tags_print_a_room_then_only_the_new_ones_and_scan_back_to_their_assets() {
    let dir = tempfile::tempdir().expect("dir");
    let (svc, _) = service(&dir);
    svc.demo_load(40, 1, &mut |_, _| {}).expect("demo");
    let room = svc
        .rooms()
        .expect("rooms")
        .into_iter()
        .find(|r| r.short_code == "G1L2.R07")
        .expect("the demo's server room");
    let in_room = svc
        .assets_page(&AssetQuery {
            room_id: room.room.id.clone(),
            limit: 1000,
            ..Default::default()
        })
        .expect("room's assets");
    assert!(in_room.total > 0 && in_room.total < 40);

    // A room's tags on an A4 sheet of 40: every barcode scans (ZBar, as a
    // wedge scanner reads it) and opens an asset of that room.
    let pdf = dir.path().join("tags.pdf");
    let by_room = TagSelection {
        room_id: Some("g1l2.r07".into()),
        ..Default::default()
    };
    let written = svc
        .tags_save(&by_room, LabelFormat::A4x40, Some(&pdf))
        .expect("tags");
    assert_eq!(written.tags, in_room.total);
    let scanned: Vec<String> = simpul_labels::verify::pdf_barcodes(&pdf, 1, 600)
        .expect("zbarimg")
        .into_iter()
        .filter(|(kind, _)| kind == "CODE-128")
        .map(|(_, data)| data)
        .collect();
    assert_eq!(scanned.len() as u32, written.tags.min(40));
    for code in &scanned {
        let id = svc.code_lookup(code).expect("lookup").expect("an asset");
        assert!(in_room.rows.iter().any(|r| r.id == id), "{code} -> {id}");
    }
    let text = simpul_labels::verify::pdf_text(&pdf).expect("pdftotext");
    let first = &in_room.rows[0];
    assert!(
        text.contains(&format!("{}.{}", first.kode_barang, first.nomor_register)),
        "{text}"
    );

    // "The new ones since the last print": the rest of the OPD, then a new
    // asset alone.
    let new = TagSelection {
        unprinted: true,
        ..Default::default()
    };
    let left = svc.tags_preview(&new, LabelFormat::A4, 1).expect("preview");
    assert_eq!(left.tags, 40 - written.tags);
    svc.tags_save(
        &new,
        LabelFormat::Roll58,
        Some(&dir.path().join("rest.pdf")),
    )
    .expect("the rest");
    let e = svc
        .tags_save(
            &new,
            LabelFormat::Roll58,
            Some(&dir.path().join("none.pdf")),
        )
        .expect_err("nothing new");
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(!dir.path().join("none.pdf").exists());
    let added = svc
        .asset_save(&AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            merk_type: "Lenovo V14".into(),
            ..Default::default()
        })
        .expect("a new laptop");
    let only = svc
        .tags_preview(&new, LabelFormat::Tape12, 5)
        .expect("preview");
    assert_eq!((only.tags, only.total_pages, only.pages.len()), (1, 1, 1));
    assert!(only.pages[0].contains(&added.nomor_register));

    // A selection keeps its order; an unknown asset is refused.
    let pick = TagSelection {
        asset_ids: vec![added.id.clone(), first.id.clone()],
        ..Default::default()
    };
    assert_eq!(
        svc.tags_preview(&pick, LabelFormat::A4, 1)
            .expect("pick")
            .tags,
        2
    );
    let e = svc
        .tags_preview(
            &TagSelection {
                asset_ids: vec!["0193a000-0000-7000-8000-000000000000".into()],
                ..Default::default()
            },
            LabelFormat::A4,
            1,
        )
        .expect_err("no such asset");
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn a_bulk_maintenance_entry_reaches_every_asset_matching_the_filter() {
    use simpul_service::ops::bulk::BulkSelection;
    let dir = tempfile::tempdir().expect("dir");
    let (svc, host) = service(&dir);
    svc.profile_save(&profile()).expect("setup");
    for i in 0..3 {
        svc.asset_save(&AssetInput {
            kode_barang: "1.3.2.10.01.02.001".into(),
            nama: format!("PC {i}"),
            ..Default::default()
        })
        .expect("pc");
    }
    svc.asset_save(&AssetInput {
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        ..Default::default()
    })
    .expect("laptop");
    let pcs = BulkSelection {
        ids: Vec::new(),
        query: Some(AssetQuery {
            text: "PC".into(),
            ..Default::default()
        }),
    };
    let entry = simpul_core::MaintenanceInput {
        kind: simpul_core::MaintenanceKind::VirusSpam,
        date: "2026-01-15".into(),
        technician: "Budi".into(),
        result: "Antivirus diperbarui".into(),
        ..Default::default()
    };
    let nothing = svc
        .assets_bulk_maintenance(&BulkSelection::default(), &entry)
        .expect_err("empty selection");
    assert_eq!(nothing.code, ErrorCode::Validation);
    let bad = svc
        .assets_bulk_maintenance(
            &pcs,
            &simpul_core::MaintenanceInput {
                technician: String::new(),
                ..entry.clone()
            },
        )
        .expect_err("no technician");
    assert_eq!(bad.fields[0].field, "technician");

    let before = host.0.changed.load(Ordering::SeqCst);
    let done = svc.assets_bulk_maintenance(&pcs, &entry).expect("bulk");
    assert_eq!((done.selected, done.changed), (3, 3));
    assert!(host.0.changed.load(Ordering::SeqCst) > before);
    let page = svc.assets_page(&AssetQuery::default()).expect("list");
    for row in page.rows {
        let log = svc.asset_detail(&row.id).expect("detail").maintenance;
        let expected = usize::from(row.nama.starts_with("PC"));
        assert_eq!(log.len(), expected, "{}", row.nama);
    }
}

#[test]
fn a_scan_answers_with_the_room_as_it_stands_after_it() {
    use simpul_core::stocktake::{ScanInput, StockTakeInput, TeamMember};
    use simpul_store::LineState;
    let dir = tempfile::tempdir().expect("dir");
    let (svc, host) = service(&dir);
    svc.profile_save(&profile()).expect("setup");
    let room = |code: &str| {
        svc.room_save(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: code.into(),
            name: format!("Ruang {code}"),
            ..Default::default()
        })
        .expect("room")
        .room
        .id
    };
    let (r1, r2) = (room("R01"), room("R02"));
    let laptop = svc
        .asset_save(&AssetInput {
            kode_barang: "1.3.2.10.02.03.001".into(),
            nama: "Laptop".into(),
            nomor_pabrik: "SN-9".into(),
            room_id: r2.clone(),
            ..Default::default()
        })
        .expect("laptop");
    let bad = svc
        .stocktake_start(&StockTakeInput {
            title: "Inventarisasi".into(),
            started_on: "2026-01-05".into(),
            ..Default::default()
        })
        .expect_err("no team");
    assert_eq!(bad.fields[0].field, "team");
    let st = svc
        .stocktake_start(&StockTakeInput {
            title: "Inventarisasi".into(),
            started_on: "2026-01-05".into(),
            rooms: Vec::new(),
            team: vec![TeamMember {
                name: "Siti".into(),
                nip: "198503122010012004".into(),
                role: String::new(),
            }],
        })
        .expect("start");
    let before = host.0.changed.load(Ordering::SeqCst);
    let done = svc
        .stocktake_scan(&ScanInput {
            stocktake_id: st.id.clone(),
            room_id: r1.clone(),
            code: "SN-9".into(),
            condition: None,
        })
        .expect("scan");
    assert!(host.0.changed.load(Ordering::SeqCst) > before);
    let line = &done.check.lines[0];
    assert_eq!(
        (line.asset_id.as_str(), line.state),
        (laptop.id.as_str(), LineState::MovedIn)
    );
    let moved = svc.stocktake_move(&line.scan_id).expect("move");
    assert!(!moved.lines[0].can_move);
    assert_eq!(
        svc.asset_detail(&laptop.id).expect("detail").asset.room_id,
        r1
    );
    let closed = svc.stocktake_close_room(&st.id, &r2).expect("close");
    assert_eq!(closed.tally.moved_out, std::slice::from_ref(&laptop.id));
    let list = svc.stocktakes().expect("list");
    assert_eq!((list[0].expected, list[0].seen), (1, 1));
    assert_eq!(list[0].rooms.iter().filter(|r| r.closed).count(), 1);
}

#[test]
fn a_handover_moves_the_holder_and_its_bast_reads_back_with_both_nips() {
    use simpul_core::handover::{HandoverInput, HandoverKind, Party};
    let dir = tempfile::tempdir().expect("dir");
    let (svc, _host) = service(&dir);
    svc.profile_save(&profile()).expect("setup");
    let laptop = |serial: &str| {
        svc.asset_save(&AssetInput {
            kode_barang: "1.3.2.10.02.03.001".into(),
            nama: "Laptop".into(),
            merk_type: "Asus VivoBook 14".into(),
            nomor_pabrik: serial.into(),
            ..Default::default()
        })
        .expect("laptop")
        .id
    };
    let ids: Vec<String> = ["SN-A", "SN-B", "SN-C"].into_iter().map(laptop).collect();
    let party = |name: &str, nip: &str, role: &str| Party {
        name: name.into(),
        nip: nip.into(),
        role: role.into(),
    };
    let pengurus = party("Andi Pratama", "198001012005011001", "Pengurus Barang");
    let siti = party("Siti Aminah", "198503122010012004", "Analis Kesehatan");
    let saksi = party("La Ode Budi", "199001012015031002", "Kepala Subbagian Umum");
    let give = HandoverInput {
        kind: HandoverKind::SerahTerima,
        date: "2026-01-05".into(),
        from: pengurus.clone(),
        to: siti.clone(),
        witness: saksi.clone(),
        asset_ids: ids.clone(),
        note: String::new(),
    };
    let bad = svc
        .handover_save(&HandoverInput {
            witness: Party::default(),
            ..give.clone()
        })
        .expect_err("no witness");
    assert_eq!(bad.code, ErrorCode::Validation);
    let h = svc.handover_save(&give).expect("handover");
    let held = svc.holder("19850312 201001 2 004").expect("holder");
    assert_eq!(held.name, "Siti Aminah");
    assert_eq!(held.assets.len(), 3);
    assert_eq!(held.handovers[0].id, h.id);

    // Another person cannot hand Siti's laptop on; she can give one back.
    let refused = svc
        .handover_save(&HandoverInput {
            asset_ids: vec![ids[0].clone()],
            ..give.clone()
        })
        .expect_err("held by Siti");
    assert!(
        refused.message.contains("Siti Aminah")
            || refused.fields[0].message.contains("Siti Aminah")
    );
    svc.handover_save(&HandoverInput {
        kind: HandoverKind::Pengembalian,
        from: siti.clone(),
        to: pengurus.clone(),
        asset_ids: vec![ids[2].clone()],
        ..give.clone()
    })
    .expect("returned");
    assert_eq!(
        svc.holder("198503122010012004")
            .expect("holder")
            .assets
            .len(),
        2
    );
    assert!(svc
        .asset_detail(&ids[2])
        .expect("detail")
        .asset
        .holder_nip
        .is_empty());

    let pdf = dir.path().join("BAST.pdf");
    assert!(svc
        .bast_save(&dir.path().join("BAST.xlsx"), &h.id, "Raha")
        .is_err());
    let written = svc.bast_save(&pdf, &h.id, "Raha").expect("bast");
    assert_eq!(written.assets, 3);
    if let Ok(keep) = std::env::var("SIMPUL_DOC_SHOTS") {
        let _ = std::fs::copy(&pdf, std::path::Path::new(&keep).join("bast.pdf"));
    }
    let text = simpul_labels::verify::pdf_text(&pdf).expect("text");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for must in [
        "BERITA ACARA SERAH TERIMA BARANG MILIK DAERAH",
        "PIHAK PERTAMA",
        "PIHAK KEDUA",
        "NIP. 19800101 200501 1 001",
        "NIP. 19850312 201001 2 004",
        "NIP. 19900101 201503 1 002",
        "SN-A",
        "SN-C",
        "Raha, 5 Januari 2026",
    ] {
        assert!(flat.contains(must), "{must:?} missing from:\n{text}");
    }
}
