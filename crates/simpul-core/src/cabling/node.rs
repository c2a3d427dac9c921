//! A network node: a rack, patch panel, switch, router, access point, wall
//! outlet or end device (linked to an asset), with numbered ports.

use crate::error::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Rack,
    #[default]
    PatchPanel,
    Switch,
    Router,
    AccessPoint,
    WallOutlet,
    EndDevice,
}

impl NodeKind {
    pub const ALL: [NodeKind; 7] = [
        NodeKind::Rack,
        NodeKind::PatchPanel,
        NodeKind::Switch,
        NodeKind::Router,
        NodeKind::AccessPoint,
        NodeKind::WallOutlet,
        NodeKind::EndDevice,
    ];

    /// The Indonesian name shown in lists.
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Rack => "Rak",
            NodeKind::PatchPanel => "Patch panel",
            NodeKind::Switch => "Switch",
            NodeKind::Router => "Router",
            NodeKind::AccessPoint => "Access point",
            NodeKind::WallOutlet => "Stopkontak data (outlet)",
            NodeKind::EndDevice => "Perangkat akhir",
        }
    }

    /// A node a trace passes through (as opposed to one where it ends).
    pub fn passes_through(self) -> bool {
        matches!(self, NodeKind::PatchPanel | NodeKind::WallOutlet)
    }
}

/// The most ports a node may have (a 48-port panel, a chassis switch).
pub const MAX_PORTS: u16 = 96;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct Node {
    pub id: String,
    pub opd: String,
    pub room_id: String,
    /// Short code within the room, e.g. `PP1`, `SW1`, `PC04`.
    pub code: String,
    pub kind: NodeKind,
    pub name: String,
    pub ports: u16,
    /// The asset this node is (a switch, a PC), if registered as one.
    pub asset_id: String,
    /// The rack it is mounted in, if any.
    pub rack_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct NodeInput {
    pub id: String,
    pub room_id: String,
    pub code: String,
    pub kind: NodeKind,
    pub name: String,
    pub ports: u16,
    pub asset_id: String,
    pub rack_id: String,
}

impl NodeInput {
    pub fn apply_to(&self, base: &Node) -> Result<Node, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut n = base.clone();
        n.code = self.code.trim().to_uppercase();
        if n.code.is_empty()
            || n.code.len() > 10
            || !n
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            errs.push(FieldError::new(
                "code",
                "code.format",
                "Kode perangkat wajib diisi: 1-10 huruf/angka, mis. PP1, SW1, PC04.",
            ));
        }
        if self.room_id.trim().is_empty() {
            errs.push(FieldError::new(
                "room_id",
                "room_id.required",
                "Pilih ruangan tempat perangkat ini.",
            ));
        }
        let min = u16::from(self.kind != NodeKind::Rack);
        if self.ports < min || self.ports > MAX_PORTS {
            errs.push(FieldError::new(
                "ports",
                "ports.range",
                format!("Jumlah port harus {min}-{MAX_PORTS}."),
            ));
        }
        n.room_id = self.room_id.trim().to_owned();
        n.kind = self.kind;
        n.name = self.name.trim().to_owned();
        n.ports = self.ports;
        n.asset_id = self.asset_id.trim().to_owned();
        n.rack_id = self.rack_id.trim().to_owned();
        errs.into_result(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_code_room_and_ports() {
        let ok = NodeInput {
            room_id: "r".into(),
            code: " pp1 ".into(),
            ports: 24,
            ..Default::default()
        }
        .apply_to(&Node::default());
        assert_eq!(ok.map(|n| n.code).ok().as_deref(), Some("PP1"));
        let bad = NodeInput {
            code: "P P".into(),
            ports: 200,
            ..Default::default()
        }
        .apply_to(&Node::default())
        .expect_err("invalid");
        let fields: Vec<_> = bad.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "room_id", "ports"]);
        let rack = NodeInput {
            room_id: "r".into(),
            code: "RK1".into(),
            kind: NodeKind::Rack,
            ports: 0,
            ..Default::default()
        };
        assert!(
            rack.apply_to(&Node::default()).is_ok(),
            "a rack has no ports"
        );
    }
}

crate::labelled!(NodeKind, NodeKind::ALL, {
    NodeKind::Rack => "Rack",
    NodeKind::PatchPanel => "Patch panel",
    NodeKind::Switch => "Switch",
    NodeKind::Router => "Router",
    NodeKind::AccessPoint => "Access point",
    NodeKind::WallOutlet => "Wall outlet",
    NodeKind::EndDevice => "End device",
});
