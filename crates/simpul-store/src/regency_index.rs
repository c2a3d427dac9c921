//! Index rows of the regency document and of the OPDs' registrations.

use crate::checks;
use crate::error::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use simpul_core::regency::{Decision, IpPool, OpdEntry, SecurityLevel};
use simpul_core::Registration;

pub fn put_opd(tx: &Transaction<'_>, o: &OpdEntry) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO regency_opd (code, record) VALUES (?1, ?2)
         ON CONFLICT(code) DO UPDATE SET record = excluded.record",
    )?
    .execute(params![o.code, serde_json::to_string(o)?])?;
    Ok(())
}

pub fn put_pool(tx: &Transaction<'_>, p: &IpPool) -> Result<(), StoreError> {
    let before: Option<String> = tx
        .prepare_cached("SELECT opd FROM ip_pool WHERE id = ?1")?
        .query_row(params![p.id], |r| r.get(0))
        .optional()?;
    tx.prepare_cached(
        "INSERT INTO ip_pool (id, opd, record) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, record = excluded.record",
    )?
    .execute(params![p.id, p.opd, serde_json::to_string(p)?])?;
    if let Some(old) = before.filter(|o| *o != p.opd) {
        checks::mark_pools_of(tx, &old)?;
    }
    checks::mark_pools_of(tx, &p.opd)
}

pub fn put_level(tx: &Transaction<'_>, l: &SecurityLevel) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO security_level (code, record) VALUES (?1, ?2)
         ON CONFLICT(code) DO UPDATE SET record = excluded.record",
    )?
    .execute(params![l.code, serde_json::to_string(l)?])?;
    Ok(())
}

pub fn put_decision(tx: &Transaction<'_>, d: &Decision) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO decision (registration_id, record) VALUES (?1, ?2)
         ON CONFLICT(registration_id) DO UPDATE SET record = excluded.record",
    )?
    .execute(params![d.registration_id, serde_json::to_string(d)?])?;
    Ok(())
}

pub fn put_visit(
    tx: &Transaction<'_>,
    v: &simpul_core::regency::oversight::OversightVisit,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO oversight_visit (id, opd, date, record) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, date = excluded.date, record = excluded.record",
    )?
    .execute(params![v.id, v.opd, v.date, serde_json::to_string(v)?])?;
    Ok(())
}

pub fn put_setting(tx: &Transaction<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO regency_setting (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM regency_setting WHERE key = ?1")?
        .query_row(params![key], |r| r.get(0))
        .optional()?)
}

pub fn put_registration(tx: &Transaction<'_>, r: &Registration) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO registration (id, opd, submitted_at, record) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET opd = excluded.opd, submitted_at = excluded.submitted_at,
           record = excluded.record",
    )?
    .execute(params![
        r.id,
        r.opd,
        r.submitted_at,
        serde_json::to_string(r)?
    ])?;
    checks::put_claims(
        tx,
        "reg",
        &r.id,
        &r.opd,
        checks::Claims {
            ip: &r.ip,
            macs: &r.macs,
            hostname: &r.hostname,
        },
    )
}

fn records<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<T>, StoreError> {
    let json: Vec<String> = conn
        .prepare_cached(sql)?
        .query_map(p, |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    json.iter().map(|j| Ok(serde_json::from_str(j)?)).collect()
}

/// The pools of one OPD, in the order Diskominfo created them.
pub fn pools_of(conn: &Connection, opd: &str) -> Result<Vec<IpPool>, StoreError> {
    records(
        conn,
        "SELECT record FROM ip_pool WHERE opd = ?1 ORDER BY id",
        params![opd],
    )
}

pub fn all_pools(conn: &Connection) -> Result<Vec<IpPool>, StoreError> {
    records(conn, "SELECT record FROM ip_pool ORDER BY opd, id", [])
}

pub fn opds(conn: &Connection) -> Result<Vec<OpdEntry>, StoreError> {
    records(conn, "SELECT record FROM regency_opd ORDER BY code", [])
}

pub fn levels(conn: &Connection) -> Result<Vec<SecurityLevel>, StoreError> {
    records(conn, "SELECT record FROM security_level ORDER BY code", [])
}

pub fn decision(conn: &Connection, id: &str) -> Result<Option<Decision>, StoreError> {
    Ok(records(
        conn,
        "SELECT record FROM decision WHERE registration_id = ?1",
        params![id],
    )?
    .into_iter()
    .next())
}

pub fn registration(conn: &Connection, id: &str) -> Result<Option<Registration>, StoreError> {
    Ok(records(
        conn,
        "SELECT record FROM registration WHERE id = ?1",
        params![id],
    )?
    .into_iter()
    .next())
}

/// Registrations, newest first; of one OPD or of all.
pub fn registrations(
    conn: &Connection,
    opd: Option<&str>,
) -> Result<Vec<Registration>, StoreError> {
    match opd {
        Some(o) => records(
            conn,
            "SELECT record FROM registration WHERE opd = ?1 ORDER BY submitted_at DESC",
            params![o],
        ),
        None => records(
            conn,
            "SELECT record FROM registration ORDER BY submitted_at DESC",
            [],
        ),
    }
}
