//! The conflict inbox in the index, kept current incrementally.
//!
//! Every index write marks the [`CheckKey`]s the record had before and has
//! after (its IP, MACs, serial, nomor register, cable ends, code) in
//! `check_dirty`; [`recheck`] then recomputes just those keys, in the same
//! SQLite transaction as the write or merge, so the inbox never lags the
//! data. Concurrent field values need the Automerge document, so the write
//! and sync paths read them with [`field_values_of`] and store them with
//! [`put_fields`].

use crate::error::StoreError;
use rusqlite::{params, OptionalExtension, Transaction};
use simpul_core::checks::{CheckKey, Conflict, ConflictKind, ConflictRecord, RecordKind};
use simpul_core::regency::IpPool;
use std::net::Ipv4Addr;

pub(crate) fn mark(tx: &Transaction<'_>, key: &CheckKey) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO check_dirty (key) VALUES (?1)")?
        .execute(params![key.to_string()])?;
    Ok(())
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
        mark(tx, &CheckKey::Register { opd, kode, nomor })?;
        if !serial.is_empty() {
            mark(tx, &CheckKey::Serial(serial))?;
        }
    }
    mark_claims(tx, id)?;
    mark(
        tx,
        &CheckKey::Pool {
            asset: id.to_owned(),
        },
    )
}

fn mark_claims(tx: &Transaction<'_>, asset_id: &str) -> Result<(), StoreError> {
    let claims: Vec<(String, String)> = tx
        .prepare_cached("SELECT kind, value FROM net_claim WHERE asset_id = ?1")?
        .query_map(params![asset_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (kind, value) in claims {
        mark(tx, &claim_key(&kind, value))?;
    }
    Ok(())
}

fn claim_key(kind: &str, value: String) -> CheckKey {
    if kind == "ip" {
        CheckKey::Ip(value)
    } else {
        CheckKey::Mac(value)
    }
}

/// Replaces the IP and MAC claims of one source (`asset` or `reg`) of an
/// asset, marking the keys they leave and take.
pub(crate) fn put_claims<'a>(
    tx: &Transaction<'_>,
    source: &str,
    asset_id: &str,
    opd: &str,
    ip: &str,
    macs: impl Iterator<Item = &'a str>,
) -> Result<(), StoreError> {
    mark_claims(tx, asset_id)?;
    tx.prepare_cached("DELETE FROM net_claim WHERE source = ?1 AND asset_id = ?2")?
        .execute(params![source, asset_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO net_claim (source, asset_id, opd, kind, value) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    if !ip.is_empty() {
        insert.execute(params![source, asset_id, opd, "ip", ip])?;
    }
    for mac in macs.filter(|m| !m.is_empty()) {
        insert.execute(params![source, asset_id, opd, "mac", mac])?;
    }
    mark_claims(tx, asset_id)?;
    mark(
        tx,
        &CheckKey::Pool {
            asset: asset_id.to_owned(),
        },
    )
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

/// Marks every key that may hold a conflict (for a full check).
pub(crate) fn mark_all(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "INSERT OR IGNORE INTO check_dirty (key)
           SELECT kind || ':' || value FROM net_claim GROUP BY kind, value HAVING count(DISTINCT asset_id) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'sn:' || nomor_pabrik FROM asset WHERE nomor_pabrik <> '' GROUP BY nomor_pabrik HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'reg:' || opd || '|' || kode_barang || '|' || nomor_register FROM asset
           GROUP BY opd, kode_barang, nomor_register HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'code:' || opd || '|' || code FROM cable GROUP BY opd, code HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT 'port:' || e.node || '|' || e.port FROM (
             SELECT a_node AS node, a_port AS port, json_extract(record, '$.kind') = 'patch_cord' AS front
               FROM cable WHERE status <> 'dibongkar'
             UNION ALL SELECT b_node, b_port, json_extract(record, '$.kind') = 'patch_cord'
               FROM cable WHERE status <> 'dibongkar') e
           LEFT JOIN node n ON n.id = e.node
           GROUP BY e.node, e.port,
             CASE WHEN n.kind IN ('patch_panel', 'wall_outlet') THEN e.front ELSE 0 END
           HAVING count(*) > 1;
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT DISTINCT 'pool:' || asset_id FROM net_claim WHERE kind = 'ip'
           AND opd IN (SELECT opd FROM ip_pool);
         INSERT OR IGNORE INTO check_dirty (key)
           SELECT key FROM conflict WHERE kind <> 'concurrent_edit';",
    )?;
    Ok(())
}

/// What one recheck did (logged after a merge; measured by the benchmark).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckRun {
    pub keys: usize,
    pub micros: u64,
}

/// [`recheck`], timed.
pub(crate) fn recheck_timed(tx: &Transaction<'_>) -> Result<CheckRun, StoreError> {
    let started = std::time::Instant::now();
    let keys = recheck(tx)?;
    Ok(CheckRun {
        keys,
        micros: u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
    })
}

/// Recomputes every marked key and empties the marks; returns how many
/// keys were checked.
pub(crate) fn recheck(tx: &Transaction<'_>) -> Result<usize, StoreError> {
    let keys: Vec<String> = tx
        .prepare_cached("SELECT key FROM check_dirty")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if keys.is_empty() {
        return Ok(0);
    }
    tx.execute("DELETE FROM check_dirty", [])?;
    let mut pools = PoolCache::default();
    for key in &keys {
        let Ok(parsed) = key.parse::<CheckKey>() else {
            continue;
        };
        if matches!(parsed, CheckKey::Fields { .. }) {
            continue;
        }
        let found = evaluate(tx, key, &parsed, &mut pools)?;
        store(tx, key, found.as_ref())?;
    }
    Ok(keys.len())
}

fn store(tx: &Transaction<'_>, key: &str, found: Option<&Conflict>) -> Result<(), StoreError> {
    match found {
        None => {
            tx.prepare_cached("DELETE FROM conflict WHERE key = ?1")?
                .execute(params![key])?;
        }
        Some(c) => {
            let opds = format!(",{},", c.opds().join(","));
            tx.prepare_cached(
                "INSERT INTO conflict (key, kind, opds, record, found_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, opds = excluded.opds, record = excluded.record",
            )?
            .execute(params![
                key,
                c.kind.key(),
                opds,
                serde_json::to_string(c)?,
                crate::replica::now_rfc3339()
            ])?;
        }
    }
    Ok(())
}

/// The pools of each OPD, read once per recheck.
#[derive(Default)]
struct PoolCache(std::collections::HashMap<String, Vec<IpPool>>);

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
    tx: &Transaction<'_>,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(tx
        .prepare_cached(sql)?
        .query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?)
}

