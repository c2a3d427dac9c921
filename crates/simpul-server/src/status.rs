//! Which OPDs keep their data up to date: for each OPD its devices, when
//! each last reached the data center and when its newest change was
//! written, and whether the OPD is overdue (the rule is
//! `simpul_core::regency::update_status`). `simpul admin status`.

use crate::admin::Admin;
use crate::error::ServerError;
use chrono::{DateTime, Utc};
use simpul_core::regency::setting::{Setting, OVERDUE_DAYS};
use simpul_core::regency::update_status::{self, overdue, DeviceStatus, OpdStatus};
use simpul_core::schema::{read_record, Collection};
use simpul_core::DocId;
use simpul_sync::Scope;

fn parse(t: Option<&str>) -> Option<DateTime<Utc>> {
    t.and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl Admin<'_> {
    /// The days the regency allows (its document's setting, which
    /// Diskominfo sets in the app), else the default.
    pub fn allowed_days(&self) -> Result<i64, ServerError> {
        let Some(bytes) = self.store().document(&DocId::Regency)? else {
            return Ok(update_status::OVERDUE_DAYS);
        };
        let doc = automerge::Automerge::load(&bytes)
            .map_err(|e| ServerError::Automerge(format!("regency: {e}")))?;
        let setting: Option<Setting> =
            read_record(&doc, Collection::Settings, OVERDUE_DAYS).unwrap_or_default();
        Ok(update_status::days_of(
            setting.as_ref().map(|s| s.value.as_str()),
        ))
    }

    /// Every OPD of the server's list, with its devices, at `now`; an OPD
    /// is overdue after `allowed_days` without a sync or a change.
    pub fn status(
        &self,
        now: DateTime<Utc>,
        allowed_days: i64,
    ) -> Result<Vec<OpdStatus>, ServerError> {
        let devices = self.store().devices()?;
        let mut out = Vec::new();
        for (code, name) in self.store().opds()? {
            let mine: Vec<DeviceStatus> = devices
                .iter()
                .filter(|r| matches!(&r.device.scope, Scope::Opd(o) if *o == code))
                .map(|r| DeviceStatus {
                    id: r.device.id.clone(),
                    name: r.name.clone(),
                    last_sync_at: r.last_sync_at.clone(),
                    last_change_at: r.last_change_at.clone(),
                    revoked: r.device.revoked,
                })
                .collect();
            let active: Vec<&DeviceStatus> = mine.iter().filter(|d| !d.revoked).collect();
            let newest = |pick: fn(&DeviceStatus) -> Option<&String>| {
                active.iter().filter_map(|d| pick(d)).max().cloned()
            };
            let (last_sync_at, last_change_at) = (
                newest(|d| d.last_sync_at.as_ref()),
                newest(|d| d.last_change_at.as_ref()),
            );
            let late = overdue(
                active.len(),
                parse(last_sync_at.as_deref()),
                parse(last_change_at.as_deref()),
                now,
                allowed_days,
            );
            out.push(OpdStatus {
                overdue_text: late.map(|o| o.to_string()).unwrap_or_default(),
                overdue: late,
                code,
                name,
                devices: mine,
                last_sync_at,
                last_change_at,
            });
        }
        Ok(out)
    }
}
