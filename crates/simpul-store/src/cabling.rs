//! Cables in the replica: saving one (ports by [`PortSide`], codes), the
//! port map, a cable's page and the trace. Nodes and cables live in the
//! OPD's network shard documents (`opd/X/net/NN`) and are read from the
//! index; nodes are in `nodes.rs`, addresses and labels in `labels.rs`.
//!
//! A port holds at most one cable: saving refuses a second one. Two
//! devices offline can still each put a cable on the same port; after
//! sync the port map shows both (a clash) instead of hiding one.

use crate::error::StoreError;
use crate::net_index;
use crate::replica::Replica;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use simpul_core::cabling::cable::next_code;
use simpul_core::cabling::{
    trace, Cable, CableEnd, CableInput, CableLabel, Node, NodeKind, PortSide,
};
use simpul_core::history::HistoryEntry;
use simpul_core::schema::Collection;
use simpul_core::{DocId, FieldError, ValidationErrors};
use specta::Type;
use std::collections::HashMap;

/// One port of a node and the cables on it (two or more: a clash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PortView {
    pub port: u16,
    pub address: String,
    pub cables: Vec<PortCable>,
    /// Two cables on one side of the port ([`PortSide::clashing`]).
    pub clash: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PortCable {
    pub cable_id: String,
    pub code: String,
    pub status: simpul_core::cabling::CableStatus,
    /// The address at the cable's other end.
    pub far: String,
    /// The part of the port it takes (front or back of a panel or outlet).
    pub side: PortSide,
}

/// A cable with its label and history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CableDetail {
    pub cable: Cable,
    pub label: CableLabel,
    pub history: Vec<HistoryEntry>,
}

/// One step of a trace, ready to show or print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TraceStep {
    pub address: String,
    pub node_name: String,
    pub kind: NodeKind,
    /// The cable that led here (empty for the start).
    pub cable_code: String,
}

pub(crate) fn invalid(field: &str, code: &str, message: String) -> StoreError {
    ValidationErrors(vec![FieldError::new(field, code, message)]).into()
}

