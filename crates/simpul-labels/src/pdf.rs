//! The label layout as a PDF: the standard Courier fonts (nothing to
//! embed), QR modules and bars as filled rectangles, content streams
//! deflated.

use crate::page::{Page, PlacedLabel};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const PT_PER_MM: f32 = 72.0 / 25.4;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Latin-1 text as WinAnsi bytes; anything else prints as `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            u8::try_from(u32::from(c))
                .ok()
                .filter(|b| *b >= 0x20)
                .unwrap_or(b'?')
        })
        .collect()
}

fn draw_label(content: &mut Content, l: &PlacedLabel, page_h: f32) {
    // mm from the top-left -> pt from the bottom-left.
    let x = |mm: f32| mm * PT_PER_MM;
    let y = |mm: f32| (page_h - mm) * PT_PER_MM;
    let m = l.module();
    let q = crate::qr::QUIET as f32;
    content.set_fill_gray(0.0);
    for (col, row, len) in l.qr.runs() {
        let left = l.qr_x + (q + col as f32) * m;
        let top = l.qr_y + (q + row as f32) * m;
        content.rect(
            x(left),
            y(top + m),
            len as f32 * m * PT_PER_MM,
            m * PT_PER_MM,
        );
    }
    if let Some(b) = &l.bars {
        for (left, width) in b.rects() {
            content.rect(x(left), y(b.y + b.h), width * PT_PER_MM, b.h * PT_PER_MM);
        }
    }
    content.fill_nonzero();
    for t in &l.lines {
        content
            .begin_text()
            .set_font(if t.bold { BOLD } else { REGULAR }, t.size * PT_PER_MM)
            .next_line(x(t.x), y(t.baseline))
            .show(Str(&win_ansi(&t.text)))
            .end_text();
    }
}

/// Renders the pages to PDF bytes.
pub fn render(pages: &[Page], title: &str) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        next += 1;
        Ref::new(next - 1)
    };
    let catalog = alloc();
    let tree = alloc();
    let regular = alloc();
    let bold = alloc();
    let info = alloc();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|p| p.0))
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    for (id, name) in [(regular, "Courier"), (bold, "Courier-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Simpul"));

    for (page, (page_id, content_id)) in pages.iter().zip(&page_refs) {
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(
            0.0,
            0.0,
            page.width_mm * PT_PER_MM,
            page.height_mm * PT_PER_MM,
        ))
        .parent(tree)
        .contents(*content_id);
        p.resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        p.finish();

        let mut content = Content::new();
        for l in &page.labels {
            draw_label(&mut content, l, page.height_mm);
        }
        let raw = content.finish().into_vec();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
        pdf.stream(*content_id, &packed).filter(Filter::FlateDecode);
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{layout, CableLabel, LabelFormat};

    #[test]
    fn a_pdf_has_one_page_object_per_page() {
        let cables = vec![CableLabel {
            cable_id: String::new(),
            code: "K0001".into(),
            a: "A:1".into(),
            b: "B:2".into(),
        }];
        let bytes = render(&layout(&cables, LabelFormat::Tape12), "Label");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-"));
        assert_eq!(
            text.matches("/Type /Page\n").count()
                + text.matches("/Type /Page/").count()
                + text.matches("/Type /Page ").count(),
            2,
            "{text}"
        );
        assert!(text.contains("/BaseFont /Courier-Bold"));
    }

    #[test]
    fn non_latin_text_prints_as_question_marks() {
        assert_eq!(win_ansi("R.07 ✓ é"), b"R.07 ? \xe9");
    }
}
