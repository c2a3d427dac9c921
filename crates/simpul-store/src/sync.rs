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
fn shared_heads(session: &ClientSession, id: &DocId) -> Vec<ChangeHash> {
    session
        .persisted_state(id)
        .and_then(|b| automerge::sync::State::decode(&b).ok())
        .map(|s| s.shared_heads)
        .unwrap_or_default()
}

/// One document's part of a response, ready to store.
struct Received {
    id: DocId,
    bytes: Vec<u8>,
    compacted: Option<Vec<u8>>,
    assets: Vec<Asset>,
    rooms: Vec<Room>,
    maintenance: Vec<MaintenanceEntry>,
    nodes: Vec<simpul_core::cabling::Node>,
    cables: Vec<simpul_core::cabling::Cable>,
    registrations: Vec<simpul_core::Registration>,
    regency: RegencyRecords,
    fields: Vec<crate::checks::FieldValues>,
}

/// Records of the regency document a response touched.
#[derive(Default)]
struct RegencyRecords {
    opds: Vec<simpul_core::regency::OpdEntry>,
    pools: Vec<simpul_core::regency::IpPool>,
    levels: Vec<simpul_core::regency::SecurityLevel>,
    decisions: Vec<simpul_core::regency::Decision>,
    settings: Vec<(String, simpul_core::regency::Setting)>,
}

