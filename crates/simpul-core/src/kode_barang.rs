//! Kode barang (Permendagri 108/2016): 7 levels, 12 digits,
//! `akun.kelompok.jenis.objek.rincian.sub-rincian.sub-sub` (1.3.2.10.01.02.002).
//!
//! SIMDA BMD pads rincian and sub-rincian to 3 digits (1.3.2.10.001.002.002);
//! both are accepted and stored in the 108 form. KIB B holds "Peralatan dan
//! Mesin", so its codes start with 1.3.2. Codes from before 108/2016 (see
//! [`crate::kode_lama`]) are recognised as old codes so an import can
//! convert them by the item's name instead of dropping the row.
//!
//! Long because it is a table: the ICT codes of Permendagri 108/2016 and
//! the names that identify them.

use crate::error::FieldError;
use std::fmt;

/// A valid kode barang in its canonical 108 form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KodeBarang(String);

/// One row of the table of ICT item codes.
#[derive(Debug, Clone, Copy)]
pub struct ItemCode {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
}

/// The ICT categories the dashboard groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Komputer,
    Laptop,
    Printer,
    Perangkat,
    Server,
    Jaringan,
    Lainnya,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 7] = [
        Category::Komputer,
        Category::Laptop,
        Category::Printer,
        Category::Perangkat,
        Category::Server,
        Category::Jaringan,
        Category::Lainnya,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Komputer => "Komputer (PC)",
            Category::Laptop => "Laptop & Tablet",
            Category::Printer => "Printer & Scanner",
            Category::Perangkat => "Monitor & Periferal",
            Category::Server => "Server",
            Category::Jaringan => "Perangkat Jaringan",
            Category::Lainnya => "Lainnya",
        }
    }
}

crate::labelled!(Category, Category::ALL, {
    Category::Komputer => "Computers (PC)",
    Category::Laptop => "Laptops & tablets",
    Category::Printer => "Printers & scanners",
    Category::Perangkat => "Monitors & peripherals",
    Category::Server => "Servers",
    Category::Jaringan => "Network devices",
    Category::Lainnya => "Other",
});

/// The computer-equipment codes of Permendagri 108/2016 (DOMAIN.md).
pub const ITEM_CODES: &[ItemCode] = &[
    ItemCode {
        code: "1.3.2.10.01.01.001",
        name: "Mainframe",
        category: Category::Server,
    },
    ItemCode {
        code: "1.3.2.10.01.01.007",
        name: "PC Workstation",
        category: Category::Komputer,
    },
    ItemCode {
        code: "1.3.2.10.01.02.001",
        name: "P.C Unit",
        category: Category::Komputer,
    },
    ItemCode {
        code: "1.3.2.10.01.02.002",
        name: "Laptop",
        category: Category::Laptop,
    },
    ItemCode {
        code: "1.3.2.10.01.02.003",
        name: "Notebook",
        category: Category::Laptop,
    },
    ItemCode {
        code: "1.3.2.10.01.02.007",
        name: "Netbook",
        category: Category::Laptop,
    },
    ItemCode {
        code: "1.3.2.10.01.02.009",
        name: "Tablet PC",
        category: Category::Laptop,
    },
    ItemCode {
        code: "1.3.2.10.02.03.001",
        name: "CPU",
        category: Category::Komputer,
    },
    ItemCode {
        code: "1.3.2.10.02.03.002",
        name: "Monitor",
        category: Category::Perangkat,
    },
    ItemCode {
        code: "1.3.2.10.02.03.003",
        name: "Printer",
        category: Category::Printer,
    },
    ItemCode {
        code: "1.3.2.10.02.03.004",
        name: "Scanner",
        category: Category::Printer,
    },
    ItemCode {
        code: "1.3.2.10.02.03.017",
        name: "External HDD",
        category: Category::Perangkat,
    },
    ItemCode {
        code: "1.3.2.10.02.04.001",
        name: "Server",
        category: Category::Server,
    },
    ItemCode {
        code: "1.3.2.10.02.04.002",
        name: "Router",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.003",
        name: "Hub",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.004",
        name: "Modem",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.014",
        name: "Rak Server",
        category: Category::Server,
    },
    ItemCode {
        code: "1.3.2.10.02.04.015",
        name: "Firewall",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.016",
        name: "Switch Rak",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.023",
        name: "Wireless Access Point",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.024",
        name: "Switch",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.027",
        name: "Rackmount",
        category: Category::Jaringan,
    },
    ItemCode {
        code: "1.3.2.10.02.04.033",
        name: "Peralatan Jaringan Lainnya",
        category: Category::Jaringan,
    },
];

