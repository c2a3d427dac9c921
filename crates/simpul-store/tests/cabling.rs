//! The cable registry on real replica files: a room's panel and cables,
//! one cable per port, labels that follow a moved end (with history), the
//! trace to the switch, and a port clash made by two offline devices shown
//! after sync.

use simpul_core::cabling::{CableEnd, CableInput, CableKind, CableStatus, NodeInput, NodeKind};
use simpul_core::RoomInput;
use simpul_store::{trace_text, Replica, ServerLink};
use simpul_sync::{Device, Hub, LocalHub, Scope};
use tempfile::TempDir;

mod common;

fn replica(dir: &TempDir, name: &str) -> Replica {
    replica_of(dir, name, "DINKES")
}

fn replica_of(dir: &TempDir, name: &str, opd: &str) -> Replica {
    common::replica(dir, name, opd)
}

/// Adds room `code` on floor `floor` of building `building`; its id.
fn room(r: &mut Replica, building: &str, floor: &str, code: &str, name: &str) -> String {
    r.save_room(&RoomInput {
        building: building.into(),
        floor: floor.into(),
        code: code.into(),
        name: name.into(),
        ..Default::default()
    })
    .expect("room")
    .id
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
    let room = room(&mut r, "G1", "L2", "R07", "Ruang Server");
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

/// Two DINKES devices that share a room with PP1 and SW1 and, offline,
/// each put a cable on PP1:5 (a's goes to SW1:1, b's to SW1:2), synced.
struct Clash {
    _dir: TempDir,
    a: Replica,
    b: Replica,
    hub: Hub,
    pp: String,
    sw: String,
}

fn sync(r: &mut Replica, hub: &mut Hub, device: &str) {
    r.sync_with(
        "pusat",
        &mut LocalHub {
            hub,
            device: device.into(),
        },
    )
    .expect("sync");
}

fn clash_on_panel_port_5() -> Clash {
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
            // Registered by the first sync, as for a replica of an earlier version.
            key: None,
        });
    }
    let room = room(&mut a, "G1", "L1", "R01", "TU");
    let pp = node(&mut a, &room, "PP1", NodeKind::PatchPanel, 24);
    let sw = node(&mut a, &room, "SW1", NodeKind::Switch, 24);
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    assert_eq!(
        b.nodes(Some(&room)).expect("nodes").len(),
        2,
        "the panel reached b"
    );
    cable(&mut a, end(&pp, 5), end(&sw, 1)).expect("a");
    cable(&mut b, end(&pp, 5), end(&sw, 2)).expect("b");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    Clash {
        _dir: dir,
        a,
        b,
        hub,
        pp,
        sw,
    }
}

fn port(r: &Replica, node: &str, port: u16) -> simpul_store::PortView {
    r.port_map(node)
        .expect("ports")
        .into_iter()
        .find(|p| p.port == port)
        .expect("port")
}

fn cable_to_switch_port(r: &Replica, port: u16) -> simpul_core::cabling::Cable {
    r.cables()
        .expect("cables")
        .into_iter()
        .find(|c| c.b_port == port)
        .expect("cable")
}

