//! The QR code of a cable code or an asset tag's code, as a square matrix
//! of dark modules.

use qrcode::{Color, EcLevel, QrCode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side (21 for the short codes labels carry).
    pub width: usize,
    dark: Vec<bool>,
}

/// Quiet modules kept clear on each side, inside the drawn square.
pub const QUIET: usize = 2;

impl QrMatrix {
    /// Level M survives a scuffed label; a cable code (at most 16
    /// characters) or a tag code (40 digits) always fits.
    pub fn encode(text: &str) -> QrMatrix {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .or_else(|_| QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L))
            .expect("a label's code of at most 40 characters fits a QR code");
        QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        }
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Horizontal runs of dark modules: `(x, y, length)`. Drawing runs
    /// instead of single modules keeps the PDF small and leaves no hairline
    /// gaps between neighbours.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    out.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        out
    }

    /// Modules across the drawn square, quiet zone included.
    pub fn span(&self) -> usize {
        self.width + 2 * QUIET
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let q = QrMatrix::encode("K0012");
        assert_eq!(q.width, 21);
        let from_runs: usize = q.runs().iter().map(|r| r.2).sum();
        let dark = (0..q.width)
            .flat_map(|y| (0..q.width).map(move |x| (x, y)))
            .filter(|&(x, y)| q.is_dark(x, y))
            .count();
        assert_eq!(from_runs, dark);
        // The finder pattern's top row is a run of 7.
        assert_eq!(q.runs()[0], (0, 0, 7));
    }
}
