//! A deterministic network of replicas and one hub in one process:
//! random edits (many on the same records, so fields conflict), random
//! order of syncs, dropped requests and responses, partitions and
//! reconnects. After healing, every replica must hold exactly the hub's
//! state for every document in its scope, and nothing outside it.

use automerge::ChangeHash;
use automerge::{ActorId, Automerge};
use simpul_core::schema::{
    commit_options, genesis, read_record, record_ids, write_record, ChangeNote, Collection,
    SchemaError,
};
use simpul_core::{Asset, DocId};
use simpul_sync::signature::{sign_changes, ChangeSignature, KeyPair};
use simpul_sync::{ClientSession, Device, Hub, Refusal, Scope, SyncRequest, PROTOCOL_VERSION};
use std::collections::{BTreeMap, HashMap};

/// A device's signing key, made from its id (tests need no secrecy).
fn key_of(id: &str) -> KeyPair {
    let mut seed = [0u8; 32];
    for (s, b) in seed.iter_mut().zip(id.bytes()) {
        *s = b;
    }
    KeyPair::from_seed(seed)
}

struct Replica {
    device: Device,
    key: KeyPair,
    docs: BTreeMap<DocId, Automerge>,
    /// The signatures this replica holds: its own, and those relayed to it.
    signed: HashMap<ChangeHash, ChangeSignature>,
    persisted: Vec<(DocId, Vec<u8>)>,
    online: bool,
}

impl Replica {
    fn new(id: &str, scope: Scope) -> Replica {
        let actor = ActorId::random();
        let key = key_of(id);
        Replica {
            device: Device {
                id: id.into(),
                actor: actor.to_hex_string(),
                scope,
                revoked: false,
                key: Some(key.public_hex()),
            },
            key,
            docs: BTreeMap::new(),
            signed: HashMap::new(),
            persisted: Vec::new(),
            online: true,
        }
    }

    /// Signs this device's changes, as the replica's write path does.
    fn sign(&mut self) {
        let actor = ActorId::try_from(self.device.actor.as_str()).expect("actor");
        for doc in self.docs.values() {
            sign_changes(doc, &actor, &self.key, &mut self.signed);
        }
    }

    fn edit(&mut self, doc: DocId, record: &str, field_value: &str, t: i64) {
        let actor = ActorId::try_from(self.device.actor.as_str()).expect("actor");
        let d = self.docs.entry(doc.clone()).or_insert_with(genesis);
        d.set_actor(actor);
        let mut a: Asset = read_record(d, Collection::Assets, record)
            .expect("read")
            .unwrap_or_else(|| Asset {
                id: record.into(),
                opd: doc.opd().unwrap_or_default().into(),
                ..Default::default()
            });
        a.keterangan = field_value.into();
        a.nama = format!("dari {}", self.device.id);
        let note = ChangeNote {
            action: "asset.update".into(),
            records: vec![record.into()],
            device: self.device.id.clone(),
        };
        d.transact_with::<_, _, SchemaError, _>(
            |_| commit_options(&note, t),
            |tx| write_record(tx, Collection::Assets, record, &a).map(|_| ()),
        )
        .expect("edit");
    }

    /// One sync session; `drop` decides per message whether the link loses it.
    fn sync(&mut self, hub: &Hub, drop: &mut impl FnMut() -> bool) -> Result<bool, Refusal> {
        self.sign();
        let mut session = ClientSession::resume(self.persisted.clone());
        for _ in 0..12 {
            let req = session.request(&self.docs, &self.signed, None);
            if drop() {
                return Ok(false);
            }
            let resp = hub.handle(&self.device.id, &req)?;
            if drop() {
                return Ok(false);
            }
            for m in &resp.messages {
                for s in &m.signatures {
                    self.signed.insert(ChangeHash(s.hash), s.clone());
                }
            }
            let round = session.receive(&mut self.docs, &resp).expect("apply");
            self.persisted = session.persisted();
            if round.quiet {
                return Ok(true);
            }
        }
        panic!("sync of {} did not go quiet in 12 rounds", self.device.id);
    }
}

fn materialized(doc: &Automerge) -> Vec<Asset> {
    record_ids(doc, Collection::Assets)
        .expect("ids")
        .iter()
        .map(|id| {
            read_record::<Asset>(doc, Collection::Assets, id)
                .expect("read")
                .expect("exists")
        })
        .collect()
}

