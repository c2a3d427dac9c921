//! The path of a signal from a node (an end device) through outlets and
//! patch panels to an active port (a switch or router).
//!
//! A passive node (outlet, patch panel) joins its front and back: port N
//! of a panel is cabled once in the room (patch cord) and once to the wall
//! (horizontal cable), so arriving on port N the trace leaves by the other
//! cable on port N.

use super::cable::{Cable, CableEnd};
use super::node::Node;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// One node on the path and the port the signal reached it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TraceHop {
    pub node_id: String,
    pub port: u16,
    /// The cable that led here (empty for the start).
    pub cable_id: String,
}

/// Follows the cables from `start` (node, port) until an active node, a
/// port with no further cable, or a loop. `cables` are those holding
/// ports (not removed).
pub fn trace(start: &CableEnd, nodes: &HashMap<String, Node>, cables: &[Cable]) -> Vec<TraceHop> {
    let mut by_port: HashMap<(&str, u16), Vec<&Cable>> = HashMap::new();
    for c in cables.iter().filter(|c| c.status.holds_ports()) {
        by_port
            .entry((c.a_node.as_str(), c.a_port))
            .or_default()
            .push(c);
        by_port
            .entry((c.b_node.as_str(), c.b_port))
            .or_default()
            .push(c);
    }
    let mut hops = vec![TraceHop {
        node_id: start.node_id.clone(),
        port: start.port,
        cable_id: String::new(),
    }];
    let mut at: CableEnd = start.clone();
    let mut came_by: Option<&str> = None;
    for _ in 0..64 {
        let next = by_port
            .get(&(at.node_id.as_str(), at.port))
            .and_then(|cs| cs.iter().find(|c| Some(c.id.as_str()) != came_by))
            .copied();
        let Some(cable) = next else { break };
        let far = cable.far_from(&at);
        if hops
            .iter()
            .any(|h| h.node_id == far.node_id && h.port == far.port)
        {
            break;
        }
        hops.push(TraceHop {
            node_id: far.node_id.clone(),
            port: far.port,
            cable_id: cable.id.clone(),
        });
        let passive = nodes
            .get(&far.node_id)
            .is_some_and(|n| n.kind.passes_through());
        if !passive {
            break;
        }
        at = far;
        came_by = Some(cable.id.as_str());
    }
    hops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cabling::NodeKind;

    fn node(id: &str, kind: NodeKind) -> (String, Node) {
        (
            id.into(),
            Node {
                id: id.into(),
                code: id.to_uppercase(),
                kind,
                ports: 24,
                ..Default::default()
            },
        )
    }

    fn cable(id: &str, a: (&str, u16), b: (&str, u16)) -> Cable {
        Cable {
            id: id.into(),
            a_node: a.0.into(),
            a_port: a.1,
            b_node: b.0.into(),
            b_port: b.1,
            ..Default::default()
        }
    }

    #[test]
    fn from_a_pc_through_outlet_and_panel_to_the_switch() {
        let nodes: HashMap<_, _> = [
            node("pc", NodeKind::EndDevice),
            node("wo", NodeKind::WallOutlet),
            node("pp", NodeKind::PatchPanel),
            node("sw", NodeKind::Switch),
        ]
        .into();
        let cables = vec![
            cable("c1", ("pc", 1), ("wo", 1)),
            cable("c2", ("wo", 1), ("pp", 7)),
            cable("c3", ("pp", 7), ("sw", 3)),
        ];
        let path: Vec<_> = trace(
            &CableEnd {
                node_id: "pc".into(),
                port: 1,
            },
            &nodes,
            &cables,
        )
        .into_iter()
        .map(|h| (h.node_id, h.port))
        .collect();
        assert_eq!(
            path,
            [
                ("pc".into(), 1),
                ("wo".into(), 1),
                ("pp".into(), 7),
                ("sw".into(), 3)
            ]
        );
        // Removed cables do not carry a signal.
        let mut cut = cables.clone();
        cut[1].status = crate::cabling::CableStatus::Dibongkar;
        assert_eq!(
            trace(
                &CableEnd {
                    node_id: "pc".into(),
                    port: 1
                },
                &nodes,
                &cut
            )
            .len(),
            2
        );
        // A loop stops.
        let looped = vec![
            cable("x", ("pp", 1), ("wo", 1)),
            cable("y", ("wo", 1), ("pp", 1)),
        ];
        assert!(
            trace(
                &CableEnd {
                    node_id: "pp".into(),
                    port: 1
                },
                &nodes,
                &looped
            )
            .len()
                <= 3
        );
    }
}
