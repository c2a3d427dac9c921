//! Helpers shared by the server tests: the real server on a loopback
//! port, replica files and enrollment over HTTP.

#![allow(dead_code)]

pub mod failing;

use simpul_server::{Admin, Database, HubStore, ServerLimits, ServerState};
use simpul_store::{ProfileInput, Replica, ServerLink};
use simpul_sync::http::HttpHub;
use simpul_sync::ClientConfig;
use std::path::Path;
use std::time::Duration;

#[allow(unused_imports)]
pub use simpul_sync::SERVER_PEER as PEER;

/// The server's two storage backends: every test of the suite runs on each
/// (see [`on_both_backends`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A test's server database (a file in its folder, or a new database in
/// the process's throwaway PostgreSQL cluster) and the server key's file.
#[derive(Debug, Clone)]
pub struct TestDb {
    pub database: Database,
    pub key: std::path::PathBuf,
}

impl TestDb {
    pub fn new(backend: Backend, dir: &Path) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let file = dir.join("server.db");
                TestDb {
                    key: simpul_server::server_key::path_for(&file),
                    database: Database::Sqlite(file),
                }
            }
            Backend::Postgres => TestDb {
                database: Database::Postgres(simpul_pgtest::database()),
                key: dir.join("server.key"),
            },
        }
    }

    /// A new connection to the database, as `simpul admin` opens one.
    pub fn open(&self) -> Box<dyn HubStore> {
        self.database.open().expect("server store")
    }

    /// `n` enrollment codes for OPD `DINKES` (added when missing).
    pub fn codes(&self, n: usize) -> Vec<String> {
        let mut store = self.open();
        let mut admin = Admin::new(store.as_mut());
        admin.add_opd("DINKES", "Dinas Kesehatan").expect("opd");
        (0..n)
            .map(|_| admin.enroll_code(Some("DINKES"), 24).expect("code").code)
            .collect()
    }

    /// The server's state over a new connection, with its key.
    pub fn state(&self, limits: ServerLimits) -> ServerState {
        let key = simpul_server::server_key::load_or_create(&self.key).expect("server key");
        ServerState::load_with(self.open(), limits)
            .expect("load")
            .with_server_key(key)
    }
}

/// Runs each named test, a `fn(Backend)`, once on SQLite and once on
/// PostgreSQL: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name($crate::common::Backend::Sqlite)
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                super::$name($crate::common::Backend::Postgres)
            })*
        }
    };
}

pub struct Server {
    pub addr: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    rt: tokio::runtime::Runtime,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    pub fn start(db: &TestDb) -> Server {
        Server::start_with(db, ServerLimits::default())
    }

    pub fn start_with(db: &TestDb, limits: ServerLimits) -> Server {
        Server::start_state(db.state(limits))
    }

    pub fn start_state(state: ServerState) -> Server {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = rt.spawn(simpul_server::serve(listener, state, async move {
            let _ = rx.await;
        }));
        Server {
            addr,
            stop: Some(tx),
            rt,
            task: Some(task),
        }
    }

    pub fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = self.rt.block_on(t);
        }
    }
}

pub fn replica(dir: &Path, name: &str, opd: &str) -> Replica {
    let mut r = Replica::open(&dir.join(format!("{name}.db"))).expect("open");
    r.setup(&ProfileInput {
        regency: "Kab. Muna".into(),
        opd_code: opd.into(),
        opd_name: opd.into(),
        device_name: name.into(),
        language: String::new(),
    })
    .expect("setup");
    r
}

pub fn enroll(addr: &str, code: &str, r: &Replica) -> HttpHub {
    let p = r.profile().expect("profile");
    let e = HttpHub::enroll(
        addr,
        code,
        &p.device_name,
        &p.actor,
        r.public_key().expect("key").as_deref(),
        &ClientConfig::default(),
    )
    .expect("enroll");
    HttpHub::new(
        addr,
        &e.token,
        &ClientConfig::with_idle(Duration::from_secs(20)),
    )
    .expect("client")
}

/// The same device's client for a restarted server (same token, new port).
pub fn again(server: &Server, hub: &HttpHub) -> HttpHub {
    HttpHub::new(
        &server.addr,
        hub.token(),
        &simpul_sync::ClientConfig::default(),
    )
    .expect("client")
}

/// What the replica records after enrolling (the scope decides what it may edit).
pub fn link(addr: &str, hub: &HttpHub, diskominfo: bool) -> ServerLink {
    ServerLink {
        address: addr.into(),
        device_id: "dev".into(),
        diskominfo,
        token: hub.token().into(),
        ca_pem: None,
    }
}

/// Adds `n` laptops with serial numbers `{tag}-{i}`.
pub fn add(r: &mut Replica, n: usize, tag: &str) {
    for i in 0..n {
        r.save_asset(&simpul_core::AssetInput {
            kode_barang: "1.3.2.10.01.02.002".into(),
            nama: "Laptop".into(),
            nomor_pabrik: format!("{tag}-{i}"),
            ..Default::default()
        })
        .expect("save");
    }
}

/// Assets the replica lists.
pub fn total(r: &Replica) -> u32 {
    r.assets(&simpul_store::AssetQuery::default())
        .expect("list")
        .total
}
