//! The audit trail and the re-check of every stored signature, for
//! `simpul admin audit` and `simpul admin verify`.

use crate::admin::Admin;
use crate::error::ServerError;
use crate::store::{AuditFilter, AuditRow};
use automerge::{Automerge, ChangeHash};
use simpul_sync::keyring::KeyRing;
use simpul_sync::signature::{ChangeSignature, PublicKey};
use simpul_sync::verify::Verification;
use std::collections::HashMap;

impl Admin<'_> {
    /// Accepted changes, newest first.
    pub fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, ServerError> {
        Ok(self.store().audit(filter)?)
    }

    /// Re-reads every stored document and checks each change's signature
    /// against the key of the device its actor belongs to. Changes of a
    /// device that never registered a key count as `others`.
    pub fn verify(&self) -> Result<Verification, ServerError> {
        let mut ring = KeyRing::new();
        for r in self.store().devices()? {
            if let Some(key) = r
                .device
                .key
                .as_deref()
                .and_then(|k| PublicKey::from_hex(k).ok())
            {
                ring.set_device(&r.device.actor, key);
            }
        }
        for c in self.store().certificates()? {
            let _ = ring.add_certificate(c);
        }
        let signatures: HashMap<ChangeHash, ChangeSignature> = self
            .store()
            .signatures()?
            .into_iter()
            .map(|s| (ChangeHash(s.hash), s))
            .collect();
        let ring = &ring;
        let check = |docs: &[(simpul_core::DocId, Vec<u8>)]| {
            let mut signature_of = |h: &ChangeHash| signatures.get(h).cloned();
            let mut part = Verification::default();
            for (id, bytes) in docs {
                match Automerge::load(bytes) {
                    Ok(doc) => part.check(id, &doc, ring, &mut signature_of),
                    Err(_) => part.unreadable.push(id.to_string()),
                }
            }
            part
        };
        // Documents are checked on every core, a share each.
        let (docs, _) = self.store().documents()?;
        let lanes = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, docs.len().max(1));
        let share = docs.len().div_ceil(lanes).max(1);
        let mut report = Verification::default();
        std::thread::scope(|s| {
            let handles: Vec<_> = docs
                .chunks(share)
                .map(|c| s.spawn(move || check(c)))
                .collect();
            for h in handles {
                match h.join() {
                    Ok(part) => report.merge(part),
                    Err(_) => report.unreadable.push("(pemeriksaan gagal)".into()),
                }
            }
        });
        Ok(report)
    }
}
