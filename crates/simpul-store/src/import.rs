//! Bulk writes: a KIB B import (all rows or none) and the demo dataset.
//!
//! An import is planned first by `simpul_core::kib::plan` (the same plan a
//! preview shows), then written: one Automerge change per touched document
//! and every index row in one SQLite transaction, so an import that fails
//! half-way (bad row, full disk, power cut) leaves no trace.

use crate::error::StoreError;
use crate::index;
use crate::net_index;
use crate::replica::{DocWrite, Replica};
use simpul_core::cabling::demo::network as demo_network;
use simpul_core::cabling::{Cable, Node};
use simpul_core::kib::{plan, ImportContext, ImportPlan, ImportSummary, KibTable};
use simpul_core::schema::{write_records, Collection};
use simpul_core::{demo, Asset, DocId, Registration, Room};
use std::collections::{BTreeMap, HashMap};

/// Cables in the demo network: 3 for each of the first 24 panel ports.
const DEMO_CABLES: usize = 72;
/// Registrations the demo data submits.
const DEMO_REGISTRATIONS: usize = 6;

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// Rows (or the file) are wrong; the summary lists every problem.
    #[error("{} masalah ditemukan; tidak ada yang diimpor", .0.errors.len())]
    Rows(Box<ImportSummary>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ImportFailure> for simpul_core::ApiError {
    fn from(e: ImportFailure) -> Self {
        match e {
            ImportFailure::Rows(summary) => {
                let mut api = simpul_core::ApiError::new(
                    simpul_core::ErrorCode::Import,
                    format!("Impor dibatalkan: {} masalah ditemukan, tidak ada baris yang disimpan. Perbaiki berkasnya lalu impor lagi.", summary.errors.len()),
                );
                api.rows = summary.errors;
                api
            }
            ImportFailure::Store(s) => s.into(),
        }
    }
}

/// Progress callback: (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(u32, u32);

impl Replica {
    /// What importing this table would do to the OPD's assets: the same
    /// plan [`Replica::import_table`] writes, so a preview checks all of it.
    pub fn import_plan(&self, table: &KibTable) -> Result<ImportPlan, StoreError> {
        let opd = self.profile()?.opd_code.clone();
        let existing = self.opd_assets(&opd)?;
        let rooms: Vec<Room> = self.rooms()?.into_iter().filter(|r| r.opd == opd).collect();
        let now = self.now_rfc3339();
        let ctx = ImportContext {
            opd: &opd,
            existing: &existing,
            rooms: &rooms,
            year: crate::clock::year(self.clock()),
            now: &now,
        };
        Ok(plan(table, &ctx, &mut || self.new_id()))
    }

    /// Imports a KIB B table: writes nothing if any row is wrong (every
    /// problem is reported, with its row number and column).
    pub fn import_table(
        &mut self,
        table: &KibTable,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, ImportFailure> {
        let plan = self.import_plan(table)?;
        self.import_planned(plan, progress)
    }

    /// Writes a plan made by [`Replica::import_plan`] (all rows or none).
    pub(crate) fn import_planned(
        &mut self,
        plan: ImportPlan,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, ImportFailure> {
        if !plan.is_ok() {
            return Err(ImportFailure::Rows(Box::new(plan.summary(false))));
        }
        let mut assets: Vec<Asset> = plan.added.iter().map(|(_, a)| a.clone()).collect();
        assets.extend(plan.updated.iter().map(|u| u.asset.clone()));
        if !assets.is_empty() {
            let follow = plan
                .updated
                .iter()
                .map(|u| self.registration_following(&u.asset))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
            self.write_assets_following(&assets, &follow, "import", progress)?;
        }
        Ok(plan.summary(true))
    }

    /// Every asset of one OPD, disposed ones included.
    pub fn opd_assets(&self, opd: &str) -> Result<Vec<Asset>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid WHERE a.opd = ?1",
        )?;
        let rows = stmt.query_map([opd], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    /// Stores many assets: one change per shard document, one transaction.
    pub fn write_assets_bulk(
        &mut self,
        assets: &[Asset],
        action: &str,
        progress: Progress<'_>,
    ) -> Result<(), StoreError> {
        self.write_assets_following(assets, &[], action, progress)
    }

    /// Stores many assets and the registrations that follow their new
    /// addresses (back to Diskominfo's queue), in one transaction.
    fn write_assets_following(
        &mut self,
        assets: &[Asset],
        registrations: &[Registration],
        action: &str,
        progress: Progress<'_>,
    ) -> Result<(), StoreError> {
        let mut by_doc: BTreeMap<DocId, Vec<&Asset>> = BTreeMap::new();
        for a in assets {
            by_doc
                .entry(DocId::for_asset(&a.opd, &a.id))
                .or_default()
                .push(a);
        }
        let note = self.note(action, Vec::new())?;
        let mut writes: Vec<DocWrite<'_>> = by_doc
            .into_iter()
            .map(|(id, list)| {
                let records = list.into_iter().map(|a| (a.id.as_str(), a)).collect();
                DocWrite::records(id, note.clone(), Collection::Assets, records)
            })
            .collect();
        for reg in registrations {
            writes.push(self.resubmission(reg)?);
        }
        let total = u32::try_from(assets.len()).unwrap_or(u32::MAX);
        self.write_alongside(writes, |tx| {
            let mut marks = crate::checks::Marks::default();
            for (i, a) in assets.iter().enumerate() {
                index::put_asset_marking(tx, a, &mut marks)?;
                if i % 500 == 0 {
                    progress(u32::try_from(i).unwrap_or(0), total);
                }
            }
            marks.flush(tx)?;
            for reg in registrations {
                crate::regency_index::put_registration(tx, reg)?;
            }
            progress(total, total);
            Ok(())
        })
    }

    /// Stores many nodes and cables (already valid: the demo network, a
    /// benchmark) as one change per network shard.
    pub fn write_network_bulk(
        &mut self,
        nodes: &[Node],
        cables: &[Cable],
        action: &str,
    ) -> Result<(), StoreError> {
        let mut by_doc: BTreeMap<DocId, (Vec<&Node>, Vec<&Cable>)> = BTreeMap::new();
        for n in nodes {
            by_doc
                .entry(DocId::for_network(&n.opd, &n.id))
                .or_default()
                .0
                .push(n);
        }
        for c in cables {
            by_doc
                .entry(DocId::for_network(&c.opd, &c.id))
                .or_default()
                .1
                .push(c);
        }
        let note = self.note(action, Vec::new())?;
        let writes = by_doc
            .into_iter()
            .map(|(id, (ns, cs))| DocWrite {
                id,
                note: note.clone(),
                apply: Box::new(move |tx| {
                    write_records(
                        tx,
                        Collection::Nodes,
                        ns.iter().map(|n| (n.id.as_str(), *n)),
                    )?;
                    write_records(
                        tx,
                        Collection::Cables,
                        cs.iter().map(|c| (c.id.as_str(), *c)),
                    )?;
                    Ok(())
                }),
            })
            .collect();
        self.write(writes, |tx| {
            nodes.iter().try_for_each(|n| net_index::put_node(tx, n))?;
            cables.iter().try_for_each(|c| net_index::put_cable(tx, c))
        })
    }

    /// Stores many rooms in the OPD's meta document as one change.
    pub fn write_rooms_bulk(&mut self, rooms: &[Room]) -> Result<(), StoreError> {
        let opd = self.profile()?.opd_code.clone();
        let note = self.note("room.import", Vec::new())?;
        let records = rooms.iter().map(|r| (r.id.as_str(), r)).collect();
        self.write(
            vec![DocWrite::records(
                DocId::OpdMeta { opd },
                note,
                Collection::Rooms,
                records,
            )],
            |tx| rooms.iter().try_for_each(|r| index::put_room(tx, r)),
        )
    }

    /// Opens the demo: sets the demo profile on a replica not set up yet and
    /// fills it with `n` assets when it holds none. Returns whether demo data
    /// was written (false: the replica already had assets, left as they are).
    pub fn start_demo(
        &mut self,
        n: usize,
        seed: u64,
        progress: Progress<'_>,
    ) -> Result<bool, StoreError> {
        if !self.is_configured() {
            self.setup(&crate::ProfileInput::demo())?;
        }
        let s = self.stats()?;
        if s.total + s.disposed > 0 {
            return Ok(false);
        }
        self.load_demo(n, seed, progress)?;
        Ok(true)
    }

    /// Fills an empty replica with the demo OPD's rooms and `n` assets.
    pub fn load_demo(
        &mut self,
        n: usize,
        seed: u64,
        progress: Progress<'_>,
    ) -> Result<(), StoreError> {
        let opd = self.profile()?.opd_code.clone();
        let rooms: Vec<Room> = demo::rooms()
            .iter()
            .map(|input| {
                let base = Room {
                    id: self.new_id(),
                    opd: opd.clone(),
                    ..Default::default()
                };
                input.apply_to(&base).map_err(StoreError::from)
            })
            .collect::<Result<_, _>>()?;
        self.write_rooms_bulk(&rooms)?;
        let room_ids: Vec<String> = rooms.iter().map(|r| r.id.clone()).collect();
        let year = crate::clock::year(self.clock());
        let now = self.now_rfc3339();
        let mut next_reg: HashMap<String, u32> = HashMap::new();
        let assets = demo::assets(n, seed, &room_ids, year)
            .into_iter()
            .map(|input| {
                let base = Asset {
                    id: self.new_id(),
                    opd: opd.clone(),
                    created_at: now.clone(),
                    updated_at: now.clone(),
                    ..Default::default()
                };
                let mut a = input.apply_to(&base, year)?;
                let reg = next_reg.entry(a.kode_barang.clone()).or_insert(0);
                *reg += 1;
                a.nomor_register = format!("{reg:04}");
                Ok(a)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        self.write_assets_bulk(&assets, "demo", progress)?;
        let (nodes, cables) = demo_network(&opd, &rooms, DEMO_CABLES, seed, &mut || self.new_id());
        self.write_network_bulk(&nodes, &cables, "demo")?;
        // A few computers already submitted for network registration.
        for a in assets
            .iter()
            .filter(|a| !a.ip.is_empty() && !a.mac.is_empty() && !a.hostname.is_empty())
            .take(DEMO_REGISTRATIONS)
        {
            self.register(&simpul_core::RegistrationInput {
                asset_id: a.id.clone(),
                macs: a.mac.clone(),
                hostname: a.hostname.clone(),
                ip: a.ip.clone(),
                purpose: "Akses SIMPUS, e-mail dinas dan internet".into(),
            })?;
        }
        Ok(())
    }
}
