//! Stock-take on real replica files: two devices of one OPD scan offline,
//! sync through the hub core, and both read the same found / moved /
//! missing / unregistered per room; a scan's one-click move; Diskominfo
//! sees the progress; refused scans write nothing.

use simpul_core::stocktake::{ScanInput, ScanOutcome, StockTakeInput, TeamMember};
use simpul_core::{AssetInput, Condition, RoomInput};
use simpul_store::{LineState, Replica};
use simpul_sync::{Hub, Scope};

mod common;

fn room(r: &mut Replica, code: &str, name: &str) -> String {
    r.save_room(&RoomInput {
        building: "G1".into(),
        floor: "L1".into(),
        code: code.into(),
        name: name.into(),
        ..Default::default()
    })
    .expect("room")
    .id
}

fn laptop(r: &mut Replica, serial: &str, room_id: &str) -> String {
    r.save_asset(&AssetInput {
        kode_barang: "1.3.2.10.02.03.001".into(),
        nama: "Laptop".into(),
        nomor_pabrik: serial.into(),
        room_id: room_id.into(),
        ..Default::default()
    })
    .expect("asset")
    .id
}

fn session(rooms: &[&str]) -> StockTakeInput {
    StockTakeInput {
        title: "Inventarisasi 2026".into(),
        started_on: "2026-01-05".into(),
        rooms: rooms.iter().map(|r| (*r).to_owned()).collect(),
        team: vec![TeamMember {
            name: "Siti Aminah".into(),
            nip: "198503122010012004".into(),
            role: "Ketua".into(),
        }],
    }
}

fn scan(r: &mut Replica, stocktake: &str, room: &str, code: &str) -> ScanOutcome {
    r.scan(&ScanInput {
        stocktake_id: stocktake.into(),
        room_id: room.into(),
        code: code.into(),
        condition: None,
    })
    .expect("scan")
    .outcome
}

