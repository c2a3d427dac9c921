//! Which register, serial and address keys more than one record holds,
//! read with one grouping query per kind: a recheck of many keys (a bulk
//! import, a large merge) evaluates only those, and the keys already in
//! the inbox, instead of looking up every key one by one.

use crate::error::StoreError;
use rusqlite::{Connection, Transaction};
use simpul_core::checks::CheckKey;
use simpul_core::nomor_register;
use std::collections::HashSet;

/// Keys held more than once, by kind.
#[derive(Debug, Default)]
pub(super) struct HeldTwice {
    registers: HashSet<(String, String, String)>,
    serials: HashSet<String>,
    claims: HashSet<(String, String)>,
}

/// A recheck of at least this many keys, and of more than one key for
/// every [`ROWS_PER_KEY`] asset rows, groups first: below it, looking
/// up each key costs less than grouping every row.
pub(super) const GROUPED_FROM: usize = 2_000;
pub(super) const ROWS_PER_KEY: i64 = 8;

impl HeldTwice {
    /// Whether grouping first pays for a recheck of `keys` keys.
    pub(super) fn pays(conn: &Connection, keys: usize) -> Result<bool, StoreError> {
        if keys < GROUPED_FROM {
            return Ok(false);
        }
        // The largest rowid bounds the number of rows without counting them.
        let rows: i64 = conn.query_row("SELECT coalesce(max(rowid), 0) FROM asset", [], |r| {
            r.get(0)
        })?;
        Ok(i64::try_from(keys)
            .unwrap_or(i64::MAX)
            .saturating_mul(ROWS_PER_KEY)
            > rows)
    }

    pub(super) fn read(tx: &Transaction<'_>) -> Result<HeldTwice, StoreError> {
        let registers = tx
            .prepare(&format!(
                "SELECT opd, kode_barang, {key} FROM asset
                 GROUP BY opd, kode_barang, {key} HAVING count(*) > 1",
                key = nomor_register::SQL_KEY
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let serials = tx
            .prepare(
                "SELECT nomor_pabrik FROM asset WHERE nomor_pabrik <> ''
                 GROUP BY nomor_pabrik HAVING count(*) > 1",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let claims = tx
            .prepare(
                "SELECT kind, value FROM net_claim
                 GROUP BY kind, value HAVING count(DISTINCT asset_id) > 1",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(HeldTwice {
            registers,
            serials,
            claims,
        })
    }

    /// Whether `key` cannot hold a duplicate now: one record at most
    /// holds it. Keys of other kinds are never ruled out.
    pub(super) fn rules_out(&self, key: &CheckKey) -> bool {
        let claim = |kind: &str, v: &str| !self.claims.contains(&(kind.to_owned(), v.to_owned()));
        match key {
            CheckKey::Register { opd, kode, nomor } => {
                !self
                    .registers
                    .contains(&(opd.clone(), kode.clone(), nomor.clone()))
            }
            CheckKey::Serial(s) => !self.serials.contains(s),
            CheckKey::Ip(v) => claim("ip", v),
            CheckKey::Mac(v) => claim("mac", v),
            CheckKey::Host(v) => claim("host", v),
            _ => false,
        }
    }
}
