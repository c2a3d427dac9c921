//! The stored key of a unit enum: the name serde writes (`patch_panel`),
//! the one spelling the index, SQL and the UI share.

use serde::Serialize;

/// The serde name of a unit enum value (empty for anything else).
pub fn key_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The unit enum value stored under `key`, if there is one.
pub fn from_key<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(key.to_owned())).ok()
}

/// A value of a closed list as every front end shows it, in both
/// languages, so no front end keeps its own list or labels.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct Choice {
    /// The stored key (`patch_panel`).
    pub value: String,
    /// The Indonesian label.
    pub id: String,
    /// The English label.
    pub en: String,
}

/// A closed list: every value in order, with its labels.
pub trait Labelled: Serialize + Copy + 'static {
    fn all() -> &'static [Self];
    /// The Indonesian label.
    fn label_id(self) -> &'static str;
    fn label_en(self) -> &'static str;
}

/// Every value of a list, for a front end's picker.
pub fn choices<T: Labelled>() -> Vec<Choice> {
    T::all()
        .iter()
        .map(|v| Choice {
            value: key_of(v),
            id: v.label_id().to_owned(),
            en: v.label_en().to_owned(),
        })
        .collect()
}

/// Implements [`Labelled`] from a value list and an English label per
/// value (the Indonesian one is the type's own `label()`).
#[macro_export]
macro_rules! labelled {
    ($t:ty, $all:expr, { $($v:path => $en:expr),+ $(,)? }) => {
        impl $crate::choice::Labelled for $t {
            fn all() -> &'static [Self] {
                &$all
            }
            fn label_id(self) -> &'static str {
                self.label()
            }
            fn label_en(self) -> &'static str {
                match self {
                    $($v => $en),+
                }
            }
        }
    };
}