/// Keywords in an item's name that identify its 108 code, most specific
/// first, with the old official names of Permendagri 17/2007 ("Lap Top",
/// "Note Book", "P.C Unit"). Long keywords match the name with spaces and
/// punctuation removed; short ones (`pc`, `hub`) match whole words.
const NAME_HINTS: &[(&str, &str)] = &[
    ("accesspoint", "1.3.2.10.02.04.023"),
    ("firewall", "1.3.2.10.02.04.015"),
    ("router", "1.3.2.10.02.04.002"),
    ("switch", "1.3.2.10.02.04.024"),
    ("modem", "1.3.2.10.02.04.004"),
    ("hub", "1.3.2.10.02.04.003"),
    ("rakserver", "1.3.2.10.02.04.014"),
    ("mainframe", "1.3.2.10.01.01.001"),
    ("server", "1.3.2.10.02.04.001"),
    ("notebook", "1.3.2.10.01.02.003"),
    ("netbook", "1.3.2.10.01.02.007"),
    ("tablet", "1.3.2.10.01.02.009"),
    ("palmtop", "1.3.2.10.01.02.009"),
    ("laptop", "1.3.2.10.01.02.002"),
    ("printer", "1.3.2.10.02.03.003"),
    ("scanner", "1.3.2.10.02.03.004"),
    ("monitor", "1.3.2.10.02.03.002"),
    ("hdd", "1.3.2.10.02.03.017"),
    ("hardisk", "1.3.2.10.02.03.017"),
    ("harddisk", "1.3.2.10.02.03.017"),
    ("harddisc", "1.3.2.10.02.03.017"),
    ("workstation", "1.3.2.10.01.01.007"),
    ("cpu", "1.3.2.10.02.03.001"),
    ("pcunit", "1.3.2.10.01.02.001"),
    ("personalkomputer", "1.3.2.10.01.02.001"),
    ("personalcomputer", "1.3.2.10.01.02.001"),
    ("komputer", "1.3.2.10.01.02.001"),
    ("computer", "1.3.2.10.01.02.001"),
    ("pc", "1.3.2.10.01.02.001"),
];

/// Words that make a name furniture or medical equipment even when it
/// mentions a computer ("Meja Komputer", "Monitor Pasien").
const NOT_ICT_WORDS: &[&str] = &[
    "meja", "kursi", "lemari", "tas", "sarung", "cover", "pasien", "tensi", "jantung", "bayi",
];

/// How a typed code was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedKode {
    /// A 108/2016 code (either padding).
    Current(KodeBarang),
    /// A pre-108 code (see [`crate::kode_lama`]), kept verbatim.
    Old(String),
}

impl KodeBarang {
    /// Parses a 108 code; old codes are an error here (see [`KodeBarang::parse_any`]).
    pub fn parse(field: &str, raw: &str) -> Result<KodeBarang, FieldError> {
        match Self::parse_any(field, raw)? {
            ParsedKode::Current(k) => Ok(k),
            ParsedKode::Old(old) => Err(FieldError::new(
                field,
                "kode_barang.old",
                format!("\"{old}\" adalah kode barang lama (sebelum Permendagri 108/2016); gunakan kode 108, mis. 1.3.2.10.01.02.002 untuk laptop."),
            )),
        }
    }

    /// Parses a 108 code in either padding, or recognises an old code.
    pub fn parse_any(field: &str, raw: &str) -> Result<ParsedKode, FieldError> {
        let raw = raw.trim();
        let bad = || {
            FieldError::new(
                field,
                "kode_barang.format",
                format!(
                    "Kode barang \"{raw}\" tidak sah; tulis 7 tingkat seperti 1.3.2.10.01.02.002."
                ),
            )
        };
        let parts: Vec<&str> = raw.split('.').collect();
        if parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(bad());
        }
        if crate::kode_lama::KodeLama::parse(raw).is_some() {
            return Ok(ParsedKode::Old(raw.to_owned()));
        }
        if parts.len() != 7 {
            return Err(bad());
        }
        let n = |i: usize| parts[i].parse::<u32>().unwrap_or(u32::MAX);
        let widths_ok = parts[0].len() == 1
            && parts[1].len() == 1
            && parts[2].len() == 1
            && parts[3].len() == 2
            && (2..=3).contains(&parts[4].len())
            && (2..=3).contains(&parts[5].len())
            && parts[6].len() == 3
            && n(4) <= 99
            && n(5) <= 99;
        if !widths_ok {
            return Err(bad());
        }
        if !(n(0) == 1 && n(1) == 3 && n(2) == 2) {
            return Err(FieldError::new(
                field,
                "kode_barang.not_kib_b",
                format!(
                    "Kode barang \"{raw}\" bukan Peralatan dan Mesin (KIB B harus diawali 1.3.2)."
                ),
            ));
        }
        let canon = format!("1.3.2.{}.{:02}.{:02}.{}", parts[3], n(4), n(5), parts[6]);
        Ok(ParsedKode::Current(KodeBarang(canon)))
    }

    /// Guesses the 108 code from an item's name (for converting old codes
    /// and for rows without a code).
    pub fn from_name(name: &str) -> Option<KodeBarang> {
        let lower = name.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.iter().any(|w| NOT_ICT_WORDS.contains(w)) {
            return None;
        }
        let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
        NAME_HINTS
            .iter()
            .find(|(hint, _)| {
                if hint.len() <= 3 {
                    words.contains(hint)
                } else {
                    compact.contains(hint)
                }
            })
            .map(|(_, code)| KodeBarang((*code).to_owned()))
    }

    /// Computer equipment: object 1.3.2.10 (Komputer) of Permendagri 108/2016.
    pub fn is_ict(&self) -> bool {
        self.0.starts_with("1.3.2.10.")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIMDA BMD form with 3-digit rincian and sub-rincian.
    pub fn simda(&self) -> String {
        let p: Vec<&str> = self.0.split('.').collect();
        format!(
            "{}.{}.{}.{}.0{}.0{}.{}",
            p[0], p[1], p[2], p[3], p[4], p[5], p[6]
        )
    }

    /// The table entry for this code, when it is a known ICT code.
    pub fn item(&self) -> Option<&'static ItemCode> {
        ITEM_CODES.iter().find(|i| i.code == self.0)
    }

    pub fn category(&self) -> Category {
        self.item().map_or(Category::Lainnya, |i| i.category)
    }
}