fn asset_record(tx: &Transaction<'_>, id: &str, opd: &str) -> Result<ConflictRecord, StoreError> {
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
    })
}

fn cable_records(
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

fn evaluate(
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
        CheckKey::Ip(v) | CheckKey::Mac(v) => {
            let kind_text = if matches!(parsed, CheckKey::Ip(_)) {
                "ip"
            } else {
                "mac"
            };
            let rows = ids(
                tx,
                "SELECT asset_id, min(opd) FROM net_claim WHERE kind = ?1 AND value = ?2 GROUP BY asset_id ORDER BY asset_id",
                params![kind_text, v],
            )?;
            let kind = if kind_text == "ip" {
                ConflictKind::DuplicateIp
            } else {
                ConflictKind::DuplicateMac
            };
            if rows.len() > 1 {
                duplicate(kind, key, v.clone(), assets(rows)?)
            } else {
                None
            }
        }
        CheckKey::Serial(s) => {
            let rows = ids(
                tx,
                "SELECT id, opd FROM asset WHERE nomor_pabrik = ?1 ORDER BY id",
                params![s],
            )?;
            if rows.len() > 1 {
                duplicate(ConflictKind::DuplicateSerial, key, s.clone(), assets(rows)?)
            } else {
                None
            }
        }
        CheckKey::Register { opd, kode, nomor } => {
            let rows = ids(
                tx,
                "SELECT id, opd FROM asset WHERE kode_barang = ?1 AND nomor_register = ?2 AND opd = ?3 ORDER BY id",
                params![kode, nomor, opd],
            )?;
            if rows.len() > 1 {
                duplicate(
                    ConflictKind::DuplicateRegister,
                    key,
                    format!("{kode}.{nomor}"),
                    assets(rows)?,
                )
            } else {
                None
            }
        }
        CheckKey::Port { node, port } => {
            // A panel or outlet port takes one patch cord at the front and
            // one fixed cable at the back; other ports take one cable.
            let (node_code, sided): (String, bool) = tx
                .prepare_cached(
                    "SELECT code, kind IN ('patch_panel', 'wall_outlet') FROM node WHERE id = ?1",
                )?
                .query_row(params![node], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .unwrap_or_else(|| (node.clone(), false));
            let on_port: Vec<(String, String, bool)> = tx
                .prepare_cached(
                    "SELECT id, opd, json_extract(record, '$.kind') = 'patch_cord' FROM cable
                     WHERE status <> 'dibongkar'
                       AND ((a_node = ?1 AND a_port = ?2) OR (b_node = ?1 AND b_port = ?2)) ORDER BY code",
                )?
                .query_map(params![node, port], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let front = on_port.iter().filter(|c| c.2).count();
            let clash = if sided {
                front > 1 || on_port.len() - front > 1
            } else {
                on_port.len() > 1
            };
            let rows: Vec<(String, String)> = if clash {
                let clashing_front = front > 1;
                on_port
                    .into_iter()
                    .filter(|c| !sided || c.2 == clashing_front)
                    .map(|(id, opd, _)| (id, opd))
                    .collect()
            } else {
                Vec::new()
            };
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
            let rows = ids(
                tx,
                "SELECT id, opd FROM cable WHERE opd = ?1 AND code = ?2 ORDER BY id",
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
            let claims = ids(
                tx,
                "SELECT value, opd FROM net_claim WHERE asset_id = ?1 AND kind = 'ip' ORDER BY source",
                params![asset],
            )?;
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

/// The concurrent values of one record's fields, read from its document.
pub(crate) struct FieldValues {
    record: String,
    kind: RecordKind,
    opd: String,
    fields: Vec<String>,
}

/// Reads the fields of `record` that hold several values, if the record is
/// an asset or a cable of document `id`.
pub(crate) fn field_values_of(
    doc: &automerge::Automerge,
    id: &simpul_core::DocId,
    record: &str,
) -> Result<Option<FieldValues>, StoreError> {
    use simpul_core::schema::{record_conflicts, Collection};
    use simpul_core::DocId;
    let (coll, kind) = match id {
        DocId::Assets { .. } => (Collection::Assets, RecordKind::Asset),
        DocId::Network { .. } => (Collection::Cables, RecordKind::Cable),
        _ => return Ok(None),
    };
    let found = record_conflicts(doc, coll, record).map_err(StoreError::doc(id))?;
    if simpul_core::schema::record_obj(doc, coll, record)
        .map_err(StoreError::doc(id))?
        .is_none()
    {
        return Ok(None);
    }
    Ok(Some(FieldValues {
        record: record.to_owned(),
        kind,
        opd: id.opd().unwrap_or_default().to_owned(),
        fields: found
            .into_iter()
            .map(|(f, _)| f)
            .filter(|f| f != "updated_at")
            .collect(),
    }))
}

/// Stores (or clears) a record's concurrent-edit conflict.
pub(crate) fn put_fields(tx: &Transaction<'_>, fv: &FieldValues) -> Result<(), StoreError> {
    let key = CheckKey::Fields {
        record: fv.record.clone(),
    }
    .to_string();
    if fv.fields.is_empty() {
        return store(tx, &key, None);
    }
    let record = match fv.kind {
        RecordKind::Asset => asset_record(tx, &fv.record, &fv.opd)?,
        RecordKind::Cable => cable_records(tx, vec![(fv.record.clone(), fv.opd.clone())])?
            .pop()
            .ok_or(StoreError::NotFound("Kabel"))?,
    };
    let c = Conflict {
        key: key.clone(),
        kind: ConflictKind::ConcurrentEdit,
        subject: fv.fields.join(", "),
        records: vec![record],
    };
    store(tx, &key, Some(&c))
}
