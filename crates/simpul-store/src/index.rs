//! The query index: plain tables and an FTS5 table, written in the same
//! transaction as the Automerge change they reflect.

use crate::error::StoreError;
use rusqlite::{params, OptionalExtension, Transaction};
use simpul_core::kode_barang::category_label;
use simpul_core::{Asset, MaintenanceEntry, Room};

/// The text search matches: names, numbers, people, place and network ids.
/// The token a disposed asset carries in the search index, so the default
/// list (everything but disposed assets) is an FTS `NOT`, not a row lookup.
pub const DISPOSED_TOKEN: &str = "zzdisposedzz";

fn search_body(a: &Asset, room: Option<(String, String)>) -> String {
    let (code, name) = room.unwrap_or_default();
    let tag = format!("{}.{}", a.kode_barang, a.nomor_register);
    [
        a.nama.as_str(),
        a.merk_type.as_str(),
        a.nomor_register.as_str(),
        tag.as_str(),
        a.nomor_pabrik.as_str(),
        a.holder_name.as_str(),
        a.holder_nip.as_str(),
        code.as_str(),
        name.as_str(),
        a.hostname.as_str(),
        a.ip.as_str(),
        a.mac.as_str(),
        a.os.as_str(),
        a.cpu.as_str(),
        if a.lifecycle == simpul_core::Lifecycle::Dihapus {
            DISPOSED_TOKEN
        } else {
            ""
        },
    ]
    .join(" ")
}

fn room_names(tx: &Transaction<'_>, room_id: &str) -> Result<Option<(String, String)>, StoreError> {
    if room_id.is_empty() {
        return Ok(None);
    }
    Ok(tx
        .prepare_cached("SELECT short_code, name FROM room WHERE id = ?1")?
        .query_row(params![room_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Inserts or replaces the index rows of one asset.
/// Marks the check keys the asset leaves and takes (see [`crate::checks`]).
pub fn put_asset(tx: &Transaction<'_>, a: &Asset) -> Result<(), StoreError> {
    let mut marks = crate::checks::Marks::default();
    put_asset_marking(tx, a, &mut marks)?;
    marks.flush(tx)
}

/// [`put_asset`] for a bulk write: the keys a new asset takes are gathered
/// in `marks`, which the caller flushes once after its last asset.
pub fn put_asset_marking(
    tx: &Transaction<'_>,
    a: &Asset,
    marks: &mut crate::checks::Marks,
) -> Result<(), StoreError> {
    let record = serde_json::to_string(a)?;
    let values = params![
        a.id,
        a.opd,
        a.kode_barang,
        category_label(&a.kode_barang),
        a.nama,
        a.nomor_register,
        a.merk_type,
        a.nomor_pabrik,
        a.tahun,
        a.harga,
        a.room_id,
        a.holder_name,
        a.condition.code(),
        a.lifecycle.as_str(),
        a.ip,
        a.updated_at,
        a.holder_nip,
    ];
    // Insert, and only when the id is taken look it up and update: a
    // 20,000-row import of new assets makes one statement per row, not two
    // (`INSERT ... RETURNING` costs several times a plain insert).
    let inserted = tx
        .prepare_cached(
            "INSERT INTO asset (id, opd, kode_barang, category, nama, nomor_register, merk_type, nomor_pabrik, tahun, harga,
                                room_id, holder_name, condition, lifecycle, ip, updated_at, holder_nip)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT(id) DO NOTHING",
        )?
        .execute(values)?
        == 1;
    let existing: Option<i64> = if inserted {
        None
    } else {
        Some(
            tx.prepare_cached("SELECT rowid FROM asset WHERE id = ?1")?
                .query_row(params![a.id], |r| r.get(0))?,
        )
    };
    let rowid = match existing {
        Some(rowid) => {
            // The keys the asset leaves; a new asset leaves none.
            crate::checks::mark_asset(tx, &a.id)?;
            tx.prepare_cached(
                "UPDATE asset SET opd=?2, kode_barang=?3, category=?4, nama=?5, nomor_register=?6, merk_type=?7,
                    nomor_pabrik=?8, tahun=?9, harga=?10, room_id=?11, holder_name=?12, condition=?13,
                    lifecycle=?14, ip=?15, updated_at=?16, holder_nip=?17
                 WHERE id = ?1",
            )?
            .execute(values)?;
            rowid
        }
        None => tx.last_insert_rowid(),
    };
    tx.prepare_cached("INSERT OR REPLACE INTO asset_record (rowid, record) VALUES (?1, ?2)")?
        .execute(params![rowid, record])?;
    if existing.is_some() {
        tx.prepare_cached("DELETE FROM asset_fts WHERE rowid = ?1")?
            .execute(params![rowid])?;
    }
    let body = search_body(a, room_names(tx, &a.room_id)?);
    tx.prepare_cached("INSERT INTO asset_fts (rowid, body) VALUES (?1, ?2)")?
        .execute(params![rowid, body])?;
    // A disposed asset no longer holds its addresses.
    let live = a.lifecycle != simpul_core::Lifecycle::Dihapus;
    let claims = if live {
        crate::checks::Claims {
            ip: &a.ip,
            macs: &a.mac,
            hostname: &a.hostname,
        }
    } else {
        crate::checks::Claims {
            ip: "",
            macs: "",
            hostname: "",
        }
    };
    if existing.is_none() {
        return crate::checks::put_new_asset(tx, a, claims, marks);
    }
    crate::checks::put_claims(tx, "asset", &a.id, &a.opd, claims)?;
    crate::checks::mark_asset(tx, &a.id)
}

/// Inserts or replaces a room, and refreshes the search text of its assets
/// when its code or name changed.
/// Marks the room code it leaves and takes (see [`crate::checks`]).
pub fn put_room(tx: &Transaction<'_>, r: &Room) -> Result<(), StoreError> {
    crate::checks::mark_room(tx, &r.id)?;
    let before: Option<(String, String)> = room_names(tx, &r.id)?;
    tx.prepare_cached(
        "INSERT INTO room (id, opd, short_code, name, record) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET opd=excluded.opd, short_code=excluded.short_code, name=excluded.name, record=excluded.record",
    )?
    .execute(params![r.id, r.opd, r.short_code(), r.name, serde_json::to_string(r)?])?;
    crate::checks::mark_room(tx, &r.id)?;
    if before.is_some_and(|(code, name)| code != r.short_code() || name != r.name) {
        let assets: Vec<String> = tx
            .prepare("SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid WHERE a.room_id = ?1")?
            .query_map(params![r.id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for json in assets {
            put_asset(tx, &serde_json::from_str(&json)?)?;
        }
    }
    Ok(())
}

pub fn put_plan(
    tx: &Transaction<'_>,
    p: &simpul_core::maintenance_plan::MaintenancePlan,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO maintenance_plan (id, opd, record) VALUES (?1, ?2, ?3)
         ON CONFLICT(id) DO UPDATE SET opd=excluded.opd, record=excluded.record",
    )?
    .execute(params![p.id, p.opd, serde_json::to_string(p)?])?;
    Ok(())
}

pub fn put_maintenance(tx: &Transaction<'_>, m: &MaintenanceEntry) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO maintenance (id, asset_id, date, record) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(id) DO UPDATE SET asset_id=excluded.asset_id, date=excluded.date, record=excluded.record",
    )?
    .execute(params![m.id, m.asset_id, m.date, serde_json::to_string(m)?])?;
    Ok(())
}
