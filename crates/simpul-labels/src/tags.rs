//! Asset tags: the kode lokasi and `kode barang.register` as text, the
//! asset's name, a QR code for phones and a Code 128 barcode for
//! keyboard-wedge scanners, both carrying the asset's tag code.
//!
//! On a sheet or the roll the barcode runs across the bottom of the label,
//! the QR and the text above it; on tape the QR takes the tape's height on
//! the left and the text sits above the barcode beside it.

use crate::bars::Barcode;
use crate::format::{LabelFormat, SheetGrid};
use crate::layout::on_sheets;
use crate::page::{Page, PlacedBars, PlacedLabel, TextLine};
use crate::qr::QrMatrix;
use crate::COURIER_ADVANCE;
use simpul_core::asset_tag::AssetTag;

const LEADING: f32 = 1.2;
/// Smallest text, in mm (about 4 pt).
const MIN_SIZE: f32 = 1.4;
/// Largest text, in mm (about 10 pt).
const MAX_SIZE: f32 = 3.5;
/// The bar module on tape: 0.25 mm (10 mil), read by any wedge scanner.
const TAPE_MODULE: f32 = 0.25;

/// How many characters of Courier at `size` fit in `width`.
fn fitting(width: f32, size: f32) -> usize {
    (width / (COURIER_ADVANCE * size) + 1e-3).floor().max(1.0) as usize
}

/// `text` cut to `max` characters, ending in `...` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    if max <= 3 {
        return text.chars().take(max).collect();
    }
    let mut out: String = text.chars().take(max - 3).collect();
    out.push_str("...");
    out
}

/// A name on up to `lines` lines of `max` characters, broken at spaces
/// where it can be, the last line cut.
fn wrap(name: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = name.trim();
    while !rest.is_empty() && out.len() < lines {
        if out.len() + 1 == lines || rest.chars().count() <= max {
            out.push(cut(rest, max));
            break;
        }
        let hard = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let soft = rest
            .char_indices()
            .nth(max + 1)
            .map_or(rest.len(), |(i, _)| i);
        let split = match rest[..soft].rfind(' ') {
            Some(i) if i > 0 => i,
            _ => hard,
        };
        out.push(rest[..split].trim_end().to_owned());
        rest = rest[split..].trim_start();
    }
    out
}

/// The tag's text lines, set from `top` at `size`: location, the kode
/// barang with register in bold, then the name on what lines remain.
fn text_lines(
    tag: &AssetTag,
    x: f32,
    top: f32,
    width: f32,
    size: f32,
    lines: usize,
) -> Vec<TextLine> {
    let max = fitting(width, size);
    let mut texts = vec![
        (cut(&tag.location, max), false),
        (cut(&tag.kode_register, max), true),
    ];
    let name_lines = lines.saturating_sub(texts.len()).max(1);
    texts.extend(
        wrap(&tag.name, max, name_lines)
            .into_iter()
            .map(|t| (t, false)),
    );
    texts
        .into_iter()
        .enumerate()
        .map(|(i, (text, bold))| TextLine {
            text,
            x,
            baseline: top + size + LEADING * size * i as f32,
            size,
            bold,
        })
        .collect()
}

/// The largest size at which `lines` lines fit `height` and the two code
/// lines fit `width`.
fn text_size(tag: &AssetTag, width: f32, height: f32, lines: usize) -> f32 {
    let longest = tag
        .location
        .chars()
        .count()
        .max(tag.kode_register.chars().count())
        .max(1) as f32;
    (height / (LEADING * lines as f32))
        .min(width / (COURIER_ADVANCE * longest))
        .clamp(MIN_SIZE, MAX_SIZE)
}

fn barcode(tag: &AssetTag) -> Barcode {
    Barcode::code128_digits(&tag.code).expect("a tag code is an even count of digits")
}

/// A tag in a sheet's (or the roll's) cell.
fn sheet_tag(tag: &AssetTag, g: &SheetGrid, x: f32, y: f32) -> PlacedLabel {
    let pad = 2.5;
    let (inner_w, inner_h) = (g.label_w - 2.0 * pad, g.label_h - 2.0 * pad);
    let bars_h = (g.label_h * 0.27).max(6.0);
    let top_h = inner_h - bars_h - 1.0;
    let qr_side = top_h.min(inner_w * 0.45);
    let gap = 1.5;
    let text_x = x + pad + qr_side + gap;
    let text_w = inner_w - qr_side - gap;
    let lines = 4;
    let size = text_size(tag, text_w, top_h, lines);
    let block = size + LEADING * size * (lines - 1) as f32;
    PlacedLabel {
        x,
        y,
        w: g.label_w,
        h: g.label_h,
        qr_x: x + pad,
        qr_y: y + pad,
        qr_side,
        qr: QrMatrix::encode(&tag.code),
        lines: text_lines(
            tag,
            text_x,
            y + pad + (top_h - block).max(0.0) / 2.0,
            text_w,
            size,
            lines,
        ),
        bars: Some(PlacedBars {
            x: x + pad,
            y: y + g.label_h - pad - bars_h,
            w: inner_w,
            h: bars_h,
            code: barcode(tag),
        }),
    }
}

