//! USB bundles with the real commands: a device without a link carries its
//! changes to the data center on a file; the import has the effect of a
//! sync (a Diskominfo device sees the data), is idempotent, and a tampered
//! or foreign file is refused cleanly. The way back works too.

mod common;

use common::{code_from, free_port, ok, simpul, start_server, text, Serving};
use simpul_store::{AssetQuery, Replica};
use std::path::Path;

fn serve(data: &Path) -> (Serving, String) {
    let port = free_port();
    (start_server(data, port), format!("127.0.0.1:{port}"))
}

fn code(data: &str, scope: &[&str]) -> String {
    let mut args = vec!["admin", "--data", data, "enroll-code"];
    args.extend_from_slice(scope);
    code_from(&ok(simpul(&args)))
}

fn device(dir: &Path, name: &str, opd: &str, addr: &str, code: &str) -> String {
    let db = dir
        .join(format!("{name}.db"))
        .to_str()
        .expect("path")
        .to_owned();
    ok(simpul(&[
        "--db",
        &db,
        "setup",
        "--regency",
        "Kab. Muna",
        "--opd-code",
        opd,
        "--opd-name",
        opd,
        "--device",
        name,
    ]));
    ok(simpul(&[
        "--db", &db, "enroll", "--server", addr, "--code", code,
    ]));
    db
}

#[test]
fn bundles_carry_changes_both_ways() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("server.db");
    let data_s = data.to_str().expect("path");
    ok(simpul(&[
        "admin",
        "--data",
        data_s,
        "opd",
        "add",
        "DINKES",
        "Dinas Kesehatan",
    ]));
    let (code_a, code_k) = (
        code(data_s, &["--opd", "DINKES"]),
        code(data_s, &["--diskominfo"]),
    );
    let (mut server, addr) = serve(&data);
    let a = device(dir.path(), "puskesmas", "DINKES", &addr, &code_a);
    let k = device(dir.path(), "kominfo", "KOMINFO", &addr, &code_k);

    // No link at the puskesmas: the changes go on a USB stick.
    ok(simpul(&["--db", &a, "demo", "--assets", "60"]));
    let stick = dir.path().join("puskesmas.simpul");
    let stick_s = stick.to_str().expect("path");
    ok(simpul(&["--db", &a, "bundle", "export", "-o", stick_s]));

    // At the data center: tampered and foreign files are refused, nothing applied.
    let mut bytes = std::fs::read(&stick).expect("read");
    let tampered = dir.path().join("rusak.simpul");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&tampered, &bytes).expect("write");
    let o = simpul(&[
        "admin",
        "--data",
        data_s,
        "bundle",
        "import",
        tampered.to_str().expect("p"),
        "--server",
        &addr,
    ]);
    assert!(
        !o.status.success() && text(&o).contains("rusak atau telah diubah"),
        "{}",
        text(&o)
    );
    let foreign = dir.path().join("asing.simpul");
    std::fs::write(
        &foreign,
        b"SIMPULB1 this is no bundle of ours, only bytes and a bad tag...",
    )
    .expect("write");
    assert!(!simpul(&[
        "admin",
        "--data",
        data_s,
        "bundle",
        "import",
        foreign.to_str().expect("p"),
        "--server",
        &addr
    ])
    .status
    .success());
    ok(simpul(&["--db", &k, "sync"]));
    assert_eq!(
        Replica::open(Path::new(&k))
            .expect("k")
            .assets(&AssetQuery::default())
            .expect("q")
            .total,
        0
    );

    // The real one goes through the running server; twice changes nothing.
    let first = ok(simpul(&[
        "admin", "--data", data_s, "bundle", "import", stick_s, "--server", &addr,
    ]));
    assert!(!first.contains(": 0 dokumen"), "{first}");
    let again = ok(simpul(&[
        "admin", "--data", data_s, "bundle", "import", stick_s, "--server", &addr,
    ]));
    assert!(again.contains(": 0 dokumen"), "idempotent: {again}");
    ok(simpul(&["--db", &k, "sync"]));
    let kr = Replica::open(Path::new(&k)).expect("k");
    let all = AssetQuery {
        lifecycle: "semua".into(),
        ..Default::default()
    };
    assert_eq!(
        kr.assets(&all).expect("q").total,
        60,
        "the import had the effect of a sync"
    );

    // The way back: Diskominfo corrects a record; a bundle carries it home.
    let mut kr = kr;
    let id = kr.assets(&AssetQuery::default()).expect("q").rows[0]
        .id
        .clone();
    let mut fix = simpul_core::AssetInput::from_asset(&kr.asset(&id).expect("asset"));
    fix.keterangan = "dicek Diskominfo".into();
    kr.save_asset(&fix).expect("edit");
    drop(kr);
    ok(simpul(&["--db", &k, "sync"]));
    server.kill().expect("stop");
    let _ = server.wait();
    let a_id = Replica::open(Path::new(&a))
        .expect("a")
        .server()
        .expect("link")
        .expect("enrolled")
        .device_id;
    let home = dir.path().join("pulang.simpul");
    ok(simpul(&[
        "admin",
        "--data",
        data_s,
        "bundle",
        "export",
        "--device",
        &a_id,
        "-o",
        home.to_str().expect("p"),
    ]));
    ok(simpul(&[
        "--db",
        &a,
        "bundle",
        "import",
        home.to_str().expect("p"),
    ]));
    let ar = Replica::open(Path::new(&a)).expect("a");
    assert_eq!(ar.asset(&id).expect("asset").keterangan, "dicek Diskominfo");
    assert!(
        !simpul(&["--db", &a, "bundle", "import", stick_s])
            .status
            .success(),
        "a device's own bundle is not for it"
    );
}

