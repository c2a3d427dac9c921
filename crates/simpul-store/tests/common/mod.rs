//! Helpers shared by the replica tests: a set-up replica file, a device
//! enrolled with an in-memory hub, one sync session.
#![allow(dead_code)]

use simpul_store::{Clock, ProfileInput, Replica, ServerLink, SyncReport};
use simpul_sync::{Device, Hub, LocalHub, Scope};
use std::sync::Arc;
use tempfile::TempDir;

/// The peer name of the in-memory hub.
pub const PEER: &str = "pusat-data";

/// A replica of `opd` named `name` in `dir`, set up, on the system clock
/// or on `clock`.
pub fn replica_with(
    dir: &TempDir,
    name: &str,
    opd: &str,
    clock: Option<Arc<dyn Clock>>,
) -> Replica {
    let path = dir.path().join(format!("{name}.db"));
    let mut r = match clock {
        Some(c) => Replica::open_with_clock(&path, c),
        None => Replica::open(&path),
    }
    .expect("open");
    r.setup(&ProfileInput {
        regency: "Kab. Lamandau".into(),
        opd_code: opd.into(),
        opd_name: opd.into(),
        device_name: name.into(),
        language: String::new(),
    })
    .expect("setup");
    r
}

pub fn replica(dir: &TempDir, name: &str, opd: &str) -> Replica {
    replica_with(dir, name, opd, None)
}

/// A Diskominfo device's replica (OPD code `DISKOMINFO`), linked to the
/// data center with the Diskominfo scope.
pub fn diskominfo(dir: &TempDir, name: &str) -> Replica {
    let mut k = replica(dir, name, "DISKOMINFO");
    k.set_server(&ServerLink {
        address: "pusat".into(),
        device_id: name.into(),
        diskominfo: true,
        token: "t".into(),
        ca_pem: None,
    })
    .expect("link");
    k
}

/// A DINKES device (`a`) and a Diskominfo device (`k`), both enrolled with
/// a new in-memory hub.
pub fn opd_and_diskominfo(dir: &TempDir) -> (Replica, Replica, Hub) {
    let a = replica(dir, "dinkes", "DINKES");
    let k = diskominfo(dir, "kominfo");
    let mut hub = Hub::new();
    enroll(&mut hub, &a, "a", Scope::Opd("DINKES".into()));
    enroll(&mut hub, &k, "k", Scope::Diskominfo);
    (a, k, hub)
}

/// Enrolls the replica's device with the hub as `id`, with its key.
pub fn enroll(hub: &mut Hub, r: &Replica, id: &str, scope: Scope) {
    hub.add_device(Device {
        id: id.into(),
        actor: r.profile().expect("profile").actor.clone(),
        scope,
        revoked: false,
        key: r.public_key().expect("key"),
    });
}

/// One full session with the hub as device `device`.
pub fn sync(
    r: &mut Replica,
    hub: &mut Hub,
    device: &str,
) -> Result<SyncReport, simpul_store::SyncFailure> {
    r.sync_with(
        PEER,
        &mut LocalHub {
            hub,
            device: device.into(),
        },
    )
}
