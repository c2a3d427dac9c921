//! Upkeep of a replica: checking the index against the documents, and
//! loading the OPD's documents ahead of the first edit.

use crate::error::StoreError;
use crate::replica::{Replica, DOC_CACHE};
use simpul_core::schema::Collection;
use simpul_core::{Asset, DocId};

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
