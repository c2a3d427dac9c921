//! The restore drill: a backup taken while the server serves; devices sync
//! more edits; the server is restored from the older backup; after the
//! devices sync again the server holds every edit (they refill what the
//! backup lacked) and no device loses anything. A damaged or truncated
//! backup is refused and changes nothing. A SQLite data center moves to
//! PostgreSQL by restoring its backup there, and its devices go on.

use chrono::Utc;
use simpul_server::backup::{self, BackupError};
use simpul_server::Admin;

mod common;

use common::{add, again, enroll, replica, total, Backend, Server, TestDb, PEER};

/// What a database holds, to see that a refused restore changed nothing.
fn fingerprint(db: &TestDb) -> (Vec<(simpul_core::DocId, Vec<u8>)>, i64, usize) {
    let store = db.open();
    let (docs, mark) = store.documents().expect("documents");
    (docs, mark, store.devices().expect("devices").len())
}

fn a_server_restored_from_an_old_backup_is_refilled_by_its_devices(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let codes = db.codes(2);
    let server = Server::start(&db);
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let mut ha = enroll(&server.addr, &codes[0], &a);
    let mut hb = enroll(&server.addr, &codes[1], &b);
    add(&mut a, 3, "A");
    a.sync_with(PEER, &mut ha).expect("sync a");
    b.sync_with(PEER, &mut hb).expect("sync b");

    // The backup, taken while the server serves.
    let file = dir.path().join("cadangan.simpulbk");
    let manifest = backup::backup(&db.database, &file, Utc::now()).expect("backup");
    assert_eq!(manifest.devices, 2);
    assert!(manifest.chunks > 0 && manifest.documents > 0 && manifest.audit_rows >= 3);
    let bytes = std::fs::read(&file).expect("read");
    for secret in [ha.token(), hb.token()] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a device token is in the backup"
        );
    }

    // The running server's health tells its operators about it.
    let health: simpul_sync::api::Health = serde_json::from_str(
        &ureq::get(format!("http://{}/health", server.addr))
            .call()
            .expect("health")
            .body_mut()
            .read_to_string()
            .expect("body"),
    )
    .expect("json");
    let data = health.data.expect("figures");
    assert_eq!(
        (data.storage.as_str(), data.devices, data.last_backup),
        (
            if backend == Backend::Sqlite {
                "sqlite"
            } else {
                "postgres"
            },
            2,
            Some(manifest.created_at.clone())
        )
    );
    assert!(data.documents_loaded > 0);
    assert!(
        data.storage_bytes > 100_000,
        "the database's size: {}",
        data.storage_bytes
    );

    // More edits after the backup, on both devices.
    add(&mut a, 2, "A2");
    a.sync_with(PEER, &mut ha).expect("sync a");
    add(&mut b, 1, "B");
    b.sync_with(PEER, &mut hb).expect("sync b");
    server.stop();

    // A damaged backup is refused, and the database stays as it is.
    let damaged = dir.path().join("rusak.simpulbk");
    std::fs::write(&damaged, &bytes[..bytes.len() - 10]).expect("write");
    let other = dir.path().join("bukan.txt");
    std::fs::write(&other, "SIMPUL bukan cadangan").expect("write");
    let before = fingerprint(&db);
    assert!(matches!(
        backup::restore(&damaged, &db.database, true),
        Err(BackupError::Damaged(_))
    ));
    assert!(matches!(
        backup::restore(&other, &db.database, true),
        Err(BackupError::NotABackup)
    ));
    assert!(matches!(
        backup::restore(&file, &db.database, false),
        Err(BackupError::Exists(_) | BackupError::NotEmpty(_))
    ));
    assert_eq!(fingerprint(&db), before, "nothing changed");
    assert_eq!(backup::verify(&file).expect("verify"), manifest);

    // The restore, then the devices sync again.
    let restored = backup::restore(&file, &db.database, true).expect("restore");
    let previous = restored.previous.expect("the old contents are kept");
    assert!(previous.exists(), "{}", previous.display());
    assert_ne!(fingerprint(&db), before, "the older backup is in place");
    let server = Server::start(&db);
    let (mut ha, mut hb) = (again(&server, &ha), again(&server, &hb));
    for _ in 0..2 {
        a.sync_with(PEER, &mut ha).expect("sync a after restore");
        b.sync_with(PEER, &mut hb).expect("sync b after restore");
    }
    assert_eq!((total(&a), total(&b)), (6, 6), "no device lost anything");

    // A new device sees every edit: the server holds them all again.
    server.stop();
    let code = Admin::new(db.open().as_mut())
        .enroll_code(Some("DINKES"), 24)
        .expect("code")
        .code;
    let server = Server::start(&db);
    let mut c = replica(dir.path(), "c", "DINKES");
    let mut hc = enroll(&server.addr, &code, &c);
    c.sync_with(PEER, &mut hc).expect("sync c");
    assert_eq!(total(&c), 6);
    server.stop();
}

