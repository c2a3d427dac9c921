//! The device's signing key and the signatures of changes (the rule itself
//! is `simpul_sync::signature`). The key is made at set-up, or, for a
//! replica written by an earlier version, on its first open, which then
//! signs the device's own earlier changes. Every change this device writes
//! is signed in the same SQLite transaction that stores it, and signatures
//! are kept by change hash, so compaction does not touch them.
//! [`Replica::verify_signatures`] re-reads every stored document from disk
//! and checks them.

use crate::doc_store;
use crate::error::StoreError;
use crate::replica::Replica;
use automerge::ChangeHash;
use rusqlite::{params, Connection, OptionalExtension};
use simpul_core::DocId;
use simpul_sync::signature::{ChangeSignature, DeviceKey, PublicKey};

/// Where the key's secret seed is kept (hex), in the replica's `meta`.
const KEY: &str = "device_key";

/// Set while the signatures made for the device's earlier changes (on the
/// first open of a replica of an earlier version) have not reached the
/// data center, which holds those changes unsigned.
pub(crate) const LATE: &str = "late_signatures";

/// Stores one change's signature (a signature already held is kept).
pub(crate) fn put(
    tx: &rusqlite::Transaction<'_>,
    doc: &DocId,
    s: &ChangeSignature,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO change_signature (hash, doc, sig) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![&s.hash[..], doc.to_string(), s.sig])?;
    Ok(())
}

/// The stored signature of one change.
pub(crate) fn get(
    conn: &Connection,
    hash: &ChangeHash,
) -> Result<Option<ChangeSignature>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT sig FROM change_signature WHERE hash = ?1")?
        .query_row(params![&hash.0[..]], |r| r.get::<_, Vec<u8>>(0))
        .optional()?
        .map(|sig| ChangeSignature { hash: hash.0, sig }))
}

/// A key made from the operating system's randomness.
fn new_key() -> Result<DeviceKey, StoreError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| StoreError::Randomness(e.to_string()))?;
    Ok(DeviceKey::from_seed(seed))
}

/// What [`Replica::verify_signatures`] found (the rule is
/// `simpul_sync::verify`).
pub type VerifyReport = simpul_sync::verify::Verification;

impl Replica {
    /// The stored key, if this replica has one.
    pub(crate) fn read_key(&self) -> Result<Option<DeviceKey>, StoreError> {
        let Some(hex_seed) = self.meta(KEY)? else {
            return Ok(None);
        };
        let seed: [u8; 32] = hex::decode(hex_seed.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(StoreError::BadKey)?;
        Ok(Some(DeviceKey::from_seed(seed)))
    }

    /// The device's key, made (and the device's earlier changes signed
    /// with it) when the replica has none yet.
    pub(crate) fn ensure_key(&mut self) -> Result<DeviceKey, StoreError> {
        if let Some(key) = self.read_key()? {
            return Ok(key);
        }
        let key = new_key()?;
        let actor = self.actor()?;
        let mut signatures = Vec::new();
        for id in doc_store::all_ids(&self.conn)? {
            let Ok(doc_id) = id.parse::<DocId>() else {
                continue;
            };
            let doc = doc_store::load(&self.conn, &doc_id, &actor)?;
            for change in doc.get_changes(&[]) {
                if change.actor_id() == &actor {
                    signatures.push((doc_id.clone(), key.sign(&change.hash())));
                }
            }
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![KEY, hex::encode(key.seed())],
        )?;
        for (doc, s) in &signatures {
            put(&tx, doc, s)?;
        }
        if !signatures.is_empty() {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, '1')",
                params![LATE],
            )?;
        }
        tx.commit()?;
        Ok(key)
    }

    /// The data center has the signatures of the device's earlier changes.
    pub(crate) fn late_signatures_sent(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", params![LATE])?;
        Ok(())
    }

    /// The device's public key (hex), once it is set up.
    pub fn public_key(&self) -> Result<Option<String>, StoreError> {
        Ok(self.read_key()?.map(|k| k.public_hex()))
    }

    /// Re-reads every stored document from disk and checks the signature
    /// of each change this device wrote.
    pub fn verify_signatures(&self) -> Result<VerifyReport, StoreError> {
        let actor = self.actor()?;
        let own = actor.to_hex_string();
        let key = self.read_key()?.ok_or(StoreError::BadKey)?;
        let public = PublicKey::from_hex(&key.public_hex()).map_err(|_| StoreError::BadKey)?;
        let key_of = |a: &str| (a == own).then(|| public.clone());
        let mut report = VerifyReport::default();
        let mut failed = None;
        for id in doc_store::all_ids(&self.conn)? {
            let Ok(doc_id) = id.parse::<DocId>() else {
                report.unreadable.push(id);
                continue;
            };
            let Ok(doc) = doc_store::load(&self.conn, &doc_id, &actor) else {
                report.unreadable.push(id);
                continue;
            };
            let mut signature_of = |h: &ChangeHash| match get(&self.conn, h) {
                Ok(s) => s,
                Err(e) => {
                    failed.get_or_insert(e);
                    None
                }
            };
            report.check(&doc_id, &doc, &key_of, &mut signature_of);
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }
}
