//! USB bundles with the real commands: a device without a link carries its
//! changes to the data center on a file; the import has the effect of a
//! sync (a Diskominfo device sees the data), is idempotent, and a tampered
//! or foreign file is refused cleanly. The way back works too.

mod common;

use common::{code_from, free_port, ok, simpul, start_server, text};
use simpul_store::{AssetQuery, Replica};
use std::path::Path;
use std::process::Child;

fn serve(data: &Path) -> (Child, String) {
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
