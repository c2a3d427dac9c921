//! NIP (Nomor Induk Pegawai): 18 digits, `YYYYMMDD YYYYMM G NNN`.
//!
//! People type it with or without spaces (or dots and dashes); we keep the
//! 18 digits and check the birth date, the first appointment month, the
//! gender digit (1 male, 2 female) and the sequence.

use crate::error::FieldError;
use chrono::NaiveDate;
use std::fmt;

/// A validated NIP, stored as its 18 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nip(String);

impl Nip {
    /// Parses a NIP typed by a person. `field` names the form field for the error.
    pub fn parse(field: &str, raw: &str) -> Result<Nip, FieldError> {
        let err = |code: &str, msg: &str| FieldError::new(field, code, msg);
        // "NIP. 19660801 198803 1 001", as signature blocks and lists write it.
        let raw = raw.trim();
        let raw = match raw.get(..3) {
            Some(p) if p.eq_ignore_ascii_case("nip") => {
                raw[3..].trim_start_matches([' ', '.', ':'])
            }
            _ => raw,
        };
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '\t'))
            .collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(
                "nip.digits",
                "NIP hanya boleh berisi angka (spasi boleh).",
            ));
        }
        if digits.len() != 18 {
            return Err(err(
                "nip.length",
                &format!("NIP harus 18 angka; yang diketik {} angka.", digits.len()),
            ));
        }
        let num = |a: usize, b: usize| digits[a..b].parse::<u32>().unwrap_or(0);
        let (by, bm, bd) = (num(0, 4), num(4, 6), num(6, 8));
        let birth = i32::try_from(by)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, bm, bd));
        let Some(birth) = birth.filter(|_| (1930..=2015).contains(&by)) else {
            return Err(err(
                "nip.birth_date",
                "8 angka pertama NIP harus tanggal lahir yang sah (TTTTBBHH).",
            ));
        };
        let (ay, am) = (num(8, 12), num(12, 14));
        if !(1950..=2100).contains(&ay) || !(1..=12).contains(&am) {
            return Err(err(
                "nip.appointment",
                "Angka ke-9 s.d. 14 NIP harus tahun dan bulan pengangkatan (TTTTBB).",
            ));
        }
        let birth_year = u32::try_from(chrono::Datelike::year(&birth)).unwrap_or(0);
        if ay < birth_year + 14 {
            return Err(err(
                "nip.appointment",
                "Tahun pengangkatan pada NIP terlalu dekat dengan tahun lahir.",
            ));
        }
        if !matches!(&digits[14..15], "1" | "2") {
            return Err(err(
                "nip.gender",
                "Angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).",
            ));
        }
        if &digits[15..18] == "000" {
            return Err(err(
                "nip.sequence",
                "Nomor urut NIP (3 angka terakhir) tidak boleh 000.",
            ));
        }
        Ok(Nip(digits))
    }

    /// The 18 digits without spaces.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Nip {
    /// The usual printed form: `19660801 198803 1 001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        write!(
            f,
            "{} {} {} {}",
            &d[0..8],
            &d[8..14],
            &d[14..15],
            &d[15..18]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_spaced_and_plain_forms() {
        let a = Nip::parse("nip", "19660801 198803 1 001").expect("valid");
        let b = Nip::parse("nip", "196608011988031001").expect("valid");
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "19660801 198803 1 001");
        assert_eq!(a.digits(), "196608011988031001");
        let c = Nip::parse("nip", "NIP. 19660801 198803 1 001").expect("prefixed");
        assert_eq!(a, c);
        assert_eq!(
            Nip::parse("nip", "nip:196608011988031001").expect("prefixed"),
            a
        );
    }

    #[test]
    fn rejects_each_broken_part_with_its_own_code() {
        let code = |s: &str| Nip::parse("nip", s).expect_err("invalid").code;
        assert_eq!(code("1966080119880310"), "nip.length");
        assert_eq!(code("19660801 198803 1 0O1"), "nip.digits");
        assert_eq!(code("19660231 198803 1 001"), "nip.birth_date");
        assert_eq!(code("19661301 198803 1 001"), "nip.birth_date");
        assert_eq!(code("19660801 198813 1 001"), "nip.appointment");
        assert_eq!(code("19660801 196803 1 001"), "nip.appointment");
        assert_eq!(code("19660801 198803 3 001"), "nip.gender");
        assert_eq!(code("19660801 198803 2 000"), "nip.sequence");
    }

    #[test]
    fn message_is_indonesian_and_counts_digits() {
        let e = Nip::parse("holder_nip", "123").expect_err("invalid");
        assert_eq!(e.field, "holder_nip");
        assert!(e.message.contains("18 angka"), "{}", e.message);
        assert!(e.message.contains("3 angka"), "{}", e.message);
    }
}
