//! The letterhead (kop) and the signature block of official documents.

use crate::fonts::Face;
use crate::numbers::nip;
use crate::sheet::{Align, Sheet};

/// `PEMERINTAH KABUPATEN LAMANDAU` from `Kab. Lamandau`, `Kabupaten
/// Lamandau` or `Lamandau`.
pub fn government(regency: &str) -> String {
    let r = regency.trim();
    let lower = r.to_lowercase();
    let name = if let Some(rest) = lower.strip_prefix("kab.") {
        format!("KABUPATEN {}", r[r.len() - rest.len()..].trim())
    } else if lower.starts_with("kabupaten") || lower.starts_with("kota") {
        r.to_owned()
    } else {
        format!("KABUPATEN {r}")
    };
    format!("PEMERINTAH {}", name.to_uppercase())
}

/// The letterhead: the government, the issuing office, a double rule.
pub fn letterhead(sheet: &mut Sheet, regency: &str, issuer: &str) {
    sheet.line(11.0, Face::Bold, Align::Center, &government(regency), 15.0);
    sheet.line(
        13.0,
        Face::Bold,
        Align::Center,
        &issuer.to_uppercase(),
        18.0,
    );
    let y = sheet.y;
    let (l, r) = (sheet.left(), sheet.right());
    sheet.rule(l, y, r, y, 1.6);
    sheet.rule(l, y + 2.5, r, y + 2.5, 0.5);
    sheet.y += 14.0;
}

/// One signatory of a signature block.
#[derive(Debug, Clone, Default)]
pub struct Signatory<'a> {
    /// Lines above the space for the signature (`Mengetahui,`, the office).
    pub above: Vec<String>,
    pub name: &'a str,
    pub nip: &'a str,
}

/// Signature blocks side by side (one on the right, or two across), the
/// place and date (when given) written above the last.
pub fn signatures(sheet: &mut Sheet, place_date: &str, people: &[Signatory<'_>]) {
    let size = 9.0;
    let lead = 12.0;
    let slot = sheet.inner() / 2.0;
    let n = people.len();
    // Each block's lines above the signature; the place and date head the last.
    let blocks: Vec<Vec<String>> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut lines = Vec::new();
            if i + 1 == n && !place_date.is_empty() {
                lines.push(place_date.to_owned());
            }
            lines.extend(p.above.iter().cloned());
            lines
                .iter()
                .flat_map(|l| sheet.wrap(l, slot - 12.0, size, Face::Regular))
                .collect()
        })
        .collect();
    let rows = blocks.iter().map(Vec::len).max().unwrap_or(0);
    sheet.need(rows as f32 * lead + 90.0);
    let top = sheet.y + 6.0;
    let name_y = top + rows as f32 * lead + 52.0;
    for (i, (p, lines)) in people.iter().zip(&blocks).enumerate() {
        let center = if n == 1 {
            sheet.left() + slot * 1.5
        } else {
            sheet.left() + slot * (i as f32 + 0.5)
        };
        for (j, l) in lines.iter().enumerate() {
            let y = top + j as f32 * lead + size;
            sheet.text(center, y, size, Face::Regular, Align::Center, l);
        }
        let name = if p.name.trim().is_empty() {
            "(.................................)".to_owned()
        } else {
            p.name.trim().to_owned()
        };
        sheet.text(
            center,
            name_y + size,
            size,
            Face::Bold,
            Align::Center,
            &name,
        );
        if !p.name.trim().is_empty() {
            let w = sheet.width_of(&name, size, Face::Bold);
            sheet.rule(
                center - w / 2.0,
                name_y + size + 1.5,
                center + w / 2.0,
                name_y + size + 1.5,
                0.6,
            );
        }
        let nip_text = if p.nip.trim().is_empty() {
            "NIP. ".to_owned()
        } else {
            format!("NIP. {}", nip(p.nip))
        };
        sheet.text(
            center,
            name_y + lead + size,
            size,
            Face::Regular,
            Align::Center,
            &nip_text,
        );
    }
    let bottom = name_y + 2.0 * lead;
    sheet.y = bottom + 6.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_government_is_named_in_full() {
        assert_eq!(government("Kab. Lamandau"), "PEMERINTAH KABUPATEN LAMANDAU");
        assert_eq!(government("Kabupaten Muna"), "PEMERINTAH KABUPATEN MUNA");
        assert_eq!(government("Enrekang"), "PEMERINTAH KABUPATEN ENREKANG");
    }
}
