//! Asset list queries: search as you type (FTS5 prefix match), filters,
//! sort and paging for a virtualized list. Reads only the index.

use crate::error::StoreError;
use crate::index::DISPOSED_TOKEN;
use rusqlite::OptionalExtension;
use rusqlite::{params_from_iter, types::Value, Connection};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Newest first (the order assets were added to this replica). The
    /// default: with a search it reads matches straight from the FTS index
    /// and stops at the page, whatever the number of matches.
    #[default]
    Terbaru,
    Nama,
    Register,
    Tahun,
    Harga,
    Kondisi,
    Ruangan,
    Pemegang,
    Diubah,
}

impl SortKey {
    fn sql(self) -> &'static str {
        match self {
            SortKey::Terbaru => "a.rowid",
            SortKey::Nama => "a.nama",
            SortKey::Register => "a.kode_barang, a.nomor_register",
            SortKey::Tahun => "a.tahun",
            SortKey::Harga => "a.harga",
            SortKey::Kondisi => "a.condition",
            SortKey::Ruangan => "r.short_code",
            SortKey::Pemegang => "a.holder_name",
            SortKey::Diubah => "a.updated_at",
        }
    }
}

/// What the list shows: text, filters, sort and the page wanted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct AssetQuery {
    /// Words typed in the search box; each must match a prefix of a word of
    /// the asset (name, brand, register, serial, holder, room, host, IP, MAC).
    pub text: String,
    /// `B`, `KB`, `RB` or empty.
    pub condition: String,
    /// A lifecycle (`aktif`, ...) or empty for all but disposed ones.
    pub lifecycle: String,
    /// A category label or empty.
    pub category: String,
    pub room_id: String,
    /// An OPD code (the merged view of a Diskominfo device) or empty.
    pub opd: String,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// One line of the asset list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AssetRow {
    pub id: String,
    pub opd: String,
    pub kode_barang: String,
    pub category: String,
    pub nama: String,
    pub nomor_register: String,
    pub merk_type: String,
    pub nomor_pabrik: String,
    pub tahun: Option<i32>,
    pub harga: Option<i64>,
    pub room: String,
    pub holder_name: String,
    pub condition: String,
    pub lifecycle: String,
    pub ip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AssetPage {
    /// How many assets match in all.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<AssetRow>,
}

/// The FTS5 query for typed text: every word as a quoted prefix.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// How a query runs: the FROM clause, the conditions, and whether the
/// count can come from the FTS index alone.
struct Plan {
    from: &'static str,
    conds: Vec<String>,
    args: Vec<Value>,
    /// The MATCH expression when text is the only filter.
    fts_only: Option<String>,
    /// No filter at all beyond "not disposed".
    unfiltered: bool,
}

fn plan(q: &AssetQuery) -> Plan {
    let mut conds = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let default_lifecycle = q.lifecycle.is_empty();
    let text = fts_query(&q.text).map(|m| {
        if default_lifecycle {
            format!("({m}) NOT {DISPOSED_TOKEN}")
        } else {
            m
        }
    });
    let from = if let Some(m) = &text {
        conds.push("asset_fts MATCH ?".to_owned());
        args.push(m.clone().into());
        "asset_fts f JOIN asset a ON a.rowid = f.rowid"
    } else {
        if default_lifecycle {
            conds.push("a.lifecycle <> 'dihapus'".into());
        }
        "asset a"
    };
    if !default_lifecycle && q.lifecycle != "semua" {
        conds.push("a.lifecycle = ?".into());
        args.push(q.lifecycle.clone().into());
    }
    let others = [
        ("a.condition", &q.condition),
        ("a.category", &q.category),
        ("a.room_id", &q.room_id),
        ("a.opd", &q.opd),
    ];
    let mut filtered = !default_lifecycle;
    for (col, v) in others {
        if !v.is_empty() {
            conds.push(format!("{col} = ?"));
            args.push(v.clone().into());
            filtered = true;
        }
    }
    Plan {
        from,
        conds,
        args,
        fts_only: text.filter(|_| !filtered),
        unfiltered: !filtered && q.text.trim().is_empty(),
    }
}

fn where_sql(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    }
}

fn count(conn: &Connection, p: &Plan) -> Result<u32, StoreError> {
    let sql = if p.fts_only.is_some() {
        "SELECT count(*) FROM asset_fts WHERE asset_fts MATCH ?".to_owned()
    } else if p.unfiltered {
        "SELECT (SELECT count(*) FROM asset) - (SELECT count(*) FROM asset WHERE lifecycle = 'dihapus')".to_owned()
    } else {
        format!("SELECT count(*) FROM {} {}", p.from, where_sql(&p.conds))
    };
    let args: &[Value] = if p.unfiltered { &[] } else { &p.args };
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(args.iter()), |r| r.get(0))?)
}

