//! A record's change history, read from the Automerge changes themselves:
//! which fields each change set (old -> new), on which device, and when.

use crate::schema::{display_scalar, record_obj, ChangeNote, Collection, SchemaError};
use automerge::{Automerge, ReadDoc, Value};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One field set by one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// What a change's signature says, as the replica checked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignatureState {
    /// Not checked yet (the store fills it in).
    Unchecked,
    /// Valid, by the device or a person it certified.
    Verified,
    /// Signed by a device whose key this replica does not know (checked
    /// at the data center, which knows every device's key).
    UnknownKey,
    /// No signature: written before signing existed, or never signed.
    Unsigned,
    /// A signature that does not hold: altered after it was signed.
    Invalid,
}

/// The person who signed a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HistoryPerson {
    pub name: String,
    pub nip: String,
    /// The role's label.
    pub role: String,
}

/// One change that touched the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct HistoryEntry {
    /// The Automerge change hash (hex).
    pub hash: String,
    pub action: String,
    pub device: String,
    /// The device's actor id (hex).
    pub actor: String,
    /// Milliseconds since the Unix epoch, as the device's clock said.
    pub time_ms: f64,
    pub fields: Vec<FieldChange>,
    /// Who signed it, when a person was signed in.
    pub person: Option<HistoryPerson>,
    pub signature: SignatureState,
}

/// The history of record `id`, oldest first.
pub fn record_history(
    doc: &Automerge,
    c: Collection,
    id: &str,
) -> Result<Vec<HistoryEntry>, SchemaError> {
    let Some(obj) = record_obj(doc, c, id)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for meta in doc.get_changes_meta(&[]) {
        let Some(note) = meta.message.as_deref().and_then(ChangeNote::parse) else {
            continue;
        };
        // A change lists the records it touched; bulk changes (imports)
        // list none and are kept only when they set a field of this record.
        let listed = note.records.iter().any(|r| r == id);
        if !listed && !note.records.is_empty() {
            continue;
        }
        let after = [meta.hash];
        let mut fields = Vec::new();
        for item in doc.map_range_at(&obj, .., &after) {
            let Value::Scalar(new) = Value::from(item.value) else {
                continue;
            };
            let old = doc.get_at(&obj, item.key.as_ref(), &meta.deps)?;
            let old = match old {
                Some((Value::Scalar(s), _)) => Some(s.into_owned()),
                _ => None,
            };
            if old.as_ref() != Some(new.as_ref()) {
                fields.push(FieldChange {
                    field: item.key.to_string(),
                    old: old.as_ref().map(display_scalar).unwrap_or_default(),
                    new: display_scalar(&new),
                });
            }
        }
        if !listed && fields.is_empty() {
            continue;
        }
        out.push(HistoryEntry {
            hash: meta.hash.to_string(),
            action: note.action,
            device: note.device,
            actor: meta.actor.to_hex_string(),
            time_ms: meta.timestamp as f64,
            fields,
            person: None,
            signature: SignatureState::Unchecked,
        });
    }
    out.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::Asset;
    use crate::schema::{commit_options, genesis, write_record};
    use automerge::ActorId;

    #[test]
    fn history_lists_each_change_with_old_and_new_values() {
        let mut doc = genesis().with_actor(ActorId::random());
        let mut a = Asset {
            id: "a1".into(),
            nama: "Laptop".into(),
            holder_name: "Ani".into(),
            ..Default::default()
        };
        let other = Asset {
            id: "b2".into(),
            nama: "Printer".into(),
            ..Default::default()
        };
        let save = |doc: &mut Automerge, rec: &Asset, action: &str, t: i64| {
            let note = ChangeNote {
                action: action.into(),
                records: vec![rec.id.clone()],
                device: "PC Aset".into(),
            };
            doc.transact_with::<_, _, SchemaError, _>(
                |_| commit_options(&note, t),
                |tx| write_record(tx, Collection::Assets, &rec.id, rec),
            )
            .expect("save");
        };
        save(&mut doc, &a, "asset.create", 1000);
        save(&mut doc, &other, "asset.create", 1500);
        a.holder_name = "Budi".into();
        save(&mut doc, &a, "asset.update", 2000);

        let h = record_history(&doc, Collection::Assets, "a1").expect("history");
        assert_eq!(h.len(), 2, "the other record's change is not listed");
        assert_eq!(h[0].action, "asset.create");
        assert!(h[0]
            .fields
            .iter()
            .any(|f| f.field == "nama" && f.new == "Laptop" && f.old.is_empty()));
        assert_eq!(
            h[1].fields,
            vec![FieldChange {
                field: "holder_name".into(),
                old: "Ani".into(),
                new: "Budi".into()
            }]
        );
        assert_eq!(h[1].device, "PC Aset");
        assert_eq!(h[1].time_ms, 2000.0);
    }
}
