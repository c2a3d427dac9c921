//! One change to many assets at once (the asset list's bulk actions): move
//! to a room, hand to a holder, re-rate the condition. The holder and the
//! condition are validated by the asset form's own rule
//! ([`AssetInput::holder_and_condition`]); only the fields the action
//! changes are touched, so an old record with another field outside
//! today's rules still moves. The room is checked by the store, which knows
//! the rooms.

use crate::{Asset, AssetInput, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkEdit {
    /// To this room (an id; empty: no room).
    Move { room_id: String },
    /// To this holder (empty name and NIP: back to the store room).
    Holder {
        holder_name: String,
        holder_nip: String,
    },
    /// Re-rated: `B`, `KB` or `RB`.
    Condition { condition: String },
}

impl BulkEdit {
    /// The history's name for the change.
    pub fn action(&self) -> &'static str {
        match self {
            BulkEdit::Move { .. } => "asset.move",
            BulkEdit::Holder { .. } => "asset.holder",
            BulkEdit::Condition { .. } => "asset.condition",
        }
    }

    /// The asset after this edit, or the problems with the edit's fields;
    /// `None` when the asset already is as the edit asks.
    pub fn apply(&self, asset: &Asset) -> Result<Option<Asset>, ValidationErrors> {
        let mut out = asset.clone();
        match self {
            BulkEdit::Move { room_id } => out.room_id = room_id.trim().to_owned(),
            BulkEdit::Holder { .. } | BulkEdit::Condition { .. } => {
                let mut input = AssetInput::from_asset(asset);
                if let BulkEdit::Holder {
                    holder_name,
                    holder_nip,
                } = self
                {
                    input.holder_name = holder_name.clone();
                    input.holder_nip = holder_nip.clone();
                }
                if let BulkEdit::Condition { condition } = self {
                    input.condition = condition.clone();
                }
                let mut errs = ValidationErrors::default();
                input.holder_and_condition(&mut out, &mut errs);
                if !errs.is_empty() {
                    return Err(errs);
                }
            }
        }
        Ok((out != *asset).then_some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Condition;

    fn laptop() -> Asset {
        Asset {
            id: "a".into(),
            nama: "Laptop".into(),
            room_id: "r1".into(),
            holder_name: "Siti".into(),
            holder_nip: "198503122010012004".into(),
            // Out of today's rules: the bulk action leaves it be.
            tahun: Some(1890),
            ..Default::default()
        }
    }

    #[test]
    fn each_edit_changes_its_own_fields_only() {
        let a = laptop();
        let moved = BulkEdit::Move {
            room_id: " r2 ".into(),
        }
        .apply(&a)
        .expect("valid")
        .expect("changed");
        assert_eq!(
            (moved.room_id.as_str(), moved.holder_name.as_str()),
            ("r2", "Siti")
        );
        let rated = BulkEdit::Condition {
            condition: "rr".into(),
        }
        .apply(&a)
        .expect("valid")
        .expect("changed");
        assert_eq!(rated.condition, Condition::KB, "RR is KB");
        assert_eq!(rated.room_id, "r1");
        let store = BulkEdit::Holder {
            holder_name: String::new(),
            holder_nip: String::new(),
        }
        .apply(&a)
        .expect("valid")
        .expect("changed");
        assert_eq!(
            (store.holder_name.as_str(), store.holder_nip.as_str()),
            ("", "")
        );
        assert_eq!(store.tahun, Some(1890));
    }

    #[test]
    fn a_bad_value_is_refused_and_the_same_value_changes_nothing() {
        let a = laptop();
        let e = BulkEdit::Holder {
            holder_name: "Budi".into(),
            holder_nip: "1985".into(),
        }
        .apply(&a)
        .expect_err("a short NIP");
        assert_eq!(e.0[0].field, "holder_nip");
        let e = BulkEdit::Condition {
            condition: "rusak sekali".into(),
        }
        .apply(&a)
        .expect_err("no such condition");
        assert_eq!(e.0[0].field, "condition");
        let same = BulkEdit::Move {
            room_id: "r1".into(),
        };
        assert_eq!(same.apply(&a).expect("valid"), None);
    }
}
