//! A laid-out page: labels with their QR square, text lines and (on asset
//! tags) a barcode, in mm from the page's top-left corner.

use crate::bars::Barcode;
use crate::qr::QrMatrix;

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width_mm: f32,
    pub height_mm: f32,
    pub labels: Vec<PlacedLabel>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// The label's outline.
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// The QR square (quiet zone included): top-left corner and side.
    pub qr_x: f32,
    pub qr_y: f32,
    pub qr_side: f32,
    pub qr: QrMatrix,
    pub lines: Vec<TextLine>,
    /// A barcode, on asset tags.
    pub bars: Option<PlacedBars>,
}

/// A barcode's box (quiet zones included) and its modules.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedBars {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub code: Barcode,
}

impl PlacedBars {
    /// The width of one module.
    pub fn module(&self) -> f32 {
        self.w / self.code.span() as f32
    }

    /// The dark bars as `(left, width)` in mm.
    pub fn rects(&self) -> impl Iterator<Item = (f32, f32)> + '_ {
        let m = self.module();
        self.code
            .runs()
            .into_iter()
            .map(move |(start, len)| (self.x + start as f32 * m, len as f32 * m))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    /// Left end of the baseline.
    pub x: f32,
    pub baseline: f32,
    /// Font size (em) in mm.
    pub size: f32,
    pub bold: bool,
}

impl PlacedLabel {
    /// The side of one QR module.
    pub fn module(&self) -> f32 {
        self.qr_side / self.qr.span() as f32
    }
}
