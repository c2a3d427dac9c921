//! How records live inside an Automerge document.
//!
//! ```text
//! ROOT
//! ├── assets      { <uuid>: { nama: "Laptop", harga: 12500000, ... } }
//! ├── maintenance { <uuid>: { asset_id, kind, date, ... } }
//! └── rooms       { <uuid>: { building, floor, code, name } }
//! ```
//! Every field is a scalar (string, integer or null), so concurrent edits of
//! different fields of one record merge, and concurrent edits of the same
//! field keep both values (`get_all`) for the user to settle.
//!
//! The root maps come from a *genesis* change that every replica builds
//! byte for byte the same (fixed actor, time 0): two devices that create the
//! same document offline share it instead of making two competing `assets`
//! maps, one of which would hide the other's records.
//!
//! Each user action is one change whose message is a [`ChangeNote`] naming
//! the action, the records it touched and the device; the record history is
//! read back from these.
//!
//! Long because the record <-> Automerge mapping and its tests (every field
//! type, nulls, concurrent values) belong together.

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{
    ActorId, Automerge, AutomergeError, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The record collections at the root of every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Assets,
    Maintenance,
    Rooms,
    Nodes,
    Cables,
    /// `opd/X/reg`: network registrations, keyed by asset id.
    Registrations,
    /// `regency`: the OPD list, keyed by OPD code.
    Opds,
    /// `regency`: IP pools.
    Pools,
    /// `regency`: security levels, keyed by code.
    Levels,
    /// `regency`: Diskominfo's decision on each registration, keyed by asset id.
    Decisions,
    /// `regency`: regency-wide settings (the address template), keyed by name.
    Settings,
    /// `opd/X/meta`: the OPD's maintenance plans. They live in the meta
    /// document's `maintenance` map, which every meta document has had
    /// (empty) since genesis, so no document needs a new collection.
    Plans,
    /// `regency`: Diskominfo's oversight visits, in the settings map under
    /// `visit/<id>` keys (the regency document's maps are fixed by its
    /// genesis; see `regency::oversight`).
    Visits,
    /// `opd/X/stock/NN`: stock-take sessions.
    StockTakes,
    /// `opd/X/stock/NN`: one record per tag scanned in a session.
    Scans,
    /// `opd/X/stock/NN`: the rooms a session has closed.
    ClosedRooms,
    /// `opd/X/stock/NN`: handovers (serah terima) of assets.
    Handovers,
    /// `opd/X/stock/NN`: loans (dipinjam) of assets.
    Loans,
}

impl Collection {
    /// The collections of meta and asset documents (their genesis).
    pub const ALL: [Collection; 3] = [
        Collection::Assets,
        Collection::Maintenance,
        Collection::Rooms,
    ];
    /// The collections of network documents (their genesis).
    pub const NETWORK: [Collection; 2] = [Collection::Nodes, Collection::Cables];
    /// The collections of the regency document (its genesis).
    pub const REGENCY: [Collection; 5] = [
        Collection::Opds,
        Collection::Pools,
        Collection::Levels,
        Collection::Decisions,
        Collection::Settings,
    ];
    /// The collections of stock-take documents (their genesis).
    pub const STOCK: [Collection; 5] = [
        Collection::StockTakes,
        Collection::Scans,
        Collection::ClosedRooms,
        Collection::Handovers,
        Collection::Loans,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Collection::Assets => "assets",
            Collection::Maintenance => "maintenance",
            Collection::Rooms => "rooms",
            Collection::Nodes => "nodes",
            Collection::Cables => "cables",
            Collection::Registrations => "registrations",
            Collection::Opds => "opds",
            Collection::Pools => "pools",
            Collection::Levels => "levels",
            Collection::Decisions => "decisions",
            Collection::Settings => "settings",
            Collection::Plans => "maintenance",
            Collection::Visits => "settings",
            Collection::StockTakes => "stocktakes",
            Collection::Scans => "scans",
            Collection::ClosedRooms => "closed",
            Collection::Handovers => "handovers",
            Collection::Loans => "loans",
        }
    }
}

/// A record's fields as Automerge scalars, keyed by field name.
pub type Fields = BTreeMap<String, ScalarValue>;

/// What a change did, stored as its commit message (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeNote {
    /// `asset.create`, `asset.update`, `maintenance.add`, `import`, ...
    pub action: String,
    /// Ids of the records the change touched.
    pub records: Vec<String>,
    /// The device's name as set at first run.
    pub device: String,
}

