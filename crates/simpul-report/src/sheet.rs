//! A document laid out in points, page by page, before it is drawn: text
//! runs, rectangles and lines. Layout code moves a cursor down the page and
//! asks for room; a block that does not fit starts a new page.

use crate::fonts::{Face, Fonts};

/// A4 in points.
pub const A4_SHORT: f32 = 595.28;
pub const A4_LONG: f32 = 841.89;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        text: String,
    },
    /// `fill` is a gray level (0 black, 255 white); `stroke` a line width.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<u8>,
        stroke: Option<f32>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
    },
}

/// The pages of one document and the layout cursor.
#[derive(Debug)]
pub struct Sheet {
    pub(crate) fonts: Fonts,
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Room kept at the bottom of each page for the footer.
    pub footer: f32,
    pub(crate) pages: Vec<Vec<Mark>>,
    /// The cursor: where the next block starts.
    pub y: f32,
}

impl Sheet {
    /// An empty A4 document (landscape when asked), with one page.
    pub fn a4(fonts: Fonts, landscape: bool) -> Sheet {
        let (width, height) = if landscape {
            (A4_LONG, A4_SHORT)
        } else {
            (A4_SHORT, A4_LONG)
        };
        let margin = 42.0;
        Sheet {
            fonts,
            width,
            height,
            margin,
            footer: 24.0,
            pages: vec![Vec::new()],
            y: margin,
        }
    }

    pub fn left(&self) -> f32 {
        self.margin
    }

    pub fn right(&self) -> f32 {
        self.width - self.margin
    }

    /// Width between the margins.
    pub fn inner(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    pub fn bottom(&self) -> f32 {
        self.height - self.margin - self.footer
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Every page's marks (for tests and the renderer).
    pub fn pages(&self) -> &[Vec<Mark>] {
        &self.pages
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margin;
    }

    /// Starts a new page unless `h` points still fit below the cursor.
    pub fn need(&mut self, h: f32) {
        if self.y + h > self.bottom() {
            self.new_page();
        }
    }

    fn push(&mut self, m: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(m);
        }
    }

    pub fn width_of(&self, text: &str, size: f32, face: Face) -> f32 {
        self.fonts.width(text, size, face)
    }

    /// Text placed by its left, right or center point at baseline `y`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, face: Face, align: Align, text: &str) {
        if text.is_empty() {
            return;
        }
        let w = self.width_of(text, size, face);
        let x = match align {
            Align::Left => x,
            Align::Right => x - w,
            Align::Center => x - w / 2.0,
        };
        self.push(Mark::Text {
            x,
            y,
            size,
            face,
            text: text.to_owned(),
        });
    }

    /// A line of text at the cursor, which moves down by `lead`.
    pub fn line(&mut self, size: f32, face: Face, align: Align, text: &str, lead: f32) {
        self.need(lead);
        let x = match align {
            Align::Left => self.left(),
            Align::Right => self.right(),
            Align::Center => self.width / 2.0,
        };
        let y = self.y + size;
        self.text(x, y, size, face, align, text);
        self.y += lead;
    }

    /// A paragraph wrapped to the width between the margins.
    pub fn paragraph(&mut self, size: f32, text: &str) {
        for l in self.wrap(text, self.inner(), size, Face::Regular) {
            self.line(size, Face::Regular, Align::Left, &l, size * 1.4);
        }
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<u8>, stroke: Option<f32>) {
        self.push(Mark::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.push(Mark::Line {
            x1,
            y1,
            x2,
            y2,
            width,
        });
    }

    /// `text` shortened with an ellipsis to fit `width`.
    pub fn fit(&self, text: &str, width: f32, size: f32, face: Face) -> String {
        if self.width_of(text, size, face) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        let room = width - self.width_of("…", size, face);
        let mut used = 0.0;
        for c in text.chars() {
            let w = self.width_of(c.encode_utf8(&mut [0; 4]), size, face);
            if used + w > room {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out
    }

    /// `text` broken into lines no wider than `width` (a word longer than
    /// the width is shortened).
    pub fn wrap(&self, text: &str, width: f32, size: f32, face: Face) -> Vec<String> {
        let mut lines = Vec::new();
        let mut cur = String::new();
        for word in text.split_whitespace() {
            let next = if cur.is_empty() {
                word.to_owned()
            } else {
                format!("{cur} {word}")
            };
            if self.width_of(&next, size, face) <= width || cur.is_empty() {
                cur = next;
            } else {
                lines.push(std::mem::take(&mut cur));
                cur = word.to_owned();
            }
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push(cur);
        }
        lines
            .into_iter()
            .map(|l| self.fit(&l, width, size, face))
            .collect()
    }

    /// Writes the footer on every page: `left` text and "Halaman i dari n".
    pub fn footers(&mut self, left: &str) {
        let n = self.pages.len();
        let y = self.height - self.margin + 4.0;
        for i in 0..n {
            let marks = [
                Mark::Line {
                    x1: self.left(),
                    y1: y - 10.0,
                    x2: self.right(),
                    y2: y - 10.0,
                    width: 0.4,
                },
                Mark::Text {
                    x: self.left(),
                    y,
                    size: 7.5,
                    face: Face::Regular,
                    text: self.fit(left, self.inner() * 0.7, 7.5, Face::Regular),
                },
            ];
            let page_no = format!("Halaman {} dari {n}", i + 1);
            let w = self.width_of(&page_no, 7.5, Face::Regular);
            let no = Mark::Text {
                x: self.right() - w,
                y,
                size: 7.5,
                face: Face::Regular,
                text: page_no,
            };
            if let Some(p) = self.pages.get_mut(i) {
                p.extend(marks);
                p.push(no);
            }
        }
    }
}
