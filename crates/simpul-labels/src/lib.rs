//! Labels: cable labels and asset tags. [`layout`] places a label for each
//! end of each cable, [`layout_tags`] a tag for each asset, on the pages of
//! a tape, A4 sheet or roll format; [`pdf`] and [`svg`] draw that same
//! layout, so the app's preview is what prints.
//!
//! Text is set in Courier: every glyph is 0.6 em wide, so a line's width is
//! known exactly without font metrics, and 0/O and 1/I stay distinct on a
//! small label.

mod bars;
mod format;
mod layout;
mod page;
pub mod pdf;
mod qr;
pub mod svg;
mod tags;

pub use bars::{Barcode, BarcodeError};
pub use format::LabelFormat;
pub use layout::layout;
pub use page::{Page, PlacedBars, PlacedLabel, TextLine};
pub use qr::{QrMatrix, QUIET as QR_QUIET};
pub use simpul_core::asset_tag::AssetTag;
pub use simpul_core::cabling::CableLabel;
pub use tags::layout_tags;

/// The width of a Courier glyph, in em.
pub const COURIER_ADVANCE: f32 = 0.6;

#[cfg(feature = "verify")]
pub mod verify;
