//! Documents on demand: a server starts without loading any document,
//! loads one when a round needs it, and with a memory budget too small
//! for any keeps none between rounds, reading each from the database
//! again; devices converge all the same, and a device that was served by
//! a server since restarted goes on from its stored sync states.

use simpul_server::ServerLimits;

mod common;

use common::{add, again, enroll, replica, total, Backend, Server, TestDb, PEER};

fn documents_load_on_demand_within_the_memory_budget(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let codes = db.codes(3);
    let tiny = ServerLimits {
        memory_budget_bytes: 1,
        ..ServerLimits::default()
    };
    let state = db.state(tiny.clone());
    assert_eq!(state.documents_loaded(), 0, "an empty server loads nothing");
    let server = Server::start_state(state.clone());
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let mut ha = enroll(&server.addr, &codes[0], &a);
    let mut hb = enroll(&server.addr, &codes[1], &b);
    add(&mut a, 30, "A");
    add(&mut b, 20, "B");
    for _ in 0..2 {
        a.sync_with(PEER, &mut ha).expect("sync a");
        b.sync_with(PEER, &mut hb).expect("sync b");
    }
    assert_eq!(total(&a), 50, "a holds both devices' assets");
    assert_eq!(total(&b), 50, "b holds both devices' assets");
    assert_eq!(
        state.documents_loaded(),
        0,
        "a budget too small for any document keeps none between rounds"
    );
    server.stop();

    // A restart loads nothing; the first round of a device loads what
    // its scope holds, and its stored sync states spare a full exchange.
    let state = db.state(ServerLimits::default());
    assert_eq!(state.documents_loaded(), 0, "start-up loads no document");
    let health = state.healthy().expect("health");
    assert_eq!(health.documents_loaded, 0);
    assert_eq!(health.devices, 2);
    let server = Server::start_state(state.clone());
    let (mut ha, mut hb) = (again(&server, &ha), again(&server, &hb));
    add(&mut a, 1, "A2");
    let report = a.sync_with(PEER, &mut ha).expect("sync after restart");
    assert!(report.rounds <= 4, "rounds {}", report.rounds);
    let loaded = state.documents_loaded();
    assert!(loaded > 0, "the round loaded the documents it needed");
    let mut c = replica(dir.path(), "c", "DINKES");
    let mut hc = enroll(&server.addr, &codes[2], &c);
    c.sync_with(PEER, &mut hc).expect("sync c");
    assert_eq!(total(&c), 51, "a new device gets everything");
    b.sync_with(PEER, &mut hb).expect("sync b");
    assert_eq!(total(&b), 51);
    server.stop();
}

on_both_backends!(documents_load_on_demand_within_the_memory_budget);