fn network() -> (Hub, Vec<Replica>) {
    let replicas = vec![
        Replica::new("dinkes-1", Scope::Opd("DINKES".into())),
        Replica::new("dinkes-2", Scope::Opd("DINKES".into())),
        Replica::new("dinkes-3", Scope::Opd("DINKES".into())),
        Replica::new("disdik-1", Scope::Opd("DISDIK".into())),
        Replica::new("disdik-2", Scope::Opd("DISDIK".into())),
        Replica::new("kominfo-1", Scope::Diskominfo),
    ];
    let hub = Hub::new();
    for r in &replicas {
        hub.add_device(r.device.clone());
    }
    (hub, replicas)
}

fn run(seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (hub, mut replicas) = network();
    let records: Vec<String> = (0..6).map(|i| format!("rec-{i:02x}")).collect();
    for step in 0..400 {
        let r = rng.usize(..replicas.len());
        match rng.u8(..10) {
            0..=4 => {
                let opd = match &replicas[r].device.scope {
                    Scope::Opd(o) => o.clone(),
                    Scope::Diskominfo => ["DINKES", "DISDIK"][rng.usize(..2)].to_owned(),
                };
                let doc = DocId::Assets {
                    opd,
                    shard: rng.u8(..3),
                };
                let rec = records[rng.usize(..records.len())].clone();
                replicas[r].edit(doc, &rec, &format!("v{step}"), step);
            }
            5..=8 if replicas[r].online => {
                let mut drop = || rng.u8(..100) < 15;
                replicas[r]
                    .sync(&hub, &mut drop)
                    .expect("no refusal among honest devices");
            }
            _ => replicas[r].online = !replicas[r].online,
        }
    }
    // Heal: everyone online, two full passes over every replica.
    for _ in 0..2 {
        for r in replicas.iter_mut() {
            r.online = true;
            assert!(
                r.sync(&hub, &mut || false).expect("sync"),
                "a lossless sync completes"
            );
        }
    }
    for r in &replicas {
        for (id, hub_doc) in &hub.docs() {
            let visible = r.device.can_read(id);
            match r.docs.get(id) {
                Some(doc) => {
                    assert!(
                        visible,
                        "seed {seed}: {} holds {id} outside its scope",
                        r.device.id
                    );
                    assert_eq!(
                        doc.get_heads(),
                        hub_doc.get_heads(),
                        "seed {seed}: {} differs on {id}",
                        r.device.id
                    );
                    assert_eq!(
                        materialized(doc),
                        materialized(hub_doc),
                        "seed {seed}: {} materializes {id} differently",
                        r.device.id
                    );
                }
                None => assert!(
                    !visible || hub_doc.get_changes(&[]).len() <= 1,
                    "seed {seed}: {} lacks {id}",
                    r.device.id
                ),
            }
        }
    }
}

#[test]
fn random_edits_drops_and_partitions_converge() {
    for seed in 1..=12 {
        run(seed);
    }
}

#[test]
fn refusals_apply_nothing() {
    let (hub, mut replicas) = network();
    let dinkes_doc = DocId::Assets {
        opd: "DINKES".into(),
        shard: 0,
    };
    replicas[0].edit(dinkes_doc.clone(), "rec-a", "asli", 1);
    replicas[0].sync(&hub, &mut || false).expect("honest sync");
    let heads = hub.docs()[&dinkes_doc].get_heads();

    // A DISDIK device writing a DINKES document is refused.
    replicas[3].edit(dinkes_doc.clone(), "rec-a", "disusupkan", 2);
    assert_eq!(
        replicas[3].sync(&hub, &mut || false),
        Err(Refusal::OutOfScope(dinkes_doc.to_string()))
    );
    assert_eq!(hub.docs()[&dinkes_doc].get_heads(), heads);

    // A DINKES device relaying that DISDIK-authored change is refused too.
    let forged = replicas[3].docs[&dinkes_doc].clone();
    replicas[1].docs.insert(dinkes_doc.clone(), forged);
    match replicas[1].sync(&hub, &mut || false) {
        Err(Refusal::ForeignActor { actor, .. }) => assert_eq!(actor, replicas[3].device.actor),
        other => panic!("relay of a foreign change must be refused, got {other:?}"),
    }
    assert_eq!(
        hub.docs()[&dinkes_doc].get_heads(),
        heads,
        "nothing of the refused request applied"
    );

    // A revoked device is refused at once.
    hub.revoke(&replicas[2].device.id);
    assert_eq!(replicas[2].sync(&hub, &mut || false), Err(Refusal::Revoked));

    // An old client gets a clear version error.
    let old = SyncRequest {
        protocol: PROTOCOL_VERSION + 1,
        new_session: true,
        known: vec![],
        messages: vec![],
        device_key: None,
        late_signatures: vec![],
        certificates: vec![],
    };
    assert!(matches!(
        hub.handle(&replicas[0].device.id, &old),
        Err(Refusal::Protocol { .. })
    ));
    assert_eq!(
        hub.handle(
            "nobody",
            &SyncRequest {
                protocol: PROTOCOL_VERSION,
                new_session: true,
                known: vec![],
                messages: vec![],
                device_key: None,
                late_signatures: vec![],
                certificates: vec![],
            }
        ),
        Err(Refusal::UnknownDevice)
    );
}

