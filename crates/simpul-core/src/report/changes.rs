//! Changes of an asset document within a period, read from its history:
//! the document as it stood at the period's start compared with how it
//! stood at its end. "As it stood at time t" is every change made before t
//! whose dependencies were too (a change is dated by its device's clock).

use crate::condition::Condition;
use crate::lifecycle::Lifecycle;
use crate::schema::{collection, Collection, SchemaError};
use automerge::{Automerge, ChangeHash, ObjId, ReadDoc, Value};
use std::collections::HashSet;

/// How one asset changed within the period (only assets that did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetChange {
    pub asset_id: String,
    pub opd: String,
    /// New in the period and not disposed at its end.
    pub added: bool,
    /// Disposed (dihapus) at the end and not at the start.
    pub disposed: bool,
    /// Its condition is worse at the end than at the start (B to KB or RB, KB to RB).
    pub worsened: bool,
}

/// The heads of the document made of the changes dated before `t_ms`.
fn heads_before(doc: &Automerge, t_ms: i64) -> Vec<ChangeHash> {
    let mut kept: HashSet<ChangeHash> = HashSet::new();
    let mut deps_of_kept: HashSet<ChangeHash> = HashSet::new();
    for meta in doc.get_changes_meta(&[]) {
        if meta.timestamp < t_ms && meta.deps.iter().all(|d| kept.contains(d)) {
            kept.insert(meta.hash);
            deps_of_kept.extend(meta.deps.iter().copied());
        }
    }
    let mut heads: Vec<ChangeHash> = kept.difference(&deps_of_kept).copied().collect();
    heads.sort();
    heads
}

struct State {
    opd: String,
    condition: Option<Condition>,
    disposed: bool,
}