impl Replica {
    pub fn cable(&self, id: &str) -> Result<Cable, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM cable WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        Ok(serde_json::from_str(
            &json.ok_or(StoreError::NotFound("Kabel"))?,
        )?)
    }

    /// Every cable, by code.
    pub fn cables(&self) -> Result<Vec<Cable>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM cable ORDER BY code")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
    }

    /// How many cables the registry holds (removed ones included).
    pub fn cables_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM cable")?
            .query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    fn cables_on(&self, end: &CableEnd) -> Result<Vec<Cable>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM cable WHERE ((a_node = ?1 AND a_port = ?2) OR (b_node = ?1 AND b_port = ?2)) AND status <> 'dibongkar' ORDER BY code",
        )?;
        let rows = stmt.query_map(params![end.node_id, end.port], |r| r.get::<_, String>(0))?;
        rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
    }

    /// The cable whose code is exactly `code` (a scanned label).
    pub fn lookup_cable(&self, code: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM cable WHERE code = ?1 LIMIT 1")?
            .query_row(params![code.trim().to_uppercase()], |r| r.get(0))
            .optional()?)
    }

    /// The next free cable code of an OPD (`K0001`, `K0002`, ...).
    pub(crate) fn next_cable_code(&self, opd: &str) -> Result<String, StoreError> {
        let codes: Vec<String> = self
            .conn
            .prepare_cached("SELECT code FROM cable WHERE opd = ?1")?
            .query_map(params![opd], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(next_code(codes.iter().map(String::as_str)))
    }

    /// The cable of `opd` whose code is `code`, if any.
    fn cable_with_code(&self, opd: &str, code: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM cable WHERE opd = ?1 AND code = ?2 LIMIT 1")?
            .query_row(params![opd, code], |r| r.get(0))
            .optional()?)
    }

    /// Adds or edits a cable: ends on existing ports of one OPD's nodes,
    /// each port free, the code unique within the OPD (the next `K` number
    /// when empty). A new cable belongs to its nodes' OPD.
    pub fn save_cable(&mut self, input: &CableInput) -> Result<Cable, StoreError> {
        let base = if input.id.trim().is_empty() {
            Cable {
                id: self.new_id(),
                ..Default::default()
            }
        } else {
            self.cable(input.id.trim())?
        };
        let mut cable = input.apply_to(&base)?;
        let mut errs = ValidationErrors::default();
        // Only what changes is checked against the other cables: a cable
        // left in a clash by a merge can still be edited (its clash is in
        // the inbox), but nothing new may clash.
        let placed = base.status.holds_ports() && !input.id.trim().is_empty();
        for (field, end, before) in [("a", cable.a(), base.a()), ("b", cable.b(), base.b())] {
            let end = &end;
            let Ok(node) = self.node(&end.node_id) else {
                errs.push(FieldError::new(
                    field,
                    &format!("{field}.unknown"),
                    "Perangkat ujung tidak ditemukan.",
                ));
                continue;
            };
            if cable.opd.is_empty() {
                cable.opd.clone_from(&node.opd);
            } else if node.opd != cable.opd {
                errs.push(FieldError::new(
                    field,
                    &format!("{field}.other_opd"),
                    format!(
                        "{} milik {}; kabel ini milik {}.",
                        node.code, node.opd, cable.opd
                    ),
                ));
                continue;
            }
            if end.port > node.ports {
                errs.push(FieldError::new(
                    field,
                    &format!("{field}.port"),
                    format!("{} hanya punya {} port.", node.code, node.ports),
                ));
                continue;
            }
            let unchanged = placed && *end == before && cable.front() == base.front();
            if cable.status.holds_ports() && !unchanged {
                if let Some(other) = self.cables_on(end)?.into_iter().find(|c| {
                    c.id != cable.id && PortSide::compete(node.kind, c.front(), cable.front())
                }) {
                    errs.push(FieldError::new(
                        field,
                        &format!("{field}.taken"),
                        format!("Port {}:{} sudah dipakai kabel {}. Satu port hanya untuk satu kabel{}.", node.code, end.port, other.code, if PortSide::of(node.kind, true) != PortSide::Whole { " di tiap sisi (depan: patch cord, belakang: kabel tetap)" } else { "" }),
                    ));
                }
            }
        }
        if cable.code.is_empty() {
            cable.code = self.next_cable_code(&cable.opd)?;
        } else if cable.code != base.code
            && self
                .cable_with_code(&cable.opd, &cable.code)?
                .is_some_and(|id| id != cable.id)
        {
            errs.push(FieldError::new(
                "code",
                "code.duplicate",
                format!("Kode kabel {} sudah dipakai.", cable.code),
            ));
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let doc = DocId::for_network(&cable.opd, &cable.id);
        self.require_write(&doc)?;
        let action = if input.id.trim().is_empty() {
            "cable.create"
        } else {
            "cable.update"
        };
        self.put_record(doc, Collection::Cables, &cable.id, &cable, action, |tx| {
            net_index::put_cable(tx, &cable)
        })?;
        Ok(cable)
    }

    /// A cable with its current label and its history.
    pub fn cable_detail(&mut self, id: &str) -> Result<CableDetail, StoreError> {
        let cable = self.cable(id)?;
        let label = CableLabel {
            cable_id: cable.id.clone(),
            code: cable.code.clone(),
            a: self.address_of(&cable.a())?,
            b: self.address_of(&cable.b())?,
        };
        let history = self.history_of(
            &DocId::for_network(&cable.opd, &cable.id),
            Collection::Cables,
            id,
        )?;
        Ok(CableDetail {
            cable,
            label,
            history,
        })
    }

    /// The ports of a node with the cables on each.
    pub fn port_map(&self, node_id: &str) -> Result<Vec<PortView>, StoreError> {
        let node = self.node(node_id)?;
        let t = self.address_template()?;
        let rooms = self.rooms_by_id()?;
        let mut nodes = HashMap::from([(node.id.clone(), node.clone())]);
        let mut out = Vec::with_capacity(usize::from(node.ports));
        for port in 1..=node.ports {
            let here = CableEnd {
                node_id: node.id.clone(),
                port,
            };
            let mut cables = Vec::new();
            for c in self.cables_on(&here)? {
                let far = self.address_with(&t, &rooms, &mut nodes, &c.far_from(&here))?;
                cables.push(PortCable {
                    side: PortSide::of(node.kind, c.front()),
                    cable_id: c.id,
                    code: c.code,
                    status: c.status,
                    far,
                });
            }
            out.push(PortView {
                port,
                address: self.address_with(&t, &rooms, &mut nodes, &here)?,
                clash: !PortSide::clashing(
                    node.kind,
                    &cables
                        .iter()
                        .map(|c| c.side == PortSide::Front)
                        .collect::<Vec<_>>(),
                )
                .is_empty(),
                cables,
            });
        }
        Ok(out)
    }

    /// The path from a port (an end device's) to the switch port it reaches.
    pub fn trace_from(&self, start: &CableEnd) -> Result<Vec<TraceStep>, StoreError> {
        let nodes: HashMap<String, Node> = self
            .nodes(None)?
            .into_iter()
            .map(|n| (n.id.clone(), n))
            .collect();
        let cables = self.cables()?;
        let codes: HashMap<&str, &str> = cables
            .iter()
            .map(|c| (c.id.as_str(), c.code.as_str()))
            .collect();
        let t = self.address_template()?;
        let rooms = self.rooms_by_id()?;
        let mut cache = nodes.clone();
        trace(start, &nodes, &cables)
            .into_iter()
            .map(|h| {
                let node = nodes.get(&h.node_id);
                Ok(TraceStep {
                    address: self.address_with(
                        &t,
                        &rooms,
                        &mut cache,
                        &CableEnd {
                            node_id: h.node_id.clone(),
                            port: h.port,
                        },
                    )?,
                    node_name: node
                        .map(|n| {
                            if n.name.is_empty() {
                                n.code.clone()
                            } else {
                                n.name.clone()
                            }
                        })
                        .unwrap_or_default(),
                    kind: node.map(|n| n.kind).unwrap_or_default(),
                    cable_code: codes
                        .get(h.cable_id.as_str())
                        .map(|c| (*c).to_owned())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// A trace as plain text, one hop per line (printable).
pub fn trace_text(steps: &[TraceStep]) -> String {
    let mut out = String::new();
    for (i, s) in steps.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("   |  kabel {}\n", s.cable_code));
        }
        out.push_str(&format!(
            "{}  {} ({})\n",
            s.address,
            s.node_name,
            s.kind_label()
        ));
    }
    out
}

impl TraceStep {
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }
}
