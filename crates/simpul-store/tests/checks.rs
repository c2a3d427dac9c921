//! The conflict inbox on one replica file: each check appears on the edit
//! that makes it and leaves on the edit that settles it, and after any run
//! of random edits the incremental inbox is exactly what a full check finds.

use simpul_core::checks::Conflict;
use simpul_core::regency::{IpPoolInput, OpdEntryInput};
use simpul_core::AssetInput;
use simpul_store::{ProfileInput, Replica, ServerLink};

fn diskominfo_replica(dir: &tempfile::TempDir) -> Replica {
    let mut r = Replica::open(&dir.path().join("kominfo.db")).expect("open");
    r.setup(&ProfileInput {
        regency: "Kab. Muna".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinkes".into(),
        device_name: "pusat".into(),
        language: String::new(),
    })
    .expect("setup");
    r.set_server(&ServerLink {
        address: "127.0.0.1:9".into(),
        device_id: "k".into(),
        diskominfo: true,
        token: "t".into(),
        ca_pem: None,
    })
    .expect("link");
    r.save_opd_entry(&OpdEntryInput {
        code: "DINKES".into(),
        name: "Dinkes".into(),
    })
    .expect("opd");
    r.save_pool(&IpPoolInput {
        opd: "DINKES".into(),
        cidr: "10.20.1.0/24".into(),
        gateway: "10.20.1.1".into(),
        ..Default::default()
    })
    .expect("pool");
    r
}

fn laptop(ip: &str, mac: &str, serial: &str, register: &str) -> AssetInput {
    AssetInput {
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        ip: ip.into(),
        mac: mac.into(),
        nomor_pabrik: serial.into(),
        nomor_register: register.into(),
        ..Default::default()
    }
}

/// The inbox as (kind, subject), after checking it against a full check.
fn inbox(r: &mut Replica) -> Vec<(&'static str, String)> {
    let incremental: Vec<Conflict> = r.conflicts().expect("inbox");
    r.full_check().expect("full");
    assert_eq!(
        r.conflicts().expect("inbox"),
        incremental,
        "incremental = full"
    );
    let mut out: Vec<_> = incremental
        .into_iter()
        .map(|c| (c.kind.key(), c.subject))
        .collect();
    out.sort();
    out
}

#[test]
fn each_check_appears_and_settles() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = diskominfo_replica(&dir);
    let a = r
        .save_asset(&laptop("10.20.1.5", "3C:52:82:00:00:01", "SN-1", ""))
        .expect("a");
    assert!(inbox(&mut r).is_empty());
    let b = r
        .save_asset(&laptop(
            "10.20.1.5",
            "3c-52-82-00-00-01",
            "SN-1",
            &a.nomor_register,
        ))
        .expect("b");
    let c = r.save_asset(&laptop("10.99.0.7", "", "", "")).expect("c");
    let reg = format!("1.3.2.10.01.02.002.{}", a.nomor_register);
    assert_eq!(
        inbox(&mut r),
        [
            ("duplicate_ip", "10.20.1.5".to_owned()),
            ("duplicate_mac", "3C:52:82:00:00:01".to_owned()),
            ("duplicate_register", reg.clone()),
            ("duplicate_serial", "SN-1".to_owned()),
            ("ip_outside_pool", "10.99.0.7".to_owned()),
        ]
    );
    assert_eq!(r.stats().expect("stats").conflicts, 5);
    let of_c: Vec<_> = r
        .conflicts_of(&c.id)
        .expect("of c")
        .into_iter()
        .map(|c| c.kind.key())
        .collect();
    assert_eq!(
        of_c,
        ["ip_outside_pool"],
        "a record's page lists its own entries"
    );
    assert_eq!(r.conflicts_of(&a.id).expect("of a").len(), 4);

    // The actions: a new IP from the pool, the next register number.
    assert_eq!(r.reassign_ip(&c.id).expect("reassign"), "10.20.1.2");
    assert_eq!(
        r.renumber_register(&b.id).expect("renumber").nomor_register,
        "0003"
    );
    // Disposing an asset frees its addresses, not its serial.
    let mut gone = AssetInput::from_asset(&r.asset(&b.id).expect("b"));
    gone.lifecycle = "dihapus".into();
    gone.disposal_reason = "Rusak berat, dilelang".into();
    r.save_asset(&gone).expect("dispose");
    assert_eq!(inbox(&mut r), [("duplicate_serial", "SN-1".to_owned())]);
    let mut fixed = AssetInput::from_asset(&r.asset(&b.id).expect("b"));
    fixed.nomor_pabrik = "SN-2".into();
    r.save_asset(&fixed).expect("fix serial");
    assert!(inbox(&mut r).is_empty());
}