/// A tag on tape: as tall as the tape, as long as the barcode needs.
fn tape_tag(tag: &AssetTag, tape: f32) -> Page {
    let margin = 1.0;
    let gap = 1.5;
    let inner = tape - 2.0 * margin;
    let code = barcode(tag);
    let bars_w = code.span() as f32 * TAPE_MODULE;
    let bars_h = inner * 0.4;
    let lines = 3;
    let text_h = inner - bars_h - 0.5;
    let size = text_size(tag, bars_w, text_h, lines);
    let text_x = margin + inner + gap;
    let length = (text_x + bars_w + margin).ceil();
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
            qr_side: inner,
            qr: QrMatrix::encode(&tag.code),
            lines: text_lines(tag, text_x, margin, bars_w, size, lines),
            bars: Some(PlacedBars {
                x: text_x,
                y: tape - margin - bars_h,
                w: bars_w,
                h: bars_h,
                code,
            }),
        }],
    }
}

/// Lays out one tag per asset, in the given order.
pub fn layout_tags(tags: &[AssetTag], format: LabelFormat) -> Vec<Page> {
    match (format.tape_mm(), format.grid()) {
        (Some(tape), _) => tags.iter().map(|t| tape_tag(t, tape)).collect(),
        (None, Some(g)) => on_sheets(tags, g, |t, x, y| sheet_tag(t, g, x, y)),
        (None, None) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str) -> AssetTag {
        AssetTag {
            asset_id: "01936f4e-8c2a-7b3d-9e4f-0a1b2c3d4e5f".into(),
            code: simpul_core::asset_tag::tag_code("01936f4e-8c2a-7b3d-9e4f-0a1b2c3d4e5f")
                .expect("uuid"),
            location: "12.10.01.02.01.01.01".into(),
            kode_register: "1.3.2.10.01.02.002.0001".into(),
            name: name.into(),
        }
    }

    fn inside(l: &PlacedLabel) {
        for t in &l.lines {
            let w = COURIER_ADVANCE * t.size * t.text.chars().count() as f32;
            assert!(t.x + w <= l.x + l.w + 1e-3, "{} overflows", t.text);
            assert!(t.baseline <= l.y + l.h, "{} below the label", t.text);
            assert!(t.size >= MIN_SIZE);
        }
        let b = l.bars.as_ref().expect("bars");
        assert!(b.x >= l.x && b.x + b.w <= l.x + l.w + 1e-3);
        assert!(b.y + b.h <= l.y + l.h + 1e-3);
        let text_bottom = l.lines.iter().map(|t| t.baseline).fold(0.0, f32::max);
        assert!(
            text_bottom <= b.y || l.lines[0].x >= l.qr_x + l.qr_side,
            "text over bars"
        );
        assert!(
            l.qr_y + l.qr_side <= b.y + 1e-3 || l.qr_x + l.qr_side <= b.x + 1e-3,
            "QR over bars"
        );
    }

    #[test]
    fn every_format_fits_the_tag_and_a_bar_module_stays_printable() {
        let tags: Vec<_> = (0..45)
            .map(|i| tag(&format!("Laptop Lenovo ThinkPad E14 Gen {i} Core i5 16 GB")))
            .collect();
        for f in LabelFormat::ALL {
            let pages = layout_tags(&tags, f);
            let per_page = f.grid().map_or(1, |g| g.per_page());
            assert_eq!(pages.len(), tags.len().div_ceil(per_page), "{f:?}");
            for l in pages.iter().flat_map(|p| &p.labels) {
                inside(l);
                let module = l.bars.as_ref().expect("bars").module();
                assert!(module >= 0.17, "{f:?}: module {module} mm");
                assert!(l.lines[1].bold && l.lines.iter().filter(|t| t.bold).count() == 1);
            }
        }
    }

    #[test]
    fn a_long_name_wraps_then_is_cut_and_a_short_one_stays_whole() {
        assert_eq!(wrap("Laptop Lenovo", 20, 2), ["Laptop Lenovo"]);
        assert_eq!(
            wrap("Laptop Lenovo ThinkPad E14 Gen 5", 14, 2),
            ["Laptop Lenovo", "ThinkPad E1..."]
        );
        assert_eq!(
            wrap("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10, 2),
            ["ABCDEFGHIJ", "KLMNOPQ..."]
        );
        assert!(wrap("", 10, 2).is_empty());
        assert_eq!(cut("abc", 2), "ab");
    }
}
