//! Bulk writes: a KIB B import (all rows or none) and the demo dataset.
//!
//! A bulk write makes one Automerge change per touched document and stores
//! all of them with every index row in one SQLite transaction, so an import
//! that fails half-way (bad row, full disk, power cut) leaves no trace.

use crate::error::StoreError;
use crate::index;
use crate::net_index;
use crate::replica::{now_rfc3339, DocWrite, Replica};
use chrono::{Datelike, Local};
use serde::{Deserialize, Serialize};
use simpul_core::cabling::demo::network as demo_network;
use simpul_core::cabling::{Cable, Node};
use simpul_core::kib::{KibRow, RowError};
use simpul_core::schema::{write_record, Collection};
use simpul_core::{demo, Asset, DocId, FieldError, Room, ValidationErrors};
use specta::Type;
use std::collections::{BTreeMap, HashMap};

/// Cables in the demo network: 3 for each of the first 24 panel ports.
const DEMO_CABLES: usize = 72;
/// Registrations the demo data submits.
const DEMO_REGISTRATIONS: usize = 6;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct ImportReport {
    pub imported: u32,
    /// Rows whose pre-108 kode barang was converted by the item's name.
    pub converted_old_codes: u32,
    /// Rows that got a nomor register because theirs was empty.
    pub numbered: u32,
    /// Human-readable notes about conversions, one per row affected.
    pub notes: Vec<String>,
}

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{} baris bermasalah; tidak ada yang diimpor", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ImportFailure> for simpul_core::ApiError {
    fn from(e: ImportFailure) -> Self {
        match e {
            ImportFailure::Rows(rows) => {
                let mut api = simpul_core::ApiError::new(
                    simpul_core::ErrorCode::Import,
                    format!("Impor dibatalkan: {} masalah ditemukan, tidak ada baris yang disimpan. Perbaiki berkasnya lalu impor lagi.", rows.len()),
                );
                api.rows = rows;
                api
            }
            ImportFailure::Store(s) => s.into(),
        }
    }
}

/// Progress callback: (done, total).
pub type Progress<'a> = &'a mut dyn FnMut(u32, u32);

fn room_key(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Replica {
    /// Imports KIB B rows: validates every row first and writes nothing if
    /// any row is wrong (every problem is reported, with its row number).
    pub fn import_rows(
        &mut self,
        rows: &[KibRow],
        progress: Progress<'_>,
    ) -> Result<ImportReport, ImportFailure> {
        let opd = self.profile()?.opd_code.clone();
        let year = Local::now().year();
        let rooms: HashMap<String, String> = self
            .rooms()?
            .into_iter()
            .flat_map(|r| {
                [
                    (room_key(&r.short_code()), r.id.clone()),
                    (room_key(&r.name), r.id.clone()),
                ]
            })
            .collect();
        let mut errors = Vec::new();
        let mut report = ImportReport::default();
        let mut next_reg: HashMap<String, u32> = HashMap::new();
        let mut assets = Vec::with_capacity(rows.len());
        let now = now_rfc3339();
        for row in rows {
            let mut input = row.input.clone();
            if !row.room.is_empty() {
                match rooms.get(&room_key(&row.room)) {
                    Some(id) => input.room_id = id.clone(),
                    None => errors.push(RowError::from_field(
                        row.row,
                        FieldError::new(
                            "room_id",
                            "room_id.unknown",
                            format!(
                                "Ruangan \"{}\" belum terdaftar; tambahkan di halaman Lokasi dulu.",
                                row.room
                            ),
                        ),
                    )),
                }
            }
            let base = Asset {
                id: uuid::Uuid::now_v7().to_string(),
                opd: opd.clone(),
                created_at: now.clone(),
                updated_at: now.clone(),
                ..Default::default()
            };
            match input.apply_to(&base, year) {
                Ok(mut a) => {
                    if !a.kode_barang_lama.is_empty() {
                        report.converted_old_codes += 1;
                        report.notes.push(format!(
                            "Baris {}: kode lama {} dikonversi ke {} ({}).",
                            row.row, a.kode_barang_lama, a.kode_barang, a.nama
                        ));
                    }
                    if a.nomor_register.is_empty() {
                        let n = match next_reg.get(&a.kode_barang) {
                            Some(n) => *n,
                            None => self.next_register(&a.kode_barang)?,
                        };
                        a.nomor_register = format!("{n:04}");
                        next_reg.insert(a.kode_barang.clone(), n + 1);
                        report.numbered += 1;
                    }
                    assets.push(a);
                }
                Err(ValidationErrors(errs)) => {
                    errors.extend(errs.into_iter().map(|e| RowError::from_field(row.row, e)))
                }
            }
        }
        if !errors.is_empty() {
            return Err(ImportFailure::Rows(errors));
        }
        if assets.is_empty() {
            return Err(ImportFailure::Rows(vec![RowError {
                row: 0,
                field: String::new(),
                message: "Berkas tidak berisi baris aset.".into(),
            }]));
        }
        self.write_assets_bulk(&assets, "import", progress)?;
        report.imported = u32::try_from(assets.len()).unwrap_or(u32::MAX);
        Ok(report)
    }

    /// Stores many assets: one change per shard document, one transaction.
    pub fn write_assets_bulk(
        &mut self,
        assets: &[Asset],
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
        let writes = by_doc
            .into_iter()
            .map(|(id, list)| DocWrite {
                id,
                note: note.clone(),
                apply: Box::new(move |tx| {
                    for a in list {
                        write_record(tx, Collection::Assets, &a.id, a)?;
                    }
                    Ok(())
                }),
            })
            .collect();
        let total = u32::try_from(assets.len()).unwrap_or(u32::MAX);
        self.write(writes, |tx| {
            for (i, a) in assets.iter().enumerate() {
                index::put_asset(tx, a)?;
                if i % 500 == 0 {
                    progress(u32::try_from(i).unwrap_or(0), total);
                }
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
                    for n in ns {
                        write_record(tx, Collection::Nodes, &n.id, n)?;
                    }
                    for c in cs {
                        write_record(tx, Collection::Cables, &c.id, c)?;
                    }
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
        self.write(
            vec![DocWrite {
                id: DocId::OpdMeta { opd },
                note,
                apply: Box::new(move |tx| {
                    for r in rooms {
                        write_record(tx, Collection::Rooms, &r.id, r)?;
                    }
                    Ok(())
                }),
            }],
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
                    id: uuid::Uuid::now_v7().to_string(),
                    opd: opd.clone(),
                    ..Default::default()
                };
                input.apply_to(&base).map_err(StoreError::from)
            })
            .collect::<Result<_, _>>()?;
        self.write_rooms_bulk(&rooms)?;
        let room_ids: Vec<String> = rooms.iter().map(|r| r.id.clone()).collect();
        let year = Local::now().year();
        let now = now_rfc3339();
        let mut next_reg: HashMap<String, u32> = HashMap::new();
        let assets = demo::assets(n, seed, &room_ids, year)
            .into_iter()
            .map(|input| {
                let base = Asset {
                    id: uuid::Uuid::now_v7().to_string(),
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
        let (nodes, cables) = demo_network(&opd, &rooms, DEMO_CABLES, seed, &mut || {
            uuid::Uuid::now_v7().to_string()
        });
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
