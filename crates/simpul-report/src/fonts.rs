//! The faces every document uses: Liberation Sans (metric-compatible with
//! Arial, the face official letters are typed in; SIL OFL, see
//! `fonts/LICENSE-OFL.txt`), and their advance widths for layout.

use crate::DocumentError;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{charmap::Charmap, FontRef, MetadataProvider};

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

/// Advance widths at size 1 of one face: a table for Latin text, the font
/// itself for anything else.
struct Widths {
    latin: Vec<f32>,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
}

const LATIN: u32 = 0x250;

impl Widths {
    fn of(data: &'static [u8]) -> Result<Widths, DocumentError> {
        let font = FontRef::new(data).map_err(|_| DocumentError::Font)?;
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let mut w = Widths {
            latin: Vec::new(),
            charmap,
            metrics,
        };
        w.latin = (0..LATIN)
            .map(|c| char::from_u32(c).map_or(0.0, |c| w.lookup(c)))
            .collect();
        Ok(w)
    }

    fn lookup(&self, c: char) -> f32 {
        self.charmap
            .map(c)
            .and_then(|g| self.metrics.advance_width(g))
            .unwrap_or(0.5)
    }

    fn width(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| {
                self.latin
                    .get(c as usize)
                    .copied()
                    .unwrap_or_else(|| self.lookup(c))
            })
            .sum()
    }
}

/// Both faces, ready to measure and to draw.
pub struct Fonts {
    regular: Widths,
    bold: Widths,
    pub(crate) krilla_regular: krilla::text::Font,
    pub(crate) krilla_bold: krilla::text::Font,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts(Liberation Sans)")
    }
}

impl Fonts {
    pub fn load() -> Result<Fonts, DocumentError> {
        let font = |data: &'static [u8]| {
            krilla::text::Font::new(data.into(), 0).ok_or(DocumentError::Font)
        };
        Ok(Fonts {
            regular: Widths::of(REGULAR)?,
            bold: Widths::of(BOLD)?,
            krilla_regular: font(REGULAR)?,
            krilla_bold: font(BOLD)?,
        })
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32, face: Face) -> f32 {
        size * match face {
            Face::Regular => self.regular.width(text),
            Face::Bold => self.bold.width(text),
        }
    }
}
