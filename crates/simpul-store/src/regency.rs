//! Diskominfo's side of the regency document: the OPD list, IP pools with
//! their usage, security levels and decisions on registrations. Only a
//! device enrolled with the Diskominfo scope writes it (the server refuses
//! anyone else's changes, so an OPD device is stopped here first).

use crate::error::StoreError;
use crate::regency_index as ri;
use crate::registration::RegistrationView;
use crate::replica::Replica;
use rusqlite::params;
use serde::Serialize;
use simpul_core::regency::setting::{Setting, OVERDUE_DAYS};
use simpul_core::regency::update_status;
use simpul_core::regency::{
    Decision, DecisionInput, IpPool, IpPoolInput, OpdEntry, OpdEntryInput, SecurityLevel,
    SecurityLevelInput,
};
use simpul_core::schema::Collection;
use simpul_core::{DocId, FieldError, ValidationErrors};
use simpul_sync::Scope;
use specta::Type;
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// A pool and how much of it is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PoolUsage {
    pub pool: IpPool,
    /// Distinct addresses of the pool claimed by an asset or a registration.
    pub used: u32,
    pub capacity: u32,
}

/// Everything of the regency document a screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegencyView {
    pub opds: Vec<OpdEntry>,
    pub pools: Vec<PoolUsage>,
    pub levels: Vec<SecurityLevel>,
    /// Days without a sync or a change before an OPD is overdue.
    pub overdue_days: i64,
    /// This device may change it (a Diskominfo device).
    pub editable: bool,
}

impl Replica {
    /// Whether this device is enrolled with the Diskominfo scope.
    pub fn is_diskominfo(&self) -> Result<bool, StoreError> {
        Ok(self.server()?.is_some_and(|l| l.diskominfo))
    }

    /// What this device may write: every document when enrolled with the
    /// Diskominfo scope, else its own OPD's.
    pub fn scope(&self) -> Result<Scope, StoreError> {
        Ok(if self.is_diskominfo()? {
            Scope::Diskominfo
        } else {
            Scope::Opd(self.profile()?.opd_code.clone())
        })
    }

    /// Refuses a write to `doc` this device may not make (the rule is
    /// [`Scope::can_write`], the one the hub applies).
    pub(crate) fn require_write(&self, doc: &DocId) -> Result<(), StoreError> {
        if self.scope()?.can_write(doc) {
            return Ok(());
        }
        Err(StoreError::Forbidden(match doc.opd() {
            None => "Hanya perangkat Diskominfo yang dapat mengubah data kabupaten (OPD, kumpulan IP, tingkat keamanan, keputusan pendaftaran).".into(),
            Some(opd) => format!("Data {opd} hanya dapat diubah oleh perangkat {opd} atau Diskominfo."),
        }))
    }

    /// Every address claimed anywhere the replica knows of.
    pub(crate) fn used_addresses(&self) -> Result<HashSet<Ipv4Addr>, StoreError> {
        let ips: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT value FROM net_claim WHERE kind = 'ip'")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ips.iter().filter_map(|ip| ip.parse().ok()).collect())
    }

    pub fn regency(&self) -> Result<RegencyView, StoreError> {
        let used = self.used_addresses()?;
        let pools = ri::all_pools(&self.conn)?
            .into_iter()
            .map(|pool| {
                let n = pool.net();
                let taken = used
                    .iter()
                    .filter(|ip| n.is_some_and(|n| n.contains(*ip)))
                    .count();
                PoolUsage {
                    used: u32::try_from(taken).unwrap_or(u32::MAX),
                    capacity: u32::try_from(pool.capacity()).unwrap_or(u32::MAX),
                    pool,
                }
            })
            .collect();
        Ok(RegencyView {
            opds: ri::opds(&self.conn)?,
            pools,
            levels: ri::levels(&self.conn)?,
            overdue_days: self.overdue_days()?,
            editable: self.scope()?.can_write(&DocId::Regency),
        })
    }

    /// The pools of one OPD.
    pub fn pools_of(&self, opd: &str) -> Result<Vec<IpPool>, StoreError> {
        ri::pools_of(&self.conn, opd)
    }

    fn write_regency<T: Serialize + Sync>(
        &mut self,
        action: &str,
        coll: Collection,
        key: &str,
        record: &T,
        index: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.require_write(&DocId::Regency)?;
        self.put_record(DocId::Regency, coll, key, record, action, index)
    }

