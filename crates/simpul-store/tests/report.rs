//! The report's figures: totals equal the index on a random replica, the
//! changes of a period are read from histories that arrived by sync, and
//! the room card lists exactly the room's active assets.

use chrono::{NaiveDate, TimeZone, Utc};
use simpul_core::report::{KirSigner, Period, Signer};
use simpul_core::{AssetInput, RoomInput};
use simpul_store::{FixedClock, Replica, ReportRequest};
use simpul_sync::{Hub, Scope};
use std::sync::Arc;
use tempfile::TempDir;

mod common;

fn request(period: &str, today: NaiveDate) -> ReportRequest {
    ReportRequest {
        period: Period::parse(period, today).expect("period"),
        opd: None,
        signer: Signer::default(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
}

#[test]
fn report_totals_equal_the_index_of_a_random_replica() {
    let dir = TempDir::new().expect("dir");
    let written = Utc
        .with_ymd_and_hms(2026, 6, 1, 3, 0, 0)
        .single()
        .expect("t");
    let mut r = common::replica_with(
        &dir,
        "dinkes",
        "DINKES",
        Some(Arc::new(FixedClock::new(written))),
    );
    let seed = fastrand::u64(..);
    r.load_demo(1500, seed, &mut |_, _| {}).expect("demo");
    let stats = r.stats().expect("stats");
    let mut heard = Vec::new();
    let data = r
        .report_data(&request("2026", today()), &mut |done, of| {
            heard.push((done, of))
        })
        .expect("report");
    let t = data.totals();
    assert_eq!(t.total, stats.total, "seed {seed}");
    assert_eq!(t.value, stats.total_value, "seed {seed}");
    let cond = |k: &str| {
        stats
            .by_condition
            .iter()
            .find(|c| c.key == k)
            .map_or(0, |c| c.count)
    };
    assert_eq!(
        (t.baik, t.kurang_baik, t.rusak_berat),
        (cond("B"), cond("KB"), cond("RB"))
    );
    for c in &stats.by_category {
        let at = data
            .categories
            .iter()
            .position(|l| *l == c.label)
            .expect("category listed");
        assert_eq!(t.by_category[at], c.count, "{} (seed {seed})", c.label);
    }
    assert_eq!(
        data.disposal.len() as u32,
        cond("RB"),
        "the annex lists every RB asset"
    );
    let years: u32 = data.acquisitions_by_year.iter().map(|(_, n)| n).sum();
    assert!(years <= t.total);
    assert_eq!(
        heard.last().map(|(d, o)| d == o),
        Some(true),
        "progress ends at the total"
    );
    // The demo was written in June: every asset is new in this year's period.
    assert_eq!(t.changes.added, stats.total, "seed {seed}");
}

fn asset(nama: &str, serial: &str, condition: &str) -> AssetInput {
    AssetInput {
        kode_barang: "1.3.2.10.02.03.001".into(),
        nama: nama.into(),
        nomor_pabrik: serial.into(),
        condition: condition.into(),
        ..Default::default()
    }
}

#[test]
fn changes_since_the_previous_period_arrive_with_two_syncs() {
    let dir = TempDir::new().expect("dir");
    let at = |m: u32, d: u32| {
        Utc.with_ymd_and_hms(2026, m, d, 3, 0, 0)
            .single()
            .expect("t")
    };
    let clock = Arc::new(FixedClock::new(at(3, 2)));
    let mut a = common::replica_with(&dir, "dinkes", "DINKES", Some(clock.clone()));
    let mut k = common::diskominfo(&dir, "kominfo");
    let mut hub = Hub::new();
    common::enroll(&mut hub, &a, "a", Scope::Opd("DINKES".into()));
    common::enroll(&mut hub, &k, "k", Scope::Diskominfo);

    // First semester: three laptops.
    let first: Vec<_> = (1..=3)
        .map(|i| {
            a.save_asset(&asset("Laptop", &format!("SN{i}"), "B"))
                .expect("save")
        })
        .collect();
    common::sync(&mut a, &mut hub, "a").expect("sync a");
    common::sync(&mut k, &mut hub, "k").expect("sync k");

    // Second semester: two more, one disposed, one worse.
    clock.set(at(8, 10));
    for i in 4..=5 {
        a.save_asset(&asset("Laptop", &format!("SN{i}"), "B"))
            .expect("save");
    }
    let mut gone = AssetInput::from_asset(&first[0]);
    gone.lifecycle = "dihapus".into();
    gone.disposal_reason = "Hilang, BA kehilangan 2026".into();
    a.save_asset(&gone).expect("dispose");
    let mut worse = AssetInput::from_asset(&first[1]);
    worse.condition = "RB".into();
    a.save_asset(&worse).expect("worse");
    common::sync(&mut a, &mut hub, "a").expect("sync a");
    common::sync(&mut k, &mut hub, "k").expect("sync k");

    let counts = |k: &mut Replica, p: &str| {
        let d = k
            .report_data(&request(p, today()), &mut |_, _| {})
            .expect("report");
        let o = d
            .opds
            .iter()
            .find(|o| o.opd == "DINKES")
            .expect("DINKES in the report")
            .clone();
        (
            o.changes.added,
            o.changes.disposed,
            o.changes.worsened,
            o.total,
        )
    };
    assert_eq!(counts(&mut k, "2026-S1"), (3, 0, 0, 4));
    assert_eq!(counts(&mut k, "2026-S2"), (2, 1, 1, 4));
    // Over the year the worsened laptop is simply new, and the one added
    // and disposed within it counts as disposed only.
    assert_eq!(counts(&mut k, "2026"), (4, 1, 0, 4));
    // The OPD device sees its own, and may not ask for another OPD's.
    assert_eq!(counts(&mut a, "2026-S2"), (2, 1, 1, 4));
    let mut other = request("2026", today());
    other.opd = Some("DISDIK".into());
    assert!(a.report_data(&other, &mut |_, _| {}).is_err());
    // Diskominfo may ask for any OPD it knows, not for one it does not.
    assert!(
        k.report_data(&other, &mut |_, _| {}).is_err(),
        "DISDIK is unknown here"
    );
}

#[test]
fn the_room_card_lists_exactly_the_rooms_active_assets() {
    let dir = TempDir::new().expect("dir");
    let mut r = common::replica(&dir, "dinkes", "DINKES");
    let room = |r: &mut Replica, code: &str| {
        r.save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: code.into(),
            name: format!("Ruang {code}"),
            responsible_name: "Siti Aminah".into(),
            responsible_nip: "198001012005012003".into(),
            ..Default::default()
        })
        .expect("room")
    };
    let here = room(&mut r, "R01");
    let there = room(&mut r, "R02");
    let put = |r: &mut Replica, serial: &str, room: &str| {
        r.save_asset(&AssetInput {
            room_id: room.into(),
            ..asset("PC", serial, "KB")
        })
        .expect("asset")
    };
    put(&mut r, "H1", &here.id);
    put(&mut r, "H2", &here.id);
    let gone = put(&mut r, "H3", &here.id);
    put(&mut r, "T1", &there.id);
    let mut d = AssetInput::from_asset(&gone);
    d.lifecycle = "dihapus".into();
    d.disposal_reason = "Rusak total".into();
    r.save_asset(&d).expect("dispose");
    let kir = r
        .kir_data(
            "G1L1.R01",
            "Kendari",
            KirSigner {
                name: "Budi".into(),
                nip: String::new(),
            },
        )
        .expect("kir");
    let mut serials: Vec<&str> = kir
        .rows
        .iter()
        .map(|row| row.nomor_pabrik.as_str())
        .collect();
    serials.sort_unstable();
    assert_eq!(serials, ["H1", "H2"]);
    assert_eq!(kir.responsible.name, "Siti Aminah");
    assert_eq!(kir.room_code, "G1L1.R01");
    assert!(r.kir_data("G9L9.R99", "", KirSigner::default()).is_err());
}
