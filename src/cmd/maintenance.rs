//! `simpul maintenance`: plans (`plan`, `plans`) and what they make due
//! (`due`), the same operations as the Pemeliharaan page.

use anyhow::{bail, Result};
use simpul_core::maintenance_plan::{DueState, MaintenancePlanInput, PlanTarget};
use simpul_core::MaintenanceKind;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a plan: every asset of a category (--category) or one asset (--asset).
    Plan(PlanArgs),
    /// List the plans.
    Plans,
    /// List what is overdue or due within 30 days (--all: every covered asset).
    Due(DueArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// komputer, laptop, printer, perangkat, server, jaringan or lainnya.
    #[arg(long, conflicts_with = "asset")]
    category: Option<String>,
    /// The asset's id.
    #[arg(long)]
    asset: Option<String>,
    /// perangkat_keras, perangkat_lunak or virus_spam.
    #[arg(long, value_parser = parse_kind)]
    kind: MaintenanceKind,
    /// Months between two maintenances.
    #[arg(long)]
    every: String,
    /// When the first is due (YYYY-MM-DD).
    #[arg(long)]
    start: String,
    /// The OPD (a Diskominfo device).
    #[arg(long, default_value = "")]
    opd: String,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Debug, clap::Args)]
pub struct DueArgs {
    /// The day to look from (YYYY-MM-DD; default today).
    #[arg(long, default_value = "")]
    on: String,
    #[arg(long)]
    all: bool,
    /// Exit 1 when anything is overdue (for scripts).
    #[arg(long)]
    fail_on_overdue: bool,
}

fn parse_kind(s: &str) -> Result<MaintenanceKind, String> {
    simpul_core::choice::from_key(s.trim()).ok_or_else(|| {
        format!("jenis tidak dikenal: {s}; pilih perangkat_keras, perangkat_lunak atau virus_spam")
    })
}

pub fn run(db: &Path, c: Command) -> Result<ExitCode> {
    let svc = super::service(db)?;
    match c {
        Command::Plan(a) => {
            let target = match (&a.category, &a.asset) {
                (Some(_), None) => PlanTarget::Category,
                (None, Some(_)) => PlanTarget::Asset,
                _ => bail!("sebutkan --category atau --asset"),
            };
            let plan = svc.plan_save(&MaintenancePlanInput {
                opd: a.opd,
                target,
                asset_id: a.asset.unwrap_or_default(),
                category: a.category.unwrap_or_default(),
                kind: a.kind,
                every_months: a.every,
                start: a.start,
                note: a.note,
                active: true,
                ..Default::default()
            })?;
            println!(
                "Rencana {} ({}, setiap {} bulan, mulai {}) disimpan.",
                plan.id,
                plan.kind.label(),
                plan.every_months,
                plan.start
            );
        }
        Command::Plans => {
            for p in svc.plans()? {
                println!(
                    "{}  {:<8} {:<24} {:<16} setiap {:>2} bln  mulai {}  {} aset{}",
                    p.plan.id,
                    p.plan.opd,
                    p.covers,
                    p.plan.kind.label(),
                    p.plan.every_months,
                    p.plan.start,
                    p.assets,
                    if p.plan.active { "" } else { "  (berhenti)" }
                );
            }
        }
        Command::Due(a) => {
            let due = svc.maintenance_due(&a.on, None, a.all)?;
            let overdue = due.iter().filter(|d| d.state == DueState::Overdue).count();
            for d in &due {
                let when = match d.state {
                    DueState::Overdue => format!("TERLAMBAT {} hari", -d.days),
                    DueState::DueSoon => format!("{} hari lagi", d.days),
                    DueState::Later => String::new(),
                };
                println!(
                    "{}  {:<8} {:<40} {:<16} jatuh tempo {}  terakhir {}  {when}",
                    d.state_code(),
                    d.opd,
                    d.asset,
                    d.kind.label(),
                    d.due,
                    if d.last_done.is_empty() {
                        "-"
                    } else {
                        &d.last_done
                    },
                );
            }
            println!("{} jatuh tempo, {overdue} terlambat.", due.len());
            if a.fail_on_overdue && overdue > 0 {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
