//! Network nodes of a room (panels, switches, outlets, end devices):
//! saving one (its code unique in the room, by the inbox's own rule) and
//! adding a patch panel in one step.

use crate::cabling::invalid;
use crate::checks;
use crate::error::StoreError;
use crate::net_index;
use crate::replica::Replica;
use rusqlite::{params, OptionalExtension};
use simpul_core::cabling::{Node, NodeInput, NodeKind};
use simpul_core::checks::CheckKey;
use simpul_core::schema::Collection;
use simpul_core::DocId;

impl Replica {
    pub fn node(&self, id: &str) -> Result<Node, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM node WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        Ok(serde_json::from_str(
            &json.ok_or(StoreError::NotFound("Perangkat jaringan"))?,
        )?)
    }

    /// The nodes of a room (or of the whole replica), by code.
    pub fn nodes(&self, room_id: Option<&str>) -> Result<Vec<Node>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM node WHERE ?1 IS NULL OR room_id = ?1 ORDER BY room_id, code",
        )?;
        let rows = stmt.query_map(params![room_id], |r| r.get::<_, String>(0))?;
        rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
    }

    /// Adds or edits a node; its code is unique within its room. A new
    /// node belongs to its room's OPD, an edited one stays in its OPD's
    /// document.
    pub fn save_node(&mut self, input: &NodeInput) -> Result<Node, StoreError> {
        let base = if input.id.trim().is_empty() {
            Node {
                id: self.new_id(),
                ..Default::default()
            }
        } else {
            self.node(input.id.trim())?
        };
        let mut node = input.apply_to(&base)?;
        let Some(room) = self.rooms()?.into_iter().find(|r| r.id == node.room_id) else {
            return Err(invalid(
                "room_id",
                "room_id.unknown",
                "Ruangan tidak ditemukan.".into(),
            ));
        };
        if node.opd.is_empty() {
            node.opd = room.opd;
        } else if node.opd != room.opd {
            return Err(invalid(
                "room_id",
                "room_id.other_opd",
                format!(
                    "Perangkat {} tidak dapat dipindah ke ruangan OPD lain.",
                    node.code
                ),
            ));
        }
        let doc = DocId::for_network(&node.opd, &node.id);
        self.require_write(&doc)?;
        let key = CheckKey::NodeCode {
            room: node.room_id.clone(),
            code: node.code.clone(),
        };
        if checks::holders(&self.conn, &key)?
            .iter()
            .any(|(id, _)| *id != node.id)
        {
            return Err(invalid(
                "code",
                "code.duplicate",
                format!(
                    "Kode {} sudah dipakai perangkat lain di ruangan ini.",
                    node.code
                ),
            ));
        }
        let used_above: Option<u16> = self
            .conn
            .prepare_cached("SELECT MAX(CASE WHEN a_node = ?1 THEN a_port ELSE b_port END) FROM cable WHERE (a_node = ?1 OR b_node = ?1) AND status <> 'dibongkar'")?
            .query_row(params![node.id], |r| r.get(0))?;
        if used_above.is_some_and(|p| p > node.ports) {
            return Err(invalid(
                "ports",
                "ports.in_use",
                format!(
                    "Port sampai nomor {} masih terpakai kabel.",
                    used_above.unwrap_or(0)
                ),
            ));
        }
        let action = if input.id.trim().is_empty() {
            "node.create"
        } else {
            "node.update"
        };
        self.put_record(doc, Collection::Nodes, &node.id, &node, action, |tx| {
            net_index::put_node(tx, &node)
        })?;
        Ok(node)
    }

    /// Adds a patch panel of `ports` ports to a room in one step, with the
    /// next free code (`PP1`, `PP2`, ...).
    pub fn add_panel(&mut self, room_id: &str, ports: u16) -> Result<Node, StoreError> {
        let taken: Vec<String> = self
            .nodes(Some(room_id))?
            .into_iter()
            .map(|n| n.code)
            .collect();
        let n = (1..)
            .find(|i| !taken.contains(&format!("PP{i}")))
            .unwrap_or(1);
        self.save_node(&NodeInput {
            room_id: room_id.to_owned(),
            code: format!("PP{n}"),
            kind: NodeKind::PatchPanel,
            name: "Patch panel".into(),
            ports,
            ..Default::default()
        })
    }
}
