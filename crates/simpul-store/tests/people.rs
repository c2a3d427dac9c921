//! People on a device: each signs in with a PIN, signs their own changes
//! with their own key (certified by the device key), and is named by
//! name and NIP in the history on every replica the changes reach.

use chrono::{DateTime, Duration, TimeZone, Utc};
use simpul_core::history::SignatureState;
use simpul_core::person::{PersonInput, Role};
use simpul_core::AssetInput;
use simpul_store::{Clock, Replica, StoreError};
use simpul_sync::{Hub, Refusal, Scope};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;

mod common;

use common::PEER;

/// A clock the test moves forward.
#[derive(Debug)]
struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    fn advance(&self, by: Duration) {
        let mut t = self.0.lock().expect("clock");
        *t += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
    fn new_id(&self) -> String {
        uuid::Uuid::now_v7().to_string()
    }
}

fn replica(dir: &TempDir, name: &str, clock: Arc<TestClock>) -> Replica {
    common::replica_with(dir, name, "DINKES", Some(clock))
}

fn clock() -> Arc<TestClock> {
    Arc::new(TestClock(Mutex::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
            .single()
            .expect("time"),
    )))
}

fn person(name: &str, nip: &str, role: Role, pin: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        nip: nip.into(),
        role,
        pin: pin.into(),
        pin_again: pin.into(),
    }
}

const SITI: &str = "198503122010012004";
const BUDI: &str = "199001152015031002";

fn enroll(hub: &mut Hub, r: &Replica, id: &str) {
    common::enroll(hub, r, id, Scope::Opd("DINKES".into()));
}

fn sync(r: &mut Replica, hub: &mut Hub, device: &str) -> Result<(), simpul_store::SyncFailure> {
    common::sync(r, hub, device).map(|_| ())
}

#[test]
fn two_people_on_one_device_are_named_in_the_history_everywhere() {
    let dir = tempfile::tempdir().expect("dir");
    let mut hub = Hub::new();
    let mut a = replica(&dir, "PC Tata Usaha", clock());
    let mut b = replica(&dir, "Laptop Kepala", clock());
    enroll(&mut hub, &a, "a");
    enroll(&mut hub, &b, "b");

    let refused = a
        .add_person(&person("Budi Santoso", BUDI, Role::Teknisi, "582913"))
        .expect_err("the first person manages people");
    assert!(refused.to_string().contains("Admin OPD"), "{refused}");
    a.add_person(&person("Siti Rahma", SITI, Role::AdminOpd, "284615"))
        .expect("first person");
    a.sign_in(SITI, "284615").expect("Siti signs in");
    a.add_person(&person("Budi Santoso", BUDI, Role::Teknisi, "582913"))
        .expect("Siti adds Budi");
    let asset = a
        .save_asset(&AssetInput {
            kode_barang: "1.3.2.10.01.02.001".into(),
            nama: "PC Unit".into(),
            nomor_pabrik: "SN-1".into(),
            ..Default::default()
        })
        .expect("Siti records a PC");
    a.sign_out();
    a.sign_in(BUDI, "582913").expect("Budi signs in");
    let refused = a
        .add_person(&person(
            "Ani",
            "199203022019032001",
            Role::PengurusBarang,
            "730264",
        ))
        .expect_err("a technician adds no one");
    assert!(matches!(refused, StoreError::Forbidden(_)));
    let mut edit = AssetInput::from_asset(&a.asset(&asset.id).expect("asset"));
    edit.nama = "PC Unit Tata Usaha".into();
    a.save_asset(&edit).expect("Budi renames it");

    let named = |r: &mut Replica| -> Vec<(Option<String>, SignatureState)> {
        r.asset_detail(&asset.id)
            .expect("detail")
            .history
            .into_iter()
            .map(|h| {
                (
                    h.person.map(|p| format!("{} {} {}", p.name, p.nip, p.role)),
                    h.signature,
                )
            })
            .collect()
    };
    let expected = vec![
        (
            Some(format!("Siti Rahma {SITI} Admin OPD")),
            SignatureState::Verified,
        ),
        (
            Some(format!("Budi Santoso {BUDI} Teknisi")),
            SignatureState::Verified,
        ),
    ];
    assert_eq!(named(&mut a), expected, "on the device itself");

    sync(&mut a, &mut hub, "a").expect("the hub accepts both people's changes");
    sync(&mut b, &mut hub, "b").expect("B receives them");
    assert_eq!(
        named(&mut b),
        expected,
        "on another device, from the certificates that came along"
    );
    let report = a.verify_signatures().expect("verify");
    assert!(report.ok() && report.verified >= 2, "{report:?}");
}

