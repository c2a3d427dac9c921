//! Dashboard figures, from the index.

use crate::error::StoreError;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Count {
    /// What is counted (a category label, a condition code, a room).
    pub key: String,
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Stats {
    /// Assets not disposed.
    pub total: u32,
    pub disposed: u32,
    /// Sum of prices of assets not disposed, in rupiah.
    pub total_value: i64,
    pub by_category: Vec<Count>,
    pub by_condition: Vec<Count>,
    pub by_room: Vec<Count>,
    pub by_lifecycle: Vec<Count>,
    /// Assets per OPD (more than one only on a Diskominfo device).
    pub by_opd: Vec<Count>,
    pub rooms: u32,
    pub maintenance_entries: u32,
    /// When the newest change was made on any asset (RFC 3339), empty if none.
    pub last_update: String,
    /// Entries of this device's conflict inbox.
    pub conflicts: u32,
    /// Network registrations waiting for Diskominfo's decision (of every
    /// OPD on a Diskominfo device, of the own OPD elsewhere).
    pub registrations_waiting: u32,
}

fn counts(conn: &Connection, sql: &str) -> Result<Vec<Count>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Count {
                key: r.get(0)?,
                label: r.get(1)?,
                count: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn stats(conn: &Connection) -> Result<Stats, StoreError> {
    let live = "lifecycle <> 'dihapus'";
    let one = |sql: &str| -> Result<i64, StoreError> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let to_u32 = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let mut by_condition = counts(
        conn,
        &format!(
            "SELECT condition, condition, count(*) FROM asset WHERE {live} GROUP BY condition"
        ),
    )?;
    for c in &mut by_condition {
        c.label = match c.key.as_str() {
            "B" => "Baik",
            "KB" => "Kurang Baik",
            "RB" => "Rusak Berat",
            _ => "?",
        }
        .into();
    }
    by_condition.sort_by_key(|c| match c.key.as_str() {
        "B" => 0,
        "KB" => 1,
        _ => 2,
    });
    Ok(Stats {
        total: to_u32(one(&format!("SELECT count(*) FROM asset WHERE {live}"))?),
        disposed: to_u32(one("SELECT count(*) FROM asset WHERE lifecycle = 'dihapus'")?),
        total_value: one(&format!("SELECT coalesce(sum(harga), 0) FROM asset WHERE {live}"))?,
        by_category: counts(
            conn,
            &format!("SELECT category, category, count(*) AS n FROM asset WHERE {live} GROUP BY category ORDER BY n DESC"),
        )?,
        by_condition,
        by_room: counts(
            conn,
            &format!(
                "SELECT a.room_id, coalesce(r.short_code || ' ' || r.name, 'Tanpa ruangan'), count(*) AS n
                 FROM asset a LEFT JOIN room r ON r.id = a.room_id WHERE a.{live} GROUP BY a.room_id ORDER BY n DESC"
            ),
        )?,
        by_lifecycle: counts(conn, "SELECT lifecycle, lifecycle, count(*) FROM asset GROUP BY lifecycle ORDER BY lifecycle")?,
        by_opd: counts(conn, &format!("SELECT opd, opd, count(*) AS n FROM asset WHERE {live} GROUP BY opd ORDER BY opd"))?,
        rooms: to_u32(one("SELECT count(*) FROM room")?),
        maintenance_entries: to_u32(one("SELECT count(*) FROM maintenance")?),
        last_update: conn.query_row("SELECT coalesce(max(updated_at), '') FROM asset", [], |r| r.get(0))?,
        conflicts: 0,
        registrations_waiting: 0,
    })
}
