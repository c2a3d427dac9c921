//! A Code 128 barcode as a row of modules, for keyboard-wedge scanners.
//! The encoding (code sets, checksum, stop pattern) is the `barcoders`
//! crate's; this type only keeps the modules and draws them as runs.

use barcoders::sym::code128::Code128;

/// Modules kept clear on each side: Code 128 asks for at least ten.
pub const BAR_QUIET: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Barcode {
    dark: Vec<bool>,
}

#[derive(Debug, thiserror::Error)]
#[error("not encodable as Code 128 set C (an even count of digits): {0:?}")]
pub struct BarcodeError(pub String);

impl Barcode {
    /// Code set C: two digits to a symbol, so an even count of digits.
    pub fn code128_digits(digits: &str) -> Result<Barcode, BarcodeError> {
        if digits.is_empty()
            || !digits.len().is_multiple_of(2)
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(BarcodeError(digits.to_owned()));
        }
        let code = Code128::new(format!("\u{0106}{digits}"))
            .map_err(|_| BarcodeError(digits.to_owned()))?;
        Ok(Barcode {
            dark: code.encode().into_iter().map(|m| m == 1).collect(),
        })
    }

    /// Modules across the symbol, quiet zones included.
    pub fn span(&self) -> usize {
        self.dark.len() + 2 * BAR_QUIET
    }

    /// The dark bars: `(first module, width in modules)`, counted from the
    /// left edge of the quiet zone.
    pub fn runs(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.dark.len() {
            if self.dark[i] {
                let start = i;
                while i < self.dark.len() && self.dark[i] {
                    i += 1;
                }
                out.push((BAR_QUIET + start, i - start));
            } else {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_digits_make_255_modules_starting_with_start_c() {
        let code = Barcode::code128_digits(&"0123456789".repeat(4)).expect("digits");
        // Start C, 20 symbols, checksum and stop of 11 modules, a 2-module
        // termination bar.
        assert_eq!(code.span(), 255 + 2 * BAR_QUIET);
        // Start C is 2-1-1-2-3-2: bar 2, space 1, bar 1, space 2, bar 3.
        assert_eq!(
            &code.runs()[..3],
            &[(BAR_QUIET, 2), (BAR_QUIET + 3, 1), (BAR_QUIET + 6, 3)]
        );
    }

    #[test]
    fn odd_or_non_digit_text_is_refused() {
        for bad in ["", "123", "12a4"] {
            assert!(Barcode::code128_digits(bad).is_err(), "{bad}");
        }
    }
}
