//! A throwaway PostgreSQL cluster for tests and benchmarks.
//!
//! The first call of [`cluster`] in a process runs Debian's `initdb` in a
//! temporary folder and starts `postgres` listening only on a Unix socket
//! there (no TCP port, so parallel test binaries never collide). A small
//! shell beside it waits on a pipe from this process: when the process
//! exits, however it exits, the pipe closes and the shell stops the
//! server and removes the folder. PostgreSQL refuses to run as root, so as
//! root the cluster runs as the `postgres` user (`runuser`), as Debian's
//! package creates it. `.ci/setup --test` installs the package.
//!
//! Each [`Cluster::database`] is a new, empty database: tests never see
//! each other's rows.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The socket's port number (it only names the socket file).
const PORT: u16 = 5432;

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error("PostgreSQL server binaries not found under /usr/lib/postgresql (install Debian's `postgresql`, as `.ci/setup --test` does, or set SIMPUL_PG_BIN)")]
    NotInstalled,
    #[error("{what} failed: {detail}")]
    Command { what: &'static str, detail: String },
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("the server did not accept connections within 60 s; its log:\n{0}")]
    NotReady(String),
}

/// How the cluster writes: tests skip fsync; benchmarks keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `fsync=off`: fast, for tests (a crash loses the cluster anyway).
    Throwaway,
    /// PostgreSQL's defaults, for honest benchmark figures.
    Durable,
}

/// A running cluster.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    /// Closing it stops the server (see the module's doc).
    watch: Mutex<Option<ChildStdin>>,
    child: Mutex<Child>,
}

/// The folder of Debian's server binaries: `SIMPUL_PG_BIN`, else the
/// newest `/usr/lib/postgresql/<version>/bin`.
pub fn bin_dir() -> Result<PathBuf, ClusterError> {
    if let Some(dir) = std::env::var_os("SIMPUL_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| ClusterError::NotInstalled)?
        .filter_map(|e| {
            let e = e.ok()?;
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("postgres").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, b)| b)
        .ok_or(ClusterError::NotInstalled)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `program args...`, as the `postgres` user when this process is root.
fn as_owner(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(what: &'static str, cmd: &mut Command) -> Result<(), ClusterError> {
    let out = cmd.output()?;
    if out.status.success() {
        Ok(())
    } else {
        Err(ClusterError::Command {
            what,
            detail: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }
}

/// Quotes a path for the watching shell.
fn quoted(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

impl Cluster {
    /// Initializes and starts a cluster in a new temporary folder.
    pub fn start(durability: Durability) -> Result<Cluster, ClusterError> {
        let bin = bin_dir()?;
        let dir = std::env::temp_dir().join(format!(
            "simpul-pg-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir)?;
        if is_root() {
            run(
                "chown",
                Command::new("chown").arg("postgres:postgres").arg(&dir),
            )?;
        }
        let data = dir.join("data");
        run(
            "initdb",
            as_owner(&bin.join("initdb"))
                .arg("-D")
                .arg(&data)
                .args(["-A", "trust", "-U", "simpul", "-E", "UTF8", "--locale=C"])
                .arg("--no-sync"),
        )?;
        let fast = match durability {
            Durability::Throwaway => {
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            }
            Durability::Durable => "",
        };
        let script = format!(
            "{postgres} -D {data} -k {dir} -p {PORT} -c listen_addresses= {fast} >{log} 2>&1 & pid=$!; \
             read _; kill -INT $pid; wait $pid; rm -rf {dir}",
            postgres = quoted(&bin.join("postgres")),
            data = quoted(&data),
            dir = quoted(&dir),
            log = quoted(&dir.join("log")),
        );
        let mut child = as_owner(Path::new("/bin/sh"))
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let watch = child.stdin.take();
        let cluster = Cluster {
            dir,
            watch: Mutex::new(watch),
            child: Mutex::new(child),
        };
        cluster.wait_ready()?;
        Ok(cluster)
    }

    fn wait_ready(&self) -> Result<(), ClusterError> {
        let start = Instant::now();
        loop {
            match postgres::Client::connect(&self.url("postgres"), postgres::NoTls) {
                Ok(_) => return Ok(()),
                Err(_) if start.elapsed() < Duration::from_secs(60) => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(_) => {
                    let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
                    return Err(ClusterError::NotReady(log));
                }
            }
        }
    }

    /// The connection string of database `name`.
    pub fn url(&self, name: &str) -> String {
        format!(
            "host={} port={PORT} user=simpul dbname={name}",
            self.dir.display()
        )
    }

    /// A new, empty database; its connection string.
    pub fn database(&self) -> Result<String, ClusterError> {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)?;
        admin.batch_execute(&format!("CREATE DATABASE {name}"))?;
        Ok(self.url(&name))
    }

    /// Stops the server now (it also stops when this process exits).
    pub fn stop(&self) {
        if let Ok(mut w) = self.watch.lock() {
            if let Some(mut stdin) = w.take() {
                let _ = stdin.write_all(b"\n");
            }
        }
        if let Ok(mut c) = self.child.lock() {
            let _ = c.wait();
        }
    }
}

static NEXT: AtomicU32 = AtomicU32::new(0);

/// This process's throwaway cluster, started on first use.
///
/// # Panics
/// When PostgreSQL is not installed or does not start: a conformance test
/// must not pass by skipping its second backend.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        Cluster::start(Durability::Throwaway)
            .unwrap_or_else(|e| panic!("a PostgreSQL cluster for the tests: {e}"))
    })
}

/// A new, empty database in this process's cluster.
///
/// # Panics
/// As [`cluster`].
pub fn database() -> String {
    cluster()
        .database()
        .unwrap_or_else(|e| panic!("a test database: {e}"))
}
