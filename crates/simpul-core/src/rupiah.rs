//! Rupiah amounts as people write them, the one place that reads a price.
//!
//! Indonesian style (`12.500.000`, `1.945.235,47`), English style
//! (`1,945,235.47`), a plain decimal from a spreadsheet (`1945235.47`), with
//! or without `Rp`. `-` or an empty cell means the price is not known. A
//! single separator followed by exactly three digits groups thousands
//! (`12.500` is twelve thousand five hundred); otherwise it marks decimals.

use crate::error::FieldError;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// Why an amount could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Negative,
    Format,
    TooLarge,
}

/// Reads an amount exactly; `Ok(None)` when it is empty or `-` (unknown).
pub fn parse_amount(raw: &str) -> Result<Option<Decimal>, AmountError> {
    let s: String = raw
        .trim()
        .trim_start_matches("Rp.")
        .trim_start_matches("Rp")
        .trim_start_matches("rp")
        .trim_start_matches("IDR")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let s = s.trim_end_matches(",-").trim_end_matches(".-");
    if s.is_empty() || matches!(s, "-" | "–" | "—") {
        return Ok(None);
    }
    if s.starts_with('-') || (s.starts_with('(') && s.ends_with(')')) {
        return Err(AmountError::Negative);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::Format);
    }
    let canonical = canonical_number(s).ok_or(AmountError::Format)?;
    Decimal::from_str(&canonical)
        .map(Some)
        .map_err(|_| AmountError::TooLarge)
}

/// `1.234.567,89` / `1,234,567.89` / `1234567.89` as `1234567.89`.
fn canonical_number(s: &str) -> Option<String> {
    let last_dot = s.rfind('.');
    let last_comma = s.rfind(',');
    let (thousands, decimal) = match (last_dot, last_comma) {
        (Some(d), Some(c)) if d > c => (Some(','), Some('.')),
        (Some(_), Some(_)) => (Some('.'), Some(',')),
        (Some(_), None) => one_separator(s, '.'),
        (None, Some(_)) => one_separator(s, ','),
        (None, None) => (None, None),
    };
    let (whole, fraction) = match decimal {
        Some(d) => {
            let (w, f) = s.rsplit_once(d)?;
            if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (w, Some(f))
        }
        None => (s, None),
    };
    let groups: Vec<&str> = match thousands {
        Some(t) => whole.split(t).collect(),
        None => vec![whole],
    };
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3 || groups.len() == 1;
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    if !first_ok
        || !rest_ok
        || groups
            .iter()
            .any(|g| !g.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return None;
    }
    Some(match fraction {
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    })
}

/// The roles of a separator that appears alone (only dots or only commas).
fn one_separator(s: &str, sep: char) -> (Option<char>, Option<char>) {
    let count = s.matches(sep).count();
    let tail = s.rsplit(sep).next().unwrap_or_default();
    if count > 1 || tail.len() == 3 {
        (Some(sep), None)
    } else {
        (None, Some(sep))
    }
}

/// An amount rounded to whole rupiah (half away from zero).
pub fn whole_rupiah(amount: Decimal) -> Option<i64> {
    amount
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
}

/// Whole rupiah with Indonesian thousands dots: `12.500.000`.
pub fn format_rupiah(v: i64) -> String {
    group_thousands(&v.unsigned_abs().to_string(), if v < 0 { "-" } else { "" })
}

/// An exact amount the Indonesian way: `1.945.235,47`.
pub fn format_amount(d: Decimal) -> String {
    let s = d.normalize().abs().to_string();
    let sign = if d.is_sign_negative() { "-" } else { "" };
    match s.split_once('.') {
        Some((w, f)) => format!("{},{f}", group_thousands(w, sign)),
        None => group_thousands(&s, sign),
    }
}

