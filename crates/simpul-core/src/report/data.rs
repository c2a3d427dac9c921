//! The figures of one TIK inventory report, as the store gathers them.
//! Current figures (counts, value, condition) are the inventory as it
//! stands when the report is made; "in the period" figures come from the
//! record histories and the dated records (decisions, maintenance).

use super::period::Period;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who signs the report (Kepala Dinas, or the head of the OPD).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct Signer {
    /// `Kepala Dinas Komunikasi dan Informatika`.
    pub title: String,
    pub name: String,
    /// Written as the NIP's 18 digits, grouped when printed.
    pub nip: String,
    /// Where it is signed (`Nanga Bulik`).
    pub place: String,
}

/// What the report and room card forms start with: what was used last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct DocumentDefaults {
    pub signer: Signer,
    /// The pengurus barang who signs room cards.
    pub pengurus_barang: super::KirSigner,
}

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    pub label: String,
    pub count: u32,
}

/// Assets added, disposed and whose condition worsened in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCounts {
    pub added: u32,
    pub disposed: u32,
    pub worsened: u32,
}

impl ChangeCounts {
    pub fn add(&mut self, o: &ChangeCounts) {
        self.added += o.added;
        self.disposed += o.disposed;
        self.worsened += o.worsened;
    }
}

/// One OPD's line of the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpdSummary {
    pub opd: String,
    pub name: String,
    /// Assets not disposed.
    pub total: u32,
    pub baik: u32,
    pub kurang_baik: u32,
    pub rusak_berat: u32,
    /// Sum of acquisition prices of assets not disposed (rupiah).
    pub value: i64,
    /// Per category, in the order of [`ReportData::categories`].
    pub by_category: Vec<u32>,
    /// Assets not disposed whose acquisition year is in the period.
    pub acquired: u32,
    /// Assets not disposed acquired more than five years before the period's end.
    pub older_than_5y: u32,
    pub changes: ChangeCounts,
    /// Network registrations by status.
    pub net_approved: u32,
    pub net_waiting: u32,
    pub net_refused: u32,
    /// Approved registrations per security level (`code name`).
    pub net_by_level: Vec<CountRow>,
    /// Open entries of the conflict inbox concerning the OPD.
    pub open_inbox: u32,
    /// Planned maintenances overdue at the period's end.
    pub maintenance_overdue: u32,
    /// The newest change of any of its assets (RFC 3339), empty if none.
    pub last_update: String,
    /// Days since the last update beyond the regency's allowance, if any.
    pub overdue_days: Option<i64>,
}

impl OpdSummary {
    /// Percentage of assets older than five years, rounded.
    pub fn older_share(&self) -> u32 {
        if self.total == 0 {
            return 0;
        }
        let pct = u64::from(self.older_than_5y) * 100 / u64::from(self.total);
        u32::try_from(pct).unwrap_or(100)
    }

    /// Adds another OPD's figures (for the regency total).
    pub fn add(&mut self, o: &OpdSummary) {
        self.total += o.total;
        self.baik += o.baik;
        self.kurang_baik += o.kurang_baik;
        self.rusak_berat += o.rusak_berat;
        self.value += o.value;
        if self.by_category.len() < o.by_category.len() {
            self.by_category.resize(o.by_category.len(), 0);
        }
        for (mine, theirs) in self.by_category.iter_mut().zip(&o.by_category) {
            *mine += theirs;
        }
        self.acquired += o.acquired;
        self.older_than_5y += o.older_than_5y;
        self.changes.add(&o.changes);
        self.net_approved += o.net_approved;
        self.net_waiting += o.net_waiting;
        self.net_refused += o.net_refused;
        for row in &o.net_by_level {
            match self.net_by_level.iter_mut().find(|r| r.label == row.label) {
                Some(r) => r.count += row.count,
                None => self.net_by_level.push(row.clone()),
            }
        }
        self.open_inbox += o.open_inbox;
        self.maintenance_overdue += o.maintenance_overdue;
        if o.last_update > self.last_update {
            self.last_update.clone_from(&o.last_update);
        }
    }
}

/// An IP pool and how much of it is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolRow {
    pub opd: String,
    pub cidr: String,
    pub used: u32,
    pub capacity: u32,
}

/// A decision on a network registration made in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub opd: String,
    pub asset_name: String,
    pub hostname: String,
    pub ip: String,
    /// `Disetujui` or `Ditolak`.
    pub verdict: String,
    /// The security level, or the reason for a refusal.
    pub detail: String,
    pub decided_at: String,
}

/// Maintenance done in the period, per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceRow {
    pub kind: String,
    pub count: u32,
    /// Sum of the entries' known costs (rupiah).
    pub cost: i64,
}

/// An asset rated rusak berat, proposed for disposal (the annex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisposalRow {
    pub opd: String,
    pub kode_barang: String,
    pub nomor_register: String,
    pub nama: String,
    pub merk_type: String,
    pub tahun: Option<i32>,
    pub harga: Option<i64>,
    pub room: String,
}

/// Everything one report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportData {
    /// `Kabupaten Lamandau`.
    pub regency: String,
    /// Who issues it: `Dinas Komunikasi dan Informatika`, or the OPD's name.
    pub issuer: String,
    /// The OPD the report is limited to, or none for the whole regency.
    pub opd: Option<String>,
    pub period: Period,
    /// The day it was made.
    pub made_on: NaiveDate,
    pub signer: Signer,
    /// Days without a change before an OPD is overdue.
    pub overdue_allowance: i64,
    /// Category labels, the columns of [`OpdSummary::by_category`].
    pub categories: Vec<String>,
    pub opds: Vec<OpdSummary>,
    /// Assets not disposed per acquisition year (oldest first; none for unknown years).
    pub acquisitions_by_year: Vec<(i32, u32)>,
    pub pools: Vec<PoolRow>,
    pub decisions: Vec<DecisionRow>,
    pub maintenance: Vec<MaintenanceRow>,
    pub disposal: Vec<DisposalRow>,
    /// The data center's last answer on every OPD's syncs (a Diskominfo
    /// device that has asked it), shown instead of the replica's view.
    pub server_status: Option<crate::regency::update_status::UpdateStatus>,
}

impl ReportData {
    /// The figures of every OPD added up.
    pub fn totals(&self) -> OpdSummary {
        let mut t = OpdSummary {
            opd: "JUMLAH".into(),
            name: "Jumlah".into(),
            by_category: vec![0; self.categories.len()],
            ..OpdSummary::default()
        };
        for o in &self.opds {
            t.add(o);
        }
        t
    }
}
