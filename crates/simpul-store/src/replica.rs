//! [`Replica`]: the local store of one device.

use crate::checks;
use crate::doc_store::{self, DocCache};
use crate::error::StoreError;
use crate::index;
use crate::profile::{Profile, ProfileInput};
use crate::query::{self, AssetPage, AssetQuery};
use crate::stats::{self, Stats};
use automerge::transaction::Transaction;
use automerge::{ActorId, Automerge};
use chrono::{Datelike, Local, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use simpul_core::history::{record_history, HistoryEntry};
use simpul_core::nomor_register;
use simpul_core::schema::{commit_options, write_record, ChangeNote, Collection, SchemaError};
use simpul_core::{
    Asset, AssetInput, DocId, FieldError, MaintenanceEntry, MaintenanceInput, Room, RoomInput,
    ValidationErrors,
};
use specta::Type;
use std::path::{Path, PathBuf};

/// Documents kept in memory: every asset and network shard of one OPD plus
/// its meta document.
/// Records a write may name and still get its concurrent-edit check.
const FIELD_CHECKS_PER_WRITE: usize = 64;

const DOC_CACHE: usize = 2 * simpul_core::doc_id::ASSET_SHARDS as usize + 3;

/// An asset with everything its detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AssetDetail {
    pub asset: Asset,
    pub room: Option<simpul_core::RoomView>,
    pub history: Vec<HistoryEntry>,
    pub maintenance: Vec<MaintenanceEntry>,
}

/// What a write does inside one document's transaction.
pub(crate) type DocEdit<'a> =
    Box<dyn FnOnce(&mut Transaction<'_>) -> Result<(), SchemaError> + Send + 'a>;

/// One document edit of a write: which document, and what to do in it.
pub(crate) struct DocWrite<'a> {
    pub id: DocId,
    pub note: ChangeNote,
    pub apply: DocEdit<'a>,
}

/// The local replica: SQLite connection, profile and document cache.
#[derive(Debug)]
pub struct Replica {
    pub(crate) conn: Connection,
    path: PathBuf,
    profile: Option<Profile>,
    pub(crate) docs: DocCache,
}

