//! How many cables one port takes: the one rule that saving a cable, the
//! port map and the inbox all ask.
//!
//! A patch panel or wall outlet port has two sides: one patch cord at the
//! front and one fixed cable punched down at the back. Any other port
//! (switch, router, access point, end device) takes one cable, whatever
//! its kind.

use super::node::NodeKind;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The part of a port a cable occupies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PortSide {
    /// A patch cord in a panel or outlet.
    Front,
    /// A fixed cable punched down at a panel or outlet.
    Back,
    /// The port of a node without sides.
    Whole,
}

impl PortSide {
    /// The side a cable takes on a node of this kind.
    pub fn of(node: NodeKind, patch_cord: bool) -> Self {
        match (node.passes_through(), patch_cord) {
            (false, _) => PortSide::Whole,
            (true, true) => PortSide::Front,
            (true, false) => PortSide::Back,
        }
    }

    /// Two cables on this node's port compete for the same place.
    pub fn compete(node: NodeKind, a_patch_cord: bool, b_patch_cord: bool) -> bool {
        PortSide::of(node, a_patch_cord) == PortSide::of(node, b_patch_cord)
    }

    /// Which of the cables on one port clash (two or more on one side),
    /// given whether each is a patch cord; in their order.
    pub fn clashing(node: NodeKind, patch_cords: &[bool]) -> Vec<usize> {
        let side = |i: usize| PortSide::of(node, patch_cords[i]);
        (0..patch_cords.len())
            .filter(|&i| (0..patch_cords.len()).any(|j| j != i && side(j) == side(i)))
            .collect()
    }

    /// An SQL expression of the side, for grouping the cables on a port
    /// (`kind` is the node kind column, `front` a patch-cord flag); a node
    /// the index does not know counts as one without sides.
    pub fn sql(kind: &str, front: &str) -> String {
        let sided: Vec<String> = NodeKind::ALL
            .into_iter()
            .filter(|k| k.passes_through())
            .map(|k| format!("'{}'", crate::choice::key_of(&k)))
            .collect();
        format!(
            "CASE WHEN {kind} IN ({}) THEN (CASE WHEN {front} THEN 'front' ELSE 'back' END) ELSE 'whole' END",
            sided.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_port_takes_one_of_each_side() {
        assert!(PortSide::clashing(NodeKind::PatchPanel, &[true, false]).is_empty());
        assert_eq!(
            PortSide::clashing(NodeKind::WallOutlet, &[true, false, true]),
            [0, 2]
        );
        assert_eq!(
            PortSide::clashing(NodeKind::PatchPanel, &[true, true, false, false]),
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn a_switch_port_takes_one_cable_of_any_kind() {
        assert_eq!(PortSide::clashing(NodeKind::Switch, &[true, false]), [0, 1]);
        assert!(PortSide::compete(NodeKind::EndDevice, true, false));
        assert!(!PortSide::compete(NodeKind::PatchPanel, true, false));
        assert!(PortSide::clashing(NodeKind::Switch, &[false]).is_empty());
    }

    #[test]
    fn the_sql_names_the_sided_kinds() {
        assert_eq!(
            PortSide::sql("n.kind", "e.front"),
            "CASE WHEN n.kind IN ('patch_panel', 'wall_outlet') THEN (CASE WHEN e.front THEN 'front' ELSE 'back' END) ELSE 'whole' END"
        );
    }
}
