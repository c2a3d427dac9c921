//! Gathers the TIK inventory report and the room card (KIR) from the
//! index, the regency document and the asset documents' histories.

use crate::error::StoreError;
use crate::regency_index as ri;
use crate::replica::Replica;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use simpul_core::kode_barang::Category;
use simpul_core::regency::Verdict;
use simpul_core::report::{
    period_changes, ChangeCounts, CountRow, DecisionRow, DisposalRow, DocumentDefaults, KirData,
    KirRow, KirSigner, MaintenanceRow, OpdSummary, Period, PoolRow, ReportData, Signer,
};
use simpul_core::{Asset, DocId, MaintenanceEntry, MaintenanceKind, RegistrationStatus};
use std::collections::BTreeMap;

/// What a report is asked for.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub period: Period,
    /// One OPD, or none for every OPD this replica holds.
    pub opd: Option<String>,
    pub signer: Signer,
}

/// `?1` is the OPD or NULL for all.
const IN_SCOPE: &str = "(?1 IS NULL OR opd = ?1)";

impl Replica {
    /// Today by this replica's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock().today()
    }

    /// The OPD a report may cover: any (or all) on a Diskominfo device, the
    /// own one elsewhere.
    fn report_scope(&self, asked: Option<&str>) -> Result<Option<String>, StoreError> {
        let asked = asked.map(str::trim).filter(|o| !o.is_empty());
        if self.is_diskominfo()? {
            if let Some(o) = asked {
                let known: bool = self
                    .conn
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM regency_opd WHERE code = ?1)
                         OR EXISTS (SELECT 1 FROM asset WHERE opd = ?1)",
                    )?
                    .query_row(params![o], |r| r.get(0))?;
                if !known {
                    return Err(simpul_core::ValidationErrors(vec![simpul_core::FieldError::new(
                        "opd",
                        "opd.unknown",
                        format!("OPD {o} tidak dikenal: tidak ada di daftar OPD dan tidak punya aset."),
                    )])
                    .into());
                }
            }
            return Ok(asked.map(str::to_owned));
        }
        let own = self.profile()?.opd_code.clone();
        match asked {
            Some(o) if o != own => Err(StoreError::Forbidden(format!(
                "Perangkat {own} hanya dapat membuat laporan {own}."
            ))),
            _ => Ok(Some(own)),
        }
    }

    /// The report's figures. `progress` hears (documents read, documents to read).
    pub fn report_data(
        &mut self,
        req: &ReportRequest,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<ReportData, StoreError> {
        let scope = self.report_scope(req.opd.as_deref())?;
        let made_on = self.clock().today();
        let profile = self.profile()?.clone();
        let names: BTreeMap<String, String> = ri::opds(&self.conn)?
            .into_iter()
            .map(|o| (o.code, o.name))
            .collect();
        let categories: Vec<String> = Category::ALL.iter().map(|c| c.label().to_owned()).collect();
        let mut opds: BTreeMap<String, OpdSummary> = BTreeMap::new();
        let summary = |opd: &str| -> OpdSummary {
            OpdSummary {
                opd: opd.to_owned(),
                name: names.get(opd).cloned().unwrap_or_else(|| {
                    if opd == profile.opd_code {
                        profile.opd_name.clone()
                    } else {
                        opd.to_owned()
                    }
                }),
                by_category: vec![0; categories.len()],
                ..OpdSummary::default()
            }
        };
        if let Some(o) = &scope {
            opds.insert(o.clone(), summary(o));
        } else {
            for code in names.keys() {
                opds.insert(code.clone(), summary(code));
            }
        }
        let year = req.period.to.year();
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT opd, condition, category, count(*), coalesce(sum(harga), 0),
                        sum(tahun BETWEEN ?2 AND ?3), sum(tahun < ?4), max(updated_at)
                 FROM asset WHERE lifecycle <> 'dihapus' AND {IN_SCOPE}
                 GROUP BY opd, condition, category"
            ))?;
            let mut rows = stmt.query(params![scope, req.period.from.year(), year, year - 5])?;
            while let Some(r) = rows.next()? {
                let opd: String = r.get(0)?;
                let s = opds.entry(opd.clone()).or_insert_with(|| summary(&opd));
                let n: u32 = r.get(3)?;
                match r.get::<_, String>(1)?.as_str() {
                    "B" => s.baik += n,
                    "KB" => s.kurang_baik += n,
                    _ => s.rusak_berat += n,
                }
                let cat: String = r.get(2)?;
                let at = categories
                    .iter()
                    .position(|c| *c == cat)
                    .unwrap_or(categories.len() - 1);
                s.by_category[at] += n;
                s.total += n;
                s.value += r.get::<_, i64>(4)?;
                s.acquired += r.get::<_, Option<u32>>(5)?.unwrap_or(0);
                s.older_than_5y += r.get::<_, Option<u32>>(6)?.unwrap_or(0);
                let last: String = r.get(7)?;
                if last > s.last_update {
                    s.last_update = last;
                }
            }
        }
        // Disposed assets still carry the newest change of their OPD.
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT opd, max(updated_at) FROM asset WHERE {IN_SCOPE} GROUP BY opd"
            ))?;
            let mut rows = stmt.query(params![scope])?;
            while let Some(r) = rows.next()? {
                let opd: String = r.get(0)?;
                let last: String = r.get(1)?;
                let s = opds.entry(opd.clone()).or_insert_with(|| summary(&opd));
                if last > s.last_update {
                    s.last_update = last;
                }
            }
        }
        let allowance = self.overdue_days()?;
        for s in opds.values_mut() {
            s.overdue_days = match NaiveDate::parse_from_str(
                s.last_update.get(..10).unwrap_or(""),
                "%Y-%m-%d",
            ) {
                Ok(d) => Some((made_on - d).num_days()).filter(|days| *days > allowance),
                Err(_) => Some(allowance + 1),
            };
        }
        self.add_registrations(&scope, &mut opds)?;
        for s in opds.values_mut() {
            s.open_inbox = self
                .conn
                .prepare_cached("SELECT count(*) FROM conflict WHERE opds LIKE ?1")?
                .query_row(params![format!("%,{},%", s.opd)], |r| r.get(0))?;
        }
        let end = req.period.to.min(made_on);
        for due in self.maintenance_due(end, scope.as_deref(), None, false)? {
            if due.state == simpul_core::maintenance_plan::DueState::Overdue {
                if let Some(s) = opds.get_mut(&due.opd) {
                    s.maintenance_overdue += 1;
                }
            }
        }
        self.add_changes(&req.period, &mut opds, progress)?;
        let acquisitions_by_year = {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT tahun, count(*) FROM asset WHERE lifecycle <> 'dihapus' AND tahun IS NOT NULL AND {IN_SCOPE}
                 GROUP BY tahun ORDER BY tahun"
            ))?;
            let rows = stmt.query_map(params![scope], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<Vec<(i32, u32)>, _>>()?
        };
        let pools = self
            .regency()?
            .pools
            .into_iter()
            .filter(|p| scope.as_ref().is_none_or(|o| *o == p.pool.opd))
            .map(|p| PoolRow {
                opd: p.pool.opd,
                cidr: p.pool.cidr,
                used: p.used,
                capacity: p.capacity,
            })
            .collect();
        let opd_name = scope
            .as_ref()
            .and_then(|o| opds.get(o))
            .map(|s| s.name.clone());
        Ok(ReportData {
            regency: profile.regency.clone(),
            issuer: if self.is_diskominfo()? {
                "Dinas Komunikasi dan Informatika".into()
            } else {
                opd_name.unwrap_or_else(|| profile.opd_name.clone())
            },
            opd: scope.clone(),
            period: req.period,
            made_on,
            signer: req.signer.clone(),
            overdue_allowance: allowance,
            categories,
            opds: opds.into_values().collect(),
            acquisitions_by_year,
            pools,
            decisions: self.decisions_in(&scope, &req.period)?,
            maintenance: self.maintenance_in(&scope, &req.period)?,
            disposal: self.disposal_annex(&scope)?,
            server_status: None,
        })
    }

    fn add_registrations(
        &self,
        scope: &Option<String>,
        opds: &mut BTreeMap<String, OpdSummary>,
    ) -> Result<(), StoreError> {
        let levels = ri::levels(&self.conn)?;
        for r in ri::registrations(&self.conn, scope.as_deref())? {
            let Some(s) = opds.get_mut(&r.opd) else {
                continue;
            };
            let decision = ri::decision(&self.conn, &r.id)?;
            match RegistrationStatus::of(&r, decision.as_ref()) {
                RegistrationStatus::Diajukan => s.net_waiting += 1,
                RegistrationStatus::Ditolak => s.net_refused += 1,
                RegistrationStatus::Disetujui => {
                    s.net_approved += 1;
                    let code = decision.map(|d| d.level).unwrap_or_default();
                    let label = levels
                        .iter()
                        .find(|l| l.code == code)
                        .map_or_else(|| code.clone(), |l| format!("{} {}", l.code, l.name));
                    match s.net_by_level.iter_mut().find(|c| c.label == label) {
                        Some(c) => c.count += 1,
                        None => s.net_by_level.push(CountRow { label, count: 1 }),
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads every asset document of the OPDs in the report for the
    /// period's additions, disposals and worsened conditions.
    fn add_changes(
        &mut self,
        period: &Period,
        opds: &mut BTreeMap<String, OpdSummary>,
        progress: &mut dyn FnMut(u32, u32),
    ) -> Result<(), StoreError> {
        let docs: Vec<DocId> = crate::doc_store::all_ids(&self.conn)?
            .iter()
            .filter_map(|id| id.parse::<DocId>().ok())
            .filter(|d| matches!(d, DocId::Assets { opd, .. } if opds.contains_key(opd)))
            .collect();
        let total = u32::try_from(docs.len()).unwrap_or(u32::MAX);
        for (i, id) in docs.iter().enumerate() {
            progress(u32::try_from(i).unwrap_or(u32::MAX), total);
            let doc = self.doc(id)?;
            let changes = period_changes(doc, period.start_ms(), period.end_ms())
                .map_err(StoreError::doc(&id.to_string()))?;
            for c in changes {
                if let Some(s) = opds.get_mut(&c.opd) {
                    s.changes.add(&ChangeCounts {
                        added: u32::from(c.added),
                        disposed: u32::from(c.disposed),
                        worsened: u32::from(c.worsened),
                    });
                }
            }
        }
        progress(total, total);
        Ok(())
    }

    fn decisions_in(
        &self,
        scope: &Option<String>,
        period: &Period,
    ) -> Result<Vec<DecisionRow>, StoreError> {
        let levels = ri::levels(&self.conn)?;
        let mut out = Vec::new();
        for r in ri::registrations(&self.conn, scope.as_deref())? {
            let Some(d) = ri::decision(&self.conn, &r.id)? else {
                continue;
            };
            if !period.contains_time(&d.decided_at) {
                continue;
            }
            let detail = match d.verdict {
                Verdict::Disetujui => levels
                    .iter()
                    .find(|l| l.code == d.level)
                    .map_or_else(|| d.level.clone(), |l| format!("{} {}", l.code, l.name)),
                Verdict::Ditolak => d.reason.clone(),
            };
            out.push(DecisionRow {
                opd: r.opd.clone(),
                asset_name: r.asset_name.clone(),
                hostname: r.hostname.clone(),
                ip: r.ip.clone(),
                verdict: d.verdict.label().to_owned(),
                detail,
                decided_at: d.decided_at.clone(),
            });
        }
        out.sort_by(|a, b| (&a.decided_at, &a.opd).cmp(&(&b.decided_at, &b.opd)));
        Ok(out)
    }

    fn maintenance_in(
        &self,
        scope: &Option<String>,
        period: &Period,
    ) -> Result<Vec<MaintenanceRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.record FROM maintenance m JOIN asset a ON a.id = m.asset_id
             WHERE (?1 IS NULL OR a.opd = ?1) AND m.date BETWEEN ?2 AND ?3",
        )?;
        let rows = stmt.query_map(
            params![scope, period.from.to_string(), period.to.to_string()],
            |r| r.get::<_, String>(0),
        )?;
        let mut by_kind: BTreeMap<usize, MaintenanceRow> = BTreeMap::new();
        for json in rows {
            let e: MaintenanceEntry = serde_json::from_str(&json?)?;
            let at = MaintenanceKind::ALL
                .iter()
                .position(|k| *k == e.kind)
                .unwrap_or(0);
            let row = by_kind.entry(at).or_insert_with(|| MaintenanceRow {
                kind: e.kind.label().to_owned(),
                count: 0,
                cost: 0,
            });
            row.count += 1;
            row.cost += e.cost.unwrap_or(0);
        }
        Ok(by_kind.into_values().collect())
    }

    fn disposal_annex(&self, scope: &Option<String>) -> Result<Vec<DisposalRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.opd, a.kode_barang, a.nomor_register, a.nama, a.merk_type, a.tahun, a.harga,
                    coalesce(r.short_code || ' ' || r.name, '')
             FROM asset a LEFT JOIN room r ON r.id = a.room_id
             WHERE a.condition = 'RB' AND a.lifecycle <> 'dihapus' AND (?1 IS NULL OR a.opd = ?1)
             ORDER BY a.opd, a.kode_barang, a.nomor_register",
        )?;
        let rows = stmt.query_map(params![scope], |r| {
            Ok(DisposalRow {
                opd: r.get(0)?,
                kode_barang: r.get(1)?,
                nomor_register: r.get(2)?,
                nama: r.get(3)?,
                merk_type: r.get(4)?,
                tahun: r.get(5)?,
                harga: r.get(6)?,
                room: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// An OPD's name: from the regency's list, else this device's own
    /// profile, else its code.
    pub(crate) fn opd_name(&self, code: &str) -> Result<String, StoreError> {
        let profile = self.profile()?;
        Ok(ri::opds(&self.conn)?
            .into_iter()
            .find(|o| o.code == code)
            .map(|o| o.name)
            .unwrap_or_else(|| {
                if code == profile.opd_code {
                    profile.opd_name.clone()
                } else {
                    code.to_owned()
                }
            }))
    }

    /// The room card of a room (by id or short code): its assets not
    /// disposed, by kode barang and register.
    pub fn kir_data(
        &self,
        room_key: &str,
        place: &str,
        pengurus_barang: KirSigner,
    ) -> Result<KirData, StoreError> {
        let room = self.find_room(room_key)?;
        let profile = self.profile()?;
        let opd_name = self.opd_name(&room.opd)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.record FROM asset a JOIN asset_record r ON r.rowid = a.rowid
             WHERE a.room_id = ?1 AND a.lifecycle <> 'dihapus'
             ORDER BY a.kode_barang, ltrim(a.nomor_register, '0'), a.nama",
        )?;
        let rows = stmt.query_map(params![room.id], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            let a: Asset = serde_json::from_str(&json?)?;
            out.push(KirRow::of(&a));
        }
        Ok(KirData {
            regency: profile.regency.clone(),
            opd_code: room.opd.clone(),
            opd_name,
            room_code: room.short_code(),
            room_name: room.name.clone(),
            kode_lokasi: self.kode_lokasi(&room.opd)?,
            rows: out,
            made_on: self.clock().today(),
            place: place.trim().to_owned(),
            responsible: KirSigner {
                name: room.responsible_name.clone(),
                nip: room.responsible_nip.clone(),
            },
            pengurus_barang,
        })
    }
}

const DEFAULTS_KEY: &str = "documents";

impl Replica {
    /// What the report and room card forms start with: what was used last;
    /// the first time, the office's head as signer and the signed-in
    /// pengurus barang.
    pub fn document_defaults(&self) -> Result<DocumentDefaults, StoreError> {
        if let Some(json) = self.remembered(DEFAULTS_KEY)? {
            if let Ok(d) = serde_json::from_str(&json) {
                return Ok(d);
            }
        }
        let mut d = DocumentDefaults::default();
        d.signer.title = if self.is_diskominfo()? {
            "Kepala Dinas Komunikasi dan Informatika".into()
        } else {
            format!("Kepala {}", self.profile()?.opd_name)
        };
        if let Some(p) = self
            .signed_in()
            .filter(|p| p.role == simpul_core::person::Role::PengurusBarang)
        {
            d.pengurus_barang = KirSigner {
                name: p.name.clone(),
                nip: p.nip.clone(),
            };
        }
        Ok(d)
    }

    /// Remembers the forms' values for next time.
    pub fn remember_document_defaults(&mut self, d: &DocumentDefaults) -> Result<(), StoreError> {
        self.remember(DEFAULTS_KEY, &serde_json::to_string(d)?)
    }
}