#[test]
fn random_edits_keep_the_incremental_inbox_exact() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = diskominfo_replica(&dir);
    let mut rng = fastrand::Rng::with_seed(7);
    let mut ids = Vec::new();
    for round in 0..120 {
        let ip = if rng.bool() {
            format!("10.20.{}.{}", rng.u8(1..=2), rng.u8(2..6))
        } else {
            String::new()
        };
        let mac = if rng.u8(..3) == 0 {
            format!("3C:52:82:00:00:0{}", rng.u8(..4))
        } else {
            String::new()
        };
        let serial = format!("SN-{}", rng.u8(..8));
        let register = format!("{:04}", rng.u8(1..6));
        let input = laptop(&ip, &mac, &serial, &register);
        if ids.is_empty() || rng.u8(..3) == 0 {
            ids.push(r.save_asset(&input).expect("create").id);
        } else {
            let id = ids[rng.usize(..ids.len())].clone();
            let mut edit = AssetInput::from_asset(&r.asset(&id).expect("asset"));
            match rng.u8(..4) {
                0 => edit.ip = ip,
                1 => edit.mac = mac,
                2 => edit.nomor_pabrik = serial,
                _ => edit.nomor_register = register,
            }
            r.save_asset(&edit).expect("edit");
        }
        if round % 20 == 19 {
            inbox(&mut r);
        }
    }
    assert!(!inbox(&mut r).is_empty(), "the random data does clash");
}

#[test]
fn a_bulk_write_marks_every_key_its_new_assets_take() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = diskominfo_replica(&dir);
    let saved = r
        .save_asset(&laptop("10.20.1.5", "3C:52:82:00:00:01", "SN-1", "0001"))
        .expect("one laptop saved by hand");
    // An import of new laptops: each clashes with the saved one or with
    // another row of the same import on one key, and one IP is outside
    // the OPD's pool.
    let row = |id: &str, ip: &str, mac: &str, serial: &str, register: &str| simpul_core::Asset {
        id: id.into(),
        opd: "DINKES".into(),
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        ip: ip.into(),
        mac: mac.into(),
        hostname: format!("pc-{id}"),
        nomor_pabrik: serial.into(),
        nomor_register: register.into(),
        ..Default::default()
    };
    let mut same_host = row("i6", "", "", "SN-60", "0060");
    same_host.hostname = "PC-I5".into();
    let imported = [
        row("i1", "10.20.1.5", "", "SN-10", "0010"),
        row("i2", "", "3C:52:82:00:00:01", "SN-20", "0020"),
        row("i3", "", "", "SN-1", "0030"),
        row("i4", "", "", "SN-40", "001"),
        row("i5", "10.99.0.7", "", "SN-50", "0050"),
        same_host,
        row("i7", "", "", "SN-70", "0070"),
        row("i8", "", "", "SN-70", "0080"),
    ];
    r.write_assets_bulk(&imported, "import", &mut |_, _| {})
        .expect("import");
    let found = inbox(&mut r);
    let kinds: Vec<&str> = found.iter().map(|(k, _)| *k).collect();
    for kind in [
        "duplicate_ip",
        "duplicate_mac",
        "duplicate_serial",
        "duplicate_register",
        "ip_outside_pool",
        "duplicate_hostname",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {found:?}");
    }
    assert_eq!(
        found
            .iter()
            .filter(|(k, _)| *k == "duplicate_serial")
            .count(),
        2,
        "SN-1 with the saved laptop, SN-70 within the import: {found:?}"
    );
    assert!(!saved.id.is_empty());
}

