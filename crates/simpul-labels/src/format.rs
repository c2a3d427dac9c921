//! The label stocks: continuous tape (12, 18, 24 mm wide; one label per
//! page, cut by the printer), A4 sheets of 3 x 8 or 4 x 10 labels, and a
//! 58 mm thermal roll of 58 x 40 mm labels (one label per page, the PDF
//! page at the label's size).

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum LabelFormat {
    Tape12,
    Tape18,
    #[default]
    Tape24,
    /// A4, 3 x 8 labels of 63.5 x 33.9 mm.
    A4,
    /// A4, 4 x 10 labels of 52.5 x 29.7 mm.
    A4x40,
    /// A 58 mm thermal roll, labels of 58 x 40 mm.
    Roll58,
}

/// Labels in a grid on a page of a fixed size: an A4 sheet, or a roll's
/// single label per page.
#[derive(Debug)]
pub(crate) struct SheetGrid {
    pub page_w: f32,
    pub page_h: f32,
    pub columns: usize,
    pub rows: usize,
    pub left: f32,
    pub top: f32,
    pub pitch_x: f32,
    pub pitch_y: f32,
    pub label_w: f32,
    pub label_h: f32,
}

pub const A4_WIDTH_MM: f32 = 210.0;
pub const A4_HEIGHT_MM: f32 = 297.0;

/// An A4 sheet of 24 labels of 63.5 x 33.9 mm (the common 3 x 8 stock).
pub(crate) const A4_3X8: SheetGrid = SheetGrid {
    page_w: A4_WIDTH_MM,
    page_h: A4_HEIGHT_MM,
    columns: 3,
    rows: 8,
    left: 7.2,
    top: 12.9,
    pitch_x: 66.0,
    pitch_y: 33.9,
    label_w: 63.5,
    label_h: 33.9,
};

/// An A4 sheet of 40 labels of 52.5 x 29.7 mm, edge to edge.
pub(crate) const A4_4X10: SheetGrid = SheetGrid {
    page_w: A4_WIDTH_MM,
    page_h: A4_HEIGHT_MM,
    columns: 4,
    rows: 10,
    left: 0.0,
    top: 0.0,
    pitch_x: 52.5,
    pitch_y: 29.7,
    label_w: 52.5,
    label_h: 29.7,
};

/// One 58 x 40 mm label per page of a thermal roll.
pub(crate) const ROLL_58: SheetGrid = SheetGrid {
    page_w: 58.0,
    page_h: 40.0,
    columns: 1,
    rows: 1,
    left: 0.0,
    top: 0.0,
    pitch_x: 58.0,
    pitch_y: 40.0,
    label_w: 58.0,
    label_h: 40.0,
};

impl SheetGrid {
    pub fn per_page(&self) -> usize {
        self.columns * self.rows
    }

    /// The top-left corner of the `i`-th label of a page, row by row.
    pub fn cell(&self, i: usize) -> (f32, f32) {
        let (col, row) = (i % self.columns, i / self.columns);
        (
            self.left + self.pitch_x * col as f32,
            self.top + self.pitch_y * row as f32,
        )
    }
}

impl LabelFormat {
    pub const ALL: [LabelFormat; 6] = [
        LabelFormat::Tape12,
        LabelFormat::Tape18,
        LabelFormat::Tape24,
        LabelFormat::A4,
        LabelFormat::A4x40,
        LabelFormat::Roll58,
    ];

    /// The tape width in mm, or `None` for sheets and the roll.
    pub fn tape_mm(self) -> Option<f32> {
        match self {
            LabelFormat::Tape12 => Some(12.0),
            LabelFormat::Tape18 => Some(18.0),
            LabelFormat::Tape24 => Some(24.0),
            LabelFormat::A4 | LabelFormat::A4x40 | LabelFormat::Roll58 => None,
        }
    }