#[test]
fn enrollment_by_usb_file_then_bundles_both_ways_with_no_network() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("server.db");
    let data_s = data.to_str().expect("path");
    let at = |name: &str| dir.path().join(name).to_str().expect("path").to_owned();
    ok(simpul(&[
        "admin",
        "--data",
        data_s,
        "opd",
        "add",
        "DINKES",
        "Dinas Kesehatan",
    ]));
    let enroll = at("daftar-dinkes.simpul");
    ok(simpul(&[
        "admin",
        "--data",
        data_s,
        "enroll-file",
        "--opd",
        "DINKES",
        "-o",
        &enroll,
    ]));

    let setup = |db: &str, opd: &str| {
        ok(simpul(&[
            "--db",
            db,
            "setup",
            "--regency",
            "Kab. Muna",
            "--opd-code",
            opd,
            "--opd-name",
            opd,
            "--device",
            "PC Puskesmas",
        ]))
    };
    // A file for another OPD, or altered on the way, is refused.
    let other = at("bappeda.db");
    setup(&other, "BAPPEDA");
    let o = simpul(&["--db", &other, "enroll", "--file", &enroll]);
    assert!(
        !o.status.success() && text(&o).contains("untuk OPD DINKES"),
        "{}",
        text(&o)
    );
    let mut bytes = std::fs::read(&enroll).expect("read");
    bytes[20] ^= 0x01;
    let altered = at("diubah.simpul");
    std::fs::write(&altered, &bytes).expect("write");
    let a = at("puskesmas.db");
    setup(&a, "DINKES");
    let o = simpul(&["--db", &a, "enroll", "--file", &altered]);
    assert!(
        !o.status.success() && text(&o).contains("telah diubah"),
        "{}",
        text(&o)
    );

    // The puskesmas enrolls from the file and carries its data back.
    ok(simpul(&["--db", &a, "enroll", "--file", &enroll]));
    ok(simpul(&["--db", &a, "demo", "--assets", "15"]));
    let answer = at("jawaban.simpul");
    ok(simpul(&["--db", &a, "bundle", "export", "-o", &answer]));
    let imported = ok(simpul(&[
        "admin", "--data", data_s, "bundle", "import", &answer,
    ]));
    let device = imported
        .split_whitespace()
        .skip_while(|w| *w != "perangkat")
        .nth(1)
        .expect("the device id is printed")
        .to_owned();
    assert!(!imported.contains(": 0 dokumen"), "{imported}");
    let again = ok(simpul(&[
        "admin", "--data", data_s, "bundle", "import", &answer,
    ]));
    assert!(
        again.contains(": 0 dokumen"),
        "idempotent, enrolled once: {again}"
    );
    let devices = ok(simpul(&["admin", "--data", data_s, "devices"]));
    assert!(
        devices.contains(&device) && devices.contains("DINKES"),
        "{devices}"
    );
    let audit = ok(simpul(&["admin", "--data", data_s, "audit", "--json"]));
    assert!(audit.contains("\"via\": \"bundle\""), "{audit}");
    let status = ok(simpul(&["admin", "--data", data_s, "status"]));
    assert!(
        status
            .lines()
            .any(|l| l.starts_with("DINKES") && l.contains("tepat waktu")),
        "a bundle counts as reaching the data center: {status}"
    );

    // The answer bundle tells the device its id; later bundles go as usual.
    let home = at("pulang.simpul");
    ok(simpul(&[
        "admin", "--data", data_s, "bundle", "export", "--device", &device, "-o", &home,
    ]));
    ok(simpul(&["--db", &a, "bundle", "import", &home]));
    let link = Replica::open(Path::new(&a))
        .expect("a")
        .server()
        .expect("link")
        .expect("enrolled");
    assert_eq!(link.device_id, device);
    let mut r = Replica::open(Path::new(&a)).expect("a");
    let id = r.assets(&AssetQuery::default()).expect("q").rows[0]
        .id
        .clone();
    let mut fix = simpul_core::AssetInput::from_asset(&r.asset(&id).expect("asset"));
    fix.keterangan = "dicek di lapangan".into();
    r.save_asset(&fix).expect("edit");
    drop(r);
    let second = at("kedua.simpul");
    ok(simpul(&["--db", &a, "bundle", "export", "-o", &second]));
    let imported = ok(simpul(&[
        "admin", "--data", data_s, "bundle", "import", &second,
    ]));
    assert!(
        imported.contains(&device) && !imported.contains(": 0 dokumen"),
        "{imported}"
    );
}
