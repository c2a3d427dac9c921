//! Desktop backups: no secret leaves the device in one, the reminder
//! follows the setting, and a restore gives every record back on a new
//! device identity (new actor, new key, no link), refusing a damaged
//! file, a data-center backup, or an existing replica without `force`.

use chrono::{TimeZone, Utc};
use simpul_core::person::{PersonInput, Role};
use simpul_core::AssetInput;
use simpul_store::backup::{self, DEFAULT_REMINDER_DAYS};
use simpul_store::{AssetQuery, FixedClock, Replica, ServerLink, StoreError};
use std::io::Read;
use std::sync::Arc;
use tempfile::TempDir;

mod common;

const TOKEN: &str = "token-rahasia-perangkat-0123456789";

fn laptop(r: &mut Replica, serial: &str) {
    r.save_asset(&AssetInput {
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        nomor_pabrik: serial.into(),
        ..Default::default()
    })
    .expect("save");
}

fn all(r: &Replica) -> u32 {
    r.assets(&AssetQuery::default()).expect("list").total
}

/// A DINKES replica with three laptops, a person with a PIN, and a link.
fn set_up(dir: &TempDir, clock: Arc<FixedClock>) -> Replica {
    let mut r = common::replica_with(dir, "tu", "DINKES", Some(clock));
    for s in ["SN-1", "SN-2", "SN-3"] {
        laptop(&mut r, s);
    }
    r.add_person(&PersonInput {
        name: "Siti Rahma".into(),
        nip: "198503122010012004".into(),
        role: Role::AdminOpd,
        pin: "482915".into(),
        pin_again: "482915".into(),
    })
    .expect("person");
    r.set_server(&ServerLink {
        address: "pusat.kominfo:8440".into(),
        device_id: "dev-1".into(),
        diskominfo: false,
        token: TOKEN.into(),
        ca_pem: None,
    })
    .expect("link");
    r
}

/// The replica file's secrets, read straight from it.
fn secrets(path: &std::path::Path) -> Vec<Vec<u8>> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let seed: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'device_key'", [], |r| {
            r.get(0)
        })
        .expect("seed");
    let (pin_hash, sealed): (String, Vec<u8>) = conn
        .query_row("SELECT pin_hash, key_sealed FROM person", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("person");
    vec![
        seed.into_bytes(),
        TOKEN.as_bytes().to_vec(),
        pin_hash.into_bytes(),
        sealed,
    ]
}

/// The database inside a backup file, inflated.
fn inflated(file: &std::path::Path) -> Vec<u8> {
    let bytes = std::fs::read(file).expect("read");
    let start = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("two header lines");
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[start..])
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

#[test]
fn a_backup_holds_every_record_and_no_secret() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .expect("t"),
    ));
    let mut r = set_up(&dir, clock.clone());
    let before = r.backup_status().expect("status");
    assert_eq!(
        (before.last_backup_at, before.reminder_days, before.due),
        (None, DEFAULT_REMINDER_DAYS, true),
        "never backed up: due"
    );

    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).expect("usb");
    let (file, manifest) = r.backup_to(&usb).expect("backup");
    assert_eq!(
        file.file_name().and_then(|n| n.to_str()),
        Some("simpul-dinkes-20261201-0900.simpulbk")
    );
    assert_eq!(
        (
            manifest.kind.as_str(),
            manifest.opd.as_deref(),
            manifest.assets
        ),
        ("replica", Some("DINKES"), 3)
    );
    let db = inflated(&file);
    assert!(db.starts_with(b"SQLite format 3\0"));
    for secret in secrets(&dir.path().join("tu.db")) {
        assert!(
            !db.windows(secret.len()).any(|w| w == secret.as_slice()),
            "a secret is in the backup"
        );
    }

    let after = r.backup_status().expect("status");
    assert_eq!(
        after.last_backup_at.as_deref(),
        Some("2026-12-01T09:00:00.000Z")
    );
    assert!(!after.due);
    clock.set(
        Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 1)
            .single()
            .expect("t"),
    );
    assert!(r.backup_status().expect("status").due, "older than 7 days");
    assert!(!r.set_backup_reminder(14).expect("14 days").due);
    assert!(
        !r.set_backup_reminder(0).expect("off").due,
        "0 turns it off"
    );
    assert!(matches!(
        r.set_backup_reminder(400),
        Err(StoreError::Validation(_))
    ));
}

#[test]
fn a_restore_is_a_new_device_with_every_record() {
    let dir = TempDir::new().expect("dir");
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .expect("t"),
    ));
    let mut r = set_up(&dir, clock);
    let old = r.profile().expect("profile").clone();
    let old_key = r.public_key().expect("key");
    let file = dir.path().join("cadangan.simpulbk");
    r.backup_to(&file).expect("backup");
    laptop(&mut r, "SN-after");

    let target = dir.path().join("baru.db");
    let restored = backup::restore(&file, &target, false).expect("restore");
    assert_eq!(restored.previous, None);
    let n = Replica::open(&target).expect("open");
    let p = n.profile().expect("profile");
    assert_eq!(
        (p.opd_code.as_str(), p.device_name.as_str()),
        ("DINKES", "tu")
    );
    assert_ne!(p.actor, old.actor, "a new actor");
    assert_ne!(n.public_key().expect("key"), old_key, "a new key");
    assert!(n.public_key().expect("key").is_some());
    assert_eq!(n.server().expect("link"), None, "enroll again");
    assert!(
        n.people().expect("people").is_empty(),
        "people add themselves again"
    );
    assert_eq!(all(&n), 3, "every record of the backup");
    drop(n);

    // Over a replica in use: refused, then kept aside with --force.
    let here = dir.path().join("tu.db");
    drop(r);
    let before = std::fs::read(&here).expect("read");
    assert!(matches!(
        backup::restore(&file, &here, false),
        Err(StoreError::ReplicaExists(_))
    ));
    let mut damaged = std::fs::read(&file).expect("read");
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    let bad = dir.path().join("rusak.simpulbk");
    std::fs::write(&bad, &damaged).expect("write");
    assert!(matches!(
        backup::restore(&bad, &here, true),
        Err(StoreError::Backup(_))
    ));
    assert!(
        std::fs::read(&here).expect("read") == before,
        "nothing changed"
    );
    let again = backup::restore(&file, &here, true).expect("forced");
    let kept = again.previous.expect("kept");
    assert_eq!(
        all(&Replica::open(&kept).expect("the old one opens")),
        4,
        "the replica that was there is kept whole"
    );
    assert_eq!(all(&Replica::open(&here).expect("open")), 3);
}
