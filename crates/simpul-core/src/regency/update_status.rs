//! When an OPD is late with its data (Muna Ps.12(1) and Ps.27(3), Enrekang
//! Ps.11(1) and Ps.26(3)): no device of it reached the data center, or
//! none of its changes arrived, for longer than the regency allows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Days without a sync or a change before an OPD is overdue, unless the
/// regency sets another number.
pub const OVERDUE_DAYS: i64 = 30;

/// Reads the regency's setting of allowed days: a whole number from 1 to
/// 365 (spaces allowed).
pub fn parse_days(field: &str, raw: &str) -> Result<i64, crate::FieldError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=365).contains(d))
        .ok_or_else(|| {
            crate::FieldError::new(
                field,
                "overdue_days.range",
                "Batas hari harus bilangan bulat 1 sampai 365.",
            )
        })
}

/// The allowed days a stored setting gives (the default when unset or unreadable).
pub fn days_of(setting: Option<&str>) -> i64 {
    setting
        .and_then(|s| parse_days("days", s).ok())
        .unwrap_or(OVERDUE_DAYS)
}

/// Why an OPD is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Overdue {
    #[error("belum ada perangkat yang terdaftar")]
    NoDevice,
    #[error("belum pernah sinkron")]
    NeverSynced,
    #[error("tidak sinkron selama {days} hari")]
    NoSyncFor { days: i64 },
    #[error("belum pernah mengirim perubahan")]
    NeverChanged,
    #[error("tidak ada perubahan data selama {days} hari")]
    NoChangeFor { days: i64 },
}

/// One device of an OPD, as the data center knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeviceStatus {
    pub id: String,
    pub name: String,
    /// When it last reached the data center (RFC 3339).
    pub last_sync_at: Option<String>,
    /// When its newest change that arrived was written.
    pub last_change_at: Option<String>,
    pub revoked: bool,
}

/// One OPD's update status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OpdStatus {
    pub code: String,
    pub name: String,
    pub devices: Vec<DeviceStatus>,
    /// The newest of its active devices'.
    pub last_sync_at: Option<String>,
    pub last_change_at: Option<String>,
    /// Why it is overdue, when it is.
    pub overdue: Option<Overdue>,
    /// `overdue` in words (`tidak sinkron selama 45 hari`).
    pub overdue_text: String,
}

/// Every OPD's status at one moment, as the data center answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct UpdateStatus {
    /// When the data center computed it (RFC 3339).
    pub at: String,
    pub allowed_days: i64,
    pub opds: Vec<OpdStatus>,
}

/// Whether an OPD whose devices last synced at `last_sync` and whose
/// newest change is from `last_change` is overdue at `now`.
pub fn overdue(
    devices: usize,
    last_sync: Option<DateTime<Utc>>,
    last_change: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    allowed_days: i64,
) -> Option<Overdue> {
    let days = |t: DateTime<Utc>| (now - t).num_days();
    if devices == 0 {
        return Some(Overdue::NoDevice);
    }
    match last_sync {
        None => return Some(Overdue::NeverSynced),
        Some(t) if days(t) > allowed_days => return Some(Overdue::NoSyncFor { days: days(t) }),
        Some(_) => {}
    }
    match last_change {
        None => Some(Overdue::NeverChanged),
        Some(t) if days(t) > allowed_days => Some(Overdue::NoChangeFor { days: days(t) }),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn an_opd_turns_overdue_after_the_allowed_days() {
        let t0 = Utc
            .with_ymd_and_hms(2026, 11, 1, 8, 0, 0)
            .single()
            .expect("t0");
        let at = |d: i64| t0 + Duration::days(d);
        assert_eq!(overdue(1, Some(t0), Some(t0), at(30), 30), None);
        assert_eq!(
            overdue(1, Some(t0), Some(t0), at(31), 30),
            Some(Overdue::NoSyncFor { days: 31 })
        );
        assert_eq!(
            overdue(1, Some(at(30)), Some(t0), at(31), 30),
            Some(Overdue::NoChangeFor { days: 31 }),
            "syncing without changing anything is late too"
        );
        assert_eq!(overdue(0, None, None, t0, 30), Some(Overdue::NoDevice));
        assert_eq!(overdue(2, None, None, t0, 30), Some(Overdue::NeverSynced));
        assert_eq!(
            overdue(2, Some(t0), None, t0, 30),
            Some(Overdue::NeverChanged)
        );
        assert_eq!(
            Overdue::NoSyncFor { days: 45 }.to_string(),
            "tidak sinkron selama 45 hari"
        );
        assert_eq!(parse_days("d", " 14 "), Ok(14));
        assert!(parse_days("d", "0").is_err() && parse_days("d", "dua").is_err());
        assert_eq!(days_of(Some("60")), 60);
        assert_eq!(days_of(Some("x")), OVERDUE_DAYS);
        assert_eq!(days_of(None), OVERDUE_DAYS);
    }
}
