//! The cable registry on real replica files: a room's panel and cables,
//! one cable per port, labels that follow a moved end (with history), the
//! trace to the switch, and a port clash made by two offline devices shown
//! after sync.

use simpul_core::cabling::{CableEnd, CableInput, CableKind, CableStatus, NodeInput, NodeKind};
use simpul_core::RoomInput;
use simpul_store::{trace_text, ProfileInput, Replica};
use simpul_sync::{Device, Hub, LocalHub, Scope};
use tempfile::TempDir;

fn replica(dir: &TempDir, name: &str) -> Replica {
    let mut r = Replica::open(&dir.path().join(format!("{name}.db"))).expect("open");
    r.setup(&ProfileInput {
        regency: "Kab. Lamandau".into(),
        opd_code: "DINKES".into(),
        opd_name: "Dinkes".into(),
        device_name: name.into(),
        language: String::new(),
    })
    .expect("setup");
    r
}

fn node(r: &mut Replica, room: &str, code: &str, kind: NodeKind, ports: u16) -> String {
    r.save_node(&NodeInput {
        room_id: room.into(),
        code: code.into(),
        kind,
        ports,
        ..Default::default()
    })
    .expect("node")
    .id
}

fn end(node: &str, port: u16) -> CableEnd {
    CableEnd {
        node_id: node.into(),
        port,
    }
}

fn cable(
    r: &mut Replica,
    a: CableEnd,
    b: CableEnd,
) -> Result<simpul_core::cabling::Cable, simpul_store::StoreError> {
    r.save_cable(&CableInput {
        a,
        b,
        ..Default::default()
    })
}

fn cord(
    r: &mut Replica,
    a: CableEnd,
    b: CableEnd,
) -> Result<simpul_core::cabling::Cable, simpul_store::StoreError> {
    r.save_cable(&CableInput {
        a,
        b,
        kind: CableKind::PatchCord,
        ..Default::default()
    })
}

#[test]
fn a_server_room_cabled_labelled_and_traced() {
    let dir = tempfile::tempdir().expect("dir");
    let mut r = replica(&dir, "teknisi");
    let room = r
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L2".into(),
            code: "R07".into(),
            name: "Ruang Server".into(),
            ..Default::default()
        })
        .expect("room")
        .id;
    let pp = node(&mut r, &room, "PP1", NodeKind::PatchPanel, 24);
    let sw = node(&mut r, &room, "SW1", NodeKind::Switch, 24);
    let wo = node(&mut r, &room, "WO3", NodeKind::WallOutlet, 2);
    let pc = node(&mut r, &room, "PC04", NodeKind::EndDevice, 1);
    assert!(
        r.save_node(&NodeInput {
            room_id: room.clone(),
            code: "pp1".into(),
            ports: 24,
            ..Default::default()
        })
        .is_err(),
        "codes are unique per room"
    );

    let c1 = cord(&mut r, end(&pp, 12), end(&sw, 3)).expect("patch cord");
    assert_eq!(c1.code, "K0001");
    let c2 = cable(&mut r, end(&wo, 1), end(&pp, 12)).expect("horizontal");
    let c3 = cord(&mut r, end(&pc, 1), end(&wo, 1)).expect("to the PC");
    assert_eq!(c3.code, "K0003");

    // One cable per port, with the other cable named.
    let taken = cord(&mut r, end(&pp, 12), end(&sw, 4)).expect_err("port taken");
    assert!(format!("{taken:?}").contains("K0001"), "{taken:?}");
    assert!(
        cable(&mut r, end(&pp, 25), end(&sw, 5)).is_err(),
        "no port 25 on a 24-port panel"
    );
    let dup = r.save_cable(&CableInput {
        code: "k0001".into(),
        a: end(&pp, 1),
        b: end(&sw, 1),
        ..Default::default()
    });
    assert!(dup.is_err(), "cable codes are unique");

    let labels = r.labels(Some(&room)).expect("labels");
    assert_eq!(labels.len(), 3);
    assert_eq!(
        labels[0].text(),
        "DINKES.G1L2.R07.PP1:12 <> DINKES.G1L2.R07.SW1:3"
    );
    assert_eq!(
        r.lookup_cable("k0002").expect("lookup").as_deref(),
        Some(c2.id.as_str())
    );

    let steps = r.trace_from(&end(&pc, 1)).expect("trace");
    let path: Vec<_> = steps.iter().map(|s| s.address.as_str()).collect();
    assert_eq!(
        path,
        [
            "DINKES.G1L2.R07.PC04:1",
            "DINKES.G1L2.R07.WO3:1",
            "DINKES.G1L2.R07.PP1:12",
            "DINKES.G1L2.R07.SW1:3"
        ]
    );
    let text = trace_text(&steps);
    assert!(
        text.contains("kabel K0003") && text.contains("Switch"),
        "{text}"
    );

    // The patch cord moves to switch port 7: the label follows, history keeps port 3.
    let moved = r
        .save_cable(&CableInput {
            id: c1.id.clone(),
            code: c1.code.clone(),
            a: end(&pp, 12),
            b: end(&sw, 7),
            kind: CableKind::PatchCord,
            ..Default::default()
        })
        .expect("move");
    let detail = r.cable_detail(&moved.id).expect("detail");
    assert_eq!(detail.label.b, "DINKES.G1L2.R07.SW1:7");
    assert_eq!(detail.history.len(), 2, "created, then moved");
    // The freed port takes a new cable; a removed cable frees its ports.
    cord(&mut r, end(&sw, 3), end(&pp, 1)).expect("port 3 is free again");
    r.save_cable(&CableInput {
        id: c3.id.clone(),
        code: c3.code.clone(),
        a: end(&pc, 1),
        b: end(&wo, 1),
        kind: CableKind::PatchCord,
        status: CableStatus::Dibongkar,
        ..Default::default()
    })
    .expect("removed");
    cord(&mut r, end(&pc, 1), end(&wo, 2)).expect("the PC port is free");

    // The template is the regency's: an OPD device may not set it; a
    // Diskominfo device's TIA-606-A style template renames every label.
    let refused = r
        .set_address_template("{floor}{room}-{node}-{port2}")
        .expect_err("OPD devices do not set the regency's template");
    assert!(
        matches!(refused, simpul_store::StoreError::Forbidden(_)),
        "{refused}"
    );
    r.set_server(&simpul_store::ServerLink {
        address: "127.0.0.1:9".into(),
        device_id: "kominfo".into(),
        diskominfo: true,
        token: "t".into(),
        ca_pem: None,
    })
    .expect("link");
    r.set_address_template("{floor}{room}-{node}-{port2}")
        .expect("template");
    assert!(r
        .labels(None)
        .expect("labels")
        .iter()
        .any(|l| l.text() == "L2R07-PP1-12 <> L2R07-SW1-07"));
    assert!(r.set_address_template("{opd}").is_err());

    // Reopened, everything is still there.
    drop(r);
    let r = Replica::open(&dir.path().join("teknisi.db")).expect("reopen");
    assert_eq!(r.cables().expect("cables").len(), 5);
    assert_eq!(
        r.address_template().expect("template").0,
        "{floor}{room}-{node}-{port2}"
    );
    let ports = r.port_map(&pp).expect("ports");
    assert_eq!(ports.iter().filter(|p| !p.cables.is_empty()).count(), 2);
    assert_eq!(
        ports[11].cables.len(),
        2,
        "port 12: patch cord in front, horizontal cable at the back"
    );
    assert!(!ports[11].clash);
}

