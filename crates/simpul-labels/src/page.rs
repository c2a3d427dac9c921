//! A laid-out page: labels with their QR square and text lines, in mm from
//! the page's top-left corner.

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
