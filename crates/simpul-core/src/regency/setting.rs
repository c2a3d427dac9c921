//! A regency-wide setting, keyed by its name in the regency document.

use serde::{Deserialize, Serialize};

/// The name of the cable address template setting.
pub const ADDRESS_TEMPLATE: &str = "address_template";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Setting {
    pub value: String,
}
