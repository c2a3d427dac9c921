//! Maintenance plans: a category plan makes every PC due at its start, a
//! logged entry of the plan's kind moves that PC's date by the interval,
//! an asset plan covers one server, plans travel to Diskominfo by sync, and
//! a corrected entry keeps what it said before in its history. Oversight
//! visits: recorded by Diskominfo, read by the OPD, refused from the OPD.

use chrono::{NaiveDate, TimeZone, Utc};
use simpul_core::checks::RecordKind;
use simpul_core::maintenance_plan::{DueState, MaintenancePlanInput, PlanTarget};
use simpul_core::{AssetInput, MaintenanceInput, MaintenanceKind};
use simpul_store::FixedClock;
use std::sync::Arc;
use tempfile::TempDir;

mod common;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn pc(serial: &str) -> AssetInput {
    AssetInput {
        kode_barang: "1.3.2.10.01.02.001".into(),
        nama: "P.C Unit".into(),
        nomor_pabrik: serial.into(),
        ..Default::default()
    }
}

/// DINKES's replica with the clock at 1 August 2026.
fn dinkes_on_1_august(dir: &TempDir) -> simpul_store::Replica {
    let now = Utc
        .with_ymd_and_hms(2026, 8, 1, 3, 0, 0)
        .single()
        .expect("t");
    common::replica_with(
        dir,
        "dinkes",
        "DINKES",
        Some(Arc::new(FixedClock::new(now))),
    )
}

