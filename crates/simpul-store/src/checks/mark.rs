//! Which check keys a record holds, marked before and after each index
//! write, and the IP/MAC/hostname claims the address checks look up.

use crate::error::StoreError;
use rusqlite::{params, OptionalExtension, Transaction};
use simpul_core::cabling::PortSide;
use simpul_core::checks::CheckKey;
use simpul_core::network::hostname_key;
use simpul_core::nomor_register;

pub(super) fn mark(tx: &Transaction<'_>, key: &CheckKey) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO check_dirty (key) VALUES (?1)")?
        .execute(params![key.to_string()])?;
    Ok(())
}

/// Keys gathered by a bulk write and marked with one statement when
/// flushed: a 20,000-row import marks some 60,000 keys, and one insert
/// statement for each cost a tenth of the import.
#[derive(Debug, Default)]
pub(crate) struct Marks(Vec<String>);

impl Marks {
    fn add(&mut self, key: &CheckKey) {
        self.0.push(key.to_string());
    }

    /// Marks every gathered key (before the write's [`super::recheck`]).
    pub(crate) fn flush(&mut self, tx: &Transaction<'_>) -> Result<(), StoreError> {
        if self.0.is_empty() {
            return Ok(());
        }
        // In order, once each: the index of `check_dirty` is then filled
        // from one end instead of at random places.
        self.0.sort_unstable();
        self.0.dedup();
        let keys = serde_json::to_string(&self.0)?;
        tx.prepare_cached(
            "INSERT OR IGNORE INTO check_dirty (key) SELECT value FROM json_each(?1)",
        )?
        .execute(params![keys])?;
        self.0.clear();
        Ok(())
    }
}

/// Marks the keys an asset's index rows hold now (call before and after
/// rewriting them).
pub(crate) fn mark_asset(tx: &Transaction<'_>, id: &str) -> Result<(), StoreError> {
    let row: Option<(String, String, String, String)> = tx
        .prepare_cached(
            "SELECT opd, kode_barang, nomor_register, nomor_pabrik FROM asset WHERE id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    if let Some((opd, kode, nomor, serial)) = row {
        let nomor = nomor_register::key(&nomor);
        mark(tx, &CheckKey::Register { opd, kode, nomor })?;
        if !serial.is_empty() {
            mark(tx, &CheckKey::Serial(serial))?;
        }
    }
    let has_ip = mark_claims(tx, id)?;
    mark_pool(tx, id, has_ip)
}

/// Marks the keys of an asset's claims; returns whether one is an IP.
fn mark_claims(tx: &Transaction<'_>, asset_id: &str) -> Result<bool, StoreError> {
    let claims: Vec<(String, String)> = tx
        .prepare_cached("SELECT kind, value FROM net_claim WHERE asset_id = ?1")?
        .query_map(params![asset_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let has_ip = claims.iter().any(|(kind, _)| kind == "ip");
    for (kind, value) in claims {
        mark(tx, &claim_key(&kind, value))?;
    }
    Ok(has_ip)
}

/// Marks an asset's pool check when it claims an IP (before or after a
/// write): an asset without one can hold no pool conflict, and a 20,000-row
/// import of computers without addresses skips 20,000 checks.
fn mark_pool(tx: &Transaction<'_>, asset_id: &str, has_ip: bool) -> Result<(), StoreError> {
    if !has_ip {
        return Ok(());
    }
    mark(
        tx,
        &CheckKey::Pool {
            asset: asset_id.to_owned(),
        },
    )
}

fn claim_key(kind: &str, value: String) -> CheckKey {
    match kind {
        "ip" => CheckKey::Ip(value),
        "host" => CheckKey::Host(value),
        _ => CheckKey::Mac(value),
    }
}

/// What one source (an asset or its registration) claims on the network.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Claims<'a> {
    pub ip: &'a str,
    pub macs: &'a str,
    pub hostname: &'a str,
}

/// Replaces the IP, MAC and hostname claims of one source (`asset` or
/// `reg`) of an asset, marking the keys they leave and take.
pub(crate) fn put_claims(
    tx: &Transaction<'_>,
    source: &str,
    asset_id: &str,
    opd: &str,
    claims: Claims<'_>,
) -> Result<(), StoreError> {
    let had_ip = mark_claims(tx, asset_id)?;
    tx.prepare_cached("DELETE FROM net_claim WHERE source = ?1 AND asset_id = ?2")?
        .execute(params![source, asset_id])?;
    insert_claims(tx, source, asset_id, opd, claims)?;
    let has_ip = mark_claims(tx, asset_id)?;
    mark_pool(tx, asset_id, had_ip || has_ip)
}

/// Inserts the claims of one source; returns their keys.
fn insert_claims(
    tx: &Transaction<'_>,
    source: &str,
    asset_id: &str,
    opd: &str,
    claims: Claims<'_>,
) -> Result<Vec<CheckKey>, StoreError> {
    let Claims { ip, macs, hostname } = claims;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let host = hostname_key(hostname);
    let taken = std::iter::once(("ip", ip.to_owned()))
        .chain(
            macs.split(',')
                .map(str::trim)
                .map(|m| ("mac", m.to_owned())),
        )
        .chain(std::iter::once(("host", host)))
        .filter(|(_, v)| !v.is_empty());
    let mut keys = Vec::new();
    for (kind, value) in taken {
        insert.execute(params![source, asset_id, opd, kind, value])?;
        keys.push(claim_key(kind, value));
    }
    Ok(keys)
}

/// The index rows of an asset written for the first time: its claims,
/// and the keys it takes marked, as [`put_claims`] and [`mark_asset`]
/// would, without looking up rows a new asset cannot have (a 20,000-row
/// import skips 100,000 lookups).
pub(crate) fn put_new_asset(
    tx: &Transaction<'_>,
    a: &simpul_core::Asset,
    claims: Claims<'_>,
    marks: &mut Marks,
) -> Result<(), StoreError> {
    let keys = insert_claims(tx, "asset", &a.id, &a.opd, claims)?;
    marks.add(&CheckKey::Register {
        opd: a.opd.clone(),
        kode: a.kode_barang.clone(),
        nomor: nomor_register::key(&a.nomor_register),
    });
    if !a.nomor_pabrik.is_empty() {
        marks.add(&CheckKey::Serial(a.nomor_pabrik.clone()));
    }
    for k in &keys {
        marks.add(k);
    }
    if !claims.ip.is_empty() {
        marks.add(&CheckKey::Pool {
            asset: a.id.clone(),
        });
    }
    Ok(())
}

/// Marks the code key a node's index row holds now (call before and after
/// rewriting it).
pub(crate) fn mark_node(tx: &Transaction<'_>, id: &str) -> Result<(), StoreError> {
    let row: Option<(String, String)> = tx
        .prepare_cached("SELECT room_id, code FROM node WHERE id = ?1")?
        .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((room, code)) => mark(tx, &CheckKey::NodeCode { room, code }),
        None => Ok(()),
    }
}