pub(crate) fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Replica {
    /// Opens (or creates) the replica at `path`.
    pub fn open(path: &Path) -> Result<Replica, StoreError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 32 MB of page cache (the default is 2 MB): a KIB B import of 20,000
        // rows touches a dozen asset indexes and would otherwise reread
        // pages from disk for each row.
        conn.pragma_update(None, "cache_size", -32_000)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        crate::migrations::migrate(&mut conn)?;
        let mut replica = Replica {
            conn,
            path: path.to_owned(),
            profile: None,
            docs: DocCache::new(DOC_CACHE),
        };
        replica.profile = replica.read_profile()?;
        replica.ensure_checks()?;
        Ok(replica)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row(params![key], |r| r.get(0))
            .optional()?)
    }

    fn read_profile(&self) -> Result<Option<Profile>, StoreError> {
        let Some(opd_code) = self.meta("opd_code")? else {
            return Ok(None);
        };
        let get = |k: &str| -> Result<String, StoreError> { Ok(self.meta(k)?.unwrap_or_default()) };
        Ok(Some(Profile {
            regency: get("regency")?,
            opd_code,
            opd_name: get("opd_name")?,
            device_name: get("device_name")?,
            language: get("language")?,
            actor: get("actor")?,
        }))
    }

    /// The profile, or [`StoreError::NotConfigured`] before the first-run setup.
    pub fn profile(&self) -> Result<&Profile, StoreError> {
        self.profile.as_ref().ok_or(StoreError::NotConfigured)
    }

    pub fn is_configured(&self) -> bool {
        self.profile.is_some()
    }

    /// First-run setup, or a later change of names and language. The OPD
    /// code and the device's actor id are fixed once chosen.
    pub fn setup(&mut self, input: &ProfileInput) -> Result<Profile, StoreError> {
        let mut p = input.validate()?;
        if let Some(old) = &self.profile {
            if old.opd_code != p.opd_code {
                return Err(ValidationErrors(vec![FieldError::new(
                    "opd_code",
                    "opd_code.fixed",
                    "Kode OPD tidak dapat diubah setelah data tersimpan.",
                )])
                .into());
            }
            p.opd_code = old.opd_code.clone();
        }
        let actor = match &self.profile {
            Some(old) => old.actor.clone(),
            None => ActorId::random().to_hex_string(),
        };
        let tx = self.conn.transaction()?;
        for (k, v) in [
            ("regency", &p.regency),
            ("opd_code", &p.opd_code),
            ("opd_name", &p.opd_name),
            ("device_name", &p.device_name),
            ("language", &p.language),
            ("actor", &actor),
        ] {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![k, v])?;
        }
        tx.commit()?;
        self.profile = self.read_profile()?;
        Ok(self.profile()?.clone())
    }

    pub(crate) fn actor(&self) -> Result<ActorId, StoreError> {
        let hex = &self.profile()?.actor;
        ActorId::try_from(hex.as_str()).map_err(|_| StoreError::NotConfigured)
    }

    pub(crate) fn note(
        &self,
        action: &str,
        records: Vec<String>,
    ) -> Result<ChangeNote, StoreError> {
        Ok(ChangeNote {
            action: action.to_owned(),
            records,
            device: self.profile()?.device_name.clone(),
        })
    }

    /// Applies each document edit as one Automerge change, then stores all
    /// change bytes and the index rows written by `index` in one SQLite
    /// transaction. On any failure nothing is stored and the touched
    /// documents are dropped from memory, so memory never runs ahead of disk.
    pub(crate) fn write(
        &mut self,
        writes: Vec<DocWrite<'_>>,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let touched: Vec<DocId> = writes.iter().map(|w| w.id.clone()).collect();
        let result = self.write_inner(writes, index);
        self.forget_on_error(&touched, result)
    }

    /// Drops `touched` documents from memory when `result` failed: their
    /// in-memory state may be ahead of what the failed transaction stored.
    pub(crate) fn forget_on_error<T>(
        &mut self,
        touched: &[DocId],
        result: Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if result.is_err() {
            for id in touched {
                self.docs.evict(id);
            }
        }
        result
    }

    fn write_inner(
        &mut self,
        writes: Vec<DocWrite<'_>>,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let actor = self.actor()?;
        let now_ms = Utc::now().timestamp_millis();
        // Each document's transaction is independent: a bulk write (an
        // import touches every shard of the OPD) runs them on all cores.
        let mut taken = Vec::with_capacity(writes.len());
        for w in writes {
            let on_disk = doc_store::exists(&self.conn, &w.id)?;
            self.docs.get(&self.conn, &w.id, &actor)?;
            let doc = self
                .docs
                .take(&w.id)
                .ok_or(StoreError::NotFound("dokumen"))?;
            taken.push((w, doc, on_disk));
        }
        let done = edit_documents(taken, now_ms)?;
        let mut chunks: Vec<(DocId, Vec<u8>)> = Vec::with_capacity(done.len());
        let mut fields = Vec::new();
        for (id, records, doc, bytes) in done {
            // A bulk import names no records one by one: it cannot hold
            // concurrent values of its own.
            if records.len() <= FIELD_CHECKS_PER_WRITE {
                for r in &records {
                    fields.extend(checks::field_values_of(&doc, &id, r)?);
                }
            }
            self.docs.put_back(id.clone(), doc);
            chunks.push((id, bytes));
        }
        let tx = self.conn.transaction()?;
        for (id, bytes) in &chunks {
            doc_store::append(&tx, id, bytes, self.docs.peek(id))?;
        }
        index(&tx)?;
        for f in &fields {
            checks::put_fields(&tx, f)?;
        }
        checks::recheck(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The write that puts a registration back in Diskominfo's queue with
    /// its asset's new addresses.
    pub(crate) fn resubmission<'r>(
        &self,
        reg: &'r simpul_core::Registration,
    ) -> Result<DocWrite<'r>, StoreError> {
        Ok(DocWrite {
            id: DocId::Registrations {
                opd: reg.opd.clone(),
            },
            note: self.note("registration.submit", vec![reg.id.clone()])?,
            apply: Box::new(move |tx| {
                write_record(tx, Collection::Registrations, &reg.id, reg).map(|_| ())
            }),
        })
    }

    /// A loaded document (for history views and tests).
    pub(crate) fn doc(&mut self, id: &DocId) -> Result<&Automerge, StoreError> {
        let actor = self.actor()?;
        Ok(self.docs.get(&self.conn, id, &actor)?)
    }

    /// How many documents are in memory now.
    pub fn loaded_documents(&self) -> usize {
        self.docs.len()
    }

    fn current_year() -> i32 {
        Local::now().year()
    }

    /// Validates a form without saving (inline validation in the UI).
    pub fn validate_asset(&self, input: &AssetInput) -> Result<Vec<FieldError>, StoreError> {
        let base = Asset::default();
        let mut errs = match input.apply_to(&base, Self::current_year()) {
            Ok(_) => Vec::new(),
            Err(e) => e.0,
        };
        errs.extend(self.room_problem(&input.room_id)?);
        Ok(errs)
    }

    /// The problem with a room id, if the room does not exist (a database
    /// failure is an error, never read as "no such room").
    fn room_problem(&self, room_id: &str) -> Result<Option<FieldError>, StoreError> {
        if room_id.trim().is_empty() {
            return Ok(None);
        }
        let found = self
            .conn
            .prepare_cached("SELECT 1 FROM room WHERE id = ?1")?
            .query_row(params![room_id.trim()], |_| Ok(()))
            .optional()?
            .is_some();
        if found {
            Ok(None)
        } else {
            Ok(Some(FieldError::new(
                "room_id",
                "room_id.unknown",
                "Ruangan tidak ditemukan; pilih dari daftar ruangan.",
            )))
        }
    }

    /// The next nomor register for a kode barang in this OPD (`0001` onwards).
    pub(crate) fn next_register(&self, opd: &str, kode_barang: &str) -> Result<String, StoreError> {
        let max: Option<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM asset WHERE opd = ?1 AND kode_barang = ?2",
                nomor_register::SQL_MAX
            ))?
            .query_row(params![opd, kode_barang], |r| r.get(0))?;
        Ok(nomor_register::next(
            max.and_then(|m| u64::try_from(m).ok()),
        ))
    }

    /// Creates (empty `id`) or updates an asset: one Automerge change and its
    /// index rows in one SQLite transaction. Returns the stored record.
    pub fn save_asset(&mut self, input: &AssetInput) -> Result<Asset, StoreError> {
        let profile = self.profile()?.clone();
        let (base, action) = if input.id.trim().is_empty() {
            let now = now_rfc3339();
            let id = uuid::Uuid::now_v7().to_string();
            (
                Asset {
                    id,
                    opd: profile.opd_code.clone(),
                    created_at: now.clone(),
                    updated_at: now,
                    ..Default::default()
                },
                "asset.create",
            )
        } else {
            (self.asset(input.id.trim())?, "asset.update")
        };
        let mut asset = match input.apply_to(&base, Self::current_year()) {
            Ok(a) => a,
            Err(mut e) => {
                if let Some(room) = self.room_problem(&input.room_id)? {
                    e.push(room);
                }
                return Err(e.into());
            }
        };
        if let Some(room) = self.room_problem(&asset.room_id)? {
            return Err(ValidationErrors(vec![room]).into());
        }
        if asset.nomor_register.is_empty() {
            asset.nomor_register = self.next_register(&asset.opd, &asset.kode_barang)?;
        }
        if action == "asset.update" && asset == base {
            return Ok(base);
        }
        asset.updated_at = now_rfc3339();
        let doc = DocId::for_asset(&asset.opd, &asset.id);
        self.require_write(&doc)?;
        let note = self.note(action, vec![asset.id.clone()])?;
        // A registered asset whose addresses change is registered anew.
        let follow = self.registration_following(&asset)?;
        let a = &asset;
        let mut writes = vec![DocWrite {
            id: doc,
            note,
            apply: Box::new(move |tx| write_record(tx, Collection::Assets, &a.id, a).map(|_| ())),
        }];
        if let Some(reg) = &follow {
            writes.push(self.resubmission(reg)?);
        }
        self.write(writes, |tx| {
            index::put_asset(tx, a)?;
            match &follow {
                Some(reg) => crate::regency_index::put_registration(tx, reg),
                None => Ok(()),
            }
        })?;
        Ok(asset)
    }

    /// One asset, from the index.
    pub fn asset(&self, id: &str) -> Result<Asset, StoreError> {
        let json: Option<String> =
            self.conn.prepare_cached("SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid WHERE a.id = ?1")?.query_row(params![id], |r| r.get(0)).optional()?;
        let json = json.ok_or(StoreError::NotFound("Aset"))?;
        Ok(serde_json::from_str(&json)?)
    }

    /// An asset with its room, full change history and maintenance log.
    pub fn asset_detail(&mut self, id: &str) -> Result<AssetDetail, StoreError> {
        let asset = self.asset(id)?;
        let room = self.rooms()?.into_iter().find(|r| r.id == asset.room_id);
        let maintenance = self.maintenance_of(id)?;
        let doc = self.doc(&DocId::for_asset(&asset.opd, &asset.id))?;
        let history =
            record_history(doc, Collection::Assets, id).map_err(StoreError::doc(&asset.id))?;
        Ok(AssetDetail {
            asset,
            room: room.map(Into::into),
            history,
            maintenance,
        })
    }

    /// A page of the asset list.
    pub fn assets(&self, q: &AssetQuery) -> Result<AssetPage, StoreError> {
        query::assets(&self.conn, q)
    }

    /// Every asset not disposed, in KIB B order (kode barang, register).
    pub fn all_assets(&self) -> Result<Vec<Asset>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid
             WHERE a.lifecycle <> 'dihapus' ORDER BY a.kode_barang, CAST(a.nomor_register AS INTEGER), a.nomor_register",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    /// The asset a scanned or typed code names exactly, if exactly one.
    pub fn lookup_code(&self, code: &str) -> Result<Option<String>, StoreError> {
        query::lookup_code(&self.conn, code)
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        let mut s = stats::stats(&self.conn)?;
        s.conflicts = self.conflict_count()?;
        s.registrations_waiting = self.registrations_waiting()?;
        Ok(s)
    }

    /// Creates a room of the own OPD, or updates a room in its OPD's meta
    /// document (a Diskominfo device edits every OPD's rooms in place).
    pub fn save_room(&mut self, input: &RoomInput) -> Result<Room, StoreError> {
        let base = if input.id.trim().is_empty() {
            Room {
                id: uuid::Uuid::now_v7().to_string(),
                opd: self.profile()?.opd_code.clone(),
                ..Default::default()
            }
        } else {
            self.rooms()?
                .into_iter()
                .find(|r| r.id == input.id.trim())
                .ok_or(StoreError::NotFound("Ruangan"))?
        };
        let room = input.apply_to(&base)?;
        let doc = DocId::OpdMeta {
            opd: room.opd.clone(),
        };
        self.require_write(&doc)?;
        let key = simpul_core::checks::CheckKey::RoomCode {
            opd: room.opd.clone(),
            code: room.short_code(),
        };
        if crate::checks::holders(&self.conn, &key)?
            .iter()
            .any(|(id, _)| *id != room.id)
        {
            return Err(ValidationErrors(vec![FieldError::new(
                "code",
                "code.duplicate",
                format!(
                    "Kode ruangan {} sudah dipakai ruangan lain.",
                    room.short_code()
                ),
            )])
            .into());
        }
        let note = self.note(
            if input.id.is_empty() {
                "room.create"
            } else {
                "room.update"
            },
            vec![room.id.clone()],
        )?;
        let r = &room;
        self.write(
            vec![DocWrite {
                id: doc,
                note,
                apply: Box::new(move |tx| {
                    write_record(tx, Collection::Rooms, &r.id, r).map(|_| ())
                }),
            }],
            |tx| index::put_room(tx, r),
        )?;
        Ok(room)
    }

    /// All rooms, by code.
    pub fn rooms(&self) -> Result<Vec<Room>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM room ORDER BY short_code")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    /// The room with this id, short code (`G1L2.R07`) or room code (`R07`,
    /// when only one building has it).
    pub fn find_room(&self, key: &str) -> Result<Room, StoreError> {
        let key = key.trim();
        let rooms = self.rooms()?;
        if let Some(r) = rooms
            .iter()
            .find(|r| r.id == key || r.short_code().eq_ignore_ascii_case(key))
        {
            return Ok(r.clone());
        }
        let mut by_code = rooms
            .into_iter()
            .filter(|r| r.code.eq_ignore_ascii_case(key));
        match (by_code.next(), by_code.next()) {
            (Some(r), None) => Ok(r),
            (Some(a), Some(b)) => Err(ValidationErrors(vec![FieldError::new(
                "room",
                "room.ambiguous",
                format!(
                    "Kode ruangan {key} ada di lebih dari satu gedung/lantai ({}, {}); tulis lengkap, mis. {}.",
                    a.short_code(),
                    b.short_code(),
                    a.short_code()
                ),
            )])
            .into()),
            _ => Err(StoreError::NotFound("Ruangan")),
        }
    }

    /// Adds a maintenance entry to an asset's log (same document as the asset).
    pub fn add_maintenance(
        &mut self,
        input: &MaintenanceInput,
    ) -> Result<MaintenanceEntry, StoreError> {
        let asset = self.asset(&input.asset_id)?;
        let mut entry = input.validate(Local::now().date_naive())?;
        entry.id = uuid::Uuid::now_v7().to_string();
        entry.created_at = now_rfc3339();
        let note = self.note("maintenance.add", vec![entry.id.clone(), asset.id.clone()])?;
        let e = &entry;
        self.write(
            vec![DocWrite {
                id: DocId::for_asset(&asset.opd, &asset.id),
                note,
                apply: Box::new(move |tx| {
                    write_record(tx, Collection::Maintenance, &e.id, e).map(|_| ())
                }),
            }],
            |tx| index::put_maintenance(tx, e),
        )?;
        Ok(entry)
    }

    /// An asset's maintenance log, newest first.
    pub fn maintenance_of(&self, asset_id: &str) -> Result<Vec<MaintenanceEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM maintenance WHERE asset_id = ?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt.query_map(params![asset_id], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    /// Ids of every stored document.
    pub fn document_ids(&self) -> Result<Vec<String>, StoreError> {
        doc_store::all_ids(&self.conn)
    }
}

