//! The conflict inbox as people see it, and the actions that settle an
//! entry. Each action is an ordinary edit: it syncs like any other, and the
//! entry disappears on every replica once the edit arrives there.

use crate::checks;
use crate::error::StoreError;
use crate::regency_index as ri;
use crate::replica::Replica;
use rusqlite::params;
use simpul_core::cabling::{Cable, CableStatus, Node, NodeInput};
use simpul_core::checks::Conflict;
use simpul_core::regency::next_free;
use simpul_core::schema::Collection;
use simpul_core::{next_code, Asset, DocId, FieldError, Room, RoomInput, ValidationErrors};
use std::collections::HashSet;

fn refuse(field: &str, code: &str, message: String) -> StoreError {
    ValidationErrors(vec![FieldError::new(field, code, message)]).into()
}

/// The set of checks a full check computes; a replica checked with an
/// older set is checked again when opened (2: hostnames, node and room
/// codes).
const CHECKS_VERSION: &str = "2";

impl Replica {
    /// The inbox: every conflict on a Diskominfo device, those involving
    /// the own OPD elsewhere; by kind, then subject.
    pub fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let filter = self.inbox_filter()?;
        let json: Vec<String> = self
            .conn
            .prepare_cached("SELECT record FROM conflict WHERE opds LIKE ?1 ORDER BY kind, key")?
            .query_map(params![filter], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let all: Vec<Conflict> = json
            .iter()
            .map(|j| serde_json::from_str(j))
            .collect::<Result<_, _>>()?;
        self.with_permissions(all)
    }

    /// Marks each record this device may settle ([`Replica::scope`]).
    fn with_permissions(&self, mut all: Vec<Conflict>) -> Result<Vec<Conflict>, StoreError> {
        let scope = self.scope()?;
        for r in all.iter_mut().flat_map(|c| c.records.iter_mut()) {
            r.editable = scope.can_write(&DocId::OpdMeta { opd: r.opd.clone() });
        }
        Ok(all)
    }

    /// The inbox entries that involve one record (for its page).
    pub fn conflicts_of(&self, record_id: &str) -> Result<Vec<Conflict>, StoreError> {
        let filter = self.inbox_filter()?;
        let needle = format!("\"id\":{}", serde_json::to_string(record_id)?);
        let json: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT record FROM conflict WHERE opds LIKE ?1 AND instr(record, ?2) > 0 ORDER BY kind, key",
            )?
            .query_map(params![filter, needle], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let all: Vec<Conflict> = json
            .iter()
            .map(|j| serde_json::from_str(j))
            .collect::<Result<_, _>>()?;
        self.with_permissions(
            all.into_iter()
                .filter(|c| c.records.iter().any(|r| r.id == record_id))
                .collect(),
        )
    }

