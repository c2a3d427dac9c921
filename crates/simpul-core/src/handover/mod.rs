//! Serah terima (handover): one or many assets pass from one person to
//! another (or back to the store room) on a date, before a witness, and
//! the Berita Acara Serah Terima (BAST) records it. Each handover is a
//! record of its own; the assets' holder changes in the same change.
//! Lending (`Loan`) is the short-term kind: lent until a due date.

mod loan;
mod party;
mod record;

pub use loan::{Loan, LoanInput};
pub use party::Party;
pub use record::{Handover, HandoverInput, HandoverKind};