    /// The grid of a sheet or roll format; `None` for tape.
    pub(crate) fn grid(self) -> Option<&'static SheetGrid> {
        match self {
            LabelFormat::A4 => Some(&A4_3X8),
            LabelFormat::A4x40 => Some(&A4_4X10),
            LabelFormat::Roll58 => Some(&ROLL_58),
            LabelFormat::Tape12 | LabelFormat::Tape18 | LabelFormat::Tape24 => None,
        }
    }

    /// The name used on the command line and in the app: `tape12`, `a4`.
    pub fn key(self) -> &'static str {
        match self {
            LabelFormat::Tape12 => "tape12",
            LabelFormat::Tape18 => "tape18",
            LabelFormat::Tape24 => "tape24",
            LabelFormat::A4 => "a4",
            LabelFormat::A4x40 => "a4x40",
            LabelFormat::Roll58 => "roll58",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LabelFormat::Tape12 => "Pita 12 mm",
            LabelFormat::Tape18 => "Pita 18 mm",
            LabelFormat::Tape24 => "Pita 24 mm",
            LabelFormat::A4 => "Lembar A4 (3 x 8 label)",
            LabelFormat::A4x40 => "Lembar A4 (4 x 10 label)",
            LabelFormat::Roll58 => "Rol termal 58 mm (58 x 40 mm)",
        }
    }

    /// Every key, for messages: `tape12, tape18, ... atau roll58`.
    pub fn keys() -> String {
        let keys: Vec<&str> = LabelFormat::ALL.iter().map(|f| f.key()).collect();
        let (last, rest) = keys.split_last().unwrap_or((&"", &[]));
        format!("{} atau {last}", rest.join(", "))
    }

    pub fn from_key(key: &str) -> Option<LabelFormat> {
        let k = key.trim().to_ascii_lowercase().replace([' ', '-', '_'], "");
        let k = match k.as_str() {
            "a43x8" => "a4",
            "a44x10" => "a4x40",
            "58" | "58mm" => "roll58",
            other => other,
        };
        LabelFormat::ALL
            .into_iter()
            .find(|f| f.key() == k || f.key().trim_start_matches("tape") == k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_tape_width_alone_is_accepted() {
        for f in LabelFormat::ALL {
            assert_eq!(LabelFormat::from_key(f.key()), Some(f));
        }
        assert_eq!(LabelFormat::from_key("12"), Some(LabelFormat::Tape12));
        assert_eq!(LabelFormat::from_key("A4"), Some(LabelFormat::A4));
        assert_eq!(LabelFormat::from_key("tape-18"), Some(LabelFormat::Tape18));
        assert_eq!(LabelFormat::from_key("A4 4x10"), Some(LabelFormat::A4x40));
        assert_eq!(LabelFormat::from_key("58"), Some(LabelFormat::Roll58));
        assert_eq!(LabelFormat::from_key("36"), None);
        assert_eq!(
            LabelFormat::keys(),
            "tape12, tape18, tape24, a4, a4x40 atau roll58"
        );
    }

    #[test]
    fn every_grid_fits_its_page() {
        for f in LabelFormat::ALL {
            let Some(g) = f.grid() else { continue };
            let (x, y) = g.cell(g.per_page() - 1);
            assert!(x + g.label_w <= g.page_w + 1e-3, "{f:?}");
            assert!(y + g.label_h <= g.page_h + 1e-3, "{f:?}");
        }
    }
}

simpul_core::labelled!(LabelFormat, LabelFormat::ALL, {
    LabelFormat::Tape12 => "12 mm tape",
    LabelFormat::Tape18 => "18 mm tape",
    LabelFormat::Tape24 => "24 mm tape",
    LabelFormat::A4 => "A4 sheet (3 x 8 labels)",
    LabelFormat::A4x40 => "A4 sheet (4 x 10 labels)",
    LabelFormat::Roll58 => "58 mm thermal roll (58 x 40 mm)",
});
