//! The conflict inbox in the index, kept current incrementally.
//!
//! Every index write marks the [`CheckKey`]s the record had before and has
//! after (its IP, MACs, hostname, serial, nomor register, cable ends and
//! code, a node's or room's code) in
//! `check_dirty`; [`recheck`] then recomputes just those keys, in the same
//! SQLite transaction as the write or merge, so the inbox never lags the
//! data. Concurrent field values need the Automerge document, so the write
//! and sync paths read them with [`field_values_of`] and store them with
//! [`put_fields`].
//!
//! `mark` finds the keys, `evaluate` recomputes one key, `held_twice`
//! rules out, for a recheck of many keys, those only one record holds,
//! and `fields` handles concurrent values.

mod evaluate;
mod fields;
mod held_twice;
mod mark;

pub(crate) use evaluate::holders;
pub(crate) use fields::{field_values_of, put_fields, FieldValues};
pub(crate) use mark::{
    mark_all, mark_asset, mark_cable, mark_node, mark_pools_of, mark_room, put_claims,
    put_new_asset, Claims, Marks,
};

use crate::error::StoreError;
use rusqlite::{params, Transaction};
use simpul_core::checks::{CheckKey, Conflict};
use std::collections::HashSet;

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
    // Many keys: skip those only one record holds and the inbox does not
    // list (evaluating them would find, and remove, nothing).
    let grouped = if held_twice::HeldTwice::pays(tx, keys.len())? {
        let listed: HashSet<String> = tx
            .prepare("SELECT key FROM conflict")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Some((held_twice::HeldTwice::read(tx)?, listed))
    } else {
        None
    };
    let mut pools = evaluate::PoolCache::default();
    for key in &keys {
        let Ok(parsed) = key.parse::<CheckKey>() else {
            continue;
        };
        if matches!(parsed, CheckKey::Fields { .. }) {
            continue;
        }
        if let Some((held, listed)) = &grouped {
            if held.rules_out(key, &parsed) && !listed.contains(key) {
                continue;
            }
        }
        let found = evaluate::evaluate(tx, key, &parsed, &mut pools)?;
        store(tx, key, found.as_ref())?;
    }
    Ok(keys.len())
}

pub(super) fn store(
    tx: &Transaction<'_>,
    key: &str,
    found: Option<&Conflict>,
) -> Result<(), StoreError> {
    match found {
        None => {
            tx.prepare_cached("DELETE FROM conflict WHERE key = ?1")?
                .execute(params![key])?;
        }
        Some(c) => {
            let opds = format!(",{},", c.opds().join(","));
            tx.prepare_cached(
                "INSERT INTO conflict (key, kind, opds, record, found_at)
                 VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, opds = excluded.opds, record = excluded.record",
            )?
            .execute(params![
                key,
                c.kind.key(),
                opds,
                serde_json::to_string(c)?,
            ])?;
        }
    }
    Ok(())
}
