//! The label stocks: continuous tape (12, 18, 24 mm wide; one label per
//! page, cut by the printer) and A4 sheets of 3 x 8 labels.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum LabelFormat {
    Tape12,
    Tape18,
    #[default]
    Tape24,
    A4,
}

/// An A4 sheet of 24 labels of 63.5 x 33.9 mm (the common 3 x 8 stock).
pub(crate) struct SheetGrid {
    pub columns: usize,
    pub rows: usize,
    pub left: f32,
    pub top: f32,
    pub pitch_x: f32,
    pub pitch_y: f32,
    pub label_w: f32,
    pub label_h: f32,
}

pub(crate) const A4_GRID: SheetGrid = SheetGrid {
    columns: 3,
    rows: 8,
    left: 7.2,
    top: 12.9,
    pitch_x: 66.0,
    pitch_y: 33.9,
    label_w: 63.5,
    label_h: 33.9,
};

pub const A4_WIDTH_MM: f32 = 210.0;
pub const A4_HEIGHT_MM: f32 = 297.0;

impl LabelFormat {
    pub const ALL: [LabelFormat; 4] = [
        LabelFormat::Tape12,
        LabelFormat::Tape18,
        LabelFormat::Tape24,
        LabelFormat::A4,
    ];

    /// The tape width in mm, or `None` for A4 sheets.
    pub fn tape_mm(self) -> Option<f32> {
        match self {
            LabelFormat::Tape12 => Some(12.0),
            LabelFormat::Tape18 => Some(18.0),
            LabelFormat::Tape24 => Some(24.0),
            LabelFormat::A4 => None,
        }
    }

    /// The name used on the command line and in the app: `tape12`, `a4`.
    pub fn key(self) -> &'static str {
        match self {
            LabelFormat::Tape12 => "tape12",
            LabelFormat::Tape18 => "tape18",
            LabelFormat::Tape24 => "tape24",
            LabelFormat::A4 => "a4",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LabelFormat::Tape12 => "Pita 12 mm",
            LabelFormat::Tape18 => "Pita 18 mm",
            LabelFormat::Tape24 => "Pita 24 mm",
            LabelFormat::A4 => "Lembar A4 (3 x 8 label)",
        }
    }

    pub fn from_key(key: &str) -> Option<LabelFormat> {
        let k = key.trim().to_ascii_lowercase().replace([' ', '-', '_'], "");
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
        assert_eq!(LabelFormat::from_key("36"), None);
    }
}

simpul_core::labelled!(LabelFormat, LabelFormat::ALL, {
    LabelFormat::Tape12 => "12 mm tape",
    LabelFormat::Tape18 => "18 mm tape",
    LabelFormat::Tape24 => "24 mm tape",
    LabelFormat::A4 => "A4 sheet (3 x 8 labels)",
});
