//! Network registration end to end over the real server: Diskominfo hands
//! out IP pools through the regency document; an OPD device registers an
//! asset offline with the next free address while another OPD's device
//! registers the same address; after sync both OPDs and Diskominfo see the
//! duplicate; Diskominfo reassigns one address and decides the
//! registrations; after sync the conflict is gone everywhere and each OPD
//! sees its decision. A tampered OPD device writing the regency document is
//! refused by the server.

mod common;

use common::{enroll, link, replica, Backend, Server, TestDb, PEER};
use simpul_core::checks::ConflictKind;
use simpul_core::regency::{DecisionInput, IpPoolInput, OpdEntryInput, Verdict};
use simpul_core::{AssetInput, RegistrationInput, RegistrationStatus};
use simpul_server::Admin;
use simpul_store::{Replica, SyncFailure};
use simpul_sync::TransportError;

fn laptop(r: &mut Replica, serial: &str) -> String {
    r.save_asset(&AssetInput {
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        nomor_pabrik: serial.into(),
        ..Default::default()
    })
    .expect("save")
    .id
}

fn register(r: &mut Replica, asset: &str, mac: &str, ip: &str) -> RegistrationStatus {
    r.register(&RegistrationInput {
        asset_id: asset.into(),
        macs: mac.into(),
        hostname: format!("pc-{}", &mac[mac.len() - 2..]),
        ip: ip.into(),
        purpose: "Aplikasi SIMPUS".into(),
    })
    .expect("register")
    .status
}

fn duplicate_ips(r: &Replica) -> Vec<(String, Vec<String>)> {
    r.conflicts()
        .expect("inbox")
        .into_iter()
        .filter(|c| c.kind == ConflictKind::DuplicateIp)
        .map(|c| (c.subject, c.records.into_iter().map(|r| r.opd).collect()))
        .collect()
}

