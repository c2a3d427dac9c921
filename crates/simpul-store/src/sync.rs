//! The replica's side of a sync session with a peer (the data center).
//!
//! A round's request is built from the documents of the replica; the
//! response is applied document by document in memory, then everything it
//! brought is stored in ONE SQLite transaction: the new change bytes of each
//! document, the index rows of every record the changes touched (found by
//! diffing the document before and after), and the sync states. If that
//! transaction fails, the touched documents are dropped from memory and the
//! next session starts again from what is on disk.

use crate::doc_store;
use crate::error::StoreError;
use crate::index;
use crate::replica::Replica;
use automerge::{Automerge, ChangeHash, Prop};
use rusqlite::params;
use simpul_core::schema::{genesis_for, read_record, Collection};
use simpul_core::{Asset, DocId, MaintenanceEntry, Room};
use simpul_sync::certificate::PersonCertificate;
use simpul_sync::signature::ChangeSignature;
use simpul_sync::{ClientSession, SyncRequest, SyncResponse};
use std::collections::BTreeSet;

/// What applying one response did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncApplied {
    pub changed_docs: usize,
    pub changed_records: usize,
    /// Neither side had anything left to say: the session is complete.
    pub quiet: bool,
    /// The conflict checks rerun for what arrived.
    pub checks: crate::checks::CheckRun,
}

