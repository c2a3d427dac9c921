//! OPD update status: the server records when each device last synced and
//! when its newest change was written; an OPD turns overdue after the
//! allowed days without either (time injected into the check).

use chrono::{Duration, Utc};
use simpul_core::regency::update_status::Overdue;
use simpul_server::Admin;

mod common;

use common::{add, enroll, link, replica, Backend, Server, TestDb, PEER};

fn an_opd_that_stops_syncing_turns_overdue(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let codes = {
        let mut store = db.open();
        let mut admin = Admin::new(store.as_mut());
        admin.add_opd("DINKES", "Dinas Kesehatan").expect("opd");
        admin.add_opd("DISDIK", "Dinas Pendidikan").expect("opd");
        admin.add_opd("BAPPEDA", "Bappeda").expect("opd");
        [
            admin.enroll_code(Some("DINKES"), 24).expect("code").code,
            admin.enroll_code(Some("DISDIK"), 24).expect("code").code,
            admin.enroll_code(None, 24).expect("code").code,
        ]
    };
    let server = Server::start(&db);
    let mut a = replica(dir.path(), "dinkes", "DINKES");
    let mut b = replica(dir.path(), "disdik", "DISDIK");
    let mut ha = enroll(&server.addr, &codes[0], &a);
    let _hb = enroll(&server.addr, &codes[1], &b);
    add(&mut a, 3, "A");
    a.sync_with(PEER, &mut ha).expect("sync");
    add(&mut b, 1, "B"); // DISDIK edits but never syncs.

    // Diskominfo sets the regency's allowed days in its app; the data
    // center's status reads it from the regency document.
    let mut k = replica(dir.path(), "kominfo", "DISKOMINFO");
    let mut hk = enroll(&server.addr, &codes[2], &k);
    k.set_server(&link(&server.addr, &hk, true)).expect("link");
    assert!(k.set_overdue_days("0").is_err(), "1 to 365 days");
    assert_eq!(k.set_overdue_days(" 14 ").expect("set"), 14);
    k.sync_with(PEER, &mut hk).expect("sync");
    // The Diskominfo device asks the status over HTTP (its status page);
    // an OPD device is refused.
    let live = hk.update_status().expect("Diskominfo reads the status");
    assert_eq!(live.allowed_days, 14);
    let late: Vec<&str> = live
        .opds
        .iter()
        .filter(|o| o.overdue.is_some())
        .map(|o| o.code.as_str())
        .collect();
    assert_eq!(late, ["BAPPEDA", "DISDIK"], "{live:?}");
    assert!(live
        .opds
        .iter()
        .all(|o| o.overdue.is_some() != o.overdue_text.is_empty()));
    let refused = ha
        .update_status()
        .expect_err("an OPD device may not read it");
    assert!(refused.to_string().contains("wewenang"), "{refused}");
    server.stop();
    let mut store = db.open();
    assert_eq!(Admin::new(store.as_mut()).allowed_days().expect("days"), 14);

    let status = |days_later: i64| {
        let mut store = db.open();
        Admin::new(store.as_mut())
            .status(Utc::now() + Duration::days(days_later), 30)
            .expect("status")
            .into_iter()
            .map(|o| (o.code, o.overdue))
            .collect::<Vec<_>>()
    };
    let today = status(0);
    assert_eq!(
        today,
        [
            ("BAPPEDA".to_owned(), Some(Overdue::NoDevice)),
            ("DINKES".to_owned(), None),
            ("DISDIK".to_owned(), Some(Overdue::NeverSynced)),
        ]
    );
    assert!(
        matches!(status(31)[1], (_, Some(Overdue::NoSyncFor { days: 31 }))),
        "DINKES is late a month after its last sync"
    );
    let mut store = db.open();
    let dinkes = &Admin::new(store.as_mut())
        .status(Utc::now(), 30)
        .expect("status")[1];
    assert_eq!(dinkes.devices.len(), 1);
    assert!(dinkes.devices[0].last_sync_at.is_some() && dinkes.last_change_at.is_some());
}

crate::on_both_backends!(an_opd_that_stops_syncing_turns_overdue,);
