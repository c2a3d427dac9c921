//! Fuzz targets: the hub with random and mutated sync requests, the USB
//! bundle reader, and the KIB B spreadsheet readers.

use automerge::{ActorId, Automerge};
use simpul_core::schema::{
    commit_options, genesis_for, write_record, ChangeNote, Collection, SchemaError,
};
use simpul_core::{Asset, DocId};
use simpul_fuzz::arbitrary::Unstructured;
use simpul_fuzz::{fuzz, fuzz_contained, mutate};
use simpul_sync::bundle::{Bundle, BundleDoc};
use simpul_sync::signature::{sign_changes, KeyPair};
use simpul_sync::{
    ClientSession, Device, DocMessage, Hub, LateSignature, Scope, SyncRequest, PROTOCOL_VERSION,
};
use std::collections::{BTreeMap, HashMap};

/// A device's signing key, made from its id (tests need no secrecy).
fn key_of(id: &str) -> KeyPair {
    let mut seed = [0u8; 32];
    for (s, b) in seed.iter_mut().zip(id.bytes()) {
        *s = b;
    }
    KeyPair::from_seed(seed)
}

fn device(id: &str, scope: Scope) -> Device {
    Device {
        id: id.into(),
        actor: ActorId::random().to_hex_string(),
        scope,
        revoked: false,
        key: Some(key_of(id).public_hex()),
    }
}

fn edited(doc: &DocId, dev: &Device, n: usize) -> Automerge {
    let mut d = genesis_for(doc);
    d.set_actor(ActorId::try_from(dev.actor.as_str()).expect("actor"));
    for i in 0..n {
        let id = format!("rec-{i}");
        let a = Asset {
            id: id.clone(),
            opd: "DINKES".into(),
            nama: format!("Laptop {i}"),
            ..Default::default()
        };
        let note = ChangeNote {
            action: "asset.create".into(),
            records: vec![id.clone()],
            device: dev.id.clone(),
        };
        d.transact_with::<_, _, SchemaError, _>(
            |_| commit_options(&note, i as i64),
            |tx| write_record(tx, Collection::Assets, &id, &a).map(|_| ()),
        )
        .expect("edit");
    }
    d
}

/// A hub holding a DINKES shard written by one device, a second device,
/// and the real messages of a few rounds between them (the seeds).
fn world() -> (Hub, Vec<DocMessage>) {
    let writer = device("w", Scope::Opd("DINKES".into()));
    let reader = device("r", Scope::Opd("DINKES".into()));
    let hub = Hub::new();
    hub.add_device(writer.clone());
    hub.add_device(reader.clone());
    let id = DocId::Assets {
        opd: "DINKES".into(),
        shard: 3,
    };
    let mut seeds = Vec::new();
    for (dev, n) in [(&writer, 12), (&reader, 3)] {
        let doc = edited(&id, dev, n);
        let mut signed = HashMap::new();
        let actor = ActorId::try_from(dev.actor.as_str()).expect("actor");
        sign_changes(&doc, &actor, &key_of(&dev.id), &mut signed);
        let mut docs = BTreeMap::from([(id.clone(), doc)]);
        let mut session = ClientSession::default();
        for _ in 0..4 {
            let req = session.request(&docs, &signed, None);
            seeds.extend(req.messages.iter().cloned());
            let resp = hub.handle(&dev.id, &req).expect("honest round");
            seeds.extend(resp.messages.iter().cloned());
            if session.receive(&mut docs, &resp).expect("apply").quiet {
                break;
            }
        }
    }
    assert!(seeds.len() >= 4, "seeds from real rounds");
    (hub, seeds)
}