    pub fn save_opd_entry(&mut self, input: &OpdEntryInput) -> Result<OpdEntry, StoreError> {
        let o = input.validate()?;
        self.write_regency("regency.opd", Collection::Opds, &o.code, &o, |tx| {
            ri::put_opd(tx, &o)
        })?;
        Ok(o)
    }

    pub fn save_pool(&mut self, input: &IpPoolInput) -> Result<IpPool, StoreError> {
        self.require_write(&DocId::Regency)?;
        let mut p = input.validate(&ri::all_pools(&self.conn)?)?;
        let known: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM regency_opd WHERE code = ?1)")?
            .query_row(params![p.opd], |r| r.get(0))?;
        if !known {
            return Err(ValidationErrors(vec![FieldError::new(
                "opd",
                "opd.unknown",
                format!("OPD {} belum ada di daftar; tambahkan dulu.", p.opd),
            )])
            .into());
        }
        if p.id.is_empty() {
            p.id = self.new_id();
        }
        self.write_regency("regency.pool", Collection::Pools, &p.id, &p, |tx| {
            ri::put_pool(tx, &p)
        })?;
        Ok(p)
    }

    pub fn save_level(&mut self, input: &SecurityLevelInput) -> Result<SecurityLevel, StoreError> {
        let l = input.validate()?;
        self.write_regency("regency.level", Collection::Levels, &l.code, &l, |tx| {
            ri::put_level(tx, &l)
        })?;
        Ok(l)
    }

    /// Fills an empty level list with the suggested three levels.
    pub fn seed_levels(&mut self) -> Result<Vec<SecurityLevel>, StoreError> {
        if ri::levels(&self.conn)?.is_empty() {
            for l in SecurityLevel::defaults() {
                self.write_regency("regency.level", Collection::Levels, &l.code, &l, |tx| {
                    ri::put_level(tx, &l)
                })?;
            }
        }
        ri::levels(&self.conn)
    }

    /// Days without a sync or a change before an OPD is overdue: the
    /// regency's setting, else the default.
    pub fn overdue_days(&self) -> Result<i64, StoreError> {
        let setting = crate::regency_index::setting(&self.conn, OVERDUE_DAYS)?;
        Ok(update_status::days_of(setting.as_deref()))
    }

    /// Sets the regency's allowed days (Diskominfo devices only); the data
    /// center's `simpul admin status` reads it from the regency document.
    pub fn set_overdue_days(&mut self, raw: &str) -> Result<i64, StoreError> {
        self.require_write(&DocId::Regency)?;
        let days = update_status::parse_days("overdue_days", raw)
            .map_err(|e| ValidationErrors(vec![e]))?;
        let setting = Setting {
            value: days.to_string(),
        };
        self.put_record(
            DocId::Regency,
            Collection::Settings,
            OVERDUE_DAYS,
            &setting,
            "regency.setting",
            |tx| crate::regency_index::put_setting(tx, OVERDUE_DAYS, &setting.value),
        )?;
        Ok(days)
    }

    /// Approves or refuses the registration's current revision.
    pub fn decide(&mut self, input: &DecisionInput) -> Result<RegistrationView, StoreError> {
        self.require_write(&DocId::Regency)?;
        let levels: Vec<String> = ri::levels(&self.conn)?
            .into_iter()
            .map(|l| l.code)
            .collect();
        let d = input.validate(&levels)?;
        let reg = ri::registration(&self.conn, d.registration_id.trim())?
            .ok_or(StoreError::NotFound("Pendaftaran jaringan"))?;
        let decision = Decision {
            registration_id: reg.id.clone(),
            opd: reg.opd.clone(),
            revision: reg.revision,
            verdict: d.verdict,
            reason: d.reason,
            level: d.level,
            decided_at: self.now_rfc3339(),
            decided_by: match self.signed_in() {
                Some(p) => format!("{} (NIP {})", p.name, p.nip),
                None => self.profile()?.device_name.clone(),
            },
        };
        self.write_regency(
            "registration.decide",
            Collection::Decisions,
            &reg.id,
            &decision,
            |tx| ri::put_decision(tx, &decision),
        )?;
        self.registration_view(reg)
    }
}