#[test]
fn two_offline_devices_cabling_one_port_see_the_clash_after_sync() {
    let Clash {
        mut a,
        mut b,
        mut hub,
        pp,
        sw,
        ..
    } = clash_on_panel_port_5();
    for r in [&a, &b] {
        let port5 = port(r, &pp, 5);
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
    let mine = cable_to_switch_port(&a, 1);
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

#[test]
fn a_port_clash_is_settled_by_marking_the_wrong_cable_removed() {
    let Clash {
        mut a,
        mut b,
        mut hub,
        pp,
        ..
    } = clash_on_panel_port_5();
    // The technician finds b's cable was pulled out again and marks it
    // removed: the port clash leaves at once, the duplicate code stays.
    let wrong = cable_to_switch_port(&b, 2);
    let retired = b.retire_cable(&wrong.id).expect("retire");
    assert_eq!(retired.status, CableStatus::Dibongkar);
    assert_eq!(
        kinds(&mut b),
        [("duplicate_cable_code", "K0001".to_owned())]
    );
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    for r in [&mut a, &mut b] {
        assert_eq!(kinds(r), [("duplicate_cable_code", "K0001".to_owned())]);
        let port5 = port(r, &pp, 5);
        assert!(!port5.clash, "one cable holds the port");
        assert_eq!(
            r.cable(&wrong.id).expect("kept in the registry").status,
            CableStatus::Dibongkar
        );
    }
}

#[test]
fn diskominfo_edits_an_opd_network_in_that_opd_documents() {
    let Clash {
        _dir: dir,
        mut a,
        b: _,
        mut hub,
        pp,
        sw,
    } = clash_on_panel_port_5();
    // DISDIK has a K0001 of its own; Diskominfo reads every OPD.
    let mut d = replica_of(&dir, "disdik", "DISDIK");
    let mut k = replica_of(&dir, "kominfo", "DISKOMINFO");
    k.set_server(&ServerLink {
        address: "pusat".into(),
        device_id: "k".into(),
        diskominfo: true,
        token: "t".into(),
        ca_pem: None,
    })
    .expect("link");
    for (r, id, scope) in [
        (&d, "d", Scope::Opd("DISDIK".into())),
        (&k, "k", Scope::Diskominfo),
    ] {
        hub.add_device(Device {
            id: id.into(),
            actor: r.profile().expect("p").actor.clone(),
            scope,
            revoked: false,
            key: r.public_key().expect("key"),
        });
    }
    let lab = room(&mut d, "G1", "L1", "R01", "Lab");
    let d_pp = node(&mut d, &lab, "PP1", NodeKind::PatchPanel, 24);
    let d_sw = node(&mut d, &lab, "SW1", NodeKind::Switch, 24);
    assert_eq!(
        cable(&mut d, end(&d_pp, 1), end(&d_sw, 1))
            .expect("cable")
            .code,
        "K0001"
    );
    sync(&mut d, &mut hub, "d");
    sync(&mut k, &mut hub, "k");
    assert_eq!(k.cables().expect("cables").len(), 3, "both OPDs' cables");

    // Diskominfo moves DINKES's cable from SW1:1 to SW1:7 (its code K0001
    // is also DISDIK's: no clash across OPDs), adds a switch in the DINKES
    // room, cables it with the next DINKES code, and renames the room.
    let dinkes_cable = cable_to_switch_port(&a, 1);
    let moved = k
        .save_cable(&CableInput {
            id: dinkes_cable.id.clone(),
            code: dinkes_cable.code.clone(),
            a: end(&pp, 5),
            b: end(&sw, 7),
            ..Default::default()
        })
        .expect("Diskominfo edits a DINKES cable");
    assert_eq!(moved.opd, "DINKES");
    let room = k.node(&pp).expect("pp").room_id;
    let sw2 = node(&mut k, &room, "SW2", NodeKind::Switch, 8);
    assert_eq!(k.node(&sw2).expect("sw2").opd, "DINKES");
    let new = cable(&mut k, end(&sw, 24), end(&sw2, 1)).expect("new cable");
    assert_eq!((new.opd.as_str(), new.code.as_str()), ("DINKES", "K0002"));
    let refused = cable(&mut k, end(&sw2, 2), end(&d_sw, 2)).expect_err("two OPDs");
    assert!(refused.to_string().contains("DISDIK"), "{refused}");
    k.save_room(&RoomInput {
        id: room.clone(),
        building: "G1".into(),
        floor: "L1".into(),
        code: "R01".into(),
        name: "Ruang Server".into(),
        ..Default::default()
    })
    .expect("Diskominfo renames a DINKES room");

    // The DINKES device sees every change; DISDIK none of them.
    sync(&mut k, &mut hub, "k");
    sync(&mut a, &mut hub, "a");
    sync(&mut d, &mut hub, "d");
    assert_eq!(a.cable(&dinkes_cable.id).expect("cable").b_port, 7);
    assert_eq!(a.node(&sw2).expect("switch").code, "SW2");
    assert_eq!(a.cable(&new.id).expect("cable").code, "K0002");
    let names: Vec<String> = a
        .rooms()
        .expect("rooms")
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Ruang Server"]);
    assert!(d.node(&sw2).is_err(), "DINKES's switch stays out of DISDIK");
    assert_eq!(d.cables().expect("cables").len(), 1);
    assert_eq!(k.cables().expect("cables").len(), 4);
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

#[test]
fn a_switch_port_with_a_patch_cord_and_a_fixed_cable_is_red_on_the_map_and_in_the_inbox() {
    let Clash {
        mut a,
        mut b,
        mut hub,
        pp,
        sw,
        ..
    } = clash_on_panel_port_5();
    // Offline, a patches panel port 7 into switch port 10 while b punches a
    // fixed cable from panel port 8 onto the same switch port.
    cord(&mut a, end(&pp, 7), end(&sw, 10)).expect("a's patch cord");
    cable(&mut b, end(&pp, 8), end(&sw, 10)).expect("b's fixed cable");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    for r in [&mut a, &mut b] {
        let p = port(r, &sw, 10);
        assert_eq!(p.cables.len(), 2);
        assert!(p.clash, "a switch port has no front and back");
        assert!(kinds(r).contains(&("port_two_cables", "SW1:10".to_owned())));
        // The panel ports each hold one cable: no clash there.
        assert!(!port(r, &pp, 7).clash && !port(r, &pp, 8).clash);
    }
}

#[test]
fn two_technicians_adding_pp1_offline_see_it_in_the_inbox_and_a_rename_settles_it() {
    let Clash {
        mut a,
        mut b,
        mut hub,
        sw,
        ..
    } = clash_on_panel_port_5();
    let room_id = a.node(&sw).expect("switch").room_id;
    // Each adds a panel "PP9" offline in the same room, and a cables it;
    // a prints that cable's labels.
    let pa = node(&mut a, &room_id, "PP9", NodeKind::PatchPanel, 24);
    let pb = node(&mut b, &room_id, "pp9", NodeKind::PatchPanel, 24);
    let k = cable(&mut a, end(&pa, 1), end(&sw, 20)).expect("cable");
    let printed: Vec<_> = a
        .labels(None)
        .expect("labels")
        .into_iter()
        .filter(|l| l.cable_id == k.id)
        .collect();
    a.remember_printed(&printed).expect("printed");
    assert!(a.stale_labels().expect("stale").is_empty());
    // Two rooms G1L1.R09 made offline too.
    let ra = room(&mut a, "G1", "L1", "R09", "Gudang");
    room(&mut b, "G1", "L1", "R09", "Arsip");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    sync(&mut a, &mut hub, "a");
    for r in [&mut a, &mut b] {
        let inbox = kinds(r);
        assert!(
            inbox.contains(&("duplicate_node_code", "G1L1.R01.PP9".to_owned())),
            "{inbox:?}"
        );
        assert!(
            inbox.contains(&("duplicate_room_code", "G1L1.R09".to_owned())),
            "{inbox:?}"
        );
    }
    // Saving a third PP9 is refused by the same rule.
    assert!(a
        .save_node(&NodeInput {
            room_id: room_id.clone(),
            code: "PP9".into(),
            ports: 24,
            ..Default::default()
        })
        .is_err());
    // a renames its panel: PP10 (the next free code), and the label it
    // printed on the cable is now stale; b's panel keeps PP9.
    let renamed = a.rename_node(&pa).expect("rename");
    assert_eq!(renamed.code, "PP10");
    assert_eq!(a.node(&pb).expect("b's").code, "PP9");
    let stale = a.stale_labels().expect("stale");
    assert_eq!(stale.len(), 1);
    assert!(stale[0].a.contains("PP10"), "{:?}", stale[0]);
    a.remember_printed(&stale).expect("reprinted");
    assert!(a.stale_labels().expect("stale").is_empty());
    assert_eq!(a.rename_room(&ra).expect("room").short_code(), "G1L1.R10");
    sync(&mut a, &mut hub, "a");
    sync(&mut b, &mut hub, "b");
    for r in [&mut a, &mut b] {
        let inbox = kinds(r);
        assert!(
            !inbox
                .iter()
                .any(|(k, _)| *k == "duplicate_node_code" || *k == "duplicate_room_code"),
            "settled everywhere: {inbox:?}"
        );
    }
}
