//! Charts drawn as vector shapes: horizontal bars for shares (condition,
//! category, OPD) and columns for a series over years. Bars are gray
//! levels with a black outline and every value is written beside its bar,
//! so a chart reads the same printed in black and white.

use crate::fonts::Face;
use crate::numbers::count;
use crate::sheet::{Align, Sheet};

const FILLS: [u8; 3] = [110, 170, 215];

/// A bar per item, labels on the left and values at the bar's end.
pub fn bars(sheet: &mut Sheet, title: &str, items: &[(String, u32)]) {
    let size = 7.5;
    let row = 13.0;
    sheet.need(20.0 + row * items.len().min(6) as f32);
    sheet.line(9.0, Face::Bold, Align::Left, title, 14.0);
    if items.is_empty() {
        sheet.line(size, Face::Regular, Align::Left, "Tidak ada data.", 14.0);
        return;
    }
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let label_w = sheet.inner() * 0.34;
    let value_w = 40.0;
    let bar_x = sheet.left() + label_w + 4.0;
    let bar_room = sheet.inner() - label_w - 4.0 - value_w;
    for (i, (label, v)) in items.iter().enumerate() {
        sheet.need(row);
        let y = sheet.y;
        let shown = sheet.fit(label, label_w - 2.0, size, Face::Regular);
        sheet.text(
            sheet.left() + label_w,
            y + 9.0,
            size,
            Face::Regular,
            Align::Right,
            &shown,
        );
        let w = bar_room * (*v as f32) / (max as f32);
        sheet.rect(
            bar_x,
            y + 2.0,
            w.max(0.5),
            row - 4.0,
            Some(FILLS[i % FILLS.len()]),
            Some(0.5),
        );
        sheet.text(
            bar_x + w + 3.0,
            y + 9.0,
            size,
            Face::Regular,
            Align::Left,
            &count(*v),
        );
        sheet.y += row;
    }
    sheet.y += 8.0;
}

/// A column per item (years), with a baseline, the largest value marked on
/// the axis and each value above its column.
pub fn columns(sheet: &mut Sheet, title: &str, items: &[(String, u32)]) {
    let size = 7.0;
    let height = 140.0;
    sheet.need(height + 46.0);
    sheet.line(9.0, Face::Bold, Align::Left, title, 14.0);
    if items.is_empty() {
        sheet.line(size, Face::Regular, Align::Left, "Tidak ada data.", 14.0);
        return;
    }
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let axis_x = sheet.left() + 34.0;
    let top = sheet.y + 10.0;
    let base = top + height;
    let room = sheet.right() - axis_x - 4.0;
    let step = room / items.len() as f32;
    let col_w = (step * 0.7).min(28.0);
    sheet.rule(axis_x, top, axis_x, base, 0.6);
    sheet.rule(axis_x, base, sheet.right(), base, 0.6);
    sheet.text(
        axis_x - 3.0,
        top + 3.0,
        size,
        Face::Regular,
        Align::Right,
        &count(max),
    );
    sheet.text(axis_x - 3.0, base, size, Face::Regular, Align::Right, "0");
    // Label every n-th column when they would overlap.
    let label_w = sheet.width_of("0000", size, Face::Regular) + 4.0;
    let every = ((label_w / step).ceil() as usize).max(1);
    let value_fits = sheet.width_of(&count(max), size, Face::Regular) <= step;
    for (i, (label, v)) in items.iter().enumerate() {
        let cx = axis_x + step * (i as f32 + 0.5);
        let h = height * (*v as f32) / (max as f32);
        sheet.rect(
            cx - col_w / 2.0,
            base - h,
            col_w,
            h.max(0.5),
            Some(FILLS[0]),
            Some(0.5),
        );
        if value_fits || i % every == 0 {
            sheet.text(
                cx,
                base - h - 2.5,
                size,
                Face::Regular,
                Align::Center,
                &count(*v),
            );
        }
        if i % every == 0 {
            sheet.text(cx, base + 10.0, size, Face::Regular, Align::Center, label);
        }
    }
    sheet.y = base + 22.0;
}