#[test]
fn a_wrong_pin_locks_sign_in_after_five_tries_and_the_key_stays_sealed() {
    let dir = tempfile::tempdir().expect("dir");
    let clock = clock();
    let mut a = replica(&dir, "PC", clock.clone());
    a.add_person(&person("Siti Rahma", SITI, Role::AdminOpd, "284615"))
        .expect("first person");
    for left in (1..=4).rev() {
        match a.sign_in(SITI, "000000") {
            Err(StoreError::WrongPin { left: l }) => assert_eq!(l, left),
            other => panic!("wrong PIN: {other:?}"),
        }
    }
    assert!(matches!(
        a.sign_in(SITI, "000000"),
        Err(StoreError::PinLocked { minutes: 5 })
    ));
    assert!(
        matches!(a.sign_in(SITI, "284615"), Err(StoreError::PinLocked { .. })),
        "locked even for the right PIN"
    );
    assert!(a.people().expect("people")[0].locked);
    // The lock survives closing the app.
    drop(a);
    let mut a = Replica::open_with_clock(&dir.path().join("PC.db"), clock.clone()).expect("reopen");
    assert!(matches!(
        a.sign_in(SITI, "284615"),
        Err(StoreError::PinLocked { .. })
    ));
    clock.advance(Duration::minutes(5));
    assert_eq!(
        a.sign_in(SITI, "284615").expect("unlocked").name,
        "Siti Rahma"
    );
    assert!(a.signed_in().is_some());

    // Nothing readable of the PIN or the key is stored.
    drop(a);
    let conn = rusqlite::Connection::open(dir.path().join("PC.db")).expect("db");
    let (hash, sealed): (String, Vec<u8>) = conn
        .query_row("SELECT pin_hash, key_sealed FROM person", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    assert!(hash.starts_with("$argon2id$") && !hash.contains("284615"));
    assert_eq!(
        sealed.len(),
        32 + 16,
        "the seed, encrypted and authenticated"
    );
}

#[test]
fn a_certificate_altered_on_the_way_is_refused_by_the_hub() {
    let dir = tempfile::tempdir().expect("dir");
    let mut hub = Hub::new();
    let mut a = replica(&dir, "PC", clock());
    enroll(&mut hub, &a, "a");
    a.add_person(&person("Siti Rahma", SITI, Role::AdminOpd, "284615"))
        .expect("first person");
    a.sign_in(SITI, "284615").expect("sign in");
    a.save_asset(&AssetInput {
        kode_barang: "1.3.2.10.01.02.001".into(),
        nama: "PC Unit".into(),
        ..Default::default()
    })
    .expect("asset");
    let mut session = a.sync_session(PEER).expect("session");
    let first = a.sync_request(&mut session).expect("request");
    let answer = hub.handle("a", &first).expect("first round");
    a.sync_receive(PEER, &mut session, &answer)
        .expect("receive");
    let mut req = a.sync_request(&mut session).expect("request with changes");
    assert_eq!(
        req.certificates.len(),
        1,
        "Siti's certificate travels with her changes"
    );

    let mut promoted = req.clone();
    promoted.certificates[0].claim.role = "diskominfo".into();
    assert!(matches!(
        hub.handle("a", &promoted),
        Err(Refusal::BadCertificate(_))
    ));
    req.certificates.clear();
    assert!(
        matches!(hub.handle("a", &req), Err(Refusal::BadSignature { .. })),
        "without the certificate, Siti's key is unknown"
    );
}

#[test]
fn a_room_has_a_history_naming_the_person() {
    use simpul_core::checks::RecordKind;
    use simpul_core::RoomInput;
    let dir = tempfile::tempdir().expect("dir");
    let mut a = replica(&dir, "PC", clock());
    a.add_person(&person("Siti Rahma", SITI, Role::AdminOpd, "284615"))
        .expect("first person");
    a.sign_in(SITI, "284615").expect("sign in");
    let room = a
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: "R02".into(),
            name: "Tata Usaha".into(),
            ..Default::default()
        })
        .expect("room");
    a.save_room(&RoomInput {
        id: room.id.clone(),
        building: "G1".into(),
        floor: "L1".into(),
        code: "R02".into(),
        name: "Tata Usaha dan Umum".into(),
        ..Default::default()
    })
    .expect("renamed");
    let history = a
        .record_history(RecordKind::Room, &room.id)
        .expect("history");
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0].action, "room.create");
    assert!(history[1]
        .fields
        .iter()
        .any(|f| f.field == "name" && f.new == "Tata Usaha dan Umum"));
    assert!(history
        .iter()
        .all(|h| h.person.as_ref().is_some_and(|p| p.nip == SITI)));
    assert!(matches!(
        a.record_history(RecordKind::Node, "tidak-ada"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn an_administrator_resets_a_forgotten_pin_and_removes_a_person() {
    let dir = tempfile::tempdir().expect("dir");
    let clock = clock();
    let mut a = replica(&dir, "PC", clock.clone());
    a.add_person(&person("Siti Rahma", SITI, Role::AdminOpd, "284615"))
        .expect("first person");
    a.add_person(&person("Budi Santoso", BUDI, Role::Teknisi, "582913"))
        .expect("the device adds Budi");
    // Budi forgets his PIN and locks himself out.
    for _ in 0..5 {
        let _ = a.sign_in(BUDI, "000000");
    }
    assert!(matches!(
        a.sign_in(BUDI, "582913"),
        Err(StoreError::PinLocked { .. })
    ));
    a.sign_in(BUDI, "582913").expect_err("still locked");
    a.sign_in(SITI, "284615").expect("Siti");
    a.reset_pin(BUDI, "905172", "905172")
        .expect("Siti resets it");
    a.sign_out();
    a.sign_in(BUDI, "582913")
        .expect_err("the old PIN no longer works");
    a.sign_in(BUDI, "905172")
        .expect("the new one does, and the lock is lifted");
    assert!(
        matches!(
            a.reset_pin(SITI, "111222", "111222"),
            Err(StoreError::Forbidden(_))
        ),
        "a technician resets no one"
    );
    assert!(matches!(
        a.remove_person(SITI),
        Err(StoreError::Forbidden(_))
    ));
    a.sign_out();
    a.sign_in(SITI, "284615").expect("Siti");
    assert!(
        matches!(a.remove_person(SITI), Err(StoreError::Forbidden(_))),
        "not herself"
    );
    a.remove_person(BUDI).expect("Siti removes Budi");
    assert!(matches!(
        a.sign_in(BUDI, "905172"),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(a.people().expect("people").len(), 1);
}
