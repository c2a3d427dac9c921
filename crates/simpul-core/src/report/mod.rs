//! What the TIK inventory report and the room card (KIR) hold, as plain
//! data: the period asked for, the figures per OPD, and the changes read
//! from the record histories. The store gathers it; `simpul-report` lays it
//! out as PDF and XLSX.

pub mod bast;
pub mod changes;
pub mod data;
pub mod kir;
pub mod period;
pub mod stocktake;
pub mod tanggal;

pub use bast::BastData;
pub use changes::{period_changes, AssetChange};
pub use data::{
    ChangeCounts, CountRow, DecisionRow, DisposalRow, DocumentDefaults, MaintenanceRow, OpdSummary,
    PoolRow, ReportData, Signer,
};
pub use kir::{KirData, KirRow, KirSigner};
pub use period::Period;
pub use stocktake::{ResultLine, RoomResult, StockTakeReport};
