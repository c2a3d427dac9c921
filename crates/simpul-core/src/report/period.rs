//! The period a report covers: a year (`2026`), a semester (`2026-S1`,
//! `2026-S2`) or any range (`2026-01-01..2026-03-31`). Bounds are whole
//! days, both included; times compare in UTC.

use super::tanggal::tanggal;
use crate::error::FieldError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn bad(raw: &str) -> FieldError {
    FieldError::new(
        "period",
        "period.format",
        format!(
            "Periode \"{raw}\" tidak dikenali. Tulis tahun (2026), semester (2026-S1 atau 2026-S2), atau rentang tanggal (2026-01-01..2026-03-31)."
        ),
    )
}

impl Period {
    /// Reads a period as a person types it; `today` refuses one that starts
    /// in the future.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Period, FieldError> {
        let s = raw.trim();
        let period = if let Some((a, b)) = s.split_once("..") {
            let day = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
            let (Some(from), Some(to)) = (day(a), day(b)) else {
                return Err(bad(raw));
            };
            if from > to {
                return Err(FieldError::new(
                    "period",
                    "period.order",
                    "Tanggal awal periode harus sebelum tanggal akhir.",
                ));
            }
            Period { from, to }
        } else if let Some((y, half)) = s.split_once(['-', ' ']) {
            let year: i32 = y.trim().parse().map_err(|_| bad(raw))?;
            let half = half.trim().to_ascii_uppercase();
            let (from, to) = match half.as_str() {
                "S1" | "I" | "1" => (ymd(year, 1, 1), ymd(year, 6, 30)),
                "S2" | "II" | "2" => (ymd(year, 7, 1), ymd(year, 12, 31)),
                _ => return Err(bad(raw)),
            };
            Period {
                from: from.ok_or_else(|| bad(raw))?,
                to: to.ok_or_else(|| bad(raw))?,
            }
        } else {
            let year: i32 = s.parse().map_err(|_| bad(raw))?;
            if !(1900..=9999).contains(&year) {
                return Err(bad(raw));
            }
            Period {
                from: ymd(year, 1, 1).ok_or_else(|| bad(raw))?,
                to: ymd(year, 12, 31).ok_or_else(|| bad(raw))?,
            }
        };
        if period.from > today {
            return Err(FieldError::new(
                "period",
                "period.future",
                "Periode laporan belum dimulai.",
            ));
        }
        Ok(period)
    }

    /// `Tahun 2026`, `Semester I 2026`, or `1 Januari 2026 s.d. 31 Maret 2026`.
    pub fn label(&self) -> String {
        let (f, t) = (self.from, self.to);
        let whole_year = f.month() == 1 && f.day() == 1 && t.month() == 12 && t.day() == 31;
        if whole_year && f.year() == t.year() {
            return format!("Tahun {}", f.year());
        }
        if f.year() == t.year()
            && f == ymd(f.year(), 1, 1).unwrap_or(f)
            && t == ymd(f.year(), 6, 30).unwrap_or(t)
        {
            return format!("Semester I {}", f.year());
        }
        if f.year() == t.year()
            && f == ymd(f.year(), 7, 1).unwrap_or(f)
            && t == ymd(f.year(), 12, 31).unwrap_or(t)
        {
            return format!("Semester II {}", f.year());
        }
        format!("{} s.d. {}", tanggal(f), tanggal(t))
    }

    /// The first millisecond of the period (UTC).
    pub fn start_ms(&self) -> i64 {
        self.from
            .and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp_millis())
    }

    /// The first millisecond after the period (UTC).
    pub fn end_ms(&self) -> i64 {
        self.to
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(i64::MAX, |t| t.and_utc().timestamp_millis())
    }

    /// Whether an RFC 3339 time (or a `YYYY-MM-DD` date) falls inside.
    pub fn contains_time(&self, time: &str) -> bool {
        time.get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .is_some_and(|d| self.from <= d && d <= self.to)
    }

    /// Whether an acquisition year falls inside (a year only partly covered
    /// counts: KIB B records the year, not the day).
    pub fn contains_year(&self, year: i32) -> bool {
        self.from.year() <= year && year <= self.to.year()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    #[test]
    fn years_semesters_and_ranges_are_read() {
        let y = Period::parse("2026", today()).expect("year");
        assert_eq!(y.label(), "Tahun 2026");
        let s1 = Period::parse("2026-S1", today()).expect("semester");
        assert_eq!(
            (s1.from.to_string(), s1.to.to_string()),
            ("2026-01-01".into(), "2026-06-30".into())
        );
        assert_eq!(s1.label(), "Semester I 2026");
        assert_eq!(
            Period::parse("2025 s2", today()).expect("s2").label(),
            "Semester II 2025"
        );
        let r = Period::parse("2026-01-01..2026-03-31", today()).expect("range");
        assert_eq!(r.label(), "1 Januari 2026 s.d. 31 Maret 2026");
        assert!(r.contains_time("2026-03-31T23:59:59Z"));
        assert!(!r.contains_time("2026-04-01T00:00:00Z"));
        assert_eq!(r.end_ms() - r.start_ms(), 90 * 86_400_000);
    }

    #[test]
    fn bad_periods_are_refused_with_a_reason() {
        for raw in [
            "",
            "kemarin",
            "2026-S3",
            "2026-04-01..2026-01-01",
            "2027",
            "12",
        ] {
            let e = Period::parse(raw, today()).expect_err(raw);
            assert!(e.code.starts_with("period."), "{raw}: {e:?}");
        }
    }
}
