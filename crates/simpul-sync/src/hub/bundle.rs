//! USB bundles at the hub: what a device lacks, written for it, and a
//! device's bundle received with the checks of a sync.

use super::checks::{offered, parse_doc, take_certificates, Bringing};
use super::{device_states, lock_all, Hub};
use crate::audit::Via;
use crate::certificate::PersonCertificate;
use crate::refusal::Refusal;
use crate::staged::Staged;
use simpul_core::DocId;

impl Hub {
    /// The changes a device lacks, as far as the hub knows (from the shared
    /// heads of its last sync), for a bundle the data center writes for it.
    pub fn changes_for(&self, device_id: &str) -> Result<Vec<crate::bundle::BundleDoc>, Refusal> {
        let device = self
            .registry
            .read()
            .devices
            .get(device_id)
            .cloned()
            .ok_or(Refusal::UnknownDevice)?;
        let handle = self.device_states(device_id, false)?;
        let states = device_states::lock(&handle);
        let mut out = Vec::new();
        let done = self.each_in_scope(&device, |id, d| {
            let shared = states
                .states
                .get(id)
                .map(|s| s.shared_heads.clone())
                .unwrap_or_default();
            let new = d.doc.get_changes(&shared);
            if !new.is_empty() {
                out.push(crate::bundle::BundleDoc {
                    doc: id.to_string(),
                    changes: d.doc.save_after(&shared),
                    signatures: new
                        .iter()
                        .filter_map(|c| d.signatures.get(&c.hash()).cloned())
                        .collect(),
                });
            }
            Ok(())
        });
        self.docs.trim();
        done.map(|()| out)
    }

    /// Receives a bundle's changes from `device_id` with the checks of a
    /// sync, all or nothing: `commit` stores them, then they are
    /// published. Returns how many documents changed.
    pub fn bundle<E: From<Refusal>>(
        &self,
        device_id: &str,
        docs: &[crate::bundle::BundleDoc],
        certificates: &[PersonCertificate],
        commit: impl FnOnce(&Staged) -> Result<(), E>,
    ) -> Result<usize, E> {
        let registry = self.registry.read();
        let device = registry.device(device_id)?;
        let mut staged = Staged::new(device_id);
        let certificates = take_certificates(&registry, certificates, &mut staged)?;
        let ids: Vec<DocId> = docs
            .iter()
            .map(|d| parse_doc(&d.doc))
            .collect::<Result<_, _>>()?;
        let writes = self.write_handles(&device, ids.iter().cloned().collect())?;
        let guards = lock_all(&writes);
        for (d, id) in docs.iter().zip(&ids) {
            staged.offered.extend(d.signatures.iter().cloned());
            let bringing = Bringing {
                offered: &offered(&d.signatures),
                new_key: None,
                certificates: &certificates,
                via: Via::Bundle,
            };
            self.stage(
                &registry,
                &device,
                id,
                &guards,
                bringing,
                &mut staged,
                |c| c.load_incremental(&d.changes).map(|_| ()),
            )?;
        }
        let changed = staged.changed();
        let done = self.finish(&writes, guards, staged, None, commit);
        drop(writes);
        self.docs.trim();
        done.map(|()| changed)
    }
}
