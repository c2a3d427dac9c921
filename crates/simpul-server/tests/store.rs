//! The storage contract, checked on both backends: what a round stores is
//! read back whole and in order, another connection's writes are noticed,
//! a code enrolls once, the audit trail filters as documented, and (on
//! PostgreSQL) a write on a broken connection is an error, never success.

use automerge::ChangeHash;
use simpul_core::DocId;
use simpul_server::{Admin, AuditFilter, RoundWrite};
use simpul_sync::audit::{AuditEntry, PersonRef, Via};
use simpul_sync::certificate::{PersonCertificate, PersonClaim};
use simpul_sync::signature::KeyPair;

mod common;

use common::{Backend, TestDb};

fn dinkes(shard: u8) -> DocId {
    DocId::Assets {
        opd: "DINKES".into(),
        shard,
    }
}

fn entry(doc: &DocId, author: &str, nip: &str, n: u8) -> AuditEntry {
    AuditEntry {
        hash: [n; 32],
        doc: doc.clone(),
        author: author.into(),
        person: (!nip.is_empty()).then(|| PersonRef {
            name: "Rina".into(),
            nip: nip.into(),
            role: "pengurus barang".into(),
        }),
        brought_by: author.into(),
        action: "asset.create".into(),
        records: vec![format!("a{n}"), format!("b{n}")],
        time_ms: 1_764_576_000_000 + i64::from(n) * 1000,
        via: Via::Sync,
    }
}

/// One round with `docs`, as device `dev` stores it.
fn round<'a>(
    dev: &'a str,
    docs: &'a [(DocId, Vec<u8>)],
    audit: &'a [AuditEntry],
) -> RoundWrite<'a> {
    RoundWrite {
        device: dev,
        docs,
        states: &[],
        signatures: &[],
        device_key: None,
        audit,
        certificates: &[],
    }
}

fn rounds_read_back_whole_and_other_connections_are_noticed(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let mut server = db.open();
    let mut admin = db.open();
    assert!(server.changed_elsewhere().expect("first"), "true at first");
    assert!(!server.changed_elsewhere().expect("again"));

    let (a, b) = (dinkes(1), dinkes(2));
    let w = server
        .commit_round(
            &round(
                "d1",
                &[(a.clone(), b"aa".to_vec()), (b.clone(), b"b".to_vec())],
                &[],
            ),
            0,
        )
        .expect("commit");
    assert!(w > 0, "the watermark moves to the newest chunk");
    assert!(
        !server.changed_elsewhere().expect("own"),
        "its own round is not news"
    );
    let w2 = server
        .commit_round(&round("d1", &[(a.clone(), b"AA".to_vec())], &[]), w)
        .expect("commit");
    assert!(w2 > w);
    assert_eq!(
        server.document(&a).expect("doc").as_deref(),
        Some(&b"aaAA"[..]),
        "chunks concatenated in order"
    );
    assert_eq!(server.document(&dinkes(3)).expect("none"), None);
    let (docs, mark) = admin.documents().expect("all");
    assert_eq!(mark, w2);
    assert_eq!(
        docs,
        vec![(a.clone(), b"aaAA".to_vec()), (b.clone(), b"b".to_vec())]
    );
    assert_eq!(
        server
            .commit_round(&round("d1", &[], &[]), w2)
            .expect("empty"),
        w2,
        "an empty round stores nothing"
    );

    // Another connection (a second server, `simpul admin`) writes.
    admin
        .commit_round(&round("d2", &[(b.clone(), b"B".to_vec())], &[]), mark)
        .expect("elsewhere");
    assert!(server.changed_elsewhere().expect("noticed"));
    let after = server.chunks_after(w2).expect("after");
    assert_eq!(after.len(), 1);
    assert_eq!((&after[0].1, &after[0].2[..]), (&b, &b"B"[..]));
    // A round of its own that follows someone else's keeps the old
    // watermark: the chunk in between must still be read.
    let w3 = server
        .commit_round(&round("d1", &[(a.clone(), b"x".to_vec())], &[]), w2)
        .expect("commit");
    assert_eq!(w3, w2, "the other connection's chunk lies in between");
    assert_eq!(server.chunks_after(w3).expect("rest").len(), 2);
}

fn a_code_enrolls_once_and_revocation_is_seen_by_every_connection(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let mut one = db.open();
    let mut two = db.open();
    let code = Admin::new(one.as_mut())
        .add_opd("DINKES", "Dinas Kesehatan")
        .and_then(|()| Admin::new(one.as_mut()).enroll_code(Some("DINKES"), 1))
        .expect("code")
        .code;
    let (device, token) = Admin::new(one.as_mut())
        .enroll(
            &code,
            "tu-1",
            &automerge::ActorId::random().to_hex_string(),
            None,
        )
        .expect("first use");
    assert!(
        Admin::new(two.as_mut())
            .enroll(
                &code,
                "tu-2",
                &automerge::ActorId::random().to_hex_string(),
                None
            )
            .is_err(),
        "the same code through another connection"
    );
    assert_eq!(two.devices().expect("devices").len(), 1);
    two.changed_elsewhere().expect("look");
    assert!(Admin::new(one.as_mut()).revoke(&device.id).expect("revoke"));
    assert!(
        !Admin::new(one.as_mut()).revoke(&device.id).expect("again"),
        "revoked once"
    );
    assert!(
        two.changed_elsewhere().expect("noticed"),
        "revocation is news"
    );
    let row = &two.devices().expect("devices")[0];
    assert!(row.device.revoked);
    assert_eq!(row.name, "tu-1");
    assert!(!token.is_empty());
}