fn sync(r: &mut Replica, hub: &mut Hub, device: &str) {
    common::sync(r, hub, device).expect("sync");
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_stocktake_on_two_devices_offline_merges_room_by_room() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = common::replica(&dir, "laptop-a", "DINKES");
    let mut b = common::replica(&dir, "laptop-b", "DINKES");
    let mut k = common::diskominfo(&dir, "kominfo");
    let mut hub = Hub::new();
    common::enroll(&mut hub, &a, "a", Scope::Opd("DINKES".into()));
    common::enroll(&mut hub, &b, "b", Scope::Opd("DINKES".into()));
    common::enroll(&mut hub, &k, "k", Scope::Diskominfo);

    let r1 = room(&mut a, "R01", "Tata Usaha");
    let r2 = room(&mut a, "R02", "Keuangan");
    let l1 = laptop(&mut a, "SN-L1", &r1);
    let l2 = laptop(&mut a, "SN-L2", &r1);
    let l3 = laptop(&mut a, "SN-L3", &r1);
    let p1 = laptop(&mut a, "SN-P1", &r2);
    let m1 = laptop(&mut a, "SN-M1", &r2);
    let st = a.start_stocktake(&session(&[&r1, &r2])).expect("start");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    assert_eq!(b.stocktake(&st.id).expect("b has it").title, st.title);

    // Offline: a takes room 1 (with a re-rating), b takes room 2.
    assert_eq!(scan(&mut a, &st.id, &r1, "SN-L1"), ScanOutcome::Found);
    assert_eq!(scan(&mut a, &st.id, &r1, "SN-P1"), ScanOutcome::Moved);
    assert_eq!(
        scan(&mut a, &st.id, &r1, "BARANG-TANPA-LABEL"),
        ScanOutcome::Unregistered
    );
    let rerated = a
        .scan(&ScanInput {
            stocktake_id: st.id.clone(),
            room_id: r1.clone(),
            code: "SN-L2".into(),
            condition: Some(Condition::KB),
        })
        .expect("re-rated");
    assert_eq!(rerated.condition_before, "B");
    assert_eq!(scan(&mut b, &st.id, &r2, "SN-L3"), ScanOutcome::Moved);
    // The same laptop scanned again on the same device counts once.
    assert_eq!(scan(&mut a, &st.id, &r1, "SN-L1"), ScanOutcome::Found);

    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    a.close_room(&st.id, &r1).expect("close 1");
    b.close_room(&st.id, &r2).expect("close 2");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");

    for (name, r) in [("a", &a), ("b", &b)] {
        let one = r.room_check(&st.id, &r1).expect("room 1");
        assert!(one.closed, "{name}: room 1 closed");
        assert_eq!(one.tally.expected, 3, "{name}");
        assert_eq!(
            one.tally.found,
            sorted(vec![l1.clone(), l2.clone()]),
            "{name}"
        );
        assert_eq!(one.tally.moved_in, std::slice::from_ref(&p1), "{name}");
        assert_eq!(one.tally.moved_out, std::slice::from_ref(&l3), "{name}");
        assert!(one.tally.missing.is_empty(), "{name}");
        assert_eq!(one.tally.unregistered, ["BARANG-TANPA-LABEL"], "{name}");
        assert_eq!(
            one.tally.condition_changed,
            std::slice::from_ref(&l2),
            "{name}"
        );
        let two = r.room_check(&st.id, &r2).expect("room 2");
        assert_eq!(two.tally.moved_in, std::slice::from_ref(&l3), "{name}");
        assert_eq!(two.tally.moved_out, std::slice::from_ref(&p1), "{name}");
        assert_eq!(
            two.tally.missing,
            std::slice::from_ref(&m1),
            "{name}: M1 never seen"
        );
        assert_eq!(r.asset(&l2).expect("l2").condition, Condition::KB, "{name}");
    }

    // The laptop found in room 1 moves there with one click; the line
    // stays "moved in" and is not offered again.
    let line = a
        .room_check(&st.id, &r1)
        .expect("room 1")
        .lines
        .into_iter()
        .find(|l| l.asset_id == p1)
        .expect("p1 line");
    assert!(line.state == LineState::MovedIn && line.can_move);
    assert_eq!(line.other_room, "G1L1.R02 Keuangan");
    let moved = a.move_scanned(&line.scan_id).expect("move");
    assert_eq!(moved.room_id, r1);
    let after = a.room_check(&st.id, &r1).expect("room 1");
    let line = after.lines.iter().find(|l| l.asset_id == p1).expect("p1");
    assert!(line.state == LineState::MovedIn && !line.can_move);
    assert_eq!(after.tally.expected, 4);
    let history = a
        .record_history(simpul_core::checks::RecordKind::Asset, &p1)
        .expect("history");
    assert!(history.iter().any(|h| h.action == "stocktake.move"));

    // The Berita Acara's figures and annex come from the same checks.
    let report = a.stocktake_report(&st.id, " Raha ").expect("report");
    assert_eq!(report.place, "Raha");
    let total = report.totals();
    assert_eq!(
        (
            total.expected,
            total.found,
            total.moved_in,
            total.missing,
            total.unregistered
        ),
        (5, 2, 2, 1, 1)
    );
    let annex: Vec<(&str, &str)> = report
        .lines
        .iter()
        .map(|l| (l.state.as_str(), l.item.as_str()))
        .collect();
    assert!(
        annex.contains(&("Tidak terdaftar", "BARANG-TANPA-LABEL")),
        "{annex:?}"
    );
    assert!(
        annex.contains(&("Hilang", "Laptop 1.3.2.10.02.03.001.0005")),
        "{annex:?}"
    );
    assert!(
        annex.iter().any(|(s, _)| *s == "Kondisi berubah"),
        "{annex:?}"
    );

    // Diskominfo sees the session and its progress.
    sync(&mut a, &mut hub, "a");
    sync(&mut k, &mut hub, "k");
    let seen = k.stocktakes().expect("list");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].session.opd, "DINKES");
    assert_eq!((seen[0].expected, seen[0].seen), (5, 4));
    assert!(seen[0].rooms.iter().all(|r| r.closed));
}

#[test]
fn a_scan_that_is_refused_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = common::replica(&dir, "a", "DINKES");
    let r1 = room(&mut a, "R01", "Tata Usaha");
    let r2 = room(&mut a, "R02", "Keuangan");
    laptop(&mut a, "SN-1", &r1);
    let bad = StockTakeInput {
        rooms: vec!["no-such-room".into()],
        ..session(&[])
    };
    assert!(
        a.start_stocktake(&bad).is_err(),
        "an unknown room is refused"
    );
    let st = a.start_stocktake(&session(&[&r1])).expect("start");
    let before = a.document_ids().expect("docs");
    let pending = a.pending_changes(common::PEER).expect("pending");

    for (room_id, code) in [(r2.as_str(), "SN-1"), (r1.as_str(), "  "), ("", "SN-1")] {
        let refused = a.scan(&ScanInput {
            stocktake_id: st.id.clone(),
            room_id: room_id.into(),
            code: code.into(),
            condition: None,
        });
        assert!(refused.is_err(), "{room_id:?} {code:?}");
    }
    assert!(
        a.close_room(&st.id, &r2).is_err(),
        "a room outside the session"
    );
    a.finish_stocktake(&st.id).expect("finish");
    assert!(a
        .scan(&ScanInput {
            stocktake_id: st.id.clone(),
            room_id: r1.clone(),
            code: "SN-1".into(),
            condition: None,
        })
        .is_err());
    assert_eq!(a.document_ids().expect("docs"), before);
    // Only the finish was written.
    assert_eq!(
        a.pending_changes(common::PEER).expect("pending"),
        pending + 1
    );
    let check = a.room_check(&st.id, &r1).expect("check");
    assert!(check.lines.iter().all(|l| l.state == LineState::Waiting));
}
