//! Recomputing one check key from the index.

use crate::error::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use simpul_core::cabling::{NodeKind, PortSide};
use simpul_core::checks::{CheckKey, Conflict, ConflictKind, ConflictRecord, RecordKind};
use simpul_core::choice::from_key;
use simpul_core::nomor_register;
use simpul_core::regency::IpPool;
use std::net::Ipv4Addr;

/// The pools of each OPD, read once per recheck.
#[derive(Default)]
pub(super) struct PoolCache(std::collections::HashMap<String, Vec<IpPool>>);

impl PoolCache {
    fn of(&mut self, tx: &Transaction<'_>, opd: &str) -> Result<&[IpPool], StoreError> {
        if !self.0.contains_key(opd) {
            let pools = crate::regency_index::pools_of(tx, opd)?;
            self.0.insert(opd.to_owned(), pools);
        }
        Ok(self.0.get(opd).map(Vec::as_slice).unwrap_or_default())
    }
}

fn ids(
    tx: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(tx
        .prepare_cached(sql)?
        .query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?)
}

/// [`ids`] in the order of the first column. The order (and any grouping)
/// is made here, not with `ORDER BY` or `GROUP BY`: SQLite compiles such a
/// statement that filters on a bound value again each time it runs (it may
/// plan the sort from the value), which was a tenth of a 20,000-row
/// import's time.
fn ids_in_order(
    tx: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut rows = ids(tx, sql, p)?;
    rows.sort_unstable();
    Ok(rows)
}

