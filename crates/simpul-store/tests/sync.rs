//! Two replica files of one OPD syncing through the hub core: records, the
//! index, history and rooms arrive; pending counts drop to zero; concurrent
//! edits of one field show as a conflict on both sides until one device
//! settles it, and the settlement syncs.

use simpul_core::{AssetInput, RoomInput};
use simpul_store::{AssetQuery, Replica};
use simpul_sync::{Device, Hub, Scope};
use tempfile::TempDir;

mod common;

use common::PEER;

fn replica(dir: &TempDir, name: &str) -> Replica {
    common::replica(dir, name, "DINKES")
}

fn enroll(hub: &mut Hub, r: &Replica, id: &str) {
    common::enroll(hub, r, id, Scope::Opd("DINKES".into()));
}

/// One full session: rounds until both sides are quiet.
fn sync(r: &mut Replica, hub: &mut Hub, device: &str) {
    let report = common::sync(r, hub, device).expect("sync");
    // Three or four rounds; Automerge's Bloom filter can answer a false
    // positive now and then, which costs one more.
    assert!(
        report.rounds <= 5,
        "a session takes a few rounds, not {}",
        report.rounds
    );
}

fn asset(nama: &str, serial: &str) -> AssetInput {
    AssetInput {
        kode_barang: "1.3.2.10.01.02.001".into(),
        nama: nama.into(),
        nomor_pabrik: serial.into(),
        holder_name: "Andi".into(),
        ..Default::default()
    }
}

#[test]
fn records_index_history_and_conflicts_travel_between_replicas() {
    let dir = tempfile::tempdir().expect("dir");
    let mut hub = Hub::new();
    let mut a = replica(&dir, "PC Tata Usaha");
    let mut b = replica(&dir, "Laptop Teknisi");
    enroll(&mut hub, &a, "a");
    enroll(&mut hub, &b, "b");

    let room = a
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: "R02".into(),
            name: "Tata Usaha".into(),
            ..Default::default()
        })
        .expect("room");
    let mut first = asset("PC Unit", "SN-A1");
    first.room_id = room.id.clone();
    let pc = a.save_asset(&first).expect("a1");
    for i in 2..=6 {
        a.save_asset(&asset("PC Unit", &format!("SN-A{i}")))
            .expect("more");
    }
    assert!(a.pending_changes(PEER).expect("pending") >= 7);
    sync(&mut a, &mut hub, "a");
    assert_eq!(
        a.pending_changes(PEER).expect("pending"),
        0,
        "everything acknowledged"
    );
    sync(&mut b, &mut hub, "b");

    assert_eq!(b.assets(&AssetQuery::default()).expect("list").total, 6);
    assert_eq!(b.rooms().expect("rooms").len(), 1);
    assert_eq!(
        b.assets(&AssetQuery {
            text: "tata".into(),
            ..Default::default()
        })
        .expect("q")
        .total,
        1,
        "room name searchable on B"
    );
    let d = b.asset_detail(&pc.id).expect("detail on B");
    assert_eq!(
        d.history[0].device, "PC Tata Usaha",
        "history keeps the author device"
    );
    assert!(
        b.verify_index().expect("verify").is_empty(),
        "B's index matches its documents"
    );

    // Concurrent edits of one field.
    let mut on_a = AssetInput::from_asset(&a.asset(&pc.id).expect("a"));
    on_a.holder_name = "Budi".into();
    a.save_asset(&on_a).expect("edit a");
    let mut on_b = AssetInput::from_asset(&b.asset(&pc.id).expect("b"));
    on_b.holder_name = "Citra".into();
    on_b.keterangan = "dipindah".into();
    b.save_asset(&on_b).expect("edit b");
    assert_eq!(b.pending_changes(PEER).expect("pending"), 1);
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    for r in [&mut a, &mut b] {
        let c = r.asset_conflicts(&pc.id).expect("conflicts");
        assert_eq!(c.len(), 1, "only holder_name clashes: {c:?}");
        let mut values = c[0].values.clone();
        values.sort();
        assert_eq!(
            (c[0].field.as_str(), values),
            ("holder_name", vec!["Budi".to_owned(), "Citra".to_owned()])
        );
        assert_eq!(
            r.asset(&pc.id).expect("a").keterangan,
            "dipindah",
            "edits of other fields merged"
        );
        assert!(r.verify_index().expect("verify").is_empty());
    }

    // B settles it; after sync the conflict is gone everywhere.
    for r in [&a, &b] {
        let inbox = r.conflicts().expect("inbox");
        assert_eq!(inbox.len(), 1, "{inbox:?}");
        assert_eq!(
            inbox[0].kind,
            simpul_core::checks::ConflictKind::ConcurrentEdit
        );
        assert_eq!(inbox[0].subject, "holder_name");
        assert_eq!(inbox[0].records[0].id, pc.id);
    }
    b.settle_conflict(&pc.id, "holder_name", "Budi")
        .expect("settle");
    assert_eq!(b.asset(&pc.id).expect("a").holder_name, "Budi");
    assert_eq!(
        b.conflict_count().expect("count"),
        0,
        "settled here at once"
    );
    assert!(b.asset_conflicts(&pc.id).expect("c").is_empty());
    assert!(
        b.settle_conflict(&pc.id, "holder_name", "Citra").is_err(),
        "no conflict left to settle"
    );
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    assert!(a.asset_conflicts(&pc.id).expect("c").is_empty());
    assert_eq!(
        a.conflict_count().expect("count"),
        0,
        "and on the other device after sync"
    );
    assert_eq!(a.asset(&pc.id).expect("a").holder_name, "Budi");
    assert_eq!(
        a.assets(&AssetQuery {
            text: "budi".into(),
            ..Default::default()
        })
        .expect("q")
        .total,
        1
    );
}