#[test]
fn concurrent_edits_of_one_field_reach_everyone_as_a_conflict() {
    let (hub, mut replicas) = network();
    let doc = DocId::Assets {
        opd: "DINKES".into(),
        shard: 1,
    };
    replicas[0].edit(doc.clone(), "rec-x", "awal", 1);
    replicas[0].sync(&hub, &mut || false).expect("sync");
    replicas[1].sync(&hub, &mut || false).expect("sync");
    replicas[0].edit(doc.clone(), "rec-x", "Ruang A", 2);
    replicas[1].edit(doc.clone(), "rec-x", "Ruang B", 3);
    for _ in 0..2 {
        for r in replicas.iter_mut().take(2) {
            r.sync(&hub, &mut || false).expect("sync");
        }
    }
    for r in replicas.iter().take(2) {
        let d = &r.docs[&doc];
        let obj = simpul_core::schema::record_obj(d, Collection::Assets, "rec-x")
            .expect("obj")
            .expect("exists");
        let mut values: Vec<String> = simpul_core::schema::field_values(d, &obj, "keterangan")
            .expect("values")
            .iter()
            .map(simpul_core::schema::display_scalar)
            .collect();
        values.sort();
        assert_eq!(
            values,
            ["Ruang A", "Ruang B"],
            "{} sees both values",
            r.device.id
        );
    }
}

#[test]
fn a_change_written_under_the_genesis_actor_is_refused() {
    let (hub, mut replicas) = network();
    let doc = DocId::Assets {
        opd: "DINKES".into(),
        shard: 0,
    };
    replicas[0].edit(doc.clone(), "rec-a", "asli", 1);
    replicas[0].sync(&hub, &mut || false).expect("honest sync");
    let heads = hub.docs()[&doc].get_heads();

    // The genesis actor's id is public; a change written under it is not genesis.
    let genesis_actor = genesis().get_changes(&[])[0].actor_id().to_hex_string();
    replicas[1].sync(&hub, &mut || false).expect("first sync");
    replicas[1].device.actor = genesis_actor.clone();
    replicas[1].edit(doc.clone(), "rec-a", "disusupkan", 2);
    match replicas[1].sync(&hub, &mut || false) {
        Err(Refusal::ForeignActor { actor, .. }) => assert_eq!(actor, genesis_actor),
        other => panic!("a change under the genesis actor must be refused, got {other:?}"),
    }
    assert_eq!(hub.docs()[&doc].get_heads(), heads, "nothing applied");
}

/// The regency document, which only Diskominfo writes.
fn regency_edit(r: &mut Replica, t: i64) {
    let actor = ActorId::try_from(r.device.actor.as_str()).expect("actor");
    let d = r
        .docs
        .entry(DocId::Regency)
        .or_insert_with(|| simpul_core::schema::genesis_for(&DocId::Regency));
    d.set_actor(actor);
    let note = ChangeNote {
        action: "pool.save".into(),
        records: vec!["pool-1".into()],
        device: r.device.id.clone(),
    };
    d.transact_with::<_, _, SchemaError, _>(
        |_| commit_options(&note, t),
        |tx| {
            let pools = simpul_core::schema::collection(tx, Collection::Pools)?;
            automerge::transaction::Transactable::put(
                tx,
                &pools,
                "pool-1",
                format!("10.{t}.0.0/16"),
            )?;
            Ok(())
        },
    )
    .expect("edit");
}

