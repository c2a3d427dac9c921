//! The cable registry in the replica: nodes and cables live in the OPD's
//! network shard documents (`opd/X/net/NN`) and are read from the index.
//!
//! A port holds at most one cable: saving refuses a second one. Two
//! devices offline can still each put a cable on the same port; after
//! sync the port map shows both (a clash) instead of hiding one.

use crate::checks;
use crate::error::StoreError;
use crate::net_index;
use crate::replica::{DocWrite, Replica};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use simpul_core::cabling::cable::next_code;
use simpul_core::cabling::{
    trace, AddressTemplate, Cable, CableEnd, CableInput, CableLabel, Node, NodeInput, NodeKind,
    PortSide,
};
use simpul_core::checks::CheckKey;
use simpul_core::history::{record_history, HistoryEntry};
use simpul_core::regency::setting::ADDRESS_TEMPLATE;
use simpul_core::regency::Setting;
use simpul_core::schema::{write_record, Collection};
use simpul_core::{DocId, FieldError, Room, ValidationErrors};
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

/// What a printed label carries: the cable code and both addresses.
fn printed_text(l: &CableLabel) -> String {
    format!("{}|{}", l.code, l.text())
}

fn invalid(field: &str, code: &str, message: String) -> StoreError {
    ValidationErrors(vec![FieldError::new(field, code, message)]).into()
}

impl Replica {
    /// The address template: the regency's (set by Diskominfo), else one
    /// this device kept from before the regency document existed, else the
    /// default `{opd}.{building}{floor}.{room}.{node}:{port}`.
    pub fn address_template(&self) -> Result<AddressTemplate, StoreError> {
        let regency = crate::regency_index::setting(&self.conn, ADDRESS_TEMPLATE)?;
        Ok(match regency {
            Some(t) => AddressTemplate(t),
            None => self
                .meta("address_template")?
                .map(AddressTemplate)
                .unwrap_or_default(),
        })
    }

    /// Sets the regency's address template (Diskominfo devices only), so
    /// every device renders the same addresses on labels.
    pub fn set_address_template(&mut self, template: &str) -> Result<AddressTemplate, StoreError> {
        self.require_write(&DocId::Regency)?;
        let t = AddressTemplate::parse(template).map_err(|e| ValidationErrors(vec![e]))?;
        let setting = Setting { value: t.0.clone() };
        let note = self.note("regency.setting", vec![ADDRESS_TEMPLATE.to_owned()])?;
        let s = &setting;
        self.write(
            vec![DocWrite {
                id: DocId::Regency,
                note,
                apply: Box::new(move |tx| {
                    write_record(tx, Collection::Settings, ADDRESS_TEMPLATE, s).map(|_| ())
                }),
            }],
            |tx| crate::regency_index::put_setting(tx, ADDRESS_TEMPLATE, &s.value),
        )?;
        Ok(t)
    }

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
                id: uuid::Uuid::now_v7().to_string(),
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
        let note = self.note(
            if input.id.trim().is_empty() {
                "node.create"
            } else {
                "node.update"
            },
            vec![node.id.clone()],
        )?;
        let n = &node;
        self.write(
            vec![DocWrite {
                id: doc,
                note,
                apply: Box::new(move |tx| {
                    write_record(tx, Collection::Nodes, &n.id, n).map(|_| ())
                }),
            }],
            |tx| net_index::put_node(tx, n),
        )?;
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
                id: uuid::Uuid::now_v7().to_string(),
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
        let note = self.note(
            if input.id.trim().is_empty() {
                "cable.create"
            } else {
                "cable.update"
            },
            vec![cable.id.clone()],
        )?;
        let c = &cable;
        self.write(
            vec![DocWrite {
                id: doc,
                note,
                apply: Box::new(move |tx| {
                    write_record(tx, Collection::Cables, &c.id, c).map(|_| ())
                }),
            }],
            |tx| net_index::put_cable(tx, c),
        )?;
        Ok(cable)
    }

    fn rooms_by_id(&self) -> Result<HashMap<String, Room>, StoreError> {
        Ok(self
            .rooms()?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect())
    }

    fn address_with(
        &self,
        t: &AddressTemplate,
        rooms: &HashMap<String, Room>,
        nodes: &mut HashMap<String, Node>,
        end: &CableEnd,
    ) -> Result<String, StoreError> {
        if !nodes.contains_key(&end.node_id) {
            let n = self.node(&end.node_id).unwrap_or_else(|_| Node {
                code: "?".into(),
                ..Default::default()
            });
            nodes.insert(end.node_id.clone(), n);
        }
        let node = &nodes[&end.node_id];
        Ok(t.render(&node.opd, rooms.get(&node.room_id), node, end.port))
    }

    /// The address of one port, with the current template.
    pub fn address_of(&self, end: &CableEnd) -> Result<String, StoreError> {
        self.address_with(
            &self.address_template()?,
            &self.rooms_by_id()?,
            &mut HashMap::new(),
            end,
        )
    }

    /// The labels of every cable holding ports, or of those with an end in
    /// `room_id`, by code.
    /// Remembers what was printed on these cables' labels (after the PDF
    /// was written).
    pub fn remember_printed(&mut self, labels: &[CableLabel]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let now = crate::replica::now_rfc3339();
            let mut put = tx.prepare_cached(
                "INSERT INTO label_printed (cable_id, printed, printed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(cable_id) DO UPDATE SET printed = excluded.printed, printed_at = excluded.printed_at",
            )?;
            for l in labels {
                put.execute(params![l.cable_id, printed_text(l), now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The labels printed here that no longer match their cable: "label
    /// perlu dicetak ulang" (an end renamed, moved or recoded since).
    pub fn stale_labels(&self) -> Result<Vec<CableLabel>, StoreError> {
        let printed: HashMap<String, String> = self
            .conn
            .prepare_cached("SELECT cable_id, printed FROM label_printed")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if printed.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .labels(None)?
            .into_iter()
            .filter(|l| {
                printed
                    .get(&l.cable_id)
                    .is_some_and(|p| *p != printed_text(l))
            })
            .collect())
    }

    pub fn labels(&self, room_id: Option<&str>) -> Result<Vec<CableLabel>, StoreError> {
        let t = self.address_template()?;
        let rooms = self.rooms_by_id()?;
        let mut nodes: HashMap<String, Node> = self
            .nodes(None)?
            .into_iter()
            .map(|n| (n.id.clone(), n))
            .collect();
        let mut out = Vec::new();
        for c in self
            .cables()?
            .into_iter()
            .filter(|c| c.status.holds_ports())
        {
            let in_room = room_id.is_none_or(|r| {
                [&c.a_node, &c.b_node]
                    .iter()
                    .any(|id| nodes.get(*id).is_some_and(|n| n.room_id == r))
            });
            if in_room {
                let (a, b) = (
                    self.address_with(&t, &rooms, &mut nodes, &c.a())?,
                    self.address_with(&t, &rooms, &mut nodes, &c.b())?,
                );
                out.push(CableLabel {
                    cable_id: c.id,
                    code: c.code,
                    a,
                    b,
                });
            }
        }
        Ok(out)
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
        let doc = self.doc(&DocId::for_network(&cable.opd, &cable.id))?;
        let history =
            record_history(doc, Collection::Cables, id).map_err(StoreError::doc(&cable.id))?;
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
