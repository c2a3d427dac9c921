//! Maintenance plans (kept in each OPD's meta document) and what they make
//! due: for every asset a plan covers, the last maintenance of the plan's
//! kind and the next due date (`MaintenancePlan::next_due`, the one rule).
//! Also correcting a logged maintenance entry, with its history.

use crate::error::StoreError;
use crate::index;
use crate::replica::Replica;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use simpul_core::choice::{from_key, key_of};
use simpul_core::kode_barang::Category;
use simpul_core::maintenance_plan::{
    due_state, DueState, MaintenancePlan, MaintenancePlanInput, PlanTarget,
};
use simpul_core::schema::Collection;
use simpul_core::{DocId, MaintenanceEntry, MaintenanceInput, MaintenanceKind};
use specta::Type;

/// One asset a plan makes due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DueItem {
    pub plan_id: String,
    pub opd: String,
    pub asset_id: String,
    /// `Laptop 1.3.2.10.02.03.001.0004`.
    pub asset: String,
    /// `G1L2.R07 Ruang Server`, empty when the asset has no room.
    pub room: String,
    pub kind: MaintenanceKind,
    pub every_months: u32,
    /// The last maintenance of the plan's kind (`YYYY-MM-DD`), empty if none.
    pub last_done: String,
    pub due: String,
    pub state: DueState,
    /// Days from the day asked about to the due date (negative: overdue).
    pub days: i64,
}

impl DueItem {
    /// `!` overdue, `~` due soon, ` ` later: the first column of a list.
    pub fn state_code(&self) -> char {
        match self.state {
            DueState::Overdue => '!',
            DueState::DueSoon => '~',
            DueState::Later => ' ',
        }
    }
}

/// A plan as the plans page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PlanView {
    #[serde(flatten)]
    pub plan: MaintenancePlan,
    /// What it covers: the category's label or the asset's.
    pub covers: String,
    /// Assets it covers now.
    pub assets: u32,
}

/// The label of a plan's category key (what the index stores).
fn category_label(key: &str) -> &'static str {
    from_key::<Category>(key).map_or("?", Category::label)
}

impl Replica {
    /// Adds or changes a plan, in the OPD's meta document.
    pub fn save_plan(
        &mut self,
        input: &MaintenancePlanInput,
    ) -> Result<MaintenancePlan, StoreError> {
        let base = if input.id.trim().is_empty() {
            let opd = match input.opd.trim() {
                "" => self.profile()?.opd_code.clone(),
                o => o.to_owned(),
            };
            MaintenancePlan {
                id: self.new_id(),
                opd,
                ..MaintenancePlan::default()
            }
        } else {
            self.plan(input.id.trim())?
        };
        let plan = input.apply_to(&base)?;
        if plan.target == PlanTarget::Asset {
            let asset = self.asset(&plan.asset_id)?;
            if asset.opd != plan.opd {
                return Err(StoreError::Forbidden(format!(
                    "Aset itu milik {}, bukan {}.",
                    asset.opd, plan.opd
                )));
            }
        }
        let doc = DocId::OpdMeta {
            opd: plan.opd.clone(),
        };
        self.require_write(&doc)?;
        let p = &plan;
        self.put_record(doc, Collection::Plans, &p.id, p, "plan.save", |tx| {
            index::put_plan(tx, p)
        })?;
        Ok(plan)
    }