#[test]
fn two_offline_devices_cabling_one_port_see_the_clash_after_sync() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = replica(&dir, "a");
    let mut b = replica(&dir, "b");
    let mut hub = Hub::new();
    for (r, id) in [(&a, "a"), (&b, "b")] {
        hub.add_device(Device {
            id: id.into(),
            actor: r.profile().expect("p").actor.clone(),
            scope: Scope::Opd("DINKES".into()),
            revoked: false,
        });
    }
    let room = a
        .save_room(&RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: "R01".into(),
            name: "TU".into(),
            ..Default::default()
        })
        .expect("room")
        .id;
    let pp = node(&mut a, &room, "PP1", NodeKind::PatchPanel, 24);
    let sw = node(&mut a, &room, "SW1", NodeKind::Switch, 24);
    let sync = |r: &mut Replica, hub: &mut Hub, d: &str| {
        r.sync_with(
            "pusat",
            &mut LocalHub {
                hub,
                device: d.into(),
            },
        )
        .expect("sync");
    };
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    assert_eq!(
        b.nodes(Some(&room)).expect("nodes").len(),
        2,
        "the panel reached b"
    );

    // Offline, both put a cable on panel port 5.
    cable(&mut a, end(&pp, 5), end(&sw, 1)).expect("a");
    cable(&mut b, end(&pp, 5), end(&sw, 2)).expect("b");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    for r in [&a, &b] {
        let port5 = r
            .port_map(&pp)
            .expect("ports")
            .into_iter()
            .find(|p| p.port == 5)
            .expect("port 5");
        assert_eq!(port5.cables.len(), 2, "both cables show on the port");
        assert!(port5.clash);
    }
    // The inbox of both: the port clash and the same code K0001 twice.
    for r in [&mut a, &mut b] {
        assert_eq!(
            kinds(r),
            [
                ("duplicate_cable_code", "K0001".to_owned()),
                ("port_two_cables", "PP1:5".to_owned())
            ]
        );
    }
    // A gives its cable a new code and moves it to port 6; after sync the
    // inbox is empty on both devices.
    let mine = a
        .cables()
        .expect("cables")
        .into_iter()
        .find(|c| c.b_port == 1)
        .expect("a's cable");
    let recoded = a.recode_cable(&mine.id).expect("recode");
    assert_eq!(recoded.code, "K0002");
    assert_eq!(kinds(&mut a), [("port_two_cables", "PP1:5".to_owned())]);
    a.save_cable(&CableInput {
        id: mine.id.clone(),
        code: recoded.code.clone(),
        a: end(&pp, 6),
        b: end(&sw, 1),
        ..Default::default()
    })
    .expect("moved");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    for r in [&mut a, &mut b] {
        assert!(kinds(r).is_empty(), "settled everywhere");
    }
}

/// The inbox as (kind, subject), checked against a full recheck.
fn kinds(r: &mut Replica) -> Vec<(&'static str, String)> {
    let incremental = r.conflicts().expect("inbox");
    r.full_check().expect("full check");
    assert_eq!(
        r.conflicts().expect("inbox"),
        incremental,
        "the incremental inbox is what a full check finds"
    );
    incremental
        .into_iter()
        .map(|c| (c.kind.key(), c.subject))
        .collect()
}