fn the_audit_trail_filters_as_documented(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let mut s = db.open();
    let nip = "198503302010011002";
    let entries = [
        entry(&dinkes(1), "d1", nip, 1),
        entry(&DocId::Regency, "k1", "", 2),
        entry(
            &DocId::Assets {
                opd: "DISDIK".into(),
                shard: 0,
            },
            "d3",
            "",
            3,
        ),
    ];
    let docs = [(dinkes(1), b"x".to_vec())];
    let key = KeyPair::from_seed([4; 32]);
    let signatures = [(dinkes(1), key.sign(&ChangeHash([1; 32])))];
    let cert = PersonCertificate::issue(
        &key,
        PersonClaim {
            person_key: KeyPair::from_seed([5; 32]).public_bytes(),
            name: "Rina".into(),
            nip: nip.into(),
            role: "pengurus barang".into(),
            device_actor: "aa11".into(),
            device_key: key.public_bytes(),
            issued_ms: 1,
        },
    );
    let write = RoundWrite {
        signatures: &signatures,
        certificates: std::slice::from_ref(&cert),
        ..round("d1", &docs, &entries)
    };
    s.commit_round(&write, 0).expect("commit");
    s.commit_round(&write, 0)
        .expect("the same signatures again are no error");
    assert_eq!(s.signatures().expect("sigs"), vec![signatures[0].1.clone()]);
    assert_eq!(s.certificates().expect("certs"), vec![cert]);

    let list = |f: AuditFilter| {
        s.audit(&AuditFilter { limit: 100, ..f })
            .expect("audit")
            .into_iter()
            .map(|r| r.hash[..2].to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(list(AuditFilter::default()).len(), 6, "newest first, all");
    assert_eq!(
        list(AuditFilter {
            opd: Some("dinkes".into()),
            ..Default::default()
        }),
        vec!["01", "01"]
    );
    assert_eq!(
        list(AuditFilter {
            opd: Some("DISKOMINFO".into()),
            ..Default::default()
        }),
        vec!["02", "02"],
        "the regency's own document only"
    );
    assert_eq!(
        list(AuditFilter {
            device: Some("d3".into()),
            ..Default::default()
        }),
        vec!["03", "03"]
    );
    assert_eq!(
        list(AuditFilter {
            nip: Some(nip.into()),
            ..Default::default()
        }),
        vec!["01", "01"]
    );
    assert!(list(AuditFilter {
        since: Some("2999-01-01".into()),
        ..Default::default()
    })
    .is_empty());
    let rows = s
        .audit(&AuditFilter {
            limit: 1,
            ..Default::default()
        })
        .expect("one");
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (r.records.clone(), r.via.as_str(), r.changed_at.as_str()),
        (
            vec!["a3".to_owned(), "b3".to_owned()],
            "sync",
            "2025-12-01T08:00:03Z"
        )
    );
}

/// PostgreSQL only: its connection can break under the server (a restart
/// of the database, a network cut). The write that meets it fails and
/// says so; the next call connects again and works.
#[test]
fn a_write_on_a_broken_postgres_connection_fails_then_the_store_reconnects() {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(Backend::Postgres, dir.path());
    let simpul_server::Database::Postgres(url) = &db.database else {
        panic!("a PostgreSQL database");
    };
    let mut s = db.open();
    s.probe_write().expect("healthy");
    let mut killer = ::postgres::Client::connect(url, ::postgres::NoTls).expect("connect");
    let dbname = url.rsplit("dbname=").next().expect("dbname");
    killer
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&dbname],
        )
        .expect("terminate");
    let docs = [(dinkes(1), b"x".to_vec())];
    let failed = s.commit_round(&round("d1", &docs, &[]), 0);
    assert!(failed.is_err(), "reported as stored: {failed:?}");
    assert_eq!(
        s.document(&dinkes(1)).expect("reconnected"),
        None,
        "nothing stored"
    );
    let w = s
        .commit_round(&round("d1", &docs, &[]), 0)
        .expect("the next round is stored");
    assert!(w > 0);
    assert_eq!(
        s.document(&dinkes(1)).expect("doc").as_deref(),
        Some(&b"x"[..])
    );
}

crate::on_both_backends!(
    rounds_read_back_whole_and_other_connections_are_noticed,
    a_code_enrolls_once_and_revocation_is_seen_by_every_connection,
    the_audit_trail_filters_as_documented,
);
