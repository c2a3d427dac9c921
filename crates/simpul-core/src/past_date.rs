//! A date typed as `YYYY-MM-DD` that may not lie after today: when
//! maintenance was done, an oversight visit made, a stock-take begun.

use crate::error::FieldError;
use chrono::NaiveDate;

/// Reads `raw` as a date on or before `today`; `subject` names it in the
/// message ("Tanggal pemeliharaan").
pub fn past_date(
    field: &str,
    raw: &str,
    today: NaiveDate,
    subject: &str,
) -> Result<NaiveDate, FieldError> {
    match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
        Ok(d) if d <= today => Ok(d),
        Ok(_) => Err(FieldError::new(
            field,
            "date.future",
            format!("{subject} tidak boleh di masa depan."),
        )),
        Err(_) => Err(FieldError::new(
            field,
            "date.format",
            "Tanggal harus berformat TTTT-BB-HH.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_and_before_pass_a_later_day_or_another_format_do_not() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        assert_eq!(
            past_date("d", " 2026-12-01 ", today, "Tanggal").ok(),
            Some(today)
        );
        let late = past_date("d", "2026-12-02", today, "Tanggal kunjungan").expect_err("future");
        assert_eq!(late.code, "date.future");
        assert_eq!(late.message, "Tanggal kunjungan tidak boleh di masa depan.");
        assert_eq!(
            past_date("d", "01/12/2026", today, "T")
                .expect_err("format")
                .code,
            "date.format"
        );
    }
}
