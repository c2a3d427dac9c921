//! USB bundles: the changes the data center lacks, sealed for this
//! device, and a bundle from the data center opened and applied.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::sync::{shared_heads, SyncApplied};
use simpul_core::DocId;

impl Replica {
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
            let hashes: Vec<_> = doc.get_changes(&shared).iter().map(|c| c.hash()).collect();
            if !hashes.is_empty() {
                let mut signatures = Vec::new();
                for h in &hashes {
                    signatures.extend(crate::signing::get(&self.conn, h)?);
                }
                out.push(simpul_sync::bundle::BundleDoc {
                    doc: id.to_string(),
                    changes: doc.save_after(&shared),
                    signatures,
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
        certificates: &[simpul_sync::certificate::PersonCertificate],
        device_keys: &[simpul_sync::DeviceKeyNote],
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
            let signatures: Vec<_> = ids
                .iter()
                .zip(docs)
                .flat_map(|(id, d)| d.signatures.iter().map(|s| (id.clone(), s.clone())))
                .collect();
            let brought = crate::sync::Brought {
                signatures: &signatures,
                certificates,
                device_keys,
            };
            let (records, checks) = self.store_received(&received, "", &[], brought)?;
            Ok(SyncApplied {
                changed_docs: received.len(),
                changed_records: records,
                quiet: true,
                checks,
            })
        })();
        self.forget_on_error(&ids, result)
    }

    /// A sealed USB bundle of the changes the data center lacks.
    pub fn bundle_write(&mut self, peer: &str) -> Result<(Vec<u8>, usize), StoreError> {
        let link = self.server()?.ok_or(StoreError::NotEnrolled)?;
        let docs = self.bundle_changes(peer)?;
        let n = docs.len();
        let certificates =
            crate::signing::certificates_of(&self.conn, docs.iter().flat_map(|d| &d.signatures))?;
        let bundle = simpul_sync::bundle::Bundle {
            protocol: simpul_sync::PROTOCOL_VERSION,
            device: link.device_id,
            actor: self.profile()?.actor.clone(),
            enroll: self.enroll_answer()?,
            from_server: false,
            created: crate::clock::stamp(self.clock().now()),
            docs,
            certificates,
            device_keys: Vec::new(),
        };
        Ok((self.seal_bundle(&bundle)?, n))
    }

    /// A bundle sealed with this device's key.
    pub fn seal_bundle(&self, bundle: &simpul_sync::bundle::Bundle) -> Result<Vec<u8>, StoreError> {
        Ok(bundle.seal(&self.device_key()?))
    }

    /// Reads a bundle the data center wrote for this device: verified with
    /// the data center's key, refused whole when tampered or meant for another.
    pub fn bundle_read(&mut self, bytes: &[u8]) -> Result<SyncApplied, StoreError> {
        let link = self.server()?.ok_or(StoreError::NotEnrolled)?;
        let server_key = self.server_key()?.ok_or(StoreError::NoServerKey)?;
        let bundle = simpul_sync::bundle::Bundle::open(bytes, &server_key)?;
        let for_me = bundle.from_server
            && bundle.actor == self.profile()?.actor
            && (link.device_id.is_empty() || bundle.device == link.device_id);
        if !for_me {
            return Err(StoreError::BundleNotForThisDevice);
        }
        let applied = self.bundle_apply(&bundle.docs, &bundle.certificates, &bundle.device_keys)?;
        if link.device_id.is_empty() {
            // The first bundle after enrollment by file names this device.
            self.enrolled_as(&bundle.device)?;
        }
        Ok(applied)
    }
}
