//! Condition codes of SIMDA BMD: 1 Baik (B), 2 Kurang Baik (KB),
//! 3 Rusak Berat (RB). Central-government apps call 2 "Rusak Ringan" (RR);
//! we show B/KB/RB and accept RR on import.

use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
pub enum Condition {
    #[default]
    B,
    KB,
    RB,
}

impl Condition {
    pub const ALL: [Condition; 3] = [Condition::B, Condition::KB, Condition::RB];

    /// Reads every spelling found in KIB B files and forms.
    pub fn parse(field: &str, raw: &str) -> Result<Condition, FieldError> {
        let norm = raw.trim().to_lowercase().replace(['.', '_', '-'], " ");
        let norm = norm.split_whitespace().collect::<Vec<_>>().join(" ");
        match norm.as_str() {
            "1" | "b" | "baik" => Ok(Condition::B),
            "2" | "kb" | "kurang baik" | "rr" | "rusak ringan" => Ok(Condition::KB),
            "3" | "rb" | "rusak berat" | "rusak" => Ok(Condition::RB),
            _ => Err(FieldError::new(
                field,
                "condition.unknown",
                format!("Kondisi \"{}\" tidak dikenal; gunakan B (Baik), KB (Kurang Baik) atau RB (Rusak Berat).", raw.trim()),
            )),
        }
    }

    /// The SIMDA BMD number (1, 2, 3).
    pub fn simda_code(self) -> u8 {
        match self {
            Condition::B => 1,
            Condition::KB => 2,
            Condition::RB => 3,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Condition::B => "Baik",
            Condition::KB => "Kurang Baik",
            Condition::RB => "Rusak Berat",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Condition::B => "B",
            Condition::KB => "KB",
            Condition::RB => "RB",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rusak_ringan_as_kurang_baik() {
        for s in [
            "RR",
            "Rusak Ringan",
            "rusak-ringan",
            "2",
            "KB",
            "Kurang  Baik",
        ] {
            assert_eq!(Condition::parse("c", s).expect(s), Condition::KB, "{s}");
        }
        assert_eq!(Condition::parse("c", "baik").expect("b"), Condition::B);
        assert_eq!(Condition::parse("c", "3").expect("rb"), Condition::RB);
        assert_eq!(
            Condition::parse("c", "hilang").expect_err("bad").code,
            "condition.unknown"
        );
    }
}

crate::labelled!(Condition, Condition::ALL, {
    Condition::B => "Good",
    Condition::KB => "Fair",
    Condition::RB => "Badly damaged",
});
