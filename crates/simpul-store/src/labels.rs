//! Addresses and labels: the regency's address template, the kode alamat
//! antarnode of each cable end, the labels of a room or an OPD, and the
//! labels printed here that no longer match their cable.

use crate::error::StoreError;
use crate::replica::Replica;
use rusqlite::params;
use simpul_core::cabling::{AddressTemplate, CableEnd, CableLabel, Node};
use simpul_core::regency::setting::ADDRESS_TEMPLATE;
use simpul_core::regency::Setting;
use simpul_core::schema::Collection;
use simpul_core::{DocId, Room, ValidationErrors};
use std::collections::HashMap;

/// What a printed label carries: the cable code and both addresses.
fn printed_text(l: &CableLabel) -> String {
    format!("{}|{}", l.code, l.text())
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
        self.put_record(
            DocId::Regency,
            Collection::Settings,
            ADDRESS_TEMPLATE,
            &setting,
            "regency.setting",
            |tx| crate::regency_index::put_setting(tx, ADDRESS_TEMPLATE, &setting.value),
        )?;
        Ok(t)
    }

    pub(crate) fn rooms_by_id(&self) -> Result<HashMap<String, Room>, StoreError> {
        Ok(self
            .rooms()?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect())
    }

    pub(crate) fn address_with(
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
        let now = self.now_rfc3339();
        let tx = self.conn.transaction()?;
        {
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
}
