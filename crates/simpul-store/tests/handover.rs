//! Handovers and loans on replica files: a handover changes every asset's
//! holder in one change and reaches Diskominfo's replica with the holder's
//! page; a loan makes the asset `dipinjam`, cannot be made twice, is
//! overdue after its due date, and its return makes the asset active.

use chrono::{TimeZone, Utc};
use simpul_core::handover::{HandoverInput, HandoverKind, LoanInput, Party};
use simpul_core::{AssetInput, Lifecycle};
use simpul_store::{FixedClock, Replica};
use simpul_sync::{Hub, Scope};
use std::sync::Arc;

mod common;

fn party(name: &str, nip: &str) -> Party {
    Party {
        name: name.into(),
        nip: nip.into(),
        role: String::new(),
    }
}

fn laptop(r: &mut Replica, serial: &str) -> String {
    r.save_asset(&AssetInput {
        kode_barang: "1.3.2.10.02.03.001".into(),
        nama: "Laptop".into(),
        nomor_pabrik: serial.into(),
        ..Default::default()
    })
    .expect("asset")
    .id
}

#[test]
fn a_handover_reaches_diskominfo_with_the_holders_page() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = common::replica(&dir, "dinkes", "DINKES");
    let mut k = common::diskominfo(&dir, "kominfo");
    let mut hub = Hub::new();
    common::enroll(&mut hub, &a, "a", Scope::Opd("DINKES".into()));
    common::enroll(&mut hub, &k, "k", Scope::Diskominfo);
    let ids: Vec<String> = (0..40)
        .map(|i| laptop(&mut a, &format!("SN-{i}")))
        .collect();
    let before = a.pending_changes(common::PEER).expect("pending");
    let h = a
        .hand_over(&HandoverInput {
            kind: HandoverKind::SerahTerima,
            date: "2026-01-05".into(),
            from: party("Andi Pratama", "198001012005011001"),
            to: party("Siti Aminah", "198503122010012004"),
            witness: party("La Ode Budi", "199001012015031002"),
            asset_ids: ids.clone(),
            note: String::new(),
        })
        .expect("handover");
    let written = a.pending_changes(common::PEER).expect("pending") - before;
    assert!(
        written <= 17,
        "one change per document touched (16 asset shards and the record), not per asset: {written}"
    );
    let history = a
        .record_history(simpul_core::checks::RecordKind::Asset, &ids[7])
        .expect("history");
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "handover.give").count(),
        1,
        "{actions:?}"
    );

    common::sync(&mut a, &mut hub, "a").expect("sync a");
    common::sync(&mut k, &mut hub, "k").expect("sync k");
    let page = k.holder("198503122010012004").expect("holder");
    assert_eq!(page.assets.len(), 40);
    assert_eq!(page.handovers[0].id, h.id);
    assert_eq!(k.bast_data(&h.id, "Raha").expect("bast").rows.len(), 40);
}

#[test]
fn a_loan_is_overdue_after_its_due_date_until_it_comes_back() {
    let dir = tempfile::tempdir().expect("dir");
    let now = Utc
        .with_ymd_and_hms(2026, 12, 1, 3, 0, 0)
        .single()
        .expect("t");
    let mut r = common::replica_with(&dir, "a", "DINKES", Some(Arc::new(FixedClock::new(now))));
    let id = laptop(&mut r, "SN-1");
    let lend = LoanInput {
        asset_id: id.clone(),
        borrower: party("Siti Aminah", "198503122010012004"),
        lent_on: "2026-11-20".into(),
        due_on: "2026-11-27".into(),
        note: String::new(),
    };
    let loan = r.lend(&lend).expect("lend");
    assert_eq!(r.asset(&id).expect("asset").lifecycle, Lifecycle::Dipinjam);
    assert!(r.lend(&lend).is_err(), "already lent");
    let overdue = r.overdue_loans().expect("overdue");
    assert_eq!(overdue.len(), 1);
    assert_eq!(
        (overdue[0].days_late, overdue[0].loan.id.as_str()),
        (4, loan.id.as_str())
    );
    assert!(
        r.return_loan(&loan.id, "2026-11-19").is_err(),
        "before it was lent"
    );
    assert!(
        r.return_loan(&loan.id, "2026-12-02").is_err(),
        "in the future"
    );
    r.return_loan(&loan.id, "2026-11-30").expect("return");
    assert!(
        r.return_loan(&loan.id, "2026-11-30").is_err(),
        "returned twice"
    );
    assert_eq!(r.asset(&id).expect("asset").lifecycle, Lifecycle::Aktif);
    assert!(r.overdue_loans().expect("overdue").is_empty());
    assert_eq!(r.loans_of(&id).expect("loans")[0].returned_on, "2026-11-30");
}
