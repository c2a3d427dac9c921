//! Dates written the Indonesian way (`1 Desember 2026`), as official
//! documents carry them.

use chrono::{Datelike, NaiveDate};

const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The month's Indonesian name (1 = Januari).
pub fn bulan(month: u32) -> &'static str {
    BULAN[(month.clamp(1, 12) - 1) as usize]
}

/// `1 Desember 2026`.
pub fn tanggal(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), bulan(d.month()), d.year())
}

/// The date part of an RFC 3339 time written the Indonesian way, or the
/// text as it is when it is not one.
pub fn tanggal_of(rfc3339: &str) -> String {
    rfc3339
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| rfc3339.to_owned(), tanggal)
}

/// The date part of an RFC 3339 time as `04/11/2026`, for table cells;
/// empty when there is none.
pub fn tanggal_pendek(rfc3339: &str) -> String {
    rfc3339
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_indonesian() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        assert_eq!(tanggal(d), "1 Desember 2026");
        assert_eq!(tanggal_of("2026-08-17T03:00:00Z"), "17 Agustus 2026");
        assert_eq!(tanggal_of(""), "");
        assert_eq!(tanggal_pendek("2026-11-04T08:00:00Z"), "04/11/2026");
    }
}