fn same_ip_offline_is_found_everywhere_and_settled_by_diskominfo(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let (code_a, code_b, code_k) = {
        let mut store = db.open();
        let mut admin = Admin::new(store.as_mut());
        admin.add_opd("DINKES", "Dinas Kesehatan").expect("opd");
        admin.add_opd("DISDIK", "Dinas Pendidikan").expect("opd");
        (
            admin.enroll_code(Some("DINKES"), 24).expect("code").code,
            admin.enroll_code(Some("DISDIK"), 24).expect("code").code,
            admin.enroll_code(None, 24).expect("code").code,
        )
    };
    let server = Server::start(&db);
    let addr = server.addr.clone();

    // Diskominfo lists the OPDs, gives DINKES a pool and sets the levels.
    let mut k = replica(dir.path(), "kominfo", "DISKOMINFO");
    let mut hk = enroll(&addr, &code_k, &k);
    k.set_server(&link(&addr, &hk, true)).expect("link");
    for (code, name) in [
        ("DINKES", "Dinas Kesehatan"),
        ("DISDIK", "Dinas Pendidikan"),
    ] {
        k.save_opd_entry(&OpdEntryInput {
            code: code.into(),
            name: name.into(),
        })
        .expect("opd");
    }
    k.save_pool(&IpPoolInput {
        opd: "DINKES".into(),
        cidr: "10.20.1.0/24".into(),
        gateway: "10.20.1.1".into(),
        vlan: "20".into(),
        ..Default::default()
    })
    .expect("pool");
    assert_eq!(k.seed_levels().expect("levels").len(), 3);
    k.sync_with(PEER, &mut hk).expect("sync");

    // Both OPD devices get the regency document, and may not change it.
    let mut a = replica(dir.path(), "dinkes-teknisi", "DINKES");
    let mut ha = enroll(&addr, &code_a, &a);
    a.set_server(&link(&addr, &ha, false)).expect("link");
    let mut b = replica(dir.path(), "disdik-teknisi", "DISDIK");
    let mut hb = enroll(&addr, &code_b, &b);
    b.set_server(&link(&addr, &hb, false)).expect("link");
    a.sync_with(PEER, &mut ha).expect("sync");
    b.sync_with(PEER, &mut hb).expect("sync");
    assert_eq!(a.pools_of("DINKES").expect("pools").len(), 1);
    assert_eq!(a.regency().expect("regency").levels.len(), 3);
    assert!(!a.regency().expect("regency").editable);
    let refused = a
        .save_pool(&IpPoolInput {
            opd: "DINKES".into(),
            cidr: "10.99.0.0/24".into(),
            ..Default::default()
        })
        .expect_err("OPD devices do not write the regency document");
    assert!(refused.to_string().contains("Diskominfo"), "{refused}");

    // Offline: DINKES takes the next free address of its pool; DISDIK, with
    // no pool yet, types the same address from an old sticker.
    let pc_a = laptop(&mut a, "SN-A");
    let ip = a.next_free_ip("DINKES").expect("next").expect("free");
    assert_eq!(ip, "10.20.1.2", "the gateway is skipped");
    assert_eq!(
        register(&mut a, &pc_a, "3C:52:82:00:00:0A", &ip),
        RegistrationStatus::Diajukan
    );
    let pc_b = laptop(&mut b, "SN-B");
    register(&mut b, &pc_b, "3C:52:82:00:00:0B", "10.20.1.2");
    // Known locally, the same address is refused at once.
    let pc_a2 = laptop(&mut a, "SN-A2");
    let taken = a
        .register(&RegistrationInput {
            asset_id: pc_a2.clone(),
            macs: "3C:52:82:00:00:0C".into(),
            hostname: "pc-0c".into(),
            ip: "10.20.1.2".into(),
            purpose: "SIMPUS".into(),
        })
        .expect_err("taken");
    match taken {
        simpul_store::StoreError::Validation(v) => assert_eq!(v.0[0].code, "ip.taken", "{v:?}"),
        other => panic!("a field error, not {other:?}"),
    }
    assert!(duplicate_ips(&a).is_empty() && duplicate_ips(&b).is_empty());

    // After sync both OPDs and Diskominfo see the duplicate.
    a.sync_with(PEER, &mut ha).expect("sync");
    b.sync_with(PEER, &mut hb).expect("sync");
    a.sync_with(PEER, &mut ha).expect("sync");
    k.sync_with(PEER, &mut hk).expect("sync");
    let expected = vec![(
        "10.20.1.2".to_owned(),
        vec!["DINKES".to_owned(), "DISDIK".to_owned()],
    )];
    for (who, r) in [("DINKES", &a), ("DISDIK", &b), ("Diskominfo", &k)] {
        let mut found = duplicate_ips(r);
        for (_, opds) in &mut found {
            opds.sort();
        }
        assert_eq!(found, expected, "{who} sees the duplicate");
    }
    assert!(k.conflict_count().expect("count") >= 1);

    // Diskominfo gives DINKES's laptop another address and decides both
    // registrations; the regency's decisions reach the OPDs on their sync.
    let new_ip = k.reassign_ip(&pc_a).expect("reassign");
    assert_eq!(new_ip, "10.20.1.3");
    assert!(
        duplicate_ips(&k).is_empty(),
        "settled on Diskominfo at once"
    );
    let queue = k
        .registrations(Some(RegistrationStatus::Diajukan))
        .expect("queue");
    assert_eq!(queue.len(), 2, "the queue spans every OPD");
    assert_eq!(k.stats().expect("stats").registrations_waiting, 2);
    assert_eq!(
        a.stats().expect("stats").registrations_waiting,
        1,
        "an OPD counts its own"
    );
    k.decide(&DecisionInput {
        registration_id: pc_a.clone(),
        verdict: Verdict::Disetujui,
        level: "L2".into(),
        ..Default::default()
    })
    .expect("approve");
    let no_reason = k.decide(&DecisionInput {
        registration_id: pc_b.clone(),
        verdict: Verdict::Ditolak,
        ..Default::default()
    });
    assert!(no_reason.is_err(), "a refusal needs a reason");
    k.decide(&DecisionInput {
        registration_id: pc_b.clone(),
        verdict: Verdict::Ditolak,
        reason: "Alamat di luar kumpulan DISDIK; tunggu kumpulan IP dari Diskominfo.".into(),
        ..Default::default()
    })
    .expect("reject");
    k.sync_with(PEER, &mut hk).expect("sync");
    a.sync_with(PEER, &mut ha).expect("sync");
    b.sync_with(PEER, &mut hb).expect("sync");
    for (who, r) in [("DINKES", &a), ("DISDIK", &b), ("Diskominfo", &k)] {
        assert!(duplicate_ips(r).is_empty(), "{who}: the conflict is gone");
    }
    let va = a.registration_of(&pc_a).expect("view").expect("registered");
    assert_eq!(va.status, RegistrationStatus::Disetujui);
    assert_eq!(
        (va.level.as_str(), va.level_name.as_str()),
        ("L2", "Sedang")
    );
    assert_eq!(va.registration.ip, "10.20.1.3");
    assert_eq!(
        a.asset(&pc_a).expect("asset").ip,
        "10.20.1.3",
        "the asset follows"
    );
    let vb = b.registration_of(&pc_b).expect("view").expect("registered");
    assert_eq!(vb.status, RegistrationStatus::Ditolak);
    assert!(vb.reason.contains("kumpulan"));

    assert_eq!(k.stats().expect("stats").registrations_waiting, 0);
    // Resubmitting after a refusal goes back to the queue.
    assert_eq!(
        register(&mut b, &pc_b, "3C:52:82:00:00:0B", "10.20.1.9"),
        RegistrationStatus::Diajukan
    );
    assert_eq!(b.stats().expect("stats").registrations_waiting, 1);
    server.stop();
}

fn opd_device_writing_the_regency_document_is_refused_by_the_server(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(backend, dir.path());
    let code = {
        let mut store = db.open();
        let mut admin = Admin::new(store.as_mut());
        admin.add_opd("DINKES", "Dinas Kesehatan").expect("opd");
        admin.enroll_code(Some("DINKES"), 24).expect("code").code
    };
    let server = Server::start(&db);
    // A tampered replica claims the Diskominfo scope locally, so its own
    // check lets it write a pool.
    let mut rogue = replica(dir.path(), "dinkes-rogue", "DINKES");
    let mut h = enroll(&server.addr, &code, &rogue);
    rogue
        .set_server(&link(&server.addr, &h, true))
        .expect("link");
    rogue
        .save_opd_entry(&OpdEntryInput {
            code: "DINKES".into(),
            name: "Dinkes".into(),
        })
        .expect("local write");
    match rogue.sync_with(PEER, &mut h) {
        Err(SyncFailure::Transport(TransportError::Refused { code, message })) => {
            assert_eq!(code, "forbidden", "{message}");
            assert!(
                message.contains("hanya boleh diubah oleh Diskominfo"),
                "{message}"
            );
        }
        other => panic!("the server must refuse: {other:?}"),
    }
    server.stop();
}

crate::on_both_backends!(
    same_ip_offline_is_found_everywhere_and_settled_by_diskominfo,
    opd_device_writing_the_regency_document_is_refused_by_the_server,
);
