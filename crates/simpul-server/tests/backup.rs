//! The restore drill: a backup taken while the server serves; devices sync
//! more edits; the server is restored from the older backup; after the
//! devices sync again the server holds every edit (they refill what the
//! backup lacked) and no device loses anything. A damaged or truncated
//! backup is refused and changes nothing.

use chrono::Utc;
use simpul_server::backup::{self, BackupError};
use simpul_server::{Admin, SqliteHubStore};

mod common;

use common::{add, enroll, replica, total, Server, PEER};

#[test]
fn a_server_restored_from_an_old_backup_is_refilled_by_its_devices() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("server.db");
    let codes = {
        let mut store = SqliteHubStore::open(&db).expect("store");
        let mut admin = Admin::new(&mut store);
        admin.add_opd("DINKES", "Dinas Kesehatan").expect("opd");
        [
            admin.enroll_code(Some("DINKES"), 24).expect("code").code,
            admin.enroll_code(Some("DINKES"), 24).expect("code").code,
        ]
    };
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
    let manifest = backup::backup(&db, &file, Utc::now()).expect("backup");
    assert_eq!(manifest.devices, 2);
    assert!(manifest.chunks > 0 && manifest.documents > 0 && manifest.audit_rows >= 3);
    let bytes = std::fs::read(&file).expect("read");
    for secret in [ha.token(), hb.token()] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "a device token is in the backup"
        );
    }

    // More edits after the backup, on both devices.
    add(&mut a, 2, "A2");
    a.sync_with(PEER, &mut ha).expect("sync a");
    add(&mut b, 1, "B");
    b.sync_with(PEER, &mut hb).expect("sync b");
    server.stop();

    // A damaged backup is refused, and the database stays as it is.
    let damaged = dir.path().join("rusak.simpulbk");
    std::fs::write(&damaged, &bytes[..bytes.len() - 10]).expect("write");
    let before = std::fs::read(&db).expect("db");
    assert!(matches!(
        backup::restore(&damaged, &db, true),
        Err(BackupError::Damaged(_))
    ));
    assert!(matches!(
        backup::restore(&db, &db, true),
        Err(BackupError::NotABackup)
    ));
    assert_eq!(std::fs::read(&db).expect("db"), before, "nothing changed");
    assert!(matches!(
        backup::restore(&file, &db, false),
        Err(BackupError::Exists(_))
    ));
    assert_eq!(backup::verify(&file).expect("verify"), manifest);

    // The restore, then the devices sync again.
    backup::restore(&file, &db, true).expect("restore");
    assert!(
        dir.path().join("server.db.sebelum-pulih").exists(),
        "the old database is kept"
    );
    let server = Server::start(&db);
    let again = |hub: &simpul_sync::http::HttpHub| {
        simpul_sync::http::HttpHub::new(
            &server.addr,
            hub.token(),
            &simpul_sync::ClientConfig::default(),
        )
        .expect("client")
    };
    let (mut ha, mut hb) = (again(&ha), again(&hb));
    for _ in 0..2 {
        a.sync_with(PEER, &mut ha).expect("sync a after restore");
        b.sync_with(PEER, &mut hb).expect("sync b after restore");
    }
    assert_eq!((total(&a), total(&b)), (6, 6), "no device lost anything");

    // A new device sees every edit: the server holds them all again.
    server.stop();
    let code = {
        let mut store = SqliteHubStore::open(&db).expect("store");
        Admin::new(&mut store)
            .enroll_code(Some("DINKES"), 24)
            .expect("code")
            .code
    };
    let server = Server::start(&db);
    let mut c = replica(dir.path(), "c", "DINKES");
    let mut hc = enroll(&server.addr, &code, &c);
    c.sync_with(PEER, &mut hc).expect("sync c");
    assert_eq!(total(&c), 6);
    server.stop();
}