/// The records a set of patches touched, as (collection key, record id).
fn touched_records(
    doc: &Automerge,
    before: &[ChangeHash],
    after: &[ChangeHash],
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for patch in doc.diff(before, after) {
        let key = |p: &Prop| match p {
            Prop::Map(k) => Some(k.clone()),
            Prop::Seq(_) => None,
        };
        match patch.path.as_slice() {
            [(_, coll), (_, rec), ..] => {
                if let (Some(c), Some(r)) = (key(coll), key(rec)) {
                    out.insert((c, r));
                }
            }
            [(_, coll)] => {
                if let (Some(c), automerge::PatchAction::PutMap { key: rec, .. }) =
                    (key(coll), &patch.action)
                {
                    out.insert((c, rec.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

/// The heads a peer is known to have for a document (empty: nothing).
pub(crate) fn shared_heads(session: &ClientSession, id: &DocId) -> Vec<ChangeHash> {
    session
        .persisted_state(id)
        .and_then(|b| automerge::sync::State::decode(&b).ok())
        .map(|s| s.shared_heads)
        .unwrap_or_default()
}

/// One document's part of a response, ready to store.
pub(crate) struct Received {
    pub(crate) id: DocId,
    stored: doc_store::Stored,
    assets: Vec<Asset>,
    rooms: Vec<Room>,
    maintenance: Vec<MaintenanceEntry>,
    plans: Vec<simpul_core::maintenance_plan::MaintenancePlan>,
    nodes: Vec<simpul_core::cabling::Node>,
    cables: Vec<simpul_core::cabling::Cable>,
    registrations: Vec<simpul_core::Registration>,
    regency: RegencyRecords,
    stock: StockRecords,
    fields: Vec<crate::checks::FieldValues>,
    /// The changes the document gained, with their actors (hex).
    pub(crate) new_changes: Vec<(ChangeHash, String)>,
}

/// What came with received changes to check them: their signatures, the
/// certificates of the people who signed, and the signing devices' keys.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Brought<'a> {
    pub signatures: &'a [(DocId, ChangeSignature)],
    pub certificates: &'a [PersonCertificate],
    pub device_keys: &'a [simpul_sync::DeviceKeyNote],
}

/// Records of stock-take documents a response touched.
#[derive(Default)]
struct StockRecords {
    /// The OPD of the document they came in.
    opd: String,
    sessions: Vec<simpul_core::stocktake::StockTake>,
    scans: Vec<simpul_core::stocktake::Scan>,
    closed: Vec<simpul_core::stocktake::ClosedRoom>,
    handovers: Vec<simpul_core::handover::Handover>,
    loans: Vec<simpul_core::handover::Loan>,
}

impl StockRecords {
    fn len(&self) -> usize {
        self.sessions.len()
            + self.scans.len()
            + self.closed.len()
            + self.handovers.len()
            + self.loans.len()
    }

    fn put(&self, tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
        use crate::stocktake as st;
        // A session names its OPD: one that is not the document's is forged.
        for s in self.sessions.iter().filter(|s| s.opd == self.opd) {
            st::put_stocktake(tx, s)?;
        }
        for s in &self.scans {
            st::put_scan(tx, &self.opd, s)?;
        }
        for c in &self.closed {
            st::put_closed_room(tx, &self.opd, c)?;
        }
        for h in self.handovers.iter().filter(|h| h.opd == self.opd) {
            crate::handover::put_handover(tx, h)?;
        }
        for l in self.loans.iter().filter(|l| l.opd == self.opd) {
            crate::loans::put_loan(tx, l)?;
        }
        Ok(())
    }
}

/// Records of the regency document a response touched.
#[derive(Default)]
struct RegencyRecords {
    opds: Vec<simpul_core::regency::OpdEntry>,
    pools: Vec<simpul_core::regency::IpPool>,
    levels: Vec<simpul_core::regency::SecurityLevel>,
    decisions: Vec<simpul_core::regency::Decision>,
    settings: Vec<(String, simpul_core::regency::Setting)>,
    visits: Vec<simpul_core::regency::oversight::OversightVisit>,
}

impl RegencyRecords {
    fn len(&self) -> usize {
        self.opds.len()
            + self.pools.len()
            + self.levels.len()
            + self.decisions.len()
            + self.settings.len()
            + self.visits.len()
    }

    fn put(&self, tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
        use crate::regency_index as ri;
        for o in &self.opds {
            ri::put_opd(tx, o)?;
        }
        for p in &self.pools {
            ri::put_pool(tx, p)?;
        }
        for l in &self.levels {
            ri::put_level(tx, l)?;
        }
        for d in &self.decisions {
            ri::put_decision(tx, d)?;
        }
        for v in &self.visits {
            ri::put_visit(tx, v)?;
        }
        for (key, s) in &self.settings {
            ri::put_setting(tx, key, &s.value)?;
        }
        Ok(())
    }
}

impl Replica {
    /// Starts a session with `peer`, resuming from the persisted shared heads.
    pub fn sync_session(&self, peer: &str) -> Result<ClientSession, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc_id, state FROM sync_state WHERE peer = ?1")?;
        let rows = stmt
            .query_map(params![peer], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ClientSession::resume(rows.into_iter().filter_map(
            |(id, s)| id.parse::<DocId>().ok().map(|d| (d, s)),
        )))
    }

    pub(crate) fn stored_doc_ids(&self) -> Result<Vec<DocId>, StoreError> {
        Ok(self
            .document_ids()?
            .into_iter()
            .filter_map(|id| id.parse().ok())
            .collect())
    }

    /// The request of the next round of `session`.
    pub fn sync_request(&mut self, session: &mut ClientSession) -> Result<SyncRequest, StoreError> {
        let actor = self.actor()?;
        let mut ids: BTreeSet<DocId> = self.stored_doc_ids()?.into_iter().collect();
        ids.extend(session.docs().cloned());
        let mut messages = Vec::new();
        let mut failed = None;
        // Once, at the start of a session: the signatures of the device's
        // earlier changes, which the data center holds unsigned.
        let send_late = session.is_new() && self.meta(crate::signing::LATE)?.is_some();
        let mut late = Vec::new();
        for id in &ids {
            let doc = self.docs.get(&self.conn, id, &actor)?;
            let conn = &self.conn;
            if send_late {
                for c in doc.get_changes(&[]) {
                    if c.actor_id() == &actor {
                        if let Some(signature) = crate::signing::get(conn, &c.hash())? {
                            late.push(simpul_sync::LateSignature {
                                doc: id.to_string(),
                                signature,
                            });
                        }
                    }
                }
            }
            let mut signed = |h: &automerge::ChangeHash| match crate::signing::get(conn, h) {
                Ok(s) => s,
                Err(e) => {
                    failed.get_or_insert(e);
                    None
                }
            };
            if let Some(m) = session.message_for(id, doc, &mut signed) {
                messages.push(m);
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        let key = self.public_key()?;
        let mut req =
            session.request_of(ids.iter().map(ToString::to_string).collect(), messages, key);
        req.certificates = crate::signing::certificates_of(
            &self.conn,
            req.messages
                .iter()
                .flat_map(|m| &m.signatures)
                .chain(late.iter().map(|l| &l.signature)),
        )?;
        req.late_signatures = late;
        Ok(req)
    }

    /// Applies the peer's response and stores what it brought (see the module doc).
    pub fn sync_receive(
        &mut self,
        peer: &str,
        session: &mut ClientSession,
        resp: &SyncResponse,
    ) -> Result<SyncApplied, StoreError> {
        let incoming = session.decode(resp).map_err(StoreError::Peer)?;
        if let Some(key) = &resp.server_key {
            self.pin_server_key(key)?;
        }
        let touched: Vec<DocId> = incoming.iter().map(|i| i.doc.clone()).collect();
        let result = self.sync_receive_inner(peer, session, incoming, resp);
        self.forget_on_error(&touched, result)
    }

    fn sync_receive_inner(
        &mut self,
        peer: &str,
        session: &mut ClientSession,
        incoming: Vec<simpul_sync::Incoming>,
        resp: &SyncResponse,
    ) -> Result<SyncApplied, StoreError> {
        let mut received = Vec::new();
        let mut seen = Vec::new();
        let mut signatures = Vec::new();
        for inc in incoming {
            let id = inc.doc.clone();
            seen.push(id.clone());
            signatures.extend(inc.signatures.iter().map(|s| (id.clone(), s.clone())));
            let applied =
                self.receive_into(&id, |doc| session.apply(doc, inc).map_err(StoreError::Peer))?;
            received.extend(applied);
        }
        let states: Vec<(DocId, Vec<u8>)> = seen
            .iter()
            .filter_map(|id| session.persisted_state(id).map(|s| (id.clone(), s)))
            .collect();
        let brought = Brought {
            signatures: &signatures,
            certificates: &resp.certificates,
            device_keys: &resp.device_keys,
        };
        let (records, checks) = self.store_received(&received, peer, &states, brought)?;
        Ok(SyncApplied {
            changed_docs: received.len(),
            changed_records: records,
            quiet: session.quiet(resp),
            checks,
        })
    }

    /// Applies remote changes to one document in memory (`apply` returns
    /// whether the document changed) and gathers what must be stored.
    pub(crate) fn receive_into(
        &mut self,
        id: &DocId,
        apply: impl FnOnce(&mut Automerge) -> Result<bool, StoreError>,
    ) -> Result<Option<Received>, StoreError> {
        let actor = self.actor()?;
        let on_disk = doc_store::exists(&self.conn, id)?;
        let doc = self.docs.get(&self.conn, id, &actor)?;
        let before = if on_disk { doc.get_heads() } else { Vec::new() };
        let heads_before = doc.get_heads();
        if !apply(doc)? {
            return Ok(None);
        }
        let after = doc.get_heads();
        let new_changes = doc
            .get_changes(&heads_before)
            .iter()
            .map(|c| (c.hash(), c.actor_id().to_hex_string()))
            .collect();
        let diff_from = if on_disk {
            heads_before
        } else {
            genesis_for(id).get_heads()
        };
        let mut r = Received {
            id: id.clone(),
            stored: doc_store::Stored::after(doc, doc.save_after(&before)),
            assets: vec![],
            rooms: vec![],
            maintenance: vec![],
            plans: vec![],
            nodes: vec![],
            cables: vec![],
            registrations: vec![],
            regency: RegencyRecords::default(),
            stock: StockRecords {
                opd: id.opd().unwrap_or_default().to_owned(),
                ..StockRecords::default()
            },
            fields: vec![],
            new_changes,
        };
        for (coll, rid) in touched_records(doc, &diff_from, &after) {
            if coll == "assets" || coll == "cables" {
                r.fields
                    .extend(crate::checks::field_values_of(doc, id, &rid)?);
            }
            let bad = StoreError::doc(id);
            match coll.as_str() {
                "assets" => r
                    .assets
                    .extend(read_record::<Asset>(doc, Collection::Assets, &rid).map_err(bad)?),
                "rooms" => r
                    .rooms
                    .extend(read_record::<Room>(doc, Collection::Rooms, &rid).map_err(bad)?),
                "maintenance" if matches!(id, DocId::OpdMeta { .. }) => r
                    .plans
                    .extend(read_record(doc, Collection::Plans, &rid).map_err(bad)?),
                "maintenance" => r.maintenance.extend(
                    read_record::<MaintenanceEntry>(doc, Collection::Maintenance, &rid)
                        .map_err(bad)?,
                ),
                "nodes" => r
                    .nodes
                    .extend(read_record(doc, Collection::Nodes, &rid).map_err(bad)?),
                "cables" => r
                    .cables
                    .extend(read_record(doc, Collection::Cables, &rid).map_err(bad)?),
                "registrations" => r
                    .registrations
                    .extend(read_record(doc, Collection::Registrations, &rid).map_err(bad)?),
                "opds" => r
                    .regency
                    .opds
                    .extend(read_record(doc, Collection::Opds, &rid).map_err(bad)?),
                "pools" => r
                    .regency
                    .pools
                    .extend(read_record(doc, Collection::Pools, &rid).map_err(bad)?),
                "levels" => r
                    .regency
                    .levels
                    .extend(read_record(doc, Collection::Levels, &rid).map_err(bad)?),
                "decisions" => r
                    .regency
                    .decisions
                    .extend(read_record(doc, Collection::Decisions, &rid).map_err(bad)?),
                "settings" if rid.starts_with(simpul_core::regency::oversight::KEY_PREFIX) => r
                    .regency
                    .visits
                    .extend(read_record(doc, Collection::Visits, &rid).map_err(bad)?),
                "stocktakes" | "scans" | "closed" | "handovers" | "loans"
                    if !matches!(id, DocId::StockTake { .. }) => {}
                "stocktakes" => r
                    .stock
                    .sessions
                    .extend(read_record(doc, Collection::StockTakes, &rid).map_err(bad)?),
                "scans" => r
                    .stock
                    .scans
                    .extend(read_record(doc, Collection::Scans, &rid).map_err(bad)?),
                "closed" => r
                    .stock
                    .closed
                    .extend(read_record(doc, Collection::ClosedRooms, &rid).map_err(bad)?),
                "handovers" => r
                    .stock
                    .handovers
                    .extend(read_record(doc, Collection::Handovers, &rid).map_err(bad)?),
                "loans" => r
                    .stock
                    .loans
                    .extend(read_record(doc, Collection::Loans, &rid).map_err(bad)?),
                "settings" => {
                    if let Some(s) = read_record(doc, Collection::Settings, &rid).map_err(bad)? {
                        r.regency.settings.push((rid, s));
                    }
                }
                _ => {}
            }
        }
        Ok(Some(r))
    }

    /// Stores received changes, their index rows and sync states in one
    /// transaction; returns how many records were re-indexed and the
    /// conflict checks that ran.
    pub(crate) fn store_received(
        &mut self,
        received: &[Received],
        peer: &str,
        states: &[(DocId, Vec<u8>)],
        brought: Brought<'_>,
    ) -> Result<(usize, crate::checks::CheckRun), StoreError> {
        let pins = self.check_received(received, &brought)?;
        let Brought {
            signatures,
            certificates,
            ..
        } = brought;
        let tx = self.conn.transaction()?;
        for note in &pins {
            crate::signers::pin(&tx, note)?;
        }
        // Kept to relay the changes, for audit and for history badges.
        for (id, s) in signatures {
            crate::signing::put(&tx, id, s)?;
        }
        for c in certificates.iter().filter(|c| c.check().is_ok()) {
            crate::signing::put_certificate(&tx, c)?;
        }
        let mut records = 0;
        let mut marks = crate::checks::Marks::default();
        for r in received {
            doc_store::put(&tx, &r.id, &r.stored, None)?;
            for room in &r.rooms {
                index::put_room(&tx, room)?;
            }
            for a in &r.assets {
                index::put_asset_marking(&tx, a, &mut marks)?;
            }
            for m in &r.maintenance {
                index::put_maintenance(&tx, m)?;
            }
            for p in &r.plans {
                index::put_plan(&tx, p)?;
            }
            for n in &r.nodes {
                crate::net_index::put_node(&tx, n)?;
            }
            for c in &r.cables {
                crate::net_index::put_cable(&tx, c)?;
            }
            for g in &r.registrations {
                crate::regency_index::put_registration(&tx, g)?;
            }
            r.regency.put(&tx)?;
            r.stock.put(&tx)?;
            for f in &r.fields {
                crate::checks::put_fields(&tx, f)?;
            }
            records += r.assets.len()
                + r.rooms.len()
                + r.maintenance.len()
                + r.plans.len()
                + r.nodes.len()
                + r.cables.len()
                + r.registrations.len()
                + r.regency.len()
                + r.stock.len();
        }
        marks.flush(&tx)?;
        let checks = crate::checks::recheck_timed(&tx)?;
        for (id, state) in states {
            tx.execute(
                "INSERT INTO sync_state (peer, doc_id, state) VALUES (?1, ?2, ?3)
                 ON CONFLICT(peer, doc_id) DO UPDATE SET state = excluded.state",
                params![peer, id.to_string(), state],
            )?;
        }
        tx.commit()?;
        if checks.keys > 0 {
            tracing::debug!(
                keys = checks.keys,
                micros = checks.micros,
                "conflict checks after merge"
            );
        }
        Ok((records, checks))
    }

    /// Changes made or received here that `peer` has not acknowledged yet
    /// (not covered by the shared heads of the last session).
    pub fn pending_changes(&mut self, peer: &str) -> Result<u32, StoreError> {
        Ok(u32::try_from(self.pending(peer)?.0).unwrap_or(u32::MAX))
    }

    /// The bytes of those changes, each as stored incrementally.
    pub fn pending_change_bytes(&mut self, peer: &str) -> Result<usize, StoreError> {
        Ok(self.pending(peer)?.1)
    }

    fn pending(&mut self, peer: &str) -> Result<(usize, usize), StoreError> {
        let session = self.sync_session(peer)?;
        let actor = self.actor()?;
        let (mut count, mut bytes) = (0usize, 0usize);
        for id in self.stored_doc_ids()? {
            let shared = shared_heads(&session, &id);
            let doc = self.docs.get(&self.conn, &id, &actor)?;
            let changes = doc.get_changes(&shared);
            // The shared genesis change is never pending.
            let skip = usize::from(shared.is_empty());
            count += changes.len().saturating_sub(skip);
            bytes += changes
                .iter()
                .skip(skip)
                .map(|c| c.raw_bytes().len())
                .sum::<usize>();
        }
        Ok((count, bytes))
    }
}
