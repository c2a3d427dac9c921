//! The nomor register: the asset's serial number within its kode barang
//! in one OPD (Permendagri 19/2016). One home for how registers compare
//! and how the next one is given, used by the form, the KIB import, the
//! inbox check and its "give the next number" action.
//!
//! Registers compare as numbers: SIMDA writes `000001` where Simpul writes
//! `0001`; both are register 1. Numbering is per OPD and kode barang: a
//! Diskominfo device holding every OPD numbers each OPD on its own.

/// The register as a number (`None` for an empty or non-numeric one).
pub fn number(register: &str) -> Option<u64> {
    let s = register.trim();
    (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// How a given register is written: at least four digits.
pub fn format(n: u64) -> String {
    format!("{n:04}")
}

/// The register after the highest one in use (`None`: none yet).
pub fn next(highest: Option<u64>) -> String {
    format(highest.unwrap_or(0) + 1)
}

/// The form two equal registers share (leading zeros dropped), used as the
/// duplicate check's key; [`SQL_KEY`] computes the same in the index.
pub fn key(register: &str) -> String {
    register.trim().trim_start_matches('0').to_owned()
}

/// [`key`] of the index's `nomor_register` column, in SQL. The store has
/// an index on this exact expression (migration V7): change both together.
pub const SQL_KEY: &str = "ltrim(trim(nomor_register), '0')";

/// The highest register number in SQL, for `SELECT {SQL_MAX} FROM asset
/// WHERE opd = ?1 AND kode_barang = ?2` (registers are digits only).
pub const SQL_MAX: &str = "max(CAST(nomor_register AS INTEGER))";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simda_and_simpul_spellings_are_one_register() {
        assert_eq!(number("000001"), number("0001"));
        assert_eq!(key("000001"), key("0001"));
        assert_eq!(key(" 0120 "), "120");
        assert_eq!(number("12a"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn the_next_register_has_four_digits_at_least() {
        assert_eq!(next(None), "0001");
        assert_eq!(next(Some(41)), "0042");
        assert_eq!(next(Some(12345)), "12346");
    }
}