#[test]
fn an_opd_device_writing_under_a_diskominfo_actor_is_refused() {
    let (hub, mut replicas) = network();
    // Diskominfo writes the regency document; everyone receives it.
    regency_edit(&mut replicas[5], 1);
    replicas[5]
        .sync(&hub, &mut || false)
        .expect("diskominfo sync");
    replicas[3].sync(&hub, &mut || false).expect("disdik sync");
    let heads = hub.docs()[&DocId::Regency].get_heads();

    // DISDIK takes Diskominfo's public actor id and signs with its own key.
    let kominfo_actor = replicas[5].device.actor.clone();
    replicas[3].device.actor = kominfo_actor.clone();
    regency_edit(&mut replicas[3], 2);
    match replicas[3].sync(&hub, &mut || false) {
        Err(Refusal::BadSignature { actor, .. }) => assert_eq!(actor, kominfo_actor),
        other => panic!("a forged Diskominfo change must be refused, got {other:?}"),
    }
    assert_eq!(
        hub.docs()[&DocId::Regency].get_heads(),
        heads,
        "nothing applied"
    );

    // Nor does it pass unsigned.
    replicas[3].signed.clear();
    replicas[3].key = key_of("another key");
    match replicas[3].sync(&hub, &mut || false) {
        Err(Refusal::BadSignature { .. } | Refusal::Unsigned { .. }) => {}
        other => panic!("refused, got {other:?}"),
    }
    assert_eq!(
        hub.docs()[&DocId::Regency].get_heads(),
        heads,
        "nothing applied"
    );
}

#[test]
fn unsigned_and_tampered_changes_are_refused_and_a_relayed_signed_one_is_accepted() {
    let (hub, mut replicas) = network();
    let doc = DocId::Assets {
        opd: "DINKES".into(),
        shard: 2,
    };
    replicas[0].edit(doc.clone(), "rec-a", "asli", 1);
    replicas[0].sync(&hub, &mut || false).expect("honest sync");
    replicas[1]
        .sync(&hub, &mut || false)
        .expect("second device");
    let heads = hub.docs()[&doc].get_heads();

    // A signature with one bit flipped.
    replicas[0].edit(doc.clone(), "rec-a", "diubah", 2);
    replicas[0].sign();
    for s in replicas[0].signed.values_mut() {
        s.sig[0] ^= 1;
    }
    match replicas[0].sync(&hub, &mut || false) {
        Err(Refusal::BadSignature { actor, .. }) => assert_eq!(actor, replicas[0].device.actor),
        other => panic!("a tampered signature must be refused, got {other:?}"),
    }
    assert_eq!(hub.docs()[&doc].get_heads(), heads, "nothing applied");

    // No signature at all: the hub holds none for it either.
    let fresh: Vec<_> = replicas[0].docs[&doc]
        .get_changes(&heads)
        .iter()
        .map(|c| c.hash())
        .collect();
    for h in &fresh {
        replicas[0].signed.remove(h);
    }
    let mut session = ClientSession::default();
    let refused = (0..4).find_map(|_| {
        let req = session.request(&replicas[0].docs, &HashMap::new(), None);
        match hub.handle("dinkes-1", &req) {
            Ok(resp) => {
                session
                    .receive(&mut replicas[0].docs, &resp)
                    .expect("apply");
                None
            }
            Err(e) => Some(e),
        }
    });
    assert!(
        matches!(refused, Some(Refusal::Unsigned { .. })),
        "an unsigned change is refused: {refused:?}"
    );
    assert_eq!(hub.docs()[&doc].get_heads(), heads, "nothing applied");

    // The author's valid signature, relayed by another device of the OPD
    // (the author never reached the hub): accepted, and passed on signed.
    replicas[0].signed.clear();
    replicas[0].sign();
    let (author_doc, author_sigs) = (replicas[0].docs[&doc].clone(), replicas[0].signed.clone());
    replicas[1].docs.insert(doc.clone(), author_doc);
    replicas[1].signed.extend(author_sigs);
    replicas[1]
        .sync(&hub, &mut || false)
        .expect("relay accepted");
    assert_ne!(
        hub.docs()[&doc].get_heads(),
        heads,
        "the relayed change arrived"
    );
    let mut third = ClientSession::default();
    let mut third_docs = BTreeMap::new();
    let mut passed = Vec::new();
    for _ in 0..4 {
        let req = third.request(&third_docs, &HashMap::new(), None);
        let resp = hub.handle("dinkes-3", &req).expect("round");
        passed.extend(resp.messages.iter().flat_map(|m| m.signatures.clone()));
        if third.receive(&mut third_docs, &resp).expect("apply").quiet {
            break;
        }
    }
    assert!(
        fresh.iter().all(|h| passed.iter().any(|s| s.hash == h.0)),
        "the hub passes the author's signatures on"
    );

    // Once the author is revoked, its further changes are refused, relayed or not.
    hub.revoke("dinkes-1");
    replicas[0].edit(doc.clone(), "rec-a", "setelah dicabut", 3);
    replicas[0].sign();
    let (author_doc, author_sigs) = (replicas[0].docs[&doc].clone(), replicas[0].signed.clone());
    replicas[1].docs.insert(doc.clone(), author_doc);
    replicas[1].signed.extend(author_sigs);
    assert!(matches!(
        replicas[1].sync(&hub, &mut || false),
        Err(Refusal::ForeignActor { .. })
    ));
}