impl Replica {
    /// Compares every asset in the Automerge documents with the index and
    /// returns the ids that differ or are missing on either side.
    pub fn verify_index(&mut self) -> Result<Vec<String>, StoreError> {
        use simpul_core::schema::{read_record, record_ids};
        let mut in_docs = std::collections::BTreeMap::new();
        for id in self.document_ids()? {
            let Ok(doc_id) = id.parse::<DocId>() else {
                continue;
            };
            if !matches!(doc_id, DocId::Assets { .. }) {
                continue;
            }
            let doc = self.doc(&doc_id)?;
            for rid in record_ids(doc, Collection::Assets).map_err(StoreError::doc(&id))? {
                let a: Option<Asset> =
                    read_record(doc, Collection::Assets, &rid).map_err(StoreError::doc(&id))?;
                in_docs.insert(rid, a);
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT a.id, r.record FROM asset a LEFT JOIN asset_record r ON r.rowid = a.rowid",
        )?;
        let indexed: std::collections::BTreeMap<String, String> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                ))
            })?
            .collect::<Result<_, _>>()?;
        let mut bad = Vec::new();
        for (id, a) in &in_docs {
            let same = match (a, indexed.get(id)) {
                (Some(a), Some(json)) => {
                    serde_json::from_str::<Asset>(json).ok().as_ref() == Some(a)
                }
                _ => false,
            };
            if !same {
                bad.push(id.clone());
            }
        }
        bad.extend(
            indexed
                .keys()
                .filter(|id| !in_docs.contains_key(*id))
                .cloned(),
        );
        Ok(bad)
    }
}