fn group_thousands(digits: &str, sign: &str) -> String {
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The form's reading of a price: whole rupiah, or `None` when empty or `-`.
/// Cents must be zero here (an import rounds them with a note instead).
pub fn parse_rupiah(field: &str, raw: &str) -> Result<Option<i64>, FieldError> {
    let bad = |code: &str, msg: String| FieldError::new(field, code, msg);
    let shown = raw.trim();
    match parse_amount(raw) {
        Ok(None) => Ok(None),
        Ok(Some(d)) if !d.fract().is_zero() => Err(bad(
            "harga.format",
            format!("Harga \"{shown}\" bersen; tulis rupiah tanpa sen, mis. 12.500.000."),
        )),
        Ok(Some(d)) => whole_rupiah(d)
            .map(Some)
            .ok_or_else(|| bad("harga.format", format!("Harga \"{shown}\" terlalu besar."))),
        Err(e) => Err(amount_error(field, shown, e)),
    }
}

/// The message for an amount that could not be read.
pub fn amount_error(field: &str, shown: &str, e: AmountError) -> FieldError {
    match e {
        AmountError::Negative => FieldError::new(
            field,
            "harga.negative",
            format!("Harga \"{shown}\" negatif; harga tidak boleh negatif."),
        ),
        AmountError::Format => FieldError::new(
            field,
            "harga.format",
            format!("Harga \"{shown}\" bukan angka rupiah; tulis mis. 12.500.000."),
        ),
        AmountError::TooLarge => FieldError::new(
            field,
            "harga.format",
            format!("Harga \"{shown}\" terlalu besar."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(s: &str) -> Option<String> {
        parse_amount(s).expect(s).map(|d| d.normalize().to_string())
    }

    #[test]
    fn both_styles_and_plain_decimals() {
        assert_eq!(amount("12.500.000").as_deref(), Some("12500000"));
        assert_eq!(amount("Rp 12.500.000,00").as_deref(), Some("12500000"));
        assert_eq!(amount("1.945.235,47").as_deref(), Some("1945235.47"));
        assert_eq!(amount("1,945,235.47").as_deref(), Some("1945235.47"));
        assert_eq!(amount("1945235.47").as_deref(), Some("1945235.47"));
        assert_eq!(amount("1945235,5").as_deref(), Some("1945235.5"));
        assert_eq!(amount("12.500").as_deref(), Some("12500"));
        assert_eq!(amount("12,500").as_deref(), Some("12500"));
        assert_eq!(amount("Rp. 7.500.000,-").as_deref(), Some("7500000"));
        assert_eq!(amount("7\u{a0}500\u{a0}000").as_deref(), Some("7500000"));
        assert_eq!(amount("-"), None);
        assert_eq!(amount("  "), None);
    }

    #[test]
    fn refusals_name_the_problem() {
        assert_eq!(parse_amount("-5"), Err(AmountError::Negative));
        assert_eq!(parse_amount("(5.000)"), Err(AmountError::Negative));
        assert_eq!(parse_amount("dua juta"), Err(AmountError::Format));
        assert_eq!(parse_amount("1.23.456"), Err(AmountError::Format));
        assert_eq!(parse_amount("12..5"), Err(AmountError::Format));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let d = |s: &str| Decimal::from_str(s).expect(s);
        assert_eq!(whole_rupiah(d("1945235.47")), Some(1_945_235));
        assert_eq!(whole_rupiah(d("1945235.5")), Some(1_945_236));
    }

    #[test]
    fn formats_the_indonesian_way() {
        assert_eq!(format_rupiah(12_500_000), "12.500.000");
        assert_eq!(format_rupiah(500), "500");
        assert_eq!(
            format_amount(Decimal::from_str("1945235.47").expect("d")),
            "1.945.235,47"
        );
    }

    #[test]
    fn the_form_refuses_cents_and_keeps_unknown_empty() {
        assert_eq!(
            parse_rupiah("h", "12.500.000").expect("ok"),
            Some(12_500_000)
        );
        assert_eq!(parse_rupiah("h", "-").expect("unknown"), None);
        assert_eq!(parse_rupiah("h", "").expect("unknown"), None);
        assert!(parse_rupiah("h", "12.500.000,50").is_err());
        let e = parse_rupiah("h", "-5").expect_err("negative");
        assert_eq!(e.code, "harga.negative");
        assert!(e.message.contains("-5"));
    }
}
