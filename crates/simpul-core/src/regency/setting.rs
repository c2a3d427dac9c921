//! A regency-wide setting, keyed by its name in the regency document.

use serde::{Deserialize, Serialize};

/// The name of the cable address template setting.
pub const ADDRESS_TEMPLATE: &str = "address_template";

/// The name of the setting of days before an OPD is overdue
/// (`update_status`).
pub const OVERDUE_DAYS: &str = "overdue_days";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Setting {
    pub value: String,
}