impl Replica {
    /// Loads one more of this OPD's documents into memory, so that the first
    /// edit of an asset does not wait for its document to load. The app calls
    /// this in the background after opening, releasing the replica between
    /// calls; returns whether documents remain to load.
    pub fn warm_up_step(&mut self) -> Result<bool, StoreError> {
        let opd = self.profile()?.opd_code.clone();
        let prefix = DocId::OpdMeta { opd: opd.clone() }
            .to_string()
            .replace("/meta", "/");
        let pending: Vec<DocId> = self
            .document_ids()?
            .into_iter()
            .filter(|id| id.starts_with(&prefix))
            .filter_map(|id| id.parse::<DocId>().ok())
            .filter(|id| self.docs.peek(id).is_none())
            .collect();
        let Some(next) = pending.first() else {
            return Ok(false);
        };
        self.doc(next)?;
        Ok(pending.len() > 1 && self.docs.len() < DOC_CACHE)
    }
}

/// The data center this replica syncs with, once enrolled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ServerLink {
    pub address: String,
    pub device_id: String,
    /// A Diskominfo device: reads and writes every OPD (the merged view).
    pub diskominfo: bool,
    /// The device token (kept only in this replica file).
    #[serde(skip_serializing)]
    pub token: String,
    /// PEM of the data center's own certificate authority, when its TLS
    /// certificate is not signed by a public one.
    #[serde(skip_serializing)]
    pub ca_pem: Option<String>,
}

