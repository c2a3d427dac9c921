//! Cable label sheets. [`layout`] places a label for each end of each
//! cable on the pages of a tape or A4 format; [`pdf`] and [`svg`] draw that
//! same layout, so the app's preview is what prints.
//!
//! Text is set in Courier: every glyph is 0.6 em wide, so a line's width is
//! known exactly without font metrics, and 0/O and 1/I stay distinct on a
//! small label.

mod format;
mod layout;
mod page;
pub mod pdf;
mod qr;
pub mod svg;

pub use format::LabelFormat;
pub use layout::layout;
pub use page::{Page, PlacedLabel, TextLine};
pub use qr::QrMatrix;
pub use simpul_core::cabling::CableLabel;

/// The width of a Courier glyph, in em.
pub const COURIER_ADVANCE: f32 = 0.6;

#[cfg(feature = "verify")]
pub mod verify;