#[test]
fn a_session_survives_reopening_both_ends_of_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    let mut hub = Hub::new();
    let mut a = replica(&dir, "A");
    enroll(&mut hub, &a, "a");
    a.load_demo(300, 3, &mut |_, _| {}).expect("demo");
    sync(&mut a, &mut hub, "a");
    drop(a);
    let mut a = Replica::open(&dir.path().join("A.db")).expect("reopen");
    assert_eq!(
        a.pending_changes(PEER).expect("pending"),
        0,
        "shared heads persisted"
    );
    let mut session = a.sync_session(PEER).expect("session");
    let req = a.sync_request(&mut session).expect("request");
    let bytes: usize = req.messages.iter().map(|m| m.message.len()).sum();
    assert!(
        bytes < 4_000,
        "a resumed session sends heads, not data ({bytes} bytes)"
    );
}

#[test]
fn a_device_of_the_previous_version_sends_the_signatures_of_its_earlier_changes_once() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("PC Lama.db");
    let mut a = replica(&dir, "PC Lama");
    a.save_asset(&asset("Laptop", "SN-1")).expect("save");
    a.save_asset(&asset("Printer", "SN-2")).expect("save");
    let mut hub = Hub::new();
    enroll(&mut hub, &a, "a");
    sync(&mut a, &mut hub, "a");
    let actor = a.profile().expect("p").actor.clone();
    drop(a);

    // The data center as the previous version left it: the changes, no
    // signatures, devices without keys.
    let mut old = Hub::new();
    for (id, doc) in hub.docs() {
        old.insert_doc(id.clone(), doc.clone());
    }
    let device = |id: &str, actor: &str| Device {
        id: id.into(),
        actor: actor.into(),
        scope: Scope::Opd("DINKES".into()),
        revoked: false,
        key: None,
    };
    old.add_device(device("a", &actor));
    old.add_device(device("b", &automerge::ActorId::random().to_hex_string()));
    let signed_of_a = |hub: &Hub| -> (usize, usize) {
        let mut changes = 0;
        let mut signed = 0;
        for d in hub.changes_for("b").expect("changes") {
            let mut doc = automerge::Automerge::new();
            doc.load_incremental(&d.changes).expect("load");
            changes += doc
                .get_changes(&[])
                .iter()
                .filter(|c| c.actor_id().to_hex_string() == actor)
                .count();
            signed += d.signatures.len();
        }
        (changes, signed)
    };
    let (changes, signed) = signed_of_a(&old);
    assert!(
        changes >= 2 && signed == 0,
        "unsigned at first: {changes} {signed}"
    );

    // The replica as the previous version left it, opened by this one.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch("DELETE FROM change_signature; DELETE FROM meta WHERE key = 'device_key';")
        .expect("strip");
    drop(conn);
    let mut a = Replica::open(&path).expect("reopen");
    sync(&mut a, &mut old, "a");
    assert_eq!(
        signed_of_a(&old),
        (changes, changes),
        "every earlier change now signed"
    );

    // Sent once: the next session carries none.
    let mut session = a.sync_session(PEER).expect("session");
    let req = a.sync_request(&mut session).expect("request");
    assert!(req.late_signatures.is_empty());
}

/// A link that lets every message through but strips the changes the
/// device sends (a broken middlebox, a hub that keeps losing them): the
/// hub keeps asking, the device keeps sending, and nothing arrives.
struct LosesUploads<'a>(simpul_sync::LocalHub<'a>);

impl simpul_sync::Transport for LosesUploads<'_> {
    fn round(
        &mut self,
        req: &simpul_sync::SyncRequest,
    ) -> Result<simpul_sync::SyncResponse, simpul_sync::TransportError> {
        let mut req = req.clone();
        for m in &mut req.messages {
            let mut message = automerge::sync::Message::decode(&m.message).expect("message");
            message.changes = Vec::<Vec<u8>>::new().into();
            m.message = message.encode();
            m.signatures.clear();
        }
        self.0.round(&req)
    }
}

#[test]
fn a_session_whose_changes_never_reach_the_hub_is_not_reported_complete() {
    let dir = tempfile::tempdir().expect("dir");
    let mut hub = Hub::new();
    let mut a = replica(&dir, "A");
    enroll(&mut hub, &a, "a");
    a.save_asset(&asset("Laptop", "SN-1")).expect("save");
    let mut link = LosesUploads(simpul_sync::LocalHub {
        hub: &mut hub,
        device: "a".into(),
    });
    let failure = a
        .sync_with(PEER, &mut link)
        .expect_err("the hub never received the asset");
    assert!(
        matches!(failure, simpul_store::SyncFailure::NoProgress(_)),
        "{failure:?}"
    );
    assert!(a.pending_changes(PEER).expect("pending") > 0);
    // Over a sound link the same replica completes.
    sync(&mut a, &mut hub, "a");
    assert_eq!(a.pending_changes(PEER).expect("pending"), 0);
}