impl ServerLink {
    /// How to reach this server.
    pub fn client_config(&self) -> simpul_sync::ClientConfig {
        simpul_sync::ClientConfig {
            ca_pem: self.ca_pem.as_ref().map(|p| p.as_bytes().to_vec()),
            ..Default::default()
        }
    }
}

impl Replica {
    /// Records the enrollment with a server.
    pub fn set_server(&mut self, link: &ServerLink) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        let scope = if link.diskominfo {
            "diskominfo".to_owned()
        } else {
            "opd".to_owned()
        };
        for (k, v) in [
            ("server_address", &link.address),
            ("server_device_id", &link.device_id),
            ("server_token", &link.token),
            ("server_scope", &scope),
        ] {
            tx.execute("INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![k, v])?;
        }
        match &link.ca_pem {
            Some(pem) => tx.execute("INSERT INTO meta (key, value) VALUES ('server_ca', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value", params![pem])?,
            None => tx.execute("DELETE FROM meta WHERE key = 'server_ca'", [])?,
        };
        tx.commit()?;
        Ok(())
    }

    /// The server this replica is enrolled with, if any.
    pub fn server(&self) -> Result<Option<ServerLink>, StoreError> {
        let (Some(address), Some(device_id), Some(token)) = (
            self.meta("server_address")?,
            self.meta("server_device_id")?,
            self.meta("server_token")?,
        ) else {
            return Ok(None);
        };
        let diskominfo = self.meta("server_scope")?.as_deref() == Some("diskominfo");
        Ok(Some(ServerLink {
            address,
            device_id,
            diskominfo,
            token,
            ca_pem: self.meta("server_ca")?,
        }))
    }
}

