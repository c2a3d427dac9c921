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
use simpul_sync::certificate::PersonCertificate;
use simpul_sync::keyring::KeyRing;
use simpul_sync::signature::{ChangeSignature, KeyPair, PublicKey};

/// Where the key's secret seed is kept (hex), in the replica's `meta`.
const KEY: &str = "device_key";

/// Set while the signatures made for the device's earlier changes (on the
/// first open of a replica of an earlier version) have not reached the
/// data center, which holds those changes unsigned.
pub(crate) const LATE: &str = "late_signatures";

/// Set by the migration that named the key of each signature, while the
/// rows stored before it are not named yet.
const UNNAMED: &str = "unnamed_signatures";

/// Stores one change's signature (a signature already held is kept).
pub(crate) fn put(
    tx: &rusqlite::Transaction<'_>,
    doc: &DocId,
    s: &ChangeSignature,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO change_signature (hash, doc, sig, key) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![&s.hash[..], doc.to_string(), s.sig, &s.key[..]])?;
    Ok(())
}

/// Stores a person's certificate (one already held is kept).
pub(crate) fn put_certificate(
    tx: &rusqlite::Transaction<'_>,
    cert: &PersonCertificate,
) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO person_certificate (key, cert) VALUES (?1, ?2)")?
        .execute(params![&cert.claim.person_key[..], cert.encode()])?;
    Ok(())
}

/// The stored certificates of the people who made `signatures` (device
/// keys have none), to travel with them.
pub(crate) fn certificates_of<'a>(
    conn: &Connection,
    signatures: impl IntoIterator<Item = &'a ChangeSignature>,
) -> Result<Vec<PersonCertificate>, StoreError> {
    let keys: std::collections::BTreeSet<[u8; 32]> =
        signatures.into_iter().map(|s| s.key).collect();
    let mut stmt = conn.prepare_cached("SELECT cert FROM person_certificate WHERE key = ?1")?;
    let mut out = Vec::new();
    for k in keys {
        let bytes: Option<Vec<u8>> = stmt.query_row(params![&k[..]], |r| r.get(0)).optional()?;
        out.extend(bytes.and_then(|b| PersonCertificate::decode(&b)));
    }
    Ok(out)
}

/// Every stored certificate whose own signature holds.
pub(crate) fn certificates(conn: &Connection) -> Result<Vec<PersonCertificate>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT cert FROM person_certificate")?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    let mut out = Vec::new();
    for bytes in rows {
        if let Some(c) = PersonCertificate::decode(&bytes?).filter(|c| c.check().is_ok()) {
            out.push(c);
        }
    }
    Ok(out)
}

/// The stored signature of one change.
pub(crate) fn get(
    conn: &Connection,
    hash: &ChangeHash,
) -> Result<Option<ChangeSignature>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT sig, key FROM change_signature WHERE hash = ?1")?
        .query_row(params![&hash.0[..]], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Option<Vec<u8>>>(1)?))
        })
        .optional()?
        .and_then(|(sig, key)| {
            Some(ChangeSignature {
                hash: hash.0,
                key: key?.try_into().ok()?,
                sig,
            })
        }))
}

/// Names the key of signatures stored by the previous version (which did
/// not): those this device's key made. Others stay without a key.
fn adopt_unnamed(conn: &Connection, key: &KeyPair) -> Result<(), StoreError> {
    let mut stmt = conn.prepare("SELECT hash, sig FROM change_signature WHERE key IS NULL")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let public = PublicKey::from_hex(&key.public_hex()).map_err(|_| StoreError::BadKey)?;
    for (hash, sig) in rows {
        let Ok(h) = <[u8; 32]>::try_from(hash.as_slice()) else {
            continue;
        };
        let s = ChangeSignature {
            hash: h,
            key: key.public_bytes(),
            sig,
        };
        if public.verify(&ChangeHash(h), &s).is_ok() {
            conn.execute(
                "UPDATE change_signature SET key = ?1 WHERE hash = ?2",
                params![&s.key[..], &hash],
            )?;
        }
    }
    Ok(())
}

/// Bytes from the operating system's randomness.
pub(crate) fn random<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Randomness(e.to_string()))?;
    Ok(bytes)
}

/// A key made from the operating system's randomness.
pub(crate) fn new_key() -> Result<KeyPair, StoreError> {
    Ok(KeyPair::from_seed(random()?))
}

/// What [`Replica::verify_signatures`] found (the rule is
/// `simpul_sync::verify`).
pub type VerifyReport = simpul_sync::verify::Verification;

impl Replica {
    /// The stored key, if this replica has one.
    pub(crate) fn read_key(&self) -> Result<Option<KeyPair>, StoreError> {
        let Some(hex_seed) = self.meta(KEY)? else {
            return Ok(None);
        };
        let seed: [u8; 32] = hex::decode(hex_seed.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(StoreError::BadKey)?;
        Ok(Some(KeyPair::from_seed(seed)))
    }

    /// The device's key, made (and the device's earlier changes signed
    /// with it) when the replica has none yet.
    pub(crate) fn ensure_key(&mut self) -> Result<KeyPair, StoreError> {
        if let Some(key) = self.read_key()? {
            if self.meta(UNNAMED)?.is_some() {
                adopt_unnamed(&self.conn, &key)?;
                self.conn
                    .execute("DELETE FROM meta WHERE key = ?1", params![UNNAMED])?;
            }
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
    /// of each change this device wrote (by its key or its people's).
    pub fn verify_signatures(&self) -> Result<VerifyReport, StoreError> {
        let actor = self.actor()?;
        let key = self.read_key()?.ok_or(StoreError::BadKey)?;
        let public = PublicKey::from_bytes(&key.public_bytes()).map_err(|_| StoreError::BadKey)?;
        let mut ring = KeyRing::new();
        ring.set_device(&actor.to_hex_string(), public);
        for cert in certificates(&self.conn)? {
            let _ = ring.add_certificate(cert);
        }
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
            report.check(&doc_id, &doc, &ring, &mut signature_of);
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }
}