impl RegencyRecords {
    fn len(&self) -> usize {
        self.opds.len()
            + self.pools.len()
            + self.levels.len()
            + self.decisions.len()
            + self.settings.len()
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

    fn stored_doc_ids(&self) -> Result<Vec<DocId>, StoreError> {
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
        for id in &ids {
            let doc = self.docs.get(&self.conn, id, &actor)?;
            if let Some(m) = session.message_for(id, doc) {
                messages.push(m);
            }
        }
        Ok(session.request_of(ids.iter().map(ToString::to_string).collect(), messages))
    }

    /// Applies the peer's response and stores what it brought (see the module doc).
    pub fn sync_receive(
        &mut self,
        peer: &str,
        session: &mut ClientSession,
        resp: &SyncResponse,
    ) -> Result<SyncApplied, StoreError> {
        let incoming = session.decode(resp).map_err(StoreError::Peer)?;
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
        for inc in incoming {
            let id = inc.doc.clone();
            seen.push(id.clone());
            let applied =
                self.receive_into(&id, |doc| session.apply(doc, inc).map_err(StoreError::Peer))?;
            received.extend(applied);
        }
        let states: Vec<(DocId, Vec<u8>)> = seen
            .iter()
            .filter_map(|id| session.persisted_state(id).map(|s| (id.clone(), s)))
            .collect();
        let (records, checks) = self.store_received(&received, peer, &states)?;
        Ok(SyncApplied {
            changed_docs: received.len(),
            changed_records: records,
            quiet: session.quiet(resp),
            checks,
        })
    }

    /// Applies remote changes to one document in memory (`apply` returns
    /// whether the document changed) and gathers what must be stored.
    fn receive_into(
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
        let diff_from = if on_disk {
            heads_before
        } else {
            genesis_for(id).get_heads()
        };
        let mut r = Received {
            id: id.clone(),
            bytes: doc.save_after(&before),
            compacted: None,
            assets: vec![],
            rooms: vec![],
            maintenance: vec![],
            nodes: vec![],
            cables: vec![],
            registrations: vec![],
            regency: RegencyRecords::default(),
            fields: vec![],
        };
        if r.bytes.len() > doc_store::COMPACT_ABOVE_BYTES {
            r.compacted = Some(doc.save());
        }
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
    fn store_received(
        &mut self,
        received: &[Received],
        peer: &str,
        states: &[(DocId, Vec<u8>)],
    ) -> Result<(usize, crate::checks::CheckRun), StoreError> {
        let tx = self.conn.transaction()?;
        let mut records = 0;
        for r in received {
            match &r.compacted {
                Some(full) => {
                    tx.execute(
                        "DELETE FROM chunk WHERE doc_id = ?1",
                        params![r.id.to_string()],
                    )?;
                    tx.execute(
                        "INSERT INTO chunk (doc_id, bytes) VALUES (?1, ?2)",
                        params![r.id.to_string(), full],
                    )?;
                }
                None => doc_store::append(&tx, &r.id, &r.bytes, None)?,
            }
            for room in &r.rooms {
                index::put_room(&tx, room)?;
            }
            for a in &r.assets {
                index::put_asset(&tx, a)?;
            }
            for m in &r.maintenance {
                index::put_maintenance(&tx, m)?;
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
            for f in &r.fields {
                crate::checks::put_fields(&tx, f)?;
            }
            records += r.assets.len()
                + r.rooms.len()
                + r.maintenance.len()
                + r.nodes.len()
                + r.cables.len()
                + r.registrations.len()
                + r.regency.len();
        }
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

    /// The changes `peer` lacks as of the last session (for a USB bundle).
    pub fn bundle_changes(
        &mut self,
        peer: &str,
    ) -> Result<Vec<simpul_sync::bundle::BundleDoc>, StoreError> {
        let session = self.sync_session(peer)?;
        let actor = self.actor()?;
        let mut out = Vec::new();
        for id in self.stored_doc_ids()? {
            let shared = shared_heads(&session, &id);
            let doc = self.docs.get(&self.conn, &id, &actor)?;
            if !doc.get_changes(&shared).is_empty() {
                out.push(simpul_sync::bundle::BundleDoc {
                    doc: id.to_string(),
                    changes: doc.save_after(&shared),
                });
            }
        }
        Ok(out)
    }

    /// Imports the changes of a bundle from the data center, all or nothing
    /// (the same path as a sync response). Changes already here are no-ops.
    pub fn bundle_apply(
        &mut self,
        docs: &[simpul_sync::bundle::BundleDoc],
    ) -> Result<SyncApplied, StoreError> {
        let ids: Vec<DocId> = docs
            .iter()
            .map(|d| {
                d.doc
                    .parse()
                    .map_err(|_| StoreError::UnknownDocument(d.doc.clone()))
            })
            .collect::<Result<_, _>>()?;
        let result = (|| {
            let mut received = Vec::new();
            for (id, d) in ids.iter().zip(docs) {
                let applied = self.receive_into(id, |doc| {
                    let before = doc.get_heads();
                    doc.load_incremental(&d.changes)?;
                    Ok(doc.get_heads() != before)
                })?;
                received.extend(applied);
            }
            let (records, checks) = self.store_received(&received, "", &[])?;
            Ok(SyncApplied {
                changed_docs: received.len(),
                changed_records: records,
                quiet: true,
                checks,
            })
        })();
        self.forget_on_error(&ids, result)
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

/// What a completed session did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub rounds: u32,
    pub changed_docs: usize,
    pub changed_records: usize,
}

/// Why a session stopped before completing.
#[derive(Debug, thiserror::Error)]
pub enum SyncFailure {
    #[error(transparent)]
    Transport(#[from] simpul_sync::TransportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("sinkronisasi tidak maju setelah {0} putaran; data server belum lengkap di sini, coba lagi nanti")]
    NoProgress(u32),
}

/// Rounds in a row that bring nothing and repeat the same request before a
/// session is judged stuck (a normal session takes 2-4 rounds in all).
const STALLED_ROUNDS: u32 = 3;
/// A bound on a session that keeps moving, far above any real one.
const MAX_ROUNDS: u32 = 1_000;

/// A fingerprint of a request's messages, to see a round repeat itself.
fn fingerprint(req: &SyncRequest) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in &req.messages {
        m.doc.hash(&mut h);
        m.message.hash(&mut h);
    }
    h.finish()
}

/// A replica for the length of one step of a session. A replica shared by
/// a window and its sync thread is locked per step, never while a round is
/// on the wire; a replica owned outright simply lends itself.
pub trait ReplicaAccess {
    type Guard<'a>: std::ops::DerefMut<Target = Replica>
    where
        Self: 'a;
    fn lock(&mut self) -> Result<Self::Guard<'_>, StoreError>;
}

impl ReplicaAccess for Replica {
    type Guard<'a> = &'a mut Replica;
    fn lock(&mut self) -> Result<&mut Replica, StoreError> {
        Ok(self)
    }
}

impl ReplicaAccess for &std::sync::Mutex<Replica> {
    type Guard<'a>
        = std::sync::MutexGuard<'a, Replica>
    where
        Self: 'a;
    fn lock(&mut self) -> Result<Self::Guard<'_>, StoreError> {
        std::sync::Mutex::lock(self).map_err(|_| StoreError::Poisoned)
    }
}

/// Runs one session with `peer` over `transport` until both sides are
/// quiet: the one session loop of the app, the command line and the
/// benchmarks. Every round's results are stored as they arrive, so a
/// session cut half-way keeps what it received and the next one resumes.
pub fn run_session(
    replica: &mut impl ReplicaAccess,
    peer: &str,
    transport: &mut impl simpul_sync::Transport,
) -> Result<SyncReport, SyncFailure> {
    let mut session = replica.lock()?.sync_session(peer)?;
    let mut report = SyncReport::default();
    let (mut last, mut stalled) = (None, 0);
    while report.rounds < MAX_ROUNDS {
        let req = replica.lock()?.sync_request(&mut session)?;
        let print = fingerprint(&req);
        let resp = transport.round(&req)?;
        let applied = replica.lock()?.sync_receive(peer, &mut session, &resp)?;
        report.rounds += 1;
        report.changed_docs += applied.changed_docs;
        report.changed_records += applied.changed_records;
        if applied.quiet {
            return Ok(report);
        }
        let moved = applied.changed_docs > 0 || last != Some(print);
        stalled = if moved { 0 } else { stalled + 1 };
        last = Some(print);
        if stalled >= STALLED_ROUNDS {
            break;
        }
    }
    // Stuck: a success all the same when everything the server had is here.
    if replica.lock()?.has_peer_heads(&session)? {
        return Ok(report);
    }
    Err(SyncFailure::NoProgress(report.rounds))
}

impl Replica {
    /// [`run_session`] on a replica owned outright.
    pub fn sync_with(
        &mut self,
        peer: &str,
        transport: &mut impl simpul_sync::Transport,
    ) -> Result<SyncReport, SyncFailure> {
        run_session(self, peer, transport)
    }

    /// Whether every document holds all the heads the peer announced.
    fn has_peer_heads(&mut self, session: &ClientSession) -> Result<bool, StoreError> {
        let actor = self.actor()?;
        let ids: Vec<DocId> = session.docs().cloned().collect();
        for id in ids {
            let doc = self.docs.get(&self.conn, &id, &actor)?;
            if !session.has_their_heads(&id, doc) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl Replica {
    /// A sealed USB bundle of the changes the data center lacks.
    pub fn bundle_write(&mut self, peer: &str) -> Result<(Vec<u8>, usize), StoreError> {
        let link = self.server()?.ok_or(StoreError::NotEnrolled)?;
        let docs = self.bundle_changes(peer)?;
        let n = docs.len();
        let bundle = simpul_sync::bundle::Bundle {
            protocol: simpul_sync::PROTOCOL_VERSION,
            device: link.device_id,
            from_server: false,
            created: chrono::Utc::now().to_rfc3339(),
            docs,
        };
        Ok((
            bundle.seal(&simpul_sync::bundle::secret_hash(&link.token)),
            n,
        ))
    }

    /// Reads a bundle the data center wrote for this device: verified with
    /// this device's key, refused whole when tampered or meant for another.
    pub fn bundle_read(&mut self, bytes: &[u8]) -> Result<SyncApplied, StoreError> {
        let link = self.server()?.ok_or(StoreError::NotEnrolled)?;
        let bundle = simpul_sync::bundle::Bundle::open(
            bytes,
            &simpul_sync::bundle::secret_hash(&link.token),
        )?;
        if !bundle.from_server || bundle.device != link.device_id {
            return Err(StoreError::BundleNotForThisDevice);
        }
        self.bundle_apply(&bundle.docs)
    }
}
