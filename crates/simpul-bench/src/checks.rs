//! The conflict-check benchmark: a Diskominfo replica of N assets (five
//! OPDs of 20,000, each with its IP pool) and C cables; then
//!
//! - `full_check_ms`: every check recomputed from the index;
//! - `recheck_ms`: the checks rerun when a merge brings `--edits` changes
//!   from another device (IP, serial and nomor register edits, a third of
//!   them making a duplicate), measured inside the merge transaction;
//! - `merge_ms`: the whole merge, for scale.
//!
//! The other device is a copy of the replica file with its own actor id and
//! the copy's document heads recorded as shared with the first, which is
//! what two devices look like after a sync. Its edits then travel as a
//! bundle, the same path a USB stick takes.

use crate::stats::round2;
use anyhow::{Context, Result};
use automerge::sync::State;
use automerge::Automerge;
use rusqlite::{params, Connection};
use simpul_core::regency::{IpPoolInput, OpdEntryInput};
use simpul_core::AssetInput;
use simpul_store::{AssetQuery, Replica, ServerLink};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 100_000)]
    assets: usize,
    #[arg(long, default_value_t = 100_000)]
    cables: usize,
    #[arg(long, default_value_t = 100)]
    edits: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    json: bool,
}

const PEER: &str = "bench-peer";

/// Enrolls a bench replica with the Diskominfo scope (no server runs).
pub fn as_diskominfo(r: &mut Replica) -> Result<()> {
    r.set_server(&ServerLink {
        address: "127.0.0.1:9".into(),
        device_id: "bench".into(),
        diskominfo: true,
        token: "bench".into(),
        ca_pem: None,
    })?;
    Ok(())
}

/// Gives the copy its own actor and records every document's heads as
/// shared with [`PEER`].
fn make_second_device(path: &std::path::Path) -> Result<()> {
    let conn = Connection::open(path)?;
    let actor = automerge::ActorId::random().to_hex_string();
    conn.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'actor'",
        params![actor],
    )?;
    let ids: Vec<String> = conn
        .prepare("SELECT DISTINCT doc_id FROM chunk")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        let chunks: Vec<Vec<u8>> = conn
            .prepare("SELECT bytes FROM chunk WHERE doc_id = ?1 ORDER BY id")?
            .query_map(params![id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut doc = Automerge::new();
        for c in &chunks {
            doc.load_incremental(c)?;
        }
        let mut state = State::new();
        state.shared_heads = doc.get_heads();
        conn.execute(
            "INSERT INTO sync_state (peer, doc_id, state) VALUES (?1, ?2, ?3)",
            params![PEER, id, state.encode()],
        )?;
    }
    Ok(())
}

pub fn run(a: Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("kominfo.db");
    crate::replica::build(&db, a.assets, crate::replica::PER_OPD, a.cables, a.seed)?;
    let opds: Vec<(String, usize)> = {
        let mut r = Replica::open(&db)?;
        as_diskominfo(&mut r)?;
        let mut opds = Vec::new();
        for (k, code) in crate::replica::OPD_CODES
            .iter()
            .enumerate()
            .take(a.assets.div_ceil(20_000))
        {
            r.save_opd_entry(&OpdEntryInput {
                code: (*code).into(),
                name: (*code).into(),
            })?;
            r.save_pool(&IpPoolInput {
                opd: (*code).into(),
                cidr: format!("10.{}.0.0/16", 20 + k),
                gateway: format!("10.{}.0.1", 20 + k),
                ..Default::default()
            })?;
            opds.push(((*code).to_owned(), k));
        }
        opds
    };
    let copy = dir.path().join("second.db");
    std::fs::copy(&db, &copy)?;
    make_second_device(&copy)?;

    let mut first = Replica::open(&db)?;
    let started = Instant::now();
    let full_keys = first.full_check()?;
    let full_check_ms = started.elapsed().as_secs_f64() * 1000.0;
    let conflicts_before = first.conflict_count()?;
    let mut by_kind = std::collections::BTreeMap::<&str, u32>::new();
    for c in first.conflicts()? {
        *by_kind.entry(c.kind.key()).or_default() += 1;
    }

    // The other device edits `edits` assets offline.
    let mut second = Replica::open(&copy)?;
    as_diskominfo(&mut second)?;
    let rows = second
        .assets(&AssetQuery {
            limit: u32::try_from(a.edits * 2).unwrap_or(u32::MAX),
            ..Default::default()
        })?
        .rows;
    anyhow::ensure!(rows.len() >= a.edits, "only {} assets", rows.len());
    let taken: Vec<String> = rows[a.edits..]
        .iter()
        .map(|r| r.ip.clone())
        .filter(|ip| !ip.is_empty())
        .collect();
    anyhow::ensure!(!taken.is_empty(), "no networked assets to collide with");
    let mut rng = fastrand::Rng::with_seed(a.seed);
    for (i, row) in rows.iter().take(a.edits).enumerate() {
        let asset = second.asset(&row.id)?;
        let mut input = AssetInput::from_asset(&asset);
        match i % 3 {
            // An address another asset has: a duplicate IP.
            0 => input.ip = taken[i % taken.len()].clone(),
            1 => input.nomor_pabrik = format!("SN-BENCH-{}", rng.u32(..)),
            _ => input.keterangan = format!("diperiksa {i}"),
        }
        second
            .save_asset(&input)
            .with_context(|| format!("edit {i}"))?;
    }
    let docs = second.bundle_changes(PEER)?;
    let started = Instant::now();
    let applied = first.bundle_apply(&docs, &[], &[])?;
    let merge_ms = started.elapsed().as_secs_f64() * 1000.0;
    let result = serde_json::json!({
        "assets": a.assets,
        "cables": a.cables,
        "edits": a.edits,
        "opds": opds.len(),
        "full_check_ms": round2(full_check_ms),
        "full_check_keys": full_keys,
        "conflicts": conflicts_before,
        "conflicts_by_kind": by_kind,
        "recheck_ms": round2(applied.checks.micros as f64 / 1000.0),
        "recheck_keys": applied.checks.keys,
        "merged_records": applied.changed_records,
        "merge_ms": round2(merge_ms),
        "conflicts_after": first.conflict_count()?,
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}
