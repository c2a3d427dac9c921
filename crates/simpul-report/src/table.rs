//! Ruled tables with a header repeated on every page they cross, cells
//! shortened or wrapped to their column, and an optional total row.

use crate::fonts::Face;
use crate::sheet::{Align, Sheet};

#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    /// Share of the table's width, relative to the other columns.
    pub weight: f32,
    pub align: Align,
    /// Long text wraps onto more lines instead of being shortened.
    pub wrap: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// A last row in bold (`Jumlah`).
    pub total: Option<Vec<String>>,
    pub size: f32,
}

const PAD: f32 = 2.5;

impl Table {
    /// A table of columns given as (title, weight, alignment).
    pub fn new(columns: &[(&str, f32, Align)]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|(t, w, a)| Column {
                    title: (*t).to_owned(),
                    weight: *w,
                    align: *a,
                    wrap: false,
                })
                .collect(),
            rows: Vec::new(),
            total: None,
            size: 7.5,
        }
    }

    /// Lets column `i` wrap.
    pub fn wrapping(mut self, i: usize) -> Table {
        if let Some(c) = self.columns.get_mut(i) {
            c.wrap = true;
        }
        self
    }

    pub fn size(mut self, size: f32) -> Table {
        self.size = size;
        self
    }

    fn widths(&self, sheet: &Sheet) -> Vec<f32> {
        let sum: f32 = self.columns.iter().map(|c| c.weight).sum::<f32>().max(0.01);
        self.columns
            .iter()
            .map(|c| sheet.inner() * c.weight / sum)
            .collect()
    }

    fn header(&self, sheet: &mut Sheet, widths: &[f32]) {
        let lead = self.size * 1.25;
        let titles: Vec<Vec<String>> = self
            .columns
            .iter()
            .zip(widths)
            .map(|(c, w)| sheet.wrap(&c.title, w - 2.0 * PAD, self.size, Face::Bold))
            .collect();
        let lines = titles.iter().map(Vec::len).max().unwrap_or(1);
        let h = lines as f32 * lead + 2.0 * PAD;
        let mut x = sheet.left();
        let y = sheet.y;
        for (lines, w) in titles.iter().zip(widths) {
            sheet.rect(x, y, *w, h, Some(225), Some(0.5));
            for (i, l) in lines.iter().enumerate() {
                let base = y + PAD + self.size + i as f32 * lead;
                sheet.text(x + w / 2.0, base, self.size, Face::Bold, Align::Center, l);
            }
            x += w;
        }
        sheet.y += h;
    }

    fn row(&self, sheet: &mut Sheet, widths: &[f32], cells: &[String], total: bool) {
        let face = if total { Face::Bold } else { Face::Regular };
        let lead = self.size * 1.25;
        let lines: Vec<Vec<String>> = self
            .columns
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let text = cells.get(i).map_or("", String::as_str);
                let room = w - 2.0 * PAD;
                if c.wrap {
                    let mut l = sheet.wrap(text, room, self.size, face);
                    l.truncate(3);
                    l
                } else {
                    vec![sheet.fit(text, room, self.size, face)]
                }
            })
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1);
        let h = n as f32 * lead + 2.0 * PAD;
        if sheet.y + h > sheet.bottom() {
            sheet.new_page();
            self.header(sheet, widths);
        }
        let y = sheet.y;
        let mut x = sheet.left();
        for ((c, w), cell) in self.columns.iter().zip(widths).zip(&lines) {
            sheet.rect(x, y, *w, h, total.then_some(240), Some(0.4));
            let at = match c.align {
                Align::Left => x + PAD,
                Align::Right => x + w - PAD,
                Align::Center => x + w / 2.0,
            };
            for (i, l) in cell.iter().enumerate() {
                let base = y + PAD + self.size * 0.95 + i as f32 * lead;
                sheet.text(at, base, self.size, face, c.align, l);
            }
            x += w;
        }
        sheet.y += h;
    }

    /// Draws the table at the cursor, moving it below the table.
    pub fn draw(&self, sheet: &mut Sheet) {
        let widths = self.widths(sheet);
        sheet.need(self.size * 6.0);
        self.header(sheet, &widths);
        for r in &self.rows {
            self.row(sheet, &widths, r, false);
        }
        if let Some(t) = &self.total {
            self.row(sheet, &widths, t, true);
        }
        sheet.y += 10.0;
    }
}