/// A document edited by one write: its id, the records the write named,
/// the document, and the bytes of the change to store.
type Edited = (DocId, Vec<String>, Automerge, Vec<u8>);

/// Runs each write's transaction on its document, on as many threads as
/// the machine has cores (a single write stays on this thread).
fn edit_documents(
    taken: Vec<(DocWrite<'_>, Automerge, bool)>,
    now_ms: i64,
) -> Result<Vec<Edited>, StoreError> {
    let edit =
        |(w, mut doc, on_disk): (DocWrite<'_>, Automerge, bool)| -> Result<Edited, StoreError> {
            let before = if on_disk { doc.get_heads() } else { Vec::new() };
            doc.transact_with::<_, _, SchemaError, _>(|_| commit_options(&w.note, now_ms), w.apply)
                .map_err(|f| StoreError::doc(&w.id)(f.error))?;
            let bytes = doc.save_after(&before);
            Ok((w.id, w.note.records, doc, bytes))
        };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(taken.len());
    if threads <= 1 {
        return taken.into_iter().map(edit).collect();
    }
    let mut lanes: Vec<Vec<_>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, t) in taken.into_iter().enumerate() {
        lanes[i % threads].push(t);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = lanes
            .into_iter()
            .map(|lane| s.spawn(move || lane.into_iter().map(edit).collect::<Result<Vec<_>, _>>()))
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
        }
        Ok(out)
    })
}