pub(super) fn asset_record(
    tx: &Transaction<'_>,
    id: &str,
    opd: &str,
) -> Result<ConflictRecord, StoreError> {
    let label: Option<String> = tx
        .prepare_cached(
            "SELECT trim(nama || ' ' || merk_type) || ' · ' || kode_barang || '.' || nomor_register
                    || CASE WHEN nomor_pabrik <> '' THEN ' · SN ' || nomor_pabrik ELSE '' END
             FROM asset WHERE id = ?1",
        )?
        .query_row(params![id], |r| r.get(0))
        .optional()?;
    let label = match label {
        Some(l) => l,
        None => tx
            .prepare_cached(
                "SELECT json_extract(record, '$.asset_name') FROM registration WHERE id = ?1",
            )?
            .query_row(params![id], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten()
            .unwrap_or_else(|| id.to_owned()),
    };
    Ok(ConflictRecord {
        kind: RecordKind::Asset,
        id: id.to_owned(),
        opd: opd.to_owned(),
        label,
        editable: false,
    })
}

pub(super) fn cable_records(
    tx: &Transaction<'_>,
    rows: Vec<(String, String)>,
) -> Result<Vec<ConflictRecord>, StoreError> {
    rows.into_iter()
        .map(|(id, opd)| {
            let code: String = tx
                .prepare_cached("SELECT code FROM cable WHERE id = ?1")?
                .query_row(params![id], |r| r.get(0))?;
            Ok(ConflictRecord {
                kind: RecordKind::Cable,
                id,
                opd,
                label: format!("Kabel {code}"),
                editable: false,
            })
        })
        .collect()
}

fn duplicate(
    kind: ConflictKind,
    key: &str,
    subject: String,
    records: Vec<ConflictRecord>,
) -> Option<Conflict> {
    (records.len() > 1).then(|| Conflict {
        key: key.to_owned(),
        kind,
        subject,
        records,
    })
}

/// The records (id, OPD) that hold a uniqueness key: the one query both
/// the inbox and the save-time checks ask (an IP, MAC or hostname claim,
/// a node code in a room, a room code in an OPD).
pub(crate) fn holders(
    conn: &Connection,
    key: &CheckKey,
) -> Result<Vec<(String, String)>, StoreError> {
    // One row per asset, with its first OPD (an asset and its
    // registration may claim the same value).
    let claim = |kind: &str, v: &str| {
        let mut rows = ids_in_order(
            conn,
            "SELECT asset_id, opd FROM net_claim WHERE kind = ?1 AND value = ?2",
            params![kind, v],
        )?;
        rows.dedup_by(|b, a| a.0 == b.0);
        Ok(rows)
    };
    match key {
        CheckKey::Ip(v) => claim("ip", v),
        CheckKey::Mac(v) => claim("mac", v),
        CheckKey::Host(v) => claim("host", v),
        CheckKey::NodeCode { room, code } => ids_in_order(
            conn,
            "SELECT id, opd FROM node WHERE room_id = ?1 AND code = ?2",
            params![room, code],
        ),
        CheckKey::RoomCode { opd, code } => ids_in_order(
            conn,
            "SELECT id, opd FROM room WHERE opd = ?1 AND short_code = ?2",
            params![opd, code],
        ),
        _ => Ok(Vec::new()),
    }
}

fn room_code_of_node(conn: &Connection, node: &str) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT r.short_code FROM node n JOIN room r ON r.id = n.room_id WHERE n.id = ?1",
        )?
        .query_row(params![node], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

fn node_records(
    conn: &Connection,
    rows: Vec<(String, String)>,
) -> Result<Vec<ConflictRecord>, StoreError> {
    rows.into_iter()
        .map(|(id, opd)| {
            let (code, kind): (String, String) = conn
                .prepare_cached("SELECT code, kind FROM node WHERE id = ?1")?
                .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let kind = from_key::<NodeKind>(&kind).map_or("Perangkat", NodeKind::label);
            Ok(ConflictRecord {
                kind: RecordKind::Node,
                label: format!("{kind} {code}"),
                id,
                opd,
                editable: false,
            })
        })
        .collect()
}

fn room_records(
    conn: &Connection,
    rows: Vec<(String, String)>,
) -> Result<Vec<ConflictRecord>, StoreError> {
    rows.into_iter()
        .map(|(id, opd)| {
            let (code, name): (String, String) = conn
                .prepare_cached("SELECT short_code, name FROM room WHERE id = ?1")?
                .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(ConflictRecord {
                kind: RecordKind::Room,
                label: format!("Ruangan {code} {name}"),
                id,
                opd,
                editable: false,
            })
        })
        .collect()
}

pub(super) fn evaluate(
    tx: &Transaction<'_>,
    key: &str,
    parsed: &CheckKey,
    pools: &mut PoolCache,
) -> Result<Option<Conflict>, StoreError> {
    let assets = |rows: Vec<(String, String)>| -> Result<Vec<ConflictRecord>, StoreError> {
        rows.iter()
            .map(|(id, opd)| asset_record(tx, id, opd))
            .collect()
    };
    Ok(match parsed {
        CheckKey::Ip(v) | CheckKey::Mac(v) | CheckKey::Host(v) => {
            let rows = holders(tx, parsed)?;
            let kind = match parsed {
                CheckKey::Ip(_) => ConflictKind::DuplicateIp,
                CheckKey::Mac(_) => ConflictKind::DuplicateMac,
                _ => ConflictKind::DuplicateHostname,
            };
            if rows.len() > 1 {
                duplicate(kind, key, v.clone(), assets(rows)?)
            } else {
                None
            }
        }
        CheckKey::NodeCode { code, .. } => {
            let rows = holders(tx, parsed)?;
            if rows.len() > 1 {
                let records = node_records(tx, rows)?;
                let room = room_code_of_node(tx, &records[0].id)?;
                duplicate(
                    ConflictKind::DuplicateNodeCode,
                    key,
                    format!("{room}.{code}"),
                    records,
                )
            } else {
                None
            }
        }
        CheckKey::RoomCode { code, .. } => {
            let rows = holders(tx, parsed)?;
            if rows.len() > 1 {
                duplicate(
                    ConflictKind::DuplicateRoomCode,
                    key,
                    code.clone(),
                    room_records(tx, rows)?,
                )
            } else {
                None
            }
        }
        CheckKey::Serial(s) => {
            let rows = ids_in_order(
                tx,
                "SELECT id, opd FROM asset WHERE nomor_pabrik = ?1",
                params![s],
            )?;
            if rows.len() > 1 {
                duplicate(ConflictKind::DuplicateSerial, key, s.clone(), assets(rows)?)
            } else {
                None
            }
        }
        CheckKey::Register { opd, kode, nomor } => {
            let rows = ids_in_order(
                tx,
                &format!(
                    "SELECT id, opd FROM asset WHERE kode_barang = ?1 AND {} = ?2 AND opd = ?3",
                    nomor_register::SQL_KEY
                ),
                params![kode, nomor, opd],
            )?;
            if rows.len() > 1 {
                duplicate(
                    ConflictKind::DuplicateRegister,
                    key,
                    format!(
                        "{kode}.{}",
                        nomor_register::number(nomor)
                            .map_or_else(|| nomor.clone(), nomor_register::format)
                    ),
                    assets(rows)?,
                )
            } else {
                None
            }
        }
        CheckKey::Port { node, port } => {
            let (node_code, node_kind): (String, Option<String>) = tx
                .prepare_cached("SELECT code, kind FROM node WHERE id = ?1")?
                .query_row(params![node], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or_else(|| (node.clone(), None));
            // A node the index does not know yet counts as one without
            // sides, as in the marking query.
            let kind = node_kind
                .and_then(|k| from_key(&k))
                .unwrap_or(NodeKind::EndDevice);
            let on_port: Vec<(String, String, bool)> = tx
                .prepare_cached(
                    "SELECT id, opd, json_extract(record, '$.kind') = 'patch_cord' FROM cable
                     WHERE status <> 'dibongkar'
                       AND ((a_node = ?1 AND a_port = ?2) OR (b_node = ?1 AND b_port = ?2)) ORDER BY code",
                )?
                .query_map(params![node, port], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let cords: Vec<bool> = on_port.iter().map(|c| c.2).collect();
            let rows: Vec<(String, String)> = PortSide::clashing(kind, &cords)
                .into_iter()
                .map(|i| (on_port[i].0.clone(), on_port[i].1.clone()))
                .collect();
            if rows.len() > 1 {
                duplicate(
                    ConflictKind::PortTwoCables,
                    key,
                    format!("{node_code}:{port}"),
                    cable_records(tx, rows)?,
                )
            } else {
                None
            }
        }
        CheckKey::CableCode { opd, code } => {
            let rows = ids_in_order(
                tx,
                "SELECT id, opd FROM cable WHERE opd = ?1 AND code = ?2",
                params![opd, code],
            )?;
            if rows.len() > 1 {
                duplicate(
                    ConflictKind::DuplicateCableCode,
                    key,
                    code.clone(),
                    cable_records(tx, rows)?,
                )
            } else {
                None
            }
        }
        CheckKey::Pool { asset } => {
            let mut claims: Vec<(String, String, String)> = tx
                .prepare_cached(
                    "SELECT value, opd, source FROM net_claim WHERE asset_id = ?1 AND kind = 'ip'",
                )?
                .query_map(params![asset], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            claims.sort_by(|a, b| a.2.cmp(&b.2));
            let claims = claims.into_iter().map(|(ip, opd, _)| (ip, opd));
            let mut outside = None;
            for (ip, opd) in claims {
                let opd_pools = pools.of(tx, &opd)?;
                let Ok(addr) = ip.parse::<Ipv4Addr>() else {
                    continue;
                };
                if !opd_pools.is_empty() && !opd_pools.iter().any(|p| p.contains(addr)) {
                    outside = Some((ip, opd));
                    break;
                }
            }
            match outside {
                Some((ip, opd)) => Some(Conflict {
                    key: key.to_owned(),
                    kind: ConflictKind::IpOutsidePool,
                    subject: ip,
                    records: vec![asset_record(tx, asset, &opd)?],
                }),
                None => None,
            }
        }
        CheckKey::Fields { .. } => return Ok(None),
    })
}
