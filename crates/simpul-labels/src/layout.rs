//! Placing labels: one for each end of each cable. Both ends carry the
//! same text (the cable code, then "address A <>" and "address B") and say
//! which end they are.

use crate::format::{LabelFormat, SheetGrid};
use crate::page::{Page, PlacedLabel, TextLine};
use crate::qr::QrMatrix;
use crate::COURIER_ADVANCE;
use simpul_core::cabling::CableLabel;

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.2;
/// Smallest text size, in mm (about 4 pt): below it a label is unreadable.
const MIN_SIZE: f32 = 1.4;
/// Largest address text on a label, in mm (about 10 pt).
const MAX_SIZE: f32 = 3.5;

/// The text lines of one end's label.
fn texts(c: &CableLabel, end: char) -> [String; 3] {
    [
        format!("{} ujung {end}", c.code),
        format!("{} <>", c.a),
        c.b.clone(),
    ]
}

fn widest(lines: &[String]) -> usize {
    lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1)
        .max(1)
}

/// Sets three lines in a box: left edge `x`, vertically centred between
/// `top` and `top + height`, at `size` (mm).
fn set_lines(lines: [String; 3], x: f32, top: f32, height: f32, size: f32) -> Vec<TextLine> {
    let block = LEADING * size * 3.0;
    let first_baseline = top + (height - block) / 2.0 + size;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| TextLine {
            text,
            x,
            baseline: first_baseline + LEADING * size * i as f32,
            size,
            bold: i == 0,
        })
        .collect()
}

/// A tape label: as tall as the tape, as long as its text needs.
fn tape_label(c: &CableLabel, end: char, tape: f32) -> Page {
    let margin = 1.0;
    let gap = 1.5;
    let inner = tape - 2.0 * margin;
    let qr_side = inner;
    let size = (inner / (LEADING * 3.0)).min(MAX_SIZE + 1.0);
    let lines = texts(c, end);
    let text_w = COURIER_ADVANCE * size * widest(&lines) as f32;
    let length = (margin + qr_side + gap + text_w + 2.0 * margin)
        .ceil()
        .max(30.0);
    let text_x = margin + qr_side + gap;
    Page {
        width_mm: length,
        height_mm: tape,
        labels: vec![PlacedLabel {
            x: 0.0,
            y: 0.0,
            w: length,
            h: tape,
            qr_x: margin,
            qr_y: margin,
            qr_side,
            qr: QrMatrix::encode(&c.code),
            lines: set_lines(lines, text_x, margin, inner, size),
            bars: None,
        }],
    }
}

/// A label in a sheet's grid cell: the QR on the left, the text sized to
/// fit.
fn sheet_label(c: &CableLabel, end: char, g: &SheetGrid, x: f32, y: f32) -> PlacedLabel {
    let pad = 2.5;
    let gap = 2.0;
    let qr_side = 18.0_f32.min(g.label_h - 2.0 * pad);
    let text_x = x + pad + qr_side + gap;
    let room = g.label_w - 2.0 * pad - qr_side - gap;
    let lines = texts(c, end);
    let size = (room / (COURIER_ADVANCE * widest(&lines) as f32)).clamp(MIN_SIZE, MAX_SIZE);
    PlacedLabel {
        x,
        y,
        w: g.label_w,
        h: g.label_h,
        qr_x: x + pad,
        qr_y: y + (g.label_h - qr_side) / 2.0,
        qr_side,
        qr: QrMatrix::encode(&c.code),
        lines: set_lines(lines, text_x, y + pad, g.label_h - 2.0 * pad, size),
        bars: None,
    }
}

/// Fills the cells of a sheet (or a roll's pages) in order, a page at a
/// time.
pub(crate) fn on_sheets<T>(
    items: &[T],
    g: &SheetGrid,
    place: impl Fn(&T, f32, f32) -> PlacedLabel,
) -> Vec<Page> {
    items
        .chunks(g.per_page())
        .map(|chunk| Page {
            width_mm: g.page_w,
            height_mm: g.page_h,
            labels: chunk
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let (x, y) = g.cell(i);
                    place(item, x, y)
                })
                .collect(),
        })
        .collect()
}

