//! Draws a laid-out [`Sheet`] with krilla.

use crate::fonts::Face;
use crate::sheet::{Mark, Sheet};
use crate::{DocumentError, Pdf};
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::TextDirection;
use krilla::Document;

fn gray(level: u8) -> Fill {
    Fill {
        paint: luma::Color::new(level).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The PDF of a sheet, titled `title`.
pub fn render(sheet: &Sheet, title: &str) -> Result<Pdf, DocumentError> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("id".into())
            .creator("Simpul".into()),
    );
    let settings = || {
        PageSettings::from_wh(sheet.width, sheet.height)
            .ok_or_else(|| DocumentError::Pdf("ukuran halaman".into()))
    };
    for marks in sheet.pages() {
        let mut page = doc.start_page_with(settings()?);
        let mut s = page.surface();
        for m in marks {
            match m {
                Mark::Text {
                    x,
                    y,
                    size,
                    face,
                    text,
                } => {
                    s.set_stroke(None);
                    s.set_fill(Some(gray(0)));
                    let font = match face {
                        Face::Regular => sheet.fonts.krilla_regular.clone(),
                        Face::Bold => sheet.fonts.krilla_bold.clone(),
                    };
                    s.draw_text(
                        Point::from_xy(*x, *y),
                        font,
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Mark::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    let Some(path) = pb.finish() else { continue };
                    s.set_fill(fill.map(gray));
                    s.set_stroke(stroke.map(|width| Stroke {
                        width,
                        ..Stroke::default()
                    }));
                    s.draw_path(&path);
                }
                Mark::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    let Some(path) = pb.finish() else { continue };
                    s.set_fill(None);
                    s.set_stroke(Some(Stroke {
                        width: *width,
                        ..Stroke::default()
                    }));
                    s.draw_path(&path);
                }
            }
        }
        s.finish();
        page.finish();
    }
    let bytes = doc
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))?;
    Ok(Pdf {
        bytes,
        pages: sheet.page_count(),
    })
}
