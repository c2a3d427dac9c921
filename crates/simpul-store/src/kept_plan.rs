//! The plan a KIB B preview made, kept for the import the user confirms
//! after reading it: when neither the table nor the replica changed in
//! between, the import writes that plan instead of planning every row
//! again (a quarter of a second for 20,000 rows, more when the OPD already
//! holds many assets). Any write to the replica, by this connection or
//! another, a replica opened again, or a new year (rows are checked
//! against it) makes the import plan afresh.

use crate::error::StoreError;
use crate::import::{ImportFailure, Progress};
use crate::replica::Replica;
use simpul_core::kib::{ImportPlan, ImportSummary, KibTable};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a plan depends on besides its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlanBasis {
    /// Which opening of a replica (its connection's counters restart).
    opened: u64,
    /// Changes committed by other connections (`PRAGMA data_version`).
    data_version: i64,
    /// Rows this connection has written since it opened.
    changes: u64,
    year: i32,
}

/// Numbers each opening of a replica.
static OPENINGS: AtomicU64 = AtomicU64::new(0);

/// A number no other opening of a replica in this process has.
pub(crate) fn next_opening() -> u64 {
    OPENINGS.fetch_add(1, Ordering::Relaxed)
}

/// The last previewed plan, with its table and basis.
#[derive(Debug, Default)]
pub struct KeptPlan {
    last: Mutex<Option<(Arc<KibTable>, PlanBasis, ImportPlan)>>,
}

impl KeptPlan {
    fn keep(&self, table: &Arc<KibTable>, basis: PlanBasis, plan: ImportPlan) {
        *self.lock() = Some((Arc::clone(table), basis, plan));
    }

    /// The kept plan, if it was made from this very table on this basis.
    fn take(&self, table: &Arc<KibTable>, basis: PlanBasis) -> Option<ImportPlan> {
        let kept = self.lock().take()?;
        (Arc::ptr_eq(&kept.0, table) && kept.1 == basis).then_some(kept.2)
    }

    /// Drops the kept plan.
    pub fn forget(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Arc<KibTable>, PlanBasis, ImportPlan)>> {
        self.last.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Replica {
    fn plan_basis(&self) -> Result<PlanBasis, StoreError> {
        Ok(PlanBasis {
            opened: self.opened,
            data_version: self
                .conn
                .pragma_query_value(None, "data_version", |r| r.get(0))?,
            changes: self.conn.total_changes(),
            year: crate::clock::year(self.clock()),
        })
    }

    /// What importing the table would do (as [`Replica::import_plan`]),
    /// keeping the plan in `kept` for [`Replica::import_previewed`].
    pub fn preview_import(
        &self,
        table: &Arc<KibTable>,
        kept: &KeptPlan,
    ) -> Result<ImportSummary, StoreError> {
        let basis = self.plan_basis()?;
        let plan = self.import_plan(table)?;
        let summary = plan.summary(false);
        kept.keep(table, basis, plan);
        Ok(summary)
    }

    /// Imports the table (as [`Replica::import_table`]), writing the plan
    /// its preview kept when nothing has changed since, stamped now.
    pub fn import_previewed(
        &mut self,
        table: &Arc<KibTable>,
        kept: &KeptPlan,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, ImportFailure> {
        let plan = match kept.take(table, self.plan_basis()?) {
            Some(plan) => plan.stamped(&self.now_rfc3339()),
            None => self.import_plan(table)?,
        };
        self.import_planned(plan, progress)
    }
}