impl ChangeNote {
    pub fn parse(message: &str) -> Option<ChangeNote> {
        serde_json::from_str(message).ok()
    }
}

/// Schema errors: a document that is not shaped as ours, or Automerge failing.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("dokumen tidak memiliki koleksi {0}")]
    MissingCollection(&'static str),
    #[error("rekaman tidak dapat dibaca: {0}")]
    Decode(#[from] serde_json::Error),
    #[error(transparent)]
    Automerge(#[from] AutomergeError),
}

const GENESIS_ACTOR: &[u8; 16] = b"simpul.genesis.1";

/// The shared first change of a document of this kind.
pub fn genesis_for(id: &crate::DocId) -> Automerge {
    match id {
        crate::DocId::Network { .. } => genesis_of(&Collection::NETWORK),
        crate::DocId::Registrations { .. } => genesis_of(&[Collection::Registrations]),
        crate::DocId::Regency => genesis_of(&Collection::REGENCY),
        crate::DocId::StockTake { .. } => genesis_of(&Collection::STOCK),
        _ => genesis(),
    }
}

/// The shared first change of meta and asset documents (see the module doc).
pub fn genesis() -> Automerge {
    genesis_of(&Collection::ALL)
}

fn genesis_of(collections: &[Collection]) -> Automerge {
    let mut doc = Automerge::new().with_actor(ActorId::from(&GENESIS_ACTOR[..]));
    let made = doc.transact_with::<_, _, AutomergeError, _>(
        |_| {
            CommitOptions::default()
                .with_time(0)
                .with_message("genesis")
        },
        |tx| {
            for c in collections {
                tx.put_object(ROOT, c.key(), ObjType::Map)?;
            }
            Ok(())
        },
    );
    debug_assert!(made.is_ok(), "genesis cannot fail on an empty document");
    doc
}

/// The object id of a collection's map.
pub fn collection(doc: &impl ReadDoc, c: Collection) -> Result<ObjId, SchemaError> {
    match doc.get(ROOT, c.key())? {
        Some((Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Err(SchemaError::MissingCollection(c.key())),
    }
}

/// Turns a serializable record into Automerge scalars: each field is the
/// scalar its JSON value maps to (a number without a fraction an integer,
/// `null` a null), and a field that is not a scalar (a list, a nested
/// record) is kept as its JSON text.
pub fn to_fields<T: Serialize>(record: &T) -> Result<Fields, SchemaError> {
    Ok(crate::record_fields::record_fields(record)?
        .into_iter()
        .collect())
}

fn scalar_to_json(s: &ScalarValue) -> serde_json::Value {
    match s {
        ScalarValue::Str(s) => serde_json::Value::String(s.to_string()),
        ScalarValue::Int(i) | ScalarValue::Timestamp(i) => (*i).into(),
        ScalarValue::Uint(u) => (*u).into(),
        ScalarValue::F64(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        ScalarValue::Boolean(b) => (*b).into(),
        _ => serde_json::Value::Null,
    }
}

/// A scalar shown to a person (history, conflicts).
pub fn display_scalar(s: &ScalarValue) -> String {
    match scalar_to_json(s) {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads a list or nested field of a record (a session's rooms, a
/// handover's parties): a document keeps it as one JSON text (every field
/// is a scalar, see the module doc), the index and the front ends as the
/// value itself. For `#[serde(deserialize_with = ...)]`.
pub fn json_field<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let v = serde_json::Value::deserialize(d)?;
    match v {
        serde_json::Value::String(t) if t.trim().is_empty() => Ok(T::default()),
        serde_json::Value::String(t) => serde_json::from_str(&t).map_err(serde::de::Error::custom),
        other => serde_json::from_value(other).map_err(serde::de::Error::custom),
    }
}

/// Turns scalars back into a record; unknown fields (from newer versions) are ignored.
pub fn from_fields<T: DeserializeOwned>(fields: &Fields) -> Result<T, SchemaError> {
    let map: serde_json::Map<String, serde_json::Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), scalar_to_json(v)))
        .collect();
    Ok(serde_json::from_value(serde_json::Value::Object(map))?)
}

/// Reads the winning value of every field of one record object.
pub fn read_fields(doc: &impl ReadDoc, obj: &ObjId) -> Fields {
    doc.map_range(obj, ..)
        .filter_map(|item| match Value::from(item.value) {
            Value::Scalar(s) => Some((item.key.to_string(), s.into_owned())),
            Value::Object(_) => None,
        })
        .collect()
}

/// The object id of record `id` in collection `c`, if it exists.
pub fn record_obj(
    doc: &impl ReadDoc,
    c: Collection,
    id: &str,
) -> Result<Option<ObjId>, SchemaError> {
    let coll = collection(doc, c)?;
    Ok(match doc.get(&coll, id)? {
        Some((Value::Object(ObjType::Map), obj)) => Some(obj),
        _ => None,
    })
}

/// Reads one record.
pub fn read_record<T: DeserializeOwned>(
    doc: &impl ReadDoc,
    c: Collection,
    id: &str,
) -> Result<Option<T>, SchemaError> {
    match record_obj(doc, c, id)? {
        Some(obj) => Ok(Some(from_fields(&read_fields(doc, &obj))?)),
        None => Ok(None),
    }
}

/// The ids of every record in a collection.
pub fn record_ids(doc: &impl ReadDoc, c: Collection) -> Result<Vec<String>, SchemaError> {
    let coll = collection(doc, c)?;
    Ok(doc.keys(&coll).collect())
}

/// Writes a record, putting only the fields whose value differs from what
/// the document holds now, so a change carries exactly what the user changed.
/// Returns how many fields were written.
pub fn write_record<T: Serialize>(
    tx: &mut impl Transactable,
    c: Collection,
    id: &str,
    record: &T,
) -> Result<usize, SchemaError> {
    let coll = collection(tx, c)?;
    write_into(tx, &coll, id, record)
}

/// [`write_record`] for many records of one collection (a bulk write),
/// finding the collection once. Returns how many fields were written.
pub fn write_records<'r, T: Serialize + 'r>(
    tx: &mut impl Transactable,
    c: Collection,
    records: impl IntoIterator<Item = (&'r str, &'r T)>,
) -> Result<usize, SchemaError> {
    let coll = collection(tx, c)?;
    let mut written = 0;
    for (id, record) in records {
        written += write_into(tx, &coll, id, record)?;
    }
    Ok(written)
}

fn write_into<T: Serialize>(
    tx: &mut impl Transactable,
    coll: &ObjId,
    id: &str,
    record: &T,
) -> Result<usize, SchemaError> {
    let mut new = crate::record_fields::record_fields(record)?;
    let (obj, old) = match tx.get(coll, id)? {
        Some((Value::Object(ObjType::Map), obj)) => {
            let old = read_fields(tx, &obj);
            (obj, old)
        }
        _ => {
            // A new record in one batch (two splices of the document's
            // operations instead of one per field), leaving empty text and
            // nulls out: every record type reads a missing field as its
            // default. A KIB B import of 20,000 records relies on both.
            let fields: std::collections::HashMap<String, automerge::hydrate::Value> = new
                .into_iter()
                .filter(|(_, v)| !is_empty_scalar(v))
                .map(|(k, v)| (k, automerge::hydrate::Value::Scalar(v)))
                .collect();
            let written = fields.len();
            tx.batch_create_object(
                coll,
                id,
                &automerge::hydrate::Value::Map(fields.into()),
                false,
            )?;
            return Ok(written);
        }
    };
    let mut written = 0;
    new.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (k, v) in new {
        // A field a new record left out reads as empty: writing "" is no change.
        let unchanged = match old.get(&k) {
            Some(o) => *o == v,
            None => is_empty_scalar(&v),
        };
        if !unchanged {
            tx.put(&obj, k.as_str(), v)?;
            written += 1;
        }
    }
    Ok(written)
}

fn is_empty_scalar(v: &ScalarValue) -> bool {
    match v {
        ScalarValue::Null => true,
        ScalarValue::Str(s) => s.is_empty(),
        _ => false,
    }
}

/// Every value a field holds right now: one normally, several after
/// concurrent edits by devices that had not seen each other's change.
pub fn field_values(
    doc: &impl ReadDoc,
    obj: &ObjId,
    field: &str,
) -> Result<Vec<ScalarValue>, SchemaError> {
    Ok(doc
        .get_all(obj, field)?
        .into_iter()
        .filter_map(|(v, _)| match v {
            Value::Scalar(s) => Some(s.into_owned()),
            Value::Object(_) => None,
        })
        .collect())
}

/// Commit options for one user action.
pub fn commit_options(note: &ChangeNote, now_ms: i64) -> CommitOptions {
    CommitOptions::default()
        .with_message(serde_json::to_string(note).unwrap_or_default())
        .with_time(now_ms)
}

/// Fields of a record that hold several values after concurrent edits,
/// each with every value (the winner first).
pub fn record_conflicts(
    doc: &impl ReadDoc,
    c: Collection,
    id: &str,
) -> Result<Vec<(String, Vec<ScalarValue>)>, SchemaError> {
    let Some(obj) = record_obj(doc, c, id)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for key in doc.keys(&obj).collect::<Vec<_>>() {
        let values = field_values(doc, &obj, &key)?;
        if values.len() > 1 {
            let winner = match doc.get(&obj, key.as_str())? {
                Some((Value::Scalar(s), _)) => Some(s.into_owned()),
                _ => None,
            };
            let mut ordered: Vec<ScalarValue> = winner.iter().cloned().collect();
            ordered.extend(values.into_iter().filter(|v| Some(v) != winner.as_ref()));
            out.push((key, ordered));
        }
    }
    Ok(out)
}

/// Settles a conflicted field: puts `value` even when it equals the current
/// winner, so the new change supersedes every concurrent value.
pub fn settle_field(
    tx: &mut impl Transactable,
    c: Collection,
    id: &str,
    field: &str,
    value: ScalarValue,
) -> Result<(), SchemaError> {
    let obj = record_obj(tx, c, id)?.ok_or(SchemaError::MissingCollection("record"))?;
    tx.put(&obj, field, value)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::Asset;

    fn note(records: &[&str]) -> ChangeNote {
        ChangeNote {
            action: "asset.update".into(),
            records: records.iter().map(|s| (*s).to_owned()).collect(),
            device: "pc".into(),
        }
    }

    #[test]
    fn genesis_is_identical_on_every_replica() {
        assert_eq!(genesis().get_heads(), genesis().get_heads());
        assert_eq!(genesis().save(), genesis().save());
    }

    #[test]
    fn records_round_trip_and_only_changed_fields_are_written() {
        let mut doc = genesis().with_actor(ActorId::random());
        let mut a = Asset {
            id: "a1".into(),
            nama: "Laptop".into(),
            harga: Some(5),
            tahun: Some(2020),
            ..Default::default()
        };
        let n = doc
            .transact_with::<_, _, SchemaError, _>(
                |_| commit_options(&note(&["a1"]), 1),
                |tx| write_record(tx, Collection::Assets, "a1", &a),
            )
            .expect("write")
            .result;
        // id, nama, harga, tahun and the enums' defaults (condition, lifecycle):
        // empty text and nulls stay out of a new record.
        assert_eq!(n, 6, "first write puts the non-empty fields");
        assert_eq!(
            read_record::<Asset>(&doc, Collection::Assets, "a1").expect("read"),
            Some(a.clone())
        );
        a.harga = Some(7);
        let n = doc
            .transact_with::<_, _, SchemaError, _>(
                |_| commit_options(&note(&["a1"]), 2),
                |tx| write_record(tx, Collection::Assets, "a1", &a),
            )
            .expect("write")
            .result;
        assert_eq!(n, 1);
        assert_eq!(
            record_ids(&doc, Collection::Assets).expect("ids"),
            vec!["a1".to_owned()]
        );
    }

    #[test]
    fn concurrent_edits_of_one_field_keep_both_values() {
        let mut base = genesis().with_actor(ActorId::random());
        let a = Asset {
            id: "a1".into(),
            nama: "PC".into(),
            ..Default::default()
        };
        base.transact_with::<_, _, SchemaError, _>(
            |_| commit_options(&note(&["a1"]), 1),
            |tx| write_record(tx, Collection::Assets, "a1", &a),
        )
        .expect("write");
        let mut left = base.fork().with_actor(ActorId::random());
        let mut right = base.fork().with_actor(ActorId::random());
        for (doc, name) in [(&mut left, "PC Kiri"), (&mut right, "PC Kanan")] {
            let edited = Asset {
                nama: name.into(),
                ..a.clone()
            };
            doc.transact_with::<_, _, SchemaError, _>(
                |_| commit_options(&note(&["a1"]), 2),
                |tx| write_record(tx, Collection::Assets, "a1", &edited),
            )
            .expect("edit");
        }
        left.merge(&mut right).expect("merge");
        let obj = record_obj(&left, Collection::Assets, "a1")
            .expect("obj")
            .expect("exists");
        let mut vals: Vec<String> = field_values(&left, &obj, "nama")
            .expect("vals")
            .iter()
            .map(display_scalar)
            .collect();
        vals.sort();
        assert_eq!(vals, ["PC Kanan", "PC Kiri"]);
    }
}
