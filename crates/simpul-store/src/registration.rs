//! The OPD's side of network registration: register an asset with its MAC
//! addresses, hostname and an IP from the OPD's pool, and read where each
//! registration stands. A registration and its asset are written in one
//! transaction, so the asset always shows the registered addresses.

use crate::error::StoreError;
use crate::index;
use crate::regency_index as ri;
use crate::replica::{DocWrite, Replica};
use rusqlite::params;
use serde::Serialize;
use simpul_core::checks::CheckKey;
use simpul_core::regency::next_free;
use simpul_core::schema::Collection;
use simpul_core::{
    Asset, DocId, FieldError, Registration, RegistrationInput, RegistrationStatus, ValidationErrors,
};
use specta::Type;

/// A registration with its status from the regency document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegistrationView {
    pub registration: Registration,
    pub status: RegistrationStatus,
    /// Why Diskominfo refused it.
    pub reason: String,
    /// The security level's code and name, once approved.
    pub level: String,
    pub level_name: String,
    pub decided_at: String,
}

fn asset_label(a: &Asset) -> String {
    format!("{} {}.{}", a.nama, a.kode_barang, a.nomor_register)
}

impl Replica {
    pub(crate) fn registration_view(
        &self,
        reg: Registration,
    ) -> Result<RegistrationView, StoreError> {
        let levels = ri::levels(&self.conn)?;
        self.view_with(reg, &levels)
    }

    fn view_with(
        &self,
        reg: Registration,
        levels: &[simpul_core::regency::SecurityLevel],
    ) -> Result<RegistrationView, StoreError> {
        let decision = ri::decision(&self.conn, &reg.id)?;
        let status = RegistrationStatus::of(&reg, decision.as_ref());
        let d = decision
            .filter(|d| d.revision == reg.revision)
            .unwrap_or_default();
        let level_name = levels
            .iter()
            .find(|l| l.code == d.level)
            .map(|l| l.name.clone())
            .unwrap_or_default();
        Ok(RegistrationView {
            registration: reg,
            status,
            reason: d.reason,
            level: d.level,
            level_name,
            decided_at: d.decided_at,
        })
    }

    /// Registrations waiting for a decision on their current revision.
    pub fn registrations_waiting(&self) -> Result<u32, StoreError> {
        let opd = self.visible_opd()?;
        Ok(self.conn.prepare_cached(
            "SELECT count(*) FROM registration r LEFT JOIN decision d ON d.registration_id = r.id
             WHERE (?1 IS NULL OR r.opd = ?1)
               AND (d.record IS NULL OR json_extract(d.record, '$.revision') <> json_extract(r.record, '$.revision'))",
        )?
        .query_row(params![opd], |r| r.get(0))?)
    }

    /// None on a Diskominfo device (every OPD), else the own OPD.
    pub(crate) fn visible_opd(&self) -> Result<Option<String>, StoreError> {
        Ok(if self.is_diskominfo()? {
            None
        } else {
            Some(self.profile()?.opd_code.clone())
        })
    }

    /// The registration of an asset, if it has one.
    pub fn registration_of(&self, asset_id: &str) -> Result<Option<RegistrationView>, StoreError> {
        ri::registration(&self.conn, asset_id)?
            .map(|r| self.registration_view(r))
            .transpose()
    }

