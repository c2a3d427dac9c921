//! Which register, serial and address keys more than one record holds,
//! read with one grouping query ([`super::mark::held_twice_sql`], the one
//! a full check marks from): a recheck of many keys (a bulk import, a
//! large merge) evaluates only those of these kinds, and the keys already
//! in the inbox, instead of looking up every key one by one.

use crate::error::StoreError;
use rusqlite::{Connection, Transaction};
use simpul_core::checks::CheckKey;
use std::collections::HashSet;

/// Keys held more than once, as [`CheckKey`] strings.
#[derive(Debug, Default)]
pub(super) struct HeldTwice(HashSet<String>);

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
        let keys = tx
            .prepare(&super::mark::held_twice_sql())?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(HeldTwice(keys))
    }

    /// Whether `key` (`parsed`) cannot hold a duplicate now: at most one
    /// record holds it. Keys of other kinds are never ruled out.
    pub(super) fn rules_out(&self, key: &str, parsed: &CheckKey) -> bool {
        match parsed {
            CheckKey::Register { .. }
            | CheckKey::Serial(_)
            | CheckKey::Ip(_)
            | CheckKey::Mac(_)
            | CheckKey::Host(_) => !self.0.contains(key),
            _ => false,
        }
    }
}