/// The category label for a stored canonical code (for reports and charts).
pub fn category_label(code: &str) -> &'static str {
    ITEM_CODES
        .iter()
        .find(|i| i.code == code)
        .map_or(Category::Lainnya, |i| i.category)
        .label()
}

impl fmt::Display for KodeBarang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_paddings_give_the_same_code() {
        let a = KodeBarang::parse("k", "1.3.2.10.01.02.002").expect("108 form");
        let b = KodeBarang::parse("k", "1.3.2.10.001.002.002").expect("SIMDA form");
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "1.3.2.10.01.02.002");
        assert_eq!(a.simda(), "1.3.2.10.001.002.002");
        assert_eq!(a.item().map(|i| i.name), Some("Laptop"));
        assert_eq!(a.category(), Category::Laptop);
    }

    #[test]
    fn rejects_malformed_and_non_kib_b() {
        assert_eq!(
            KodeBarang::parse("k", "1.3.2.10.01.02")
                .expect_err("short")
                .code,
            "kode_barang.format"
        );
        assert_eq!(
            KodeBarang::parse("k", "1.3.2.10.01.02.2")
                .expect_err("width")
                .code,
            "kode_barang.format"
        );
        assert_eq!(
            KodeBarang::parse("k", "1.3.2.10.1x.02.002")
                .expect_err("digit")
                .code,
            "kode_barang.format"
        );
        assert_eq!(
            KodeBarang::parse("k", "1.3.3.01.01.01.001")
                .expect_err("kib c")
                .code,
            "kode_barang.not_kib_b"
        );
    }

    #[test]
    fn old_codes_are_recognised_not_dropped() {
        let p = KodeBarang::parse_any("k", "02.06.02.01.01").expect("old");
        assert_eq!(p, ParsedKode::Old("02.06.02.01.01".into()));
        assert_eq!(
            KodeBarang::parse("k", "02.06.02.01.01")
                .expect_err("old")
                .code,
            "kode_barang.old"
        );
    }

    #[test]
    fn name_hints_pick_specific_codes() {
        let code = |n: &str| KodeBarang::from_name(n).map(|k| k.0);
        assert_eq!(code("Notebook ASUS").as_deref(), Some("1.3.2.10.01.02.003"));
        assert_eq!(code("Laptop Lenovo").as_deref(), Some("1.3.2.10.01.02.002"));
        assert_eq!(code("PC Rakitan").as_deref(), Some("1.3.2.10.01.02.001"));
        assert_eq!(
            code("Switch Cisco 24 port").as_deref(),
            Some("1.3.2.10.02.04.024")
        );
        assert_eq!(code("Meja kayu"), None);
        assert_eq!(
            code("Lap Top Toshiba").as_deref(),
            Some("1.3.2.10.01.02.002")
        );
        assert_eq!(code("Note Book").as_deref(), Some("1.3.2.10.01.02.003"));
        assert_eq!(code("P.C Unit").as_deref(), Some("1.3.2.10.01.02.001"));
        assert_eq!(
            code("Personal Komputer").as_deref(),
            Some("1.3.2.10.01.02.001")
        );
        assert_eq!(code("Meja Komputer"), None);
        assert_eq!(code("Monitor Pasien"), None);
        assert_eq!(code("Epcot"), None);
    }
}