#[test]
fn a_plans_due_date_moves_when_an_entry_is_logged() {
    let dir = TempDir::new().expect("dir");
    let mut r = dinkes_on_1_august(&dir);
    let a = r.save_asset(&pc("PC-1")).expect("pc 1");
    let b = r.save_asset(&pc("PC-2")).expect("pc 2");
    let server = r
        .save_asset(&AssetInput {
            kode_barang: "1.3.2.10.02.04.001".into(),
            nama: "Server".into(),
            nomor_pabrik: "SRV-1".into(),
            ..Default::default()
        })
        .expect("server");
    let plan = r
        .save_plan(&MaintenancePlanInput {
            target: PlanTarget::Category,
            category: "komputer".into(),
            kind: MaintenanceKind::VirusSpam,
            every_months: "6".into(),
            start: "2026-07-01".into(),
            active: true,
            ..Default::default()
        })
        .expect("plan");
    r.save_plan(&MaintenancePlanInput {
        target: PlanTarget::Asset,
        asset_id: server.id.clone(),
        kind: MaintenanceKind::PerangkatKeras,
        every_months: "12".into(),
        start: "2026-12-01".into(),
        active: true,
        ..Default::default()
    })
    .expect("server plan");

    let due = r
        .maintenance_due(day("2026-08-01"), None, None, false)
        .expect("due");
    let ids: Vec<&str> = due.iter().map(|d| d.asset_id.as_str()).collect();
    assert_eq!(
        due.len(),
        2,
        "both PCs overdue since July; the server not yet: {due:?}"
    );
    assert!(ids.contains(&a.id.as_str()) && ids.contains(&b.id.as_str()));
    assert!(due
        .iter()
        .all(|d| d.state == DueState::Overdue && d.days == -31));

    // A virus check on PC 1 moves its date six months on; a hardware check does not count.
    let log = |r: &mut simpul_store::Replica, id: &str, kind, date: &str| {
        r.add_maintenance(&MaintenanceInput {
            asset_id: id.into(),
            kind,
            date: date.into(),
            technician: "Budi".into(),
            result: "Bersih".into(),
            ..Default::default()
        })
        .expect("log")
    };
    let entry = log(&mut r, &a.id, MaintenanceKind::VirusSpam, "2026-07-20");
    log(&mut r, &b.id, MaintenanceKind::PerangkatKeras, "2026-07-21");
    let all = r
        .maintenance_due(day("2026-08-01"), None, None, true)
        .expect("all");
    let of = |id: &str| {
        all.iter()
            .find(|d| d.asset_id == id && d.plan_id == plan.id)
            .expect("listed")
            .clone()
    };
    assert_eq!(
        (of(&a.id).due.as_str(), of(&a.id).state),
        ("2027-01-20", DueState::Later)
    );
    assert_eq!(of(&a.id).last_done, "2026-07-20");
    assert_eq!(
        (of(&b.id).due.as_str(), of(&b.id).state),
        ("2026-07-01", DueState::Overdue)
    );
    let srv = all
        .iter()
        .find(|d| d.asset_id == server.id)
        .expect("server listed");
    assert_eq!(
        (srv.due.as_str(), srv.state),
        ("2026-12-01", DueState::Later)
    );
    // On 2027-01-05 PC 1 is due soon.
    let later = r
        .maintenance_due(day("2027-01-05"), None, None, false)
        .expect("later");
    assert!(later
        .iter()
        .any(|d| d.asset_id == a.id && d.state == DueState::DueSoon));

    // Correcting the entry (a wrong date) moves the due date and keeps the old value in the history.
    r.update_maintenance(
        &entry.id,
        &MaintenanceInput {
            asset_id: a.id.clone(),
            kind: MaintenanceKind::VirusSpam,
            date: "2026-06-20".into(),
            technician: "Budi".into(),
            result: "Bersih".into(),
            cost: "150.000".into(),
            funding: "APBD 2026".into(),
        },
    )
    .expect("correct");
    let again = r
        .maintenance_due(day("2026-08-01"), None, None, true)
        .expect("again");
    let a_due = again
        .iter()
        .find(|d| d.asset_id == a.id && d.plan_id == plan.id)
        .expect("a");
    assert_eq!(a_due.due, "2026-12-20");
    let history = r
        .record_history(RecordKind::Maintenance, &entry.id)
        .expect("history");
    assert_eq!(history.len(), 2);
    assert!(history[1]
        .fields
        .iter()
        .any(|f| f.field == "date" && f.old == "2026-07-20" && f.new == "2026-06-20"));
    assert!(r
        .maintenance_of(&a.id)
        .expect("log")
        .iter()
        .all(|m| m.date != "2026-07-20"));

    // The report counts what is overdue at the end of its period (today, here).
    let report = r
        .report_data(
            &simpul_store::ReportRequest {
                period: simpul_core::report::Period::parse("2026", day("2026-08-01"))
                    .expect("period"),
                opd: None,
                signer: Default::default(),
            },
            &mut |_, _| {},
        )
        .expect("report");
    assert_eq!(report.totals().maintenance_overdue, 1, "PC 2 only");

    // Bad plans change nothing.
    let bad = r.save_plan(&MaintenancePlanInput {
        category: "meja".into(),
        every_months: "0".into(),
        ..Default::default()
    });
    assert!(bad.is_err());
    assert_eq!(r.plans().expect("plans").len(), 2);
}

#[test]
fn plans_travel_to_diskominfo_and_only_the_opd_or_diskominfo_writes_them() {
    let dir = TempDir::new().expect("dir");
    let (mut a, mut k, mut hub) = common::opd_and_diskominfo(&dir);
    a.save_asset(&pc("PC-1")).expect("pc");
    let plan = MaintenancePlanInput {
        target: PlanTarget::Category,
        category: "komputer".into(),
        kind: MaintenanceKind::PerangkatLunak,
        every_months: "3".into(),
        start: "2026-01-01".into(),
        active: true,
        ..Default::default()
    };
    a.save_plan(&plan).expect("plan");
    // An OPD device may not plan for another OPD.
    assert!(a
        .save_plan(&MaintenancePlanInput {
            opd: "DISDIK".into(),
            ..plan.clone()
        })
        .is_err());
    common::sync(&mut a, &mut hub, "a").expect("sync a");
    common::sync(&mut k, &mut hub, "k").expect("sync k");
    let plans = k.plans().expect("plans");
    assert_eq!(plans.len(), 1);
    assert_eq!((plans[0].plan.opd.as_str(), plans[0].assets), ("DINKES", 1));
    assert_eq!(
        k.stats().expect("stats").maintenance_entries,
        0,
        "a plan is not a maintenance entry"
    );
    assert_eq!(
        k.maintenance_due(day("2026-08-01"), None, None, false)
            .expect("due")
            .len(),
        1
    );
}

