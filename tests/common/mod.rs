//! Helpers shared by the tests that run the `simpul` binary.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn simpul(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(args)
        .output()
        .expect("run simpul")
}

/// `simpul` with its standard input given (a PIN or password piped in).
pub fn simpul_with_input(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_simpul"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run simpul");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// `simpul admin --data <data> <args>`.
pub fn admin(data: &str, args: &[&str]) -> Output {
    simpul(&[&["admin", "--data", data], args].concat())
}

/// `simpul setup` of a new replica at `db`.
pub fn setup_replica(db: &str, opd: &str, device: &str) {
    ok(simpul(&[
        "--db",
        db,
        "setup",
        "--regency",
        "Kab. Lamandau",
        "--opd-code",
        opd,
        "--opd-name",
        opd,
        "--device",
        device,
    ]));
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The command's output; fails the test when the command failed.
pub fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// `simpul serve` on a loopback port, once it accepts connections.
pub fn start_server(data: &Path, port: u16) -> Serving {
    start_serve(&["--data", data.to_str().expect("path")], port)
}

/// A `simpul serve` process, killed when dropped (a test that fails
/// before stopping it leaves no server behind).
#[derive(Debug)]
pub struct Serving(Child);

impl std::ops::Deref for Serving {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Serving {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `simpul serve` with `args` (its database, key...) on a loopback port,
/// once it accepts connections.
pub fn start_serve(args: &[&str], port: u16) -> Serving {
    let addr = format!("127.0.0.1:{port}");
    let child = Serving(
        Command::new(env!("CARGO_BIN_EXE_simpul"))
            .args(["serve", "--bind", &addr])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server"),
    );
    let start = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "server did not come up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// The code printed by `simpul admin enroll-code`.
pub fn code_from(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("Kode pendaftaran: "))
        .expect("code line")
        .trim()
        .to_owned()
}