fn text_now(doc: &Automerge, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok().flatten() {
        Some((Value::Scalar(s), _)) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

fn state_of(read: impl Fn(&str) -> Option<String>) -> State {
    State {
        opd: read("opd").unwrap_or_default(),
        condition: read("condition").and_then(|c| Condition::parse("condition", &c).ok()),
        disposed: read("lifecycle").as_deref() == Some(Lifecycle::Dihapus.as_str()),
    }
}

fn state_now(doc: &Automerge, coll: &ObjId, id: &str) -> Option<State> {
    let Ok(Some((Value::Object(_), obj))) = doc.get(coll, id) else {
        return None;
    };
    Some(state_of(|k| text_now(doc, &obj, k)))
}

fn text_at(doc: &Automerge, obj: &ObjId, key: &str, heads: &[ChangeHash]) -> Option<String> {
    match doc.get_at(obj, key, heads).ok().flatten() {
        Some((Value::Scalar(s), _)) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

fn state_at(doc: &Automerge, coll: &ObjId, id: &str, heads: &[ChangeHash]) -> Option<State> {
    let Ok(Some((Value::Object(_), obj))) = doc.get_at(coll, id, heads) else {
        return None;
    };
    Some(state_of(|k| text_at(doc, &obj, k, heads)))
}

/// The assets of one asset document that were added, disposed or got
/// worse between `start_ms` and `end_ms`.
pub fn period_changes(
    doc: &Automerge,
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<AssetChange>, SchemaError> {
    let coll = collection(doc, Collection::Assets)?;
    let mut end = heads_before(doc, end_ms);
    if end.is_empty() {
        return Ok(Vec::new());
    }
    let mut current = doc.get_heads();
    current.sort();
    end.sort();
    // Reading the present is much cheaper than reading at past heads.
    let end_is_now = end == current;
    let start = heads_before(doc, start_ms);
    // The assets that existed at the start (one pass over the collection).
    let at_start: HashSet<String> = if start.is_empty() {
        HashSet::new()
    } else {
        doc.map_range_at(&coll, .., &start)
            .map(|item| item.key.to_string())
            .collect()
    };
    let ids: Vec<String> = if end_is_now {
        doc.keys(&coll).collect()
    } else {
        doc.map_range_at(&coll, .., &end)
            .map(|item| item.key.to_string())
            .collect()
    };
    let mut out = Vec::new();
    for id in ids {
        let after = if end_is_now {
            state_now(doc, &coll, &id)
        } else {
            state_at(doc, &coll, &id, &end)
        };
        let Some(after) = after else {
            continue;
        };
        let before = if at_start.contains(&id) {
            state_at(doc, &coll, &id, &start)
        } else {
            None
        };
        let added = before.is_none() && !after.disposed;
        let disposed = after.disposed && before.as_ref().is_none_or(|b| !b.disposed);
        let worsened = match (&before, after.condition) {
            (Some(b), Some(now)) if !b.disposed && !after.disposed => b
                .condition
                .is_some_and(|was| now.simda_code() > was.simda_code()),
            _ => false,
        };
        if added || disposed || worsened {
            out.push(AssetChange {
                opd: after.opd,
                asset_id: id,
                added,
                disposed,
                worsened,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::Asset;
    use crate::schema::{commit_options, genesis, write_record, ChangeNote};
    use automerge::ActorId;

    const DAY: i64 = 86_400_000;

    fn write(doc: &mut Automerge, a: &Asset, at_ms: i64) {
        let note = ChangeNote {
            action: "asset.save".into(),
            device: "tes".into(),
            records: vec![a.id.clone()],
        };
        doc.transact_with::<_, _, SchemaError, _>(
            |_| commit_options(&note, at_ms),
            |tx| write_record(tx, Collection::Assets, &a.id, a),
        )
        .expect("write");
    }

    fn asset(id: &str, c: Condition) -> Asset {
        Asset {
            id: id.into(),
            opd: "DINKES".into(),
            nama: "Laptop".into(),
            condition: c,
            ..Asset::default()
        }
    }

    #[test]
    fn added_disposed_and_worsened_are_told_apart_by_date() {
        let mut doc = genesis().with_actor(ActorId::random());
        let old = asset("a-old", Condition::B);
        let gone = asset("a-gone", Condition::KB);
        let same = asset("a-same", Condition::KB);
        write(&mut doc, &old, 10 * DAY);
        write(&mut doc, &gone, 10 * DAY);
        write(&mut doc, &same, 10 * DAY);
        // The period is days 100..200.
        write(
            &mut doc,
            &Asset {
                condition: Condition::RB,
                ..old.clone()
            },
            150 * DAY,
        );
        write(
            &mut doc,
            &Asset {
                lifecycle: Lifecycle::Dihapus,
                ..gone.clone()
            },
            160 * DAY,
        );
        write(
            &mut doc,
            &Asset {
                condition: Condition::B,
                ..same.clone()
            },
            170 * DAY,
        );
        write(&mut doc, &asset("a-new", Condition::B), 120 * DAY);
        // After the period: not counted.
        write(&mut doc, &asset("a-later", Condition::B), 250 * DAY);
        let mut got = period_changes(&doc, 100 * DAY, 200 * DAY).expect("changes");
        got.sort_by(|a, b| a.asset_id.cmp(&b.asset_id));
        let flags: Vec<(&str, bool, bool, bool)> = got
            .iter()
            .map(|c| (c.asset_id.as_str(), c.added, c.disposed, c.worsened))
            .collect();
        assert_eq!(
            flags,
            vec![
                ("a-gone", false, true, false),
                ("a-new", true, false, false),
                ("a-old", false, false, true),
            ]
        );
        assert!(got.iter().all(|c| c.opd == "DINKES"));
        // A period before anything existed sees nothing; one covering all sees every asset added.
        assert!(period_changes(&doc, 0, 5 * DAY).expect("none").is_empty());
        let all = period_changes(&doc, 0, 300 * DAY).expect("all");
        assert_eq!(all.iter().filter(|c| c.added).count(), 4, "{all:?}");
    }
}