    pub fn plan(&self, id: &str) -> Result<MaintenancePlan, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM maintenance_plan WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Rencana pemeliharaan"))?;
        Ok(serde_json::from_str(&json)?)
    }

    fn plans_of(&self, opd: Option<&str>) -> Result<Vec<MaintenancePlan>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM maintenance_plan WHERE (?1 IS NULL OR opd = ?1) ORDER BY opd, id",
        )?;
        let rows = stmt.query_map(params![opd], |r| r.get::<_, String>(0))?;
        rows.map(|j| Ok(serde_json::from_str(&j?)?)).collect()
    }

    /// The plans this device shows: every OPD's on a Diskominfo device.
    pub fn plans(&self) -> Result<Vec<PlanView>, StoreError> {
        let opd = self.visible_opd()?;
        let mut out = Vec::new();
        for plan in self.plans_of(opd.as_deref())? {
            let (covers, assets) = match plan.target {
                PlanTarget::Category => {
                    let label = category_label(&plan.category);
                    let n: u32 = self.conn.prepare_cached(
                        "SELECT count(*) FROM asset WHERE opd = ?1 AND category = ?2 AND lifecycle <> 'dihapus'",
                    )?
                    .query_row(params![plan.opd, label], |r| r.get(0))?;
                    (label.to_owned(), n)
                }
                PlanTarget::Asset => match self.asset(&plan.asset_id) {
                    Ok(a) => (
                        format!("{} {}.{}", a.nama, a.kode_barang, a.nomor_register),
                        u32::from(a.lifecycle != simpul_core::Lifecycle::Dihapus),
                    ),
                    Err(_) => ("?".into(), 0),
                },
            };
            out.push(PlanView {
                plan,
                covers,
                assets,
            });
        }
        Ok(out)
    }

    /// What the plans make due, as it stands on `on`: every covered asset
    /// when `all`, else only those overdue or due within 30 days; most
    /// overdue first. `opd` narrows to one OPD (None: those this device
    /// shows), `asset` to one asset.
    pub fn maintenance_due(
        &self,
        on: NaiveDate,
        opd: Option<&str>,
        asset: Option<&str>,
        all: bool,
    ) -> Result<Vec<DueItem>, StoreError> {
        let scope = match opd {
            Some(o) => Some(o.to_owned()),
            None => self.visible_opd()?,
        };
        let mut out = Vec::new();
        for plan in self
            .plans_of(scope.as_deref())?
            .into_iter()
            .filter(|p| p.active)
        {
            let (filter, value) = match plan.target {
                PlanTarget::Category => {
                    ("a.category = ?2", category_label(&plan.category).to_owned())
                }
                PlanTarget::Asset => ("a.id = ?2", plan.asset_id.clone()),
            };
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT a.id, a.nama || ' ' || a.kode_barang || '.' || a.nomor_register,
                        coalesce(r.short_code || ' ' || r.name, ''),
                        (SELECT max(m.date) FROM maintenance m
                          WHERE m.asset_id = a.id AND json_extract(m.record, '$.kind') = ?3 AND m.date <= ?4)
                 FROM asset a LEFT JOIN room r ON r.id = a.room_id
                 WHERE a.opd = ?1 AND {filter} AND a.lifecycle <> 'dihapus' AND (?5 IS NULL OR a.id = ?5)"
            ))?;
            let rows = stmt.query_map(
                params![plan.opd, value, key_of(&plan.kind), on.to_string(), asset],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )?;
            for row in rows {
                let (asset_id, asset, room, last) = row?;
                let last_day = last
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                let Some(due) = plan.next_due(last_day) else {
                    continue;
                };
                let state = due_state(due, on);
                if !all && state == DueState::Later {
                    continue;
                }
                out.push(DueItem {
                    plan_id: plan.id.clone(),
                    opd: plan.opd.clone(),
                    asset_id,
                    asset,
                    room,
                    kind: plan.kind,
                    every_months: plan.every_months,
                    last_done: last.unwrap_or_default(),
                    due: due.to_string(),
                    state,
                    days: (due - on).num_days(),
                });
            }
        }
        out.sort_by(|a, b| (a.days, &a.opd, &a.asset).cmp(&(b.days, &b.opd, &b.asset)));
        Ok(out)
    }

    /// Corrects a logged maintenance entry (the history keeps what it said).
    pub fn update_maintenance(
        &mut self,
        id: &str,
        input: &MaintenanceInput,
    ) -> Result<MaintenanceEntry, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT record FROM maintenance WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("Catatan pemeliharaan"))?;
        let old: MaintenanceEntry = serde_json::from_str(&json)?;
        let asset = self.asset(&old.asset_id)?;
        let mut entry = input.validate(self.clock().today())?;
        entry.id = old.id.clone();
        entry.asset_id = old.asset_id.clone();
        entry.created_at = old.created_at.clone();
        let doc = DocId::for_asset(&asset.opd, &asset.id);
        self.require_write(&doc)?;
        let e = &entry;
        self.put_record(
            doc,
            Collection::Maintenance,
            &e.id,
            e,
            "maintenance.update",
            |tx| index::put_maintenance(tx, e),
        )?;
        Ok(entry)
    }
}
