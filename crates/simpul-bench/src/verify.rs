//! The verify benchmark: a server database holding N signed changes of one
//! device (spread over an OPD's asset shards), then `simpul admin verify`
//! over it: every change's signature re-checked against its device's key.

use crate::stats::{peak_rss_mb, round2};
use anyhow::Result;
use automerge::ActorId;
use simpul_core::schema::{
    commit_options, genesis_for, write_record, ChangeNote, Collection, SchemaError,
};
use simpul_core::{Asset, DocId};
use simpul_server::{Admin, HubStore, RoundWrite, SqliteHubStore};
use simpul_sync::signature::KeyPair;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 100_000)]
    changes: usize,
    /// Documents the changes are spread over.
    #[arg(long, default_value_t = 16)]
    docs: u8,
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("server.db");
    let mut store = SqliteHubStore::open(&db)?;
    let actor = ActorId::random();
    // A benchmark key needs no secrecy.
    let key = KeyPair::from_seed([7; 32]);
    let mut admin = Admin::new(&mut store);
    admin.add_opd("DINKES", "Dinas Kesehatan")?;
    let code = admin.enroll_code(Some("DINKES"), 1)?.code;
    let (device, _) = admin.enroll(
        &code,
        "bench",
        &actor.to_hex_string(),
        Some(&key.public_hex()),
    )?;
    let device_id = device.id;

    let started = Instant::now();
    let per_doc = a.changes.div_ceil(usize::from(a.docs.max(1)));
    let mut written = 0;
    for shard in 0..a.docs.max(1) {
        let id = DocId::Assets {
            opd: "DINKES".into(),
            shard,
        };
        let mut doc = genesis_for(&id).with_actor(actor.clone());
        let mut signatures = Vec::with_capacity(per_doc);
        for i in 0..per_doc.min(a.changes - written) {
            let rid = format!("a{shard}-{}", i % 500);
            let asset = Asset {
                id: rid.clone(),
                opd: "DINKES".into(),
                nama: format!("Laptop {i}"),
                ..Default::default()
            };
            let note = ChangeNote {
                action: "asset.update".into(),
                records: vec![rid.clone()],
                device: "bench".into(),
            };
            let done = doc
                .transact_with::<_, _, SchemaError, _>(
                    |_| commit_options(&note, i as i64),
                    |tx| write_record(tx, Collection::Assets, &rid, &asset).map(|_| ()),
                )
                .map_err(|f| anyhow::anyhow!("{}", f.error))?;
            if let Some(h) = done.hash {
                signatures.push((id.clone(), key.sign(&h)));
            }
        }
        written += signatures.len();
        let docs = [(id.clone(), doc.save())];
        store.commit_round(
            &RoundWrite {
                device: &device_id,
                docs: &docs,
                states: &[],
                signatures: &signatures,
                device_key: None,
                audit: &[],
                certificates: &[],
            },
            0,
        )?;
    }
    let build_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let report = Admin::new(&mut store).verify()?;
    let verify_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.ok() && report.verified == written,
        "verify: {report:?}"
    );
    let result = serde_json::json!({
        "changes": written,
        "docs": a.docs,
        "build_s": round2(build_s),
        "verify_s": round2(verify_s),
        "changes_per_s": (written as f64 / verify_s).round(),
        "peak_rss_mb": round2(peak_rss_mb()),
    });
    crate::stats::emit(&result, a.json)?;
    Ok(())
}