/// The ids of every asset a list query matches, in no set order.
pub fn matching_ids(conn: &Connection, q: &AssetQuery) -> Result<Vec<String>, StoreError> {
    let p = plan(q);
    let sql = format!("SELECT a.id FROM {} {}", p.from, where_sql(&p.conds));
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map(params_from_iter(p.args.iter()), |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

/// Runs a list query against the index.
pub fn assets(conn: &Connection, q: &AssetQuery) -> Result<AssetPage, StoreError> {
    let p = plan(q);
    let total = count(conn, &p)?;
    // Terbaru is newest first; `descending` flips it to oldest first.
    let desc = if q.sort == SortKey::Terbaru {
        !q.descending
    } else {
        q.descending
    };
    let dir = if desc { "DESC" } else { "ASC" };
    let order = match q.sort {
        SortKey::Terbaru if p.fts_only.is_some() || p.from.starts_with("asset_fts") => {
            format!("f.rowid {dir}")
        }
        SortKey::Terbaru => format!("a.rowid {dir}"),
        other => format!(
            "{}, a.rowid {dir}",
            other
                .sql()
                .split(", ")
                .map(|c| format!("{c} {dir}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let join = if q.sort == SortKey::Ruangan {
        "LEFT JOIN room r ON r.id = a.room_id"
    } else {
        ""
    };
    let filter = where_sql(&p.conds);
    let sql = format!(
        "SELECT a.id, a.opd, a.kode_barang, a.category, a.nama, a.nomor_register, a.merk_type, a.nomor_pabrik, a.tahun, a.harga,
                (SELECT short_code || ' ' || name FROM room WHERE id = a.room_id), a.holder_name, a.condition, a.lifecycle, a.ip
         FROM {} {join} {filter} ORDER BY {order} LIMIT ? OFFSET ?",
        p.from
    );
    let limit = if q.limit == 0 { 100 } else { q.limit.min(1000) };
    let mut all = p.args;
    all.push(i64::from(limit).into());
    all.push(i64::from(q.offset).into());
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(all.iter()), |r| {
            Ok(AssetRow {
                id: r.get(0)?,
                opd: r.get(1)?,
                kode_barang: r.get(2)?,
                category: r.get(3)?,
                nama: r.get(4)?,
                nomor_register: r.get(5)?,
                merk_type: r.get(6)?,
                nomor_pabrik: r.get(7)?,
                tahun: r.get(8)?,
                harga: r.get(9)?,
                room: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                holder_name: r.get(11)?,
                condition: r.get(12)?,
                lifecycle: r.get(13)?,
                ip: r.get(14)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AssetPage {
        total,
        offset: q.offset,
        rows,
    })
}

/// The asset a scanned or typed code names exactly: its serial number,
/// its tag `kode_barang.nomor_register`, or its id.
pub fn lookup_code(conn: &Connection, code: &str) -> Result<Option<String>, StoreError> {
    lookup_code_in(conn, code, None)
}

/// [`lookup_code`] among one OPD's assets (`None`: every OPD's).
pub fn lookup_code_in(
    conn: &Connection,
    code: &str,
    opd: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let code = code.trim();
    if code.len() < 3 {
        return Ok(None);
    }
    // An asset tag's barcode: the id itself, as digits.
    if let Some(id) = simpul_core::asset_tag::asset_id_of(code) {
        let found: Option<String> = conn
            .prepare_cached("SELECT id FROM asset WHERE id = ?1 AND (?2 IS NULL OR opd = ?2)")?
            .query_row(rusqlite::params![id, opd], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM asset WHERE nomor_pabrik = ?1 AND (?4 IS NULL OR opd = ?4)
         UNION SELECT id FROM asset WHERE id = ?1 AND (?4 IS NULL OR opd = ?4)
         UNION SELECT id FROM asset WHERE kode_barang = ?2 AND nomor_register = ?3
           AND (?4 IS NULL OR opd = ?4) LIMIT 2",
    )?;
    let (kode, reg) = code.rsplit_once('.').unwrap_or(("", ""));
    let ids = stmt
        .query_map(rusqlite::params![code, kode, reg, opd], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if ids.len() == 1 {
        ids.into_iter().next()
    } else {
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_quotes_every_word_as_prefix() {
        assert_eq!(
            fts_query("  lenovo  sit ").as_deref(),
            Some("\"lenovo\"* \"sit\"*")
        );
        assert_eq!(fts_query("10.20.1").as_deref(), Some("\"10.20.1\"*"));
        assert_eq!(fts_query("a\"b").as_deref(), Some("\"a\"\"b\"*"));
        assert_eq!(fts_query(" \" ( "), None);
    }
}
