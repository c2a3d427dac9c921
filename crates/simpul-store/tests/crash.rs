//! A real crash: a child process saves edits in a loop, printing each one
//! after `save_asset` returns; the parent kills it with SIGKILL mid-loop and
//! checks that every acknowledged edit is there and the replica opens whole.

use simpul_core::AssetInput;
use simpul_store::{ProfileInput, Replica};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "SIMPUL_CRASH_CHILD_DB";

/// The child's body; only does anything when started by the parent below.
#[test]
#[ignore = "run by kill_during_save_loop_loses_no_acknowledged_edit as a child process"]
fn crash_child_save_loop() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut r = Replica::open(std::path::Path::new(&path)).expect("open");
    r.setup(&ProfileInput {
        regency: "Kab".into(),
        opd_code: "DISDIK".into(),
        opd_name: "Dinas Pendidikan".into(),
        device_name: "PC".into(),
        language: String::new(),
    })
    .expect("setup");
    let mut ids: Vec<String> = Vec::new();
    for i in 0u64.. {
        let input = if i % 3 == 0 || ids.is_empty() {
            AssetInput {
                kode_barang: "1.3.2.10.01.02.001".into(),
                nama: format!("PC {i}"),
                keterangan: format!("v{i}"),
                ..Default::default()
            }
        } else {
            let id = &ids[(i as usize * 7) % ids.len()];
            let mut a = AssetInput::from_asset(&r.asset(id).expect("asset"));
            a.keterangan = format!("v{i}");
            a
        };
        let saved = r.save_asset(&input).expect("save");
        if input.id.is_empty() {
            ids.push(saved.id.clone());
        }
        println!("ACK {} {}", saved.id, saved.keterangan);
    }
}

#[test]
fn kill_during_save_loop_loses_no_acknowledged_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crash.db");
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--ignored",
            "--exact",
            "crash_child_save_loop",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("stdout");
    let mut acked: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut lines = BufReader::new(stdout).lines();
    // Kill after a few hundred acknowledged saves: the child is always in
    // the middle of some save, as it does nothing else.
    while acked.len() < 150 || acked.values().filter(|v| !v.is_empty()).count() < 150 {
        let Some(Ok(line)) = lines.next() else {
            panic!("child stopped early")
        };
        if let Some(rest) = line.strip_prefix("ACK ") {
            let (id, value) = rest.split_once(' ').expect("ack format");
            acked.insert(id.to_owned(), value.to_owned());
        }
        if acked.len() >= 150 {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    // Acks printed before the kill landed are acknowledged too.
    for line in lines.map_while(Result::ok) {
        if let Some((id, value)) = line.strip_prefix("ACK ").and_then(|r| r.split_once(' ')) {
            acked.insert(id.to_owned(), value.to_owned());
        }
    }
    let status = child.wait().expect("wait");
    assert!(!status.success(), "the child was killed, not finished");

    let mut r = Replica::open(&db).expect("replica opens after the crash");
    for (id, value) in &acked {
        let a = r
            .asset(id)
            .unwrap_or_else(|e| panic!("acknowledged asset {id} lost: {e}"));
        let n = |v: &str| v.trim_start_matches('v').parse::<u64>().expect("version");
        assert!(
            n(&a.keterangan) >= n(value),
            "asset {id}: acknowledged {value}, found {}",
            a.keterangan
        );
    }
    assert!(
        r.verify_index().expect("verify").is_empty(),
        "index and documents agree"
    );
    let some = acked.keys().next().expect("some").clone();
    assert!(!r
        .asset_detail(&some)
        .expect("history loads")
        .history
        .is_empty());
}