#[test]
fn a_large_bulk_write_finds_the_same_inbox_as_a_full_check() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = diskominfo_replica(&dir);
    r.save_asset(&laptop("10.20.1.9", "", "SN-X", "0001"))
        .expect("first");
    let second = r
        .save_asset(&laptop("", "", "SN-X", "0002"))
        .expect("second");
    assert_eq!(inbox(&mut r), [("duplicate_serial", "SN-X".to_owned())]);
    // Enough rows that the recheck groups before it evaluates: the new
    // rows clash on a serial among themselves and on an IP with the first
    // laptop, and the second laptop, written again with its own serial,
    // leaves the clash it was in.
    let mut rows: Vec<simpul_core::Asset> = (0..1_500)
        .map(|i| simpul_core::Asset {
            id: format!("bulk-{i}"),
            opd: "DINKES".into(),
            kode_barang: "1.3.2.10.02.03.001".into(),
            nama: "PC".into(),
            nomor_register: format!("{:04}", i + 1),
            nomor_pabrik: format!("PC-{i}"),
            ..Default::default()
        })
        .collect();
    rows[10].nomor_pabrik = "PC-11".into();
    rows[20].ip = "10.20.1.9".into();
    let mut fixed = r.asset(&second.id).expect("second");
    fixed.nomor_pabrik = "SN-Y".into();
    rows.push(fixed);
    r.write_assets_bulk(&rows, "import", &mut |_, _| {})
        .expect("bulk");
    assert_eq!(
        inbox(&mut r),
        [
            ("duplicate_ip", "10.20.1.9".to_owned()),
            ("duplicate_serial", "PC-11".to_owned()),
        ]
    );
}

/// A DISDIK laptop as Diskominfo holds it after a sync.
fn disdik_laptop(id: &str, register: &str) -> simpul_core::Asset {
    simpul_core::Asset {
        id: id.into(),
        opd: "DISDIK".into(),
        kode_barang: "1.3.2.10.01.02.002".into(),
        nama: "Laptop".into(),
        nomor_register: register.into(),
        ..Default::default()
    }
}

#[test]
fn registers_are_numbered_per_opd_and_compared_as_numbers() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = diskominfo_replica(&dir);
    // Diskominfo holds DISDIK's laptops 1 to 3, the first written as SIMDA
    // writes it and once more as Simpul does.
    let disdik = [
        disdik_laptop("d1", "000001"),
        disdik_laptop("d2", "0002"),
        disdik_laptop("d3", "0003"),
        disdik_laptop("d4", "0001"),
    ];
    r.write_assets_bulk(&disdik, "import", &mut |_, _| {})
        .expect("disdik");
    // The form numbers within the device's own OPD, as "give the next
    // number" does.
    let own = r.save_asset(&laptop("", "", "", "")).expect("own laptop");
    assert_eq!(
        (own.opd.as_str(), own.nomor_register.as_str()),
        ("DINKES", "0001")
    );
    // 000001 and 0001 are one register: the inbox says so.
    assert_eq!(
        inbox(&mut r),
        [("duplicate_register", "1.3.2.10.01.02.002.0001".to_owned())]
    );
    assert!(
        r.conflicts().expect("inbox")[0]
            .records
            .iter()
            .all(|rec| rec.editable),
        "Diskominfo may settle every OPD's entries"
    );
    assert_eq!(
        r.renumber_register("d4").expect("renumber").nomor_register,
        "0004",
        "the next number of DISDIK's laptops"
    );
    assert!(inbox(&mut r).is_empty());
}

#[test]
fn a_hostname_is_one_device_on_the_network() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = diskominfo_replica(&dir);
    let mut pc = laptop("", "", "", "");
    pc.hostname = "DINKES-PC-01".into();
    let a = r.save_asset(&pc).expect("a");
    pc.hostname = "dinkes-pc-01".into();
    let b = r.save_asset(&pc).expect("b, typed in lower case");
    assert_eq!(
        inbox(&mut r),
        [("duplicate_hostname", "DINKES-PC-01".to_owned())]
    );
    // Registering b's address with that hostname is refused by the same rule.
    let e = r
        .register(&simpul_core::RegistrationInput {
            asset_id: b.id.clone(),
            macs: "3C:52:82:00:00:09".into(),
            hostname: "Dinkes-PC-01".into(),
            ip: "10.20.1.9".into(),
            purpose: "Pelayanan".into(),
        })
        .expect_err("taken");
    assert!(e.to_string().contains("Hostname"), "{e}");
    let mut renamed = AssetInput::from_asset(&r.asset(&b.id).expect("b"));
    renamed.hostname = "DINKES-PC-02".into();
    r.save_asset(&renamed).expect("renamed");
    assert!(inbox(&mut r).is_empty());
    let _ = a;
}