#[test]
fn oversight_visits_are_written_by_diskominfo_and_read_by_the_opd() {
    let dir = TempDir::new().expect("dir");
    let (mut a, mut k, mut hub) = common::opd_and_diskominfo(&dir);
    let input = simpul_core::regency::oversight::OversightVisitInput {
        opd: "DINKES".into(),
        date: k.today().to_string(),
        officer: "Dedi Kurniawan".into(),
        officer_nip: "198002142003121002".into(),
        findings: "Antivirus empat PC kedaluwarsa.".into(),
        follow_up: "Perbarui dalam dua minggu.".into(),
        ..Default::default()
    };
    assert!(
        a.save_visit(&input).is_err(),
        "an OPD may not record Diskominfo's visit"
    );
    let bad = simpul_core::regency::oversight::OversightVisitInput {
        findings: String::new(),
        ..input.clone()
    };
    assert!(k.save_visit(&bad).is_err());
    let visit = k.save_visit(&input).expect("visit");
    k.save_visit(&simpul_core::regency::oversight::OversightVisitInput {
        id: visit.id.clone(),
        settled: true,
        ..input
    })
    .expect("settled");
    common::sync(&mut k, &mut hub, "k").expect("sync k");
    common::sync(&mut a, &mut hub, "a").expect("sync a");
    let seen = a.visits().expect("visits");
    assert_eq!(seen.len(), 1);
    assert!(seen[0].settled && seen[0].findings.contains("Antivirus"));
    let history = a
        .record_history(RecordKind::Visit, &visit.id)
        .expect("history");
    assert_eq!(history.len(), 2);
    assert!(history[1]
        .fields
        .iter()
        .any(|f| f.field == "settled" && f.new == "true"));
    // A visit is not a regency setting.
    assert_eq!(a.overdue_days().expect("days"), 30);
}

#[test]
fn one_service_visit_is_logged_on_many_assets_at_once_or_not_at_all() {
    let dir = TempDir::new().expect("dir");
    let mut r = dinkes_on_1_august(&dir);
    let ids: Vec<String> = (0..40)
        .map(|i| r.save_asset(&pc(&format!("SN-{i}"))).expect("pc").id)
        .collect();
    let visit = MaintenanceInput {
        kind: MaintenanceKind::VirusSpam,
        date: "2026-07-30".into(),
        technician: "Budi".into(),
        result: "Antivirus diperbarui".into(),
        cost: "150.000".into(),
        ..Default::default()
    };
    // A date in the future is refused for all, and nothing is written.
    let future = MaintenanceInput {
        date: "2026-08-02".into(),
        ..visit.clone()
    };
    let refused = r.bulk_add_maintenance(&ids, &future).expect_err("future");
    assert!(refused.to_string().contains("masa depan"), "{refused}");
    // An unknown asset among them refuses the whole batch.
    let mut with_unknown = ids.clone();
    with_unknown.push("tidak-ada".into());
    r.bulk_add_maintenance(&with_unknown, &visit)
        .expect_err("unknown asset");
    assert!(ids
        .iter()
        .all(|id| r.maintenance_of(id).expect("log").is_empty()));

    assert_eq!(r.bulk_add_maintenance(&ids, &visit).expect("bulk"), 40);
    for id in &ids {
        let log = r.maintenance_of(id).expect("log");
        assert_eq!(log.len(), 1, "one entry for {id}");
        assert_eq!(log[0].asset_id, *id);
        assert_eq!(log[0].result, "Antivirus diperbarui");
        assert_eq!(log[0].cost, Some(150_000));
    }
    let distinct: std::collections::BTreeSet<String> = ids
        .iter()
        .flat_map(|id| r.maintenance_of(id).expect("log"))
        .map(|e| e.id)
        .collect();
    assert_eq!(distinct.len(), 40, "each asset gets an entry of its own");
}