/// The first request of a device that wrote offline (its documents are
/// new to the hub, so its round locks them).
fn first_request(r: &mut Replica) -> SyncRequest {
    r.sign();
    ClientSession::resume(Vec::new()).request(&r.docs, &r.signed, None)
}

/// Rounds of devices of different OPDs run at the same time: each one's
/// commit waits until the other's has begun, which can only happen when
/// neither round waits for the other.
#[test]
fn rounds_of_different_devices_run_at_the_same_time() {
    let hub = Hub::new();
    let mut a = Replica::new("dinkes-1", Scope::Opd("DINKES".into()));
    let mut b = Replica::new("disdik-1", Scope::Opd("DISDIK".into()));
    hub.add_device(a.device.clone());
    hub.add_device(b.device.clone());
    a.edit(DocId::for_asset("DINKES", "x"), "x", "a", 1);
    b.edit(DocId::for_asset("DISDIK", "y"), "y", "b", 1);
    let (req_a, req_b) = (first_request(&mut a), first_request(&mut b));
    let (a_in, a_seen) = std::sync::mpsc::channel();
    let (b_in, b_seen) = std::sync::mpsc::channel();
    let wait = std::time::Duration::from_secs(60);
    std::thread::scope(|s| {
        let hub = &hub;
        let ra = s.spawn(move || {
            hub.round("dinkes-1", &req_a, |_| {
                a_in.send(()).expect("send");
                b_seen.recv_timeout(wait).map_err(|_| Refusal::Unavailable)
            })
        });
        let rb = s.spawn(move || {
            hub.round("disdik-1", &req_b, |_| {
                b_in.send(()).expect("send");
                a_seen.recv_timeout(wait).map_err(|_| Refusal::Unavailable)
            })
        });
        assert!(ra.join().expect("a").is_ok(), "both commits ran at once");
        assert!(rb.join().expect("b").is_ok(), "both commits ran at once");
    });
}

/// Two rounds that change one document take its lock in turn: while the
/// first is being stored, the second has not reached its commit; both
/// land, and a fresh device gets both edits.
#[test]
fn rounds_changing_one_document_take_turns_and_both_land() {
    let hub = Hub::new();
    let mut a = Replica::new("dinkes-1", Scope::Opd("DINKES".into()));
    let mut b = Replica::new("dinkes-2", Scope::Opd("DINKES".into()));
    let mut fresh = Replica::new("dinkes-3", Scope::Opd("DINKES".into()));
    for r in [&a, &b, &fresh] {
        hub.add_device(r.device.clone());
    }
    let doc = DocId::for_asset("DINKES", "x");
    a.edit(doc.clone(), "x", "a", 1);
    b.edit(doc.clone(), "x", "b", 2);
    let (req_a, req_b) = (first_request(&mut a), first_request(&mut b));
    let (a_in, a_seen) = std::sync::mpsc::channel::<()>();
    let (b_in, b_seen) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|s| {
        let hub = &hub;
        let ra = s.spawn(move || {
            hub.round("dinkes-1", &req_a, |_| {
                a_in.send(()).expect("send");
                // While this round holds the document, the other waits.
                let overlapped = b_seen
                    .recv_timeout(std::time::Duration::from_millis(500))
                    .is_ok();
                assert!(!overlapped, "two rounds changed one document at once");
                Ok::<_, Refusal>(())
            })
        });
        a_seen
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("a reached its commit");
        let rb = s.spawn(move || {
            hub.round("dinkes-2", &req_b, |_| {
                let _ = b_in.send(());
                Ok::<_, Refusal>(())
            })
        });
        assert!(ra.join().expect("a").is_ok());
        assert!(rb.join().expect("b").is_ok());
    });
    let mut never_drop = || false;
    for r in [&mut a, &mut b, &mut fresh] {
        assert!(r.sync(&hub, &mut never_drop).expect("sync"));
    }
    assert!(fresh.sync(&hub, &mut never_drop).expect("sync"));
    let held = materialized(&fresh.docs[&doc]);
    assert_eq!(held.len(), 1);
    assert!(
        ["a", "b"].contains(&held[0].keterangan.as_str()),
        "one of the concurrent values wins: {held:?}"
    );
    assert_eq!(
        fresh.docs[&doc].get_heads(),
        hub.docs()[&doc].get_heads(),
        "the fresh device holds both edits"
    );
    let both = fresh.docs[&doc].get_changes(&[]).len();
    assert!(both >= 3, "genesis and both edits: {both}");
}