    /// Registrations to show: every OPD's on a Diskominfo device, the own
    /// OPD's elsewhere; optionally only those with one status.
    pub fn registrations(
        &self,
        status: Option<RegistrationStatus>,
    ) -> Result<Vec<RegistrationView>, StoreError> {
        let opd = self.visible_opd()?;
        let levels = ri::levels(&self.conn)?;
        let mut out = Vec::new();
        for r in ri::registrations(&self.conn, opd.as_deref())? {
            let v = self.view_with(r, &levels)?;
            if status.is_none_or(|s| s == v.status) {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// The first address of the OPD's pools nobody known here uses. Offline
    /// this is a guess another device may also make: the inbox shows it.
    pub fn next_free_ip(&self, opd: &str) -> Result<Option<String>, StoreError> {
        let pools = ri::pools_of(&self.conn, opd)?;
        Ok(next_free(&pools, &self.used_addresses()?).map(|ip| ip.to_string()))
    }

    /// Another asset (its label and OPD) that claims an IP, MAC or
    /// hostname ([`crate::checks::holders`], the inbox's own query).
    fn claimed_by(&self, key: CheckKey, asset_id: &str) -> Result<Option<String>, StoreError> {
        let other = crate::checks::holders(&self.conn, &key)?
            .into_iter()
            .find(|(id, _)| id != asset_id);
        Ok(other.map(|(id, opd)| {
            let label = self
                .asset(&id)
                .map(|a| asset_label(&a))
                .or_else(|_| {
                    ri::registration(&self.conn, &id)
                        .map(|r| r.map(|r| r.asset_name).unwrap_or_default())
                })
                .unwrap_or_default();
            format!("{label} ({opd})")
        }))
    }

    /// Submits (or resubmits) an asset's registration. Refused with field
    /// errors when an address is already known to be taken or lies outside
    /// the OPD's pools; nothing is written then.
    pub fn register(&mut self, input: &RegistrationInput) -> Result<RegistrationView, StoreError> {
        let asset = self.asset(input.asset_id.trim())?;
        let reg_doc = DocId::Registrations {
            opd: asset.opd.clone(),
        };
        self.require_write(&reg_doc)?;
        let f = input.validate()?;
        let mut errs = ValidationErrors::default();
        let ip = f.ip.to_string();
        if let Some(other) = self.claimed_by(CheckKey::Ip(ip.clone()), &asset.id)? {
            errs.push(FieldError::new(
                "ip",
                "ip.taken",
                format!("IP {ip} sudah dipakai {other}."),
            ));
        }
        let pools = ri::pools_of(&self.conn, &asset.opd)?;
        if !pools.is_empty() && !pools.iter().any(|p| p.contains(f.ip)) {
            let ranges: Vec<&str> = pools.iter().map(|p| p.cidr.as_str()).collect();
            errs.push(FieldError::new(
                "ip",
                "ip.outside_pool",
                format!(
                    "IP {ip} di luar kumpulan IP {}: {}.",
                    asset.opd,
                    ranges.join(", ")
                ),
            ));
        }
        for mac in &f.macs {
            if let Some(other) = self.claimed_by(CheckKey::Mac(mac.clone()), &asset.id)? {
                errs.push(FieldError::new(
                    "macs",
                    "mac.taken",
                    format!("MAC {mac} sudah tercatat pada {other}."),
                ));
            }
        }
        if !f.hostname.is_empty() {
            let host = simpul_core::network::hostname_key(&f.hostname);
            if let Some(other) = self.claimed_by(CheckKey::Host(host), &asset.id)? {
                errs.push(FieldError::new(
                    "hostname",
                    "hostname.taken",
                    format!("Hostname {} sudah dipakai {other}.", f.hostname),
                ));
            }
        }
        if !errs.is_empty() {
            return Err(errs.into());
        }
        let before = ri::registration(&self.conn, &asset.id)?;
        let mut reg = Registration {
            id: asset.id.clone(),
            opd: asset.opd.clone(),
            asset_name: asset_label(&asset),
            hostname: f.hostname,
            macs: f.macs.join(", "),
            ip,
            purpose: f.purpose,
            revision: before.as_ref().map_or(1, |b| b.revision),
            submitted_at: before
                .as_ref()
                .map(|b| b.submitted_at.clone())
                .unwrap_or_default(),
            submitted_by: before
                .as_ref()
                .map(|b| b.submitted_by.clone())
                .unwrap_or_default(),
        };
        if let Some(b) = &before {
            if *b == reg {
                return self.registration_view(reg);
            }
            reg.revision = b.revision + 1;
        }
        reg.submitted_at = self.now_rfc3339();
        reg.submitted_by = self.profile()?.device_name.clone();
        let mut updated = asset.clone();
        updated.ip.clone_from(&reg.ip);
        updated.mac.clone_from(&reg.macs);
        updated.hostname.clone_from(&reg.hostname);
        self.write_registration(
            &reg,
            (updated != asset).then_some(&updated),
            "registration.submit",
        )?;
        self.registration_view(reg)
    }

    /// Writes a registration and, when given, its asset's new addresses, in
    /// one transaction.
    pub(crate) fn write_registration(
        &mut self,
        reg: &Registration,
        asset: Option<&Asset>,
        action: &str,
    ) -> Result<(), StoreError> {
        let reg_doc = DocId::Registrations {
            opd: reg.opd.clone(),
        };
        let note = self.note(action, vec![reg.id.clone()])?;
        let mut writes = vec![DocWrite::record(
            reg_doc,
            note,
            Collection::Registrations,
            &reg.id,
            reg,
        )];
        if let Some(a) = asset {
            let doc = DocId::for_asset(&a.opd, &a.id);
            self.require_write(&doc)?;
            let note = self.note(action, vec![a.id.clone()])?;
            writes.push(DocWrite::record(doc, note, Collection::Assets, &a.id, a));
        }
        self.write(writes, |tx| {
            ri::put_registration(tx, reg)?;
            match asset {
                Some(a) => index::put_asset(tx, a),
                None => Ok(()),
            }
        })
    }

    /// The registration an asset edit must carry along: the asset's new
    /// addresses, as a new revision (back to Diskominfo's queue).
    pub(crate) fn registration_following(
        &self,
        asset: &Asset,
    ) -> Result<Option<Registration>, StoreError> {
        let Some(reg) = ri::registration(&self.conn, &asset.id)? else {
            return Ok(None);
        };
        if reg.ip == asset.ip && reg.macs == asset.mac && reg.hostname == asset.hostname {
            return Ok(None);
        }
        Ok(Some(Registration {
            ip: asset.ip.clone(),
            macs: asset.mac.clone(),
            hostname: asset.hostname.clone(),
            revision: reg.revision + 1,
            submitted_at: self.now_rfc3339(),
            submitted_by: self.profile()?.device_name.clone(),
            ..reg
        }))
    }
}
