//! One laid-out page as SVG, for the app's print preview. Units are mm.

use crate::page::Page;
use std::fmt::Write;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page as an SVG document (outlines drawn in light grey so the
/// preview shows where each label is cut).
pub fn render(page: &Page) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}mm" height="{h}mm"><rect width="{w}" height="{h}" fill="#fff"/>"##,
        w = page.width_mm,
        h = page.height_mm
    );
    for l in &page.labels {
        let _ = write!(
            s,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#bbb" stroke-width="0.2"/>"##,
            l.x, l.y, l.w, l.h
        );
        let m = l.module();
        let q = crate::qr::QUIET as f32;
        s.push_str(r##"<path fill="#000" d=""##);
        for (col, row, len) in l.qr.runs() {
            let _ = write!(
                s,
                "M{:.3} {:.3}h{:.3}v{:.3}h-{:.3}z",
                l.qr_x + (q + col as f32) * m,
                l.qr_y + (q + row as f32) * m,
                len as f32 * m,
                m,
                len as f32 * m
            );
        }
        if let Some(b) = &l.bars {
            for (left, width) in b.rects() {
                let _ = write!(
                    s,
                    "M{left:.3} {:.3}h{width:.3}v{:.3}h-{width:.3}z",
                    b.y, b.h
                );
            }
        }
        s.push_str("\"/>");
        for t in &l.lines {
            let _ = write!(
                s,
                r#"<text x="{}" y="{}" font-family="Courier New, Courier, monospace" font-size="{}" font-weight="{}" textLength="{}" lengthAdjust="spacingAndGlyphs" xml:space="preserve">{}</text>"#,
                t.x,
                t.baseline,
                t.size,
                if t.bold { "bold" } else { "normal" },
                crate::COURIER_ADVANCE * t.size * t.text.chars().count() as f32,
                escape(&t.text)
            );
        }
    }
    s.push_str("</svg>");
    s
}