/// Lays out two labels (ends A and B) per cable, in the given order.
pub fn layout(cables: &[CableLabel], format: LabelFormat) -> Vec<Page> {
    let ends: Vec<_> = cables.iter().flat_map(|c| [(c, 'A'), (c, 'B')]).collect();
    match (format.tape_mm(), format.grid()) {
        (Some(tape), _) => ends.iter().map(|(c, e)| tape_label(c, *e, tape)).collect(),
        (None, Some(g)) => on_sheets(&ends, g, |(c, e), x, y| sheet_label(c, *e, g, x, y)),
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cable(n: usize) -> CableLabel {
        CableLabel {
            cable_id: String::new(),
            code: format!("K{n:04}"),
            a: format!("DINKES.G1L2.R07.PP1:{n}"),
            b: format!("DINKES.G1L2.R07.SW1:{n}"),
        }
    }

    fn inside(l: &PlacedLabel) {
        for t in &l.lines {
            let w = COURIER_ADVANCE * t.size * t.text.chars().count() as f32;
            assert!(t.x + w <= l.x + l.w + 1e-3, "{} overflows", t.text);
            assert!(t.baseline <= l.y + l.h, "{} below the label", t.text);
            assert!(
                t.baseline - t.size >= l.y - 1e-3,
                "{} above the label",
                t.text
            );
        }
        assert!(l.qr_y + l.qr_side <= l.y + l.h + 1e-3);
    }

    #[test]
    fn every_cable_gets_two_labels_that_fit_their_stock() {
        let cables: Vec<_> = (1..=30).map(cable).collect();
        for f in [
            LabelFormat::Tape12,
            LabelFormat::Tape18,
            LabelFormat::Tape24,
        ] {
            let pages = layout(&cables, f);
            assert_eq!(pages.len(), 60);
            assert_eq!(pages[0].height_mm, f.tape_mm().expect("a tape"));
            assert_eq!(pages[1].labels[0].lines[0].text, "K0001 ujung B");
            pages.iter().flat_map(|p| &p.labels).for_each(inside);
        }
        let sheets = layout(&cables, LabelFormat::A4);
        assert_eq!(sheets.len(), 3, "60 labels at 24 a sheet");
        assert_eq!(sheets[2].labels.len(), 12);
        let forty = layout(&cables, LabelFormat::A4x40);
        assert_eq!(forty.len(), 2, "60 labels at 40 a sheet");
        let roll = layout(&cables, LabelFormat::Roll58);
        assert_eq!(roll.len(), 60, "one label a page");
        for page in sheets.iter().chain(&forty).chain(&roll) {
            page.labels.iter().for_each(inside);
            let last = page.labels.last().expect("a label");
            assert!(last.y + last.h <= page.height_mm + 1e-3);
            assert!(last.x + last.w <= page.width_mm + 1e-3);
        }
    }

    #[test]
    fn long_addresses_shrink_on_sheets_and_lengthen_tape() {
        let long = CableLabel {
            cable_id: String::new(),
            code: "K0001".into(),
            a: "SEKRETARIATDAERAH.GEDUNGB3.RUANGRAPAT.PATCHPANEL:48".into(),
            b: "X:1".into(),
        };
        let short = cable(1);
        let a4 = |c: &CableLabel| {
            layout(std::slice::from_ref(c), LabelFormat::A4)[0].labels[0].lines[1].size
        };
        assert!(a4(&long) < a4(&short));
        let tape =
            |c: &CableLabel| layout(std::slice::from_ref(c), LabelFormat::Tape12)[0].width_mm;
        assert!(tape(&long) > tape(&short));
    }

    #[test]
    fn no_cables_no_pages() {
        assert!(layout(&[], LabelFormat::A4).is_empty());
        assert!(layout(&[], LabelFormat::Tape12).is_empty());
    }
}