/// Marks the code key a room's index row holds now (before and after).
pub(crate) fn mark_room(tx: &Transaction<'_>, id: &str) -> Result<(), StoreError> {
    let row: Option<(String, String)> = tx
        .prepare_cached("SELECT opd, short_code FROM room WHERE id = ?1")?
        .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        Some((opd, code)) => mark(tx, &CheckKey::RoomCode { opd, code }),
        None => Ok(()),
    }
}

/// Marks the keys a cable's index row holds now.
pub(crate) fn mark_cable(tx: &Transaction<'_>, id: &str) -> Result<(), StoreError> {
    let row: Option<(String, String, String, i64, String, i64)> = tx
        .prepare_cached(
            "SELECT opd, code, a_node, a_port, b_node, b_port FROM cable WHERE id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    if let Some((opd, code, a_node, a_port, b_node, b_port)) = row {
        mark(tx, &CheckKey::CableCode { opd, code })?;
        mark(
            tx,
            &CheckKey::Port {
                node: a_node,
                port: a_port,
            },
        )?;
        mark(
            tx,
            &CheckKey::Port {
                node: b_node,
                port: b_port,
            },
        )?;
    }
    Ok(())
}

/// Marks the pool check of every address of an OPD (its pools changed).
pub(crate) fn mark_pools_of(tx: &Transaction<'_>, opd: &str) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO check_dirty (key)
         SELECT DISTINCT 'pool:' || asset_id FROM net_claim WHERE kind = 'ip' AND opd = ?1",
    )?
    .execute(params![opd])?;
    Ok(())
}

/// The address (IP, MAC, hostname), serial and register keys that more
/// than one record holds, as [`CheckKey`] strings: the keys of these kinds
/// that can hold a conflict (a full check marks them; a recheck of many
/// keys evaluates no others of these kinds, see `held_twice`).
pub(super) fn held_twice_sql() -> String {
    format!(
        "SELECT kind || ':' || value FROM net_claim GROUP BY kind, value HAVING count(DISTINCT asset_id) > 1
         UNION ALL
         SELECT 'sn:' || nomor_pabrik FROM asset WHERE nomor_pabrik <> '' GROUP BY nomor_pabrik HAVING count(*) > 1
         UNION ALL
         SELECT 'reg:' || opd || '|' || kode_barang || '|' || {reg} FROM asset
           GROUP BY opd, kode_barang, {reg} HAVING count(*) > 1",
        reg = nomor_register::SQL_KEY,
    )
}

/// Marks every key that may hold a conflict (for a full check).
pub(crate) fn mark_all(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(&format!(
        "INSERT OR IGNORE INTO check_dirty (key) {held_twice};
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'code:' || opd || '|' || code FROM cable GROUP BY opd, code HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'node:' || room_id || '|' || code FROM node GROUP BY room_id, code HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'room:' || opd || '|' || short_code FROM room GROUP BY opd, short_code HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'port:' || e.node || '|' || e.port FROM (
             SELECT a_node AS node, a_port AS port, json_extract(record, '$.kind') = 'patch_cord' AS front
               FROM cable WHERE status <> 'dibongkar'
             UNION ALL SELECT b_node, b_port, json_extract(record, '$.kind') = 'patch_cord'
               FROM cable WHERE status <> 'dibongkar') e
           LEFT JOIN node n ON n.id = e.node
           GROUP BY e.node, e.port, {side}
           HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT DISTINCT 'pool:' || asset_id FROM net_claim WHERE kind = 'ip'
           AND opd IN (SELECT opd FROM ip_pool);
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT key FROM conflict WHERE kind <> 'concurrent_edit';",
        side = PortSide::sql("n.kind", "e.front"),
        held_twice = held_twice_sql(),
    ))?;
    Ok(())
}
