//! A seeded demo network: in the server room a 48-port patch panel and a
//! switch per group of 48 ports; in the other rooms a wall outlet and a PC
//! per panel port. Each port gets a permanent cable (panel back to outlet)
//! and two patch cords (panel front to switch, outlet to PC). Used by the
//! demo data and the benchmark.

use super::{Cable, CableKind, CableStatus, Node, NodeKind};
use crate::location::Room;

const COLORS: &[&str] = &["biru", "abu-abu", "kuning", "hijau", "merah"];

/// Nodes and up to `cables` cables for `rooms` (the server room is the one
/// named "Server", else the first). `new_id` makes record ids.
pub fn network(
    opd: &str,
    rooms: &[Room],
    cables: usize,
    seed: u64,
    new_id: &mut dyn FnMut() -> String,
) -> (Vec<Node>, Vec<Cable>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let (mut nodes, mut out) = (Vec::new(), Vec::new());
    let Some(server) = rooms
        .iter()
        .find(|r| r.name.contains("Server"))
        .or_else(|| rooms.first())
    else {
        return (nodes, out);
    };
    let others: Vec<&Room> = rooms.iter().filter(|r| r.id != server.id).collect();
    let others = if others.is_empty() {
        vec![server]
    } else {
        others
    };
    let mut node =
        |id: String, room: &Room, code: String, kind: NodeKind, name: String, ports: u16| {
            let n = Node {
                id,
                opd: opd.into(),
                room_id: room.id.clone(),
                code,
                kind,
                name,
                ports,
                ..Default::default()
            };
            nodes.push(n.clone());
            n
        };
    let mut group = 0;
    'groups: while out.len() < cables {
        group += 1;
        let panel = node(
            new_id(),
            server,
            format!("PP{group}"),
            NodeKind::PatchPanel,
            format!("Patch panel {group}"),
            48,
        );
        let switch = node(
            new_id(),
            server,
            format!("SW{group}"),
            NodeKind::Switch,
            format!("Switch akses {group}"),
            48,
        );
        for port in 1..=48u16 {
            let room = others[(usize::from(port) + group * 48) % others.len()];
            let seq = (group - 1) * 48 + usize::from(port);
            let outlet = node(
                new_id(),
                room,
                format!("O{seq}"),
                NodeKind::WallOutlet,
                format!("Outlet {seq}"),
                1,
            );
            let pc = node(
                new_id(),
                room,
                format!("PC{seq}"),
                NodeKind::EndDevice,
                format!("PC {seq}"),
                1,
            );
            let links = [
                (
                    &panel,
                    port,
                    &outlet,
                    CableKind::UtpCat6,
                    10.0 + rng.f64() * 60.0,
                ),
                (&panel, port, &switch, CableKind::PatchCord, 0.5),
                (&outlet, 1, &pc, CableKind::PatchCord, 2.0),
            ];
            for (a, a_port, b, kind, length) in links {
                if out.len() >= cables {
                    break 'groups;
                }
                out.push(Cable {
                    id: new_id(),
                    opd: opd.into(),
                    code: format!("K{:04}", out.len() + 1),
                    a_node: a.id.clone(),
                    a_port,
                    b_node: b.id.clone(),
                    b_port: if b.kind == NodeKind::Switch { port } else { 1 },
                    kind,
                    length_m: (length * 10.0).round() / 10.0,
                    color: COLORS[rng.usize(..COLORS.len())].into(),
                    status: CableStatus::Teruji,
                    installer: "Tim Jaringan Diskominfo".into(),
                    installed_on: "2026-03-02".into(),
                    notes: String::new(),
                });
            }
        }
    }
    (nodes, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn demo_network_is_sound() {
        let rooms: Vec<Room> = (1..=3)
            .map(|i| Room {
                id: format!("r{i}"),
                name: if i == 2 {
                    "Ruang Server".into()
                } else {
                    format!("Ruang {i}")
                },
                ..Default::default()
            })
            .collect();
        let mut n = 0;
        let (nodes, cables) = network("DINKES", &rooms, 200, 1, &mut || {
            n += 1;
            format!("id{n}")
        });
        assert_eq!(cables.len(), 200);
        let codes: HashSet<_> = cables.iter().map(|c| &c.code).collect();
        assert_eq!(codes.len(), 200, "codes are unique");
        let by_id: std::collections::HashMap<_, _> = nodes.iter().map(|n| (&n.id, n)).collect();
        let mut sides = HashSet::new();
        for c in &cables {
            for (node, port) in [(&c.a_node, c.a_port), (&c.b_node, c.b_port)] {
                let n = by_id[node];
                assert!(port >= 1 && port <= n.ports);
                let side = crate::cabling::PortSide::of(n.kind, c.front());
                assert!(
                    sides.insert((node.clone(), port, side)),
                    "one cable per port side"
                );
            }
        }
        assert!(nodes
            .iter()
            .filter(|n| n.kind == NodeKind::PatchPanel)
            .all(|n| n.room_id == "r2"));
    }
}
