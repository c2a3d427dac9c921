//! Stock-take (inventarisasi, Permendagri 19/2016): a team goes room by
//! room, scans each asset's tag, and the room is closed when done. Each
//! scan is a record of its own, so scans made offline on several devices
//! of one session merge without conflict; what a room's scans mean (found,
//! moved, missing, unregistered, re-rated) is computed from them, never
//! stored.

mod closed_room;
mod scan;
mod session;
mod tally;

pub use closed_room::ClosedRoom;
pub use scan::{AssetAt, Scan, ScanInput, ScanOutcome, ScanStamp};
pub use session::{StockTake, StockTakeInput, TeamMember};
pub use tally::{tally_room, RoomTally};
