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