#[test]
fn hub_survives_mutated_and_random_sync_requests() {
    let (hub, seeds) = world();
    let hub = std::sync::Mutex::new(hub);
    fuzz(|u: &mut Unstructured<'_>| {
        let hub = hub
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = u.int_in_range(1..=3)?;
        let mut messages = Vec::new();
        for _ in 0..n {
            let seed = u.choose(&seeds)?;
            let message = if u.ratio(1, 8)? {
                u.arbitrary::<Vec<u8>>()?
            } else {
                mutate(&seed.message, u)?
            };
            // The seed's signatures, or mutated ones.
            let mut signatures = seed.signatures.clone();
            if u.ratio(1, 4)? {
                for s in &mut signatures {
                    s.sig = mutate(&s.sig, u)?;
                }
            }
            messages.push(DocMessage {
                doc: seed.doc.clone(),
                message,
                signatures,
            });
        }
        // The seeds' signatures, also offered as late ones.
        let late_signatures = messages
            .iter()
            .flat_map(|m| {
                m.signatures.iter().map(|s| LateSignature {
                    doc: m.doc.clone(),
                    signature: s.clone(),
                })
            })
            .collect();
        let req = SyncRequest {
            protocol: PROTOCOL_VERSION,
            new_session: u.arbitrary()?,
            known: Vec::new(),
            messages,
            late_signatures,
            device_key: if u.ratio(1, 8)? {
                Some(String::from_utf8_lossy(&u.arbitrary::<Vec<u8>>()?).into_owned())
            } else {
                None
            },
            certificates: if u.ratio(1, 8)? {
                vec![simpul_sync::certificate::PersonCertificate {
                    claim: simpul_sync::certificate::PersonClaim {
                        person_key: u.arbitrary()?,
                        name: u.arbitrary()?,
                        nip: u.arbitrary()?,
                        role: u.arbitrary()?,
                        device_actor: u.arbitrary()?,
                        device_key: u.arbitrary()?,
                        issued_ms: u.arbitrary()?,
                    },
                    sig: u.arbitrary()?,
                }]
            } else {
                Vec::new()
            },
        };
        // Whole requests through the wire decoder too.
        let bytes = mutate(&req.encode(), u)?;
        let _ = SyncRequest::decode(&bytes);
        let who = *u.choose(&["w", "r"])?;
        let _ = hub.handle(who, &req);
        Ok(())
    });
}

#[test]
fn bundle_reader_survives_mutated_bundles() {
    let (hub, _) = world();
    let key = simpul_sync::signature::KeyPair::from_seed([5; 32]);
    let public = simpul_sync::signature::PublicKey::from_bytes(&key.public_bytes()).expect("key");
    let id = DocId::Assets {
        opd: "DINKES".into(),
        shard: 3,
    };
    let w = device("w", Scope::Opd("DINKES".into()));
    let sealed = Bundle {
        protocol: PROTOCOL_VERSION,
        device: "w".into(),
        actor: String::new(),
        enroll: None,
        from_server: false,
        created: "2026-11-30T08:00:00Z".into(),
        docs: vec![BundleDoc {
            doc: id.to_string(),
            changes: edited(&id, &w, 5).save(),
            signatures: vec![],
        }],
        certificates: vec![],
        device_keys: vec![],
    }
    .seal(&key);
    fuzz(|u: &mut Unstructured<'_>| {
        let bytes = mutate(&sealed, u)?;
        let _ = Bundle::peek_device(&bytes);
        if let Ok(b) = Bundle::open(&bytes, &public) {
            let _ = hub.bundle("w", &b.docs, &b.certificates, unstored);
        }
        // A validly signed bundle with arbitrary changes inside.
        let docs = vec![BundleDoc {
            doc: id.to_string(),
            changes: mutate(&edited(&id, &w, 1).save(), u)?,
            signatures: vec![],
        }];
        let _ = hub.bundle("w", &docs, &[], unstored);
        Ok(())
    });
}

#[test]
fn kib_readers_survive_mutated_files() {
    let dir = tempfile::tempdir().expect("dir");
    let xlsx = dir.path().join("seed.xlsx");
    simpul_kib::write_kib_b(
        &xlsx,
        &[simpul_core::kib::KibSheet {
            assets: vec![Asset {
                id: "a".into(),
                opd: "DINKES".into(),
                nama: "Laptop".into(),
                kode_barang: "1.3.2.10.01.02.001".into(),
                ..Default::default()
            }],
            ..Default::default()
        }],
        &mut |_, _| {},
    )
    .expect("seed workbook");
    let seeds = [
        std::fs::read(&xlsx).expect("seed"),
        b"No;Kode Barang;Nama Barang;Nomor Register;Merk/Type;Tahun;Harga\n1;1.3.2.10.01.02.001;Laptop;0001;Asus;2020;10.000.000,50\n".to_vec(),
    ];
    fuzz_contained(|u: &mut Unstructured<'_>| {
        let i = u.choose_index(seeds.len())?;
        let bytes = mutate(&seeds[i], u)?;
        let ext = ["xlsx", "csv"][i];
        let path = dir.path().join(format!("f.{ext}"));
        std::fs::write(&path, &bytes).expect("write");
        // Reading, then planning against an OPD: refusals, never a panic.
        if let Ok(table) = simpul_kib::read_table(&path) {
            let ctx = simpul_core::kib::ImportContext {
                opd: "DINKES",
                existing: &[],
                rooms: &[],
                year: 2026,
                now: "2026-01-01T00:00:00Z",
            };
            let _ = simpul_core::kib::plan(&table, &ctx, &mut || "id".to_owned());
        }
        Ok(())
    });
}

/// A commit that stores nothing: the bundle is received and checked, never
/// published, so every input meets the same hub.
fn unstored(_: &simpul_sync::Staged) -> Result<(), simpul_sync::Refusal> {
    Err(simpul_sync::Refusal::Unavailable)
}