    pub fn conflict_count(&self) -> Result<u32, StoreError> {
        let filter = self.inbox_filter()?;
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM conflict WHERE opds LIKE ?1")?
            .query_row(params![filter], |r| r.get(0))?)
    }

    fn inbox_filter(&self) -> Result<String, StoreError> {
        Ok(if self.is_diskominfo()? {
            "%".to_owned()
        } else {
            format!("%,{},%", self.profile()?.opd_code)
        })
    }

    /// Recomputes every check from the index (after an upgrade, or to
    /// verify); returns how many keys were checked.
    pub fn full_check(&mut self) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM net_claim", [])?;
        tx.execute_batch(
            "INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value)
               SELECT 'asset', a.id, a.opd, 'ip', a.ip FROM asset a WHERE a.ip <> '' AND a.lifecycle <> 'dihapus';
             INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value)
               SELECT 'reg', id, opd, 'ip', json_extract(record, '$.ip') FROM registration
               WHERE json_extract(record, '$.ip') <> '';
             INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value)
               SELECT 'asset', a.id, a.opd, 'host', upper(trim(json_extract(r.record, '$.hostname')))
               FROM asset a JOIN asset_record r ON r.rowid = a.rowid
               WHERE trim(json_extract(r.record, '$.hostname')) <> '' AND a.lifecycle <> 'dihapus';
             INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value)
               SELECT 'reg', id, opd, 'host', upper(trim(json_extract(record, '$.hostname')))
               FROM registration WHERE trim(json_extract(record, '$.hostname')) <> '';",
        )?;
        let macs: Vec<(String, String, String, String)> = tx
            .prepare(
                "SELECT 'asset', a.id, a.opd, json_extract(r.record, '$.mac') FROM asset a
                   JOIN asset_record r ON r.rowid = a.rowid
                   WHERE json_extract(r.record, '$.mac') <> '' AND a.lifecycle <> 'dihapus'
                 UNION ALL SELECT 'reg', id, opd, json_extract(record, '$.macs') FROM registration",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                ))
            })?
            .collect::<Result<_, _>>()?;
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value) VALUES (?1, ?2, ?3, 'mac', ?4)",
            )?;
            for (source, id, opd, list) in &macs {
                for mac in list.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                    insert.execute(params![source, id, opd, mac])?;
                }
            }
        }
        checks::mark_all(&tx)?;
        let n = checks::recheck(&tx)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('checks', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![CHECKS_VERSION],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Runs [`Replica::full_check`] once on a replica made before the
    /// checks it has now existed.
    pub(crate) fn ensure_checks(&mut self) -> Result<(), StoreError> {
        if self.meta("checks")?.as_deref() != Some(CHECKS_VERSION) {
            self.full_check()?;
        }
        Ok(())
    }

    /// Gives an asset the next free address of its OPD's pools (settles a
    /// duplicate IP or an IP outside the pools). Returns the new address.
    pub fn reassign_ip(&mut self, asset_id: &str) -> Result<String, StoreError> {
        let mut asset = self.asset(asset_id)?;
        self.require_write(&DocId::for_asset(&asset.opd, &asset.id))?;
        let pools = ri::pools_of(&self.conn, &asset.opd)?;
        if pools.is_empty() {
            return Err(refuse(
                "ip",
                "pool.none",
                format!("{} belum mendapat kumpulan IP dari Diskominfo.", asset.opd),
            ));
        }
        let ip = next_free(&pools, &self.used_addresses()?)
            .ok_or_else(|| {
                refuse(
                    "ip",
                    "pool.full",
                    format!("Kumpulan IP {} sudah penuh.", asset.opd),
                )
            })?
            .to_string();
        asset.ip.clone_from(&ip);
        asset.updated_at = self.now_rfc3339();
        match ri::registration(&self.conn, &asset.id)? {
            Some(mut reg) => {
                reg.ip.clone_from(&ip);
                // Diskominfo's own reassignment keeps its decision; an OPD's
                // goes back to the queue.
                if !self.is_diskominfo()? {
                    reg.revision += 1;
                    reg.submitted_at = self.now_rfc3339();
                }
                self.write_registration(&reg, Some(&asset), "registration.reassign_ip")?;
            }
            None => self.write_asset(&asset, "asset.reassign_ip")?,
        }
        Ok(ip)
    }

    /// Gives an asset the next nomor register of its kode barang in its OPD.
    pub fn renumber_register(&mut self, asset_id: &str) -> Result<Asset, StoreError> {
        let mut asset = self.asset(asset_id)?;
        self.require_write(&DocId::for_asset(&asset.opd, &asset.id))?;
        asset.nomor_register = self.next_register(&asset.opd, &asset.kode_barang)?;
        asset.updated_at = self.now_rfc3339();
        self.write_asset(&asset, "asset.renumber")?;
        Ok(asset)
    }

    /// Gives a cable the next free code of its OPD (settles a duplicate
    /// cable code; the cable's labels are then printed again).
    pub fn recode_cable(&mut self, cable_id: &str) -> Result<Cable, StoreError> {
        let mut cable = self.cable(cable_id)?;
        cable.code = self.next_cable_code(&cable.opd)?;
        self.write_cable(&cable, "cable.recode")?;
        Ok(cable)
    }

    /// Gives a node the next free code of its room (`PP1` -> `PP2`),
    /// settling two nodes that share a code; their cables' labels are then
    /// listed for reprinting.
    pub fn rename_node(&mut self, node_id: &str) -> Result<Node, StoreError> {
        let node = self.node(node_id)?;
        let taken: HashSet<String> = self
            .nodes(Some(&node.room_id))?
            .into_iter()
            .map(|n| n.code)
            .collect();
        self.save_node(&NodeInput {
            id: node.id.clone(),
            room_id: node.room_id.clone(),
            code: next_code::next_free(&node.code, |c| taken.contains(c)),
            kind: node.kind,
            name: node.name.clone(),
            ports: node.ports,
            asset_id: node.asset_id.clone(),
            rack_id: node.rack_id.clone(),
        })
    }

    /// Gives a room the next free room code on its floor (`R07` -> `R08`),
    /// settling two rooms that share a code.
    pub fn rename_room(&mut self, room_id: &str) -> Result<Room, StoreError> {
        let rooms = self.rooms()?;
        let room = rooms
            .iter()
            .find(|r| r.id == room_id)
            .ok_or(StoreError::NotFound("Ruangan"))?
            .clone();
        let taken: HashSet<String> = rooms
            .iter()
            .filter(|r| r.opd == room.opd && r.building == room.building && r.floor == room.floor)
            .map(|r| r.code.clone())
            .collect();
        self.save_room(&RoomInput {
            code: next_code::next_free(&room.code, |c| taken.contains(c)),
            ..RoomInput::from(&room)
        })
    }

    /// Marks a cable removed (dibongkar): it stays in the registry and its
    /// history but no longer holds its ports (settles a port with two
    /// cables once the technician has taken the wrong one out).
    pub fn retire_cable(&mut self, cable_id: &str) -> Result<Cable, StoreError> {
        let mut cable = self.cable(cable_id)?;
        cable.status = CableStatus::Dibongkar;
        self.write_cable(&cable, "cable.retire")?;
        Ok(cable)
    }

    fn write_cable(&mut self, c: &Cable, action: &str) -> Result<(), StoreError> {
        let doc = DocId::for_network(&c.opd, &c.id);
        self.require_write(&doc)?;
        self.put_record(doc, Collection::Cables, &c.id, c, action, |tx| {
            crate::net_index::put_cable(tx, c)
        })
    }

    fn write_asset(&mut self, a: &Asset, action: &str) -> Result<(), StoreError> {
        let doc = DocId::for_asset(&a.opd, &a.id);
        self.put_record(doc, Collection::Assets, &a.id, a, action, |tx| {
            crate::index::put_asset(tx, a)
        })
    }
}
