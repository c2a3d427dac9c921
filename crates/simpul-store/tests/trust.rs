//! Replicas check what the data center relays to them, not only the data
//! center: a change of a device whose key is known must carry a valid
//! signature by it (or a person it certified), whoever relayed it, and a
//! device's key cannot change. Tried with an honest relay (accepted
//! everywhere) and with forged deliveries (refused whole, nothing stored).

use automerge::ActorId;
use simpul_core::schema::{
    commit_options, genesis_for, write_record, ChangeNote, Collection, SchemaError,
};
use simpul_core::{AssetInput, DocId};
use simpul_store::{AssetQuery, Replica, StoreError};
use simpul_sync::bundle::BundleDoc;
use simpul_sync::signature::{KeyPair, SignatureError};
use simpul_sync::{DeviceKeyNote, Hub, Scope};

mod common;

use common::{enroll, replica};

fn sync(r: &mut Replica, hub: &mut Hub, device: &str) {
    common::sync(r, hub, device).expect("sync");
}

fn total(r: &Replica) -> u32 {
    r.assets(&AssetQuery::default()).expect("list").total
}

/// An asset document with one asset written under `actor`, outside any
/// replica (as a forger writes it).
fn written_as(actor: &ActorId, id: &DocId, record: &str) -> automerge::Automerge {
    let mut doc = genesis_for(id);
    doc.set_actor(actor.clone());
    let note = ChangeNote {
        action: "asset.create".into(),
        records: vec![record.into()],
        device: "PC Pusat Data".into(),
    };
    doc.transact_with::<_, _, SchemaError, _>(
        |_| commit_options(&note, 1),
        |tx| {
            let a = simpul_core::Asset {
                id: record.into(),
                opd: "DINKES".into(),
                nama: "Aset palsu".into(),
                ..Default::default()
            };
            write_record(tx, Collection::Assets, record, &a).map(|_| ())
        },
    )
    .expect("edit");
    doc
}

#[test]
fn relayed_changes_are_checked_by_every_replica() {
    let dir = tempfile::tempdir().expect("dir");
    let mut hub = Hub::new();
    let mut a = replica(&dir, "PC Dinkes", "DINKES");
    let mut k = replica(&dir, "PC Pusat Data", "DISKOMINFO");
    k.set_server(&simpul_store::ServerLink {
        address: "127.0.0.1:9".into(),
        device_id: "k".into(),
        diskominfo: true,
        token: "t".into(),
        ca_pem: None,
    })
    .expect("link");
    enroll(&mut hub, &a, "a", Scope::Opd("DINKES".into()));
    enroll(&mut hub, &k, "k", Scope::Diskominfo);

    // Honest relays both ways: A's asset reaches Diskominfo, Diskominfo's
    // correction of it reaches A; each replica checks the other's signature.
    let pc = a
        .save_asset(&AssetInput {
            kode_barang: "1.3.2.10.01.02.001".into(),
            nama: "PC Unit".into(),
            ..Default::default()
        })
        .expect("asset");
    sync(&mut a, &mut hub, "a");
    sync(&mut k, &mut hub, "k");
    let mut fix = AssetInput::from_asset(&k.asset(&pc.id).expect("on K"));
    fix.nama = "PC Unit (dikoreksi Diskominfo)".into();
    k.save_asset(&fix).expect("Diskominfo corrects it");
    sync(&mut k, &mut hub, "k");
    sync(&mut a, &mut hub, "a");
    assert_eq!(a.asset(&pc.id).expect("on A").nama, fix.nama);
    let states: Vec<_> = a
        .asset_detail(&pc.id)
        .expect("detail")
        .history
        .into_iter()
        .map(|h| h.signature)
        .collect();
    assert!(
        states
            .iter()
            .all(|s| *s == simpul_core::history::SignatureState::Verified),
        "A checked Diskominfo's signature with the key the hub sent: {states:?}"
    );

    // A delivery (a bundle "from the data center", as a stolen server.db
    // could seal one) with a change written under Diskominfo's actor but
    // signed by another key: refused whole.
    let k_actor = ActorId::try_from(k.profile().expect("p").actor.as_str()).expect("actor");
    let held = a.document_ids().expect("ids");
    let id = (0..simpul_core::doc_id::ASSET_SHARDS)
        .map(|shard| DocId::Assets {
            opd: "DINKES".into(),
            shard,
        })
        .find(|id| !held.contains(&id.to_string()))
        .expect("a shard A has not written");
    let forged = written_as(&k_actor, &id, "palsu-1");
    let change = forged.get_changes(&genesis_for(&id).get_heads())[0].hash();
    let forger = KeyPair::from_seed([9; 32]);
    let before = total(&a);
    let deliver = |a: &mut Replica, signatures, keys: Vec<DeviceKeyNote>| {
        a.bundle_apply(
            &[BundleDoc {
                doc: id.to_string(),
                changes: forged.save(),
                signatures,
            }],
            &[],
            &keys,
        )
    };
    let wrong_key = deliver(&mut a, vec![forger.sign(&change)], vec![]);
    assert!(
        matches!(
            wrong_key,
            Err(StoreError::UntrustedChange {
                reason: SignatureError::UnknownKey,
                ..
            })
        ),
        "{wrong_key:?}"
    );
    let unsigned = deliver(&mut a, vec![], vec![]);
    assert!(
        matches!(
            unsigned,
            Err(StoreError::UntrustedChange {
                reason: SignatureError::Missing,
                ..
            })
        ),
        "{unsigned:?}"
    );
    let swapped = deliver(
        &mut a,
        vec![forger.sign(&change)],
        vec![DeviceKeyNote {
            actor: k_actor.to_hex_string(),
            key: forger.public_bytes(),
        }],
    );
    assert!(
        matches!(swapped, Err(StoreError::KeyChanged { .. })),
        "Diskominfo's key cannot be replaced: {swapped:?}"
    );
    assert_eq!(total(&a), before, "nothing of the forgeries entered");
    assert!(a.asset("palsu-1").is_err());

    // And the honest path still works after the refusals.
    sync(&mut a, &mut hub, "a");
    assert_eq!(a.asset(&pc.id).expect("still there").nama, fix.nama);
}