#[test]
fn a_sqlite_data_center_moves_to_postgres_and_its_devices_go_on() {
    let dir = tempfile::tempdir().expect("dir");
    let old = TestDb::new(Backend::Sqlite, dir.path());
    let codes = old.codes(2);
    let server = Server::start(&old);
    let mut a = replica(dir.path(), "a", "DINKES");
    let mut b = replica(dir.path(), "b", "DINKES");
    let mut ha = enroll(&server.addr, &codes[0], &a);
    let mut hb = enroll(&server.addr, &codes[1], &b);
    add(&mut a, 4, "A");
    a.sync_with(PEER, &mut ha).expect("sync a");
    b.sync_with(PEER, &mut hb).expect("sync b");
    server.stop();

    let file = dir.path().join("pindah.simpulbk");
    let taken = backup::backup(&old.database, &file, Utc::now()).expect("backup");
    assert_eq!(taken.backend, "sqlite");
    let new = TestDb {
        key: old.key.clone(),
        ..TestDb::new(Backend::Postgres, dir.path())
    };
    let restored = backup::restore(&file, &new.database, false).expect("into PostgreSQL");
    assert_eq!(restored.previous, None, "an empty database");
    assert_eq!(
        fingerprint(&new),
        fingerprint(&old),
        "every chunk and device"
    );
    let from_pg = backup::backup(&new.database, &dir.path().join("pg.simpulbk"), Utc::now())
        .expect("backup of PostgreSQL");
    assert_eq!(
        (
            from_pg.backend.as_str(),
            from_pg.chunks,
            from_pg.devices,
            from_pg.audit_rows
        ),
        ("postgres", taken.chunks, taken.devices, taken.audit_rows)
    );

    // The same tokens and key: the devices go on as if nothing happened.
    let server = Server::start(&new);
    let (mut ha, mut hb) = (again(&server, &ha), again(&server, &hb));
    add(&mut b, 2, "B");
    b.sync_with(PEER, &mut hb).expect("b on PostgreSQL");
    a.sync_with(PEER, &mut ha).expect("a on PostgreSQL");
    assert_eq!((total(&a), total(&b)), (6, 6));
    let audit = Admin::new(new.open().as_mut())
        .audit(&simpul_server::AuditFilter {
            limit: 1000,
            ..Default::default()
        })
        .expect("audit");
    assert!(
        audit.len() as u64 > taken.audit_rows,
        "the trail goes on after the copied rows"
    );
    server.stop();
}

/// The desktop's drill: a laptop's backup is restored on a new machine
/// after the laptop is lost. The restored replica is a new device: it
/// enrolls with a new code, receives what others synced since the backup,
/// and brings in the edit only the backup held (written and signed by the
/// lost laptop, which is then revoked without harm to the new one).
fn a_desktop_restored_from_an_old_backup_is_refilled_and_brings_its_own_edits(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let codes = db.codes(3);
    let server = Server::start(&db);
    let mut a = replica(dir.path(), "laptop", "DINKES");
    let mut b = replica(dir.path(), "kolega", "DINKES");
    let mut ha = enroll(&server.addr, &codes[0], &a);
    let mut hb = enroll(&server.addr, &codes[1], &b);
    add(&mut a, 3, "A");
    a.sync_with(PEER, &mut ha).expect("sync a");
    add(&mut a, 1, "hanya-di-cadangan");
    let usb = dir.path().join("laptop.simpulbk");
    a.backup_to(&usb).expect("backup");
    let lost_actor = a.profile().expect("p").actor.clone();
    drop(a); // the laptop is lost before it syncs again

    add(&mut b, 2, "B");
    b.sync_with(PEER, &mut hb).expect("sync b");

    let target = dir.path().join("laptop-baru.db");
    simpul_store::backup::restore(&usb, &target, false).expect("restore");
    let mut n = simpul_store::Replica::open(&target).expect("open");
    assert_ne!(n.profile().expect("p").actor, lost_actor);
    assert_eq!(total(&n), 4);
    let mut hn = enroll(&server.addr, &codes[2], &n);
    n.sync_with(PEER, &mut hn)
        .expect("the restored device syncs");
    assert_eq!(total(&n), 6, "refilled with what was synced since");
    b.sync_with(PEER, &mut hb).expect("sync b");
    assert_eq!(total(&b), 6, "the edit only the backup held arrived");

    // The lost laptop is revoked; the new device goes on.
    let lost = Admin::new(db.open().as_mut())
        .devices()
        .expect("devices")
        .into_iter()
        .find(|d| d.name == "laptop")
        .expect("laptop")
        .id;
    assert!(Admin::new(db.open().as_mut())
        .revoke(&lost)
        .expect("revoke"));
    add(&mut n, 1, "N");
    n.sync_with(PEER, &mut hn)
        .expect("sync after the revocation");
    b.sync_with(PEER, &mut hb).expect("sync b");
    assert_eq!(total(&b), 7);
    server.stop();
}

crate::on_both_backends!(
    a_server_restored_from_an_old_backup_is_refilled_by_its_devices,
    a_desktop_restored_from_an_old_backup_is_refilled_and_brings_its_own_edits,
);
