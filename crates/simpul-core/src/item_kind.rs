//! Whether a KIB B row is ICT equipment, and its 108 code: the one rule an
//! import uses to keep computers and skip furniture, vehicles and the rest.
//!
//! A 108 code decides by its object (1.3.2.10 Komputer). An old code decides
//! by its bidang and kelompok, and the item's name then gives the 108 code.
//! A row without a code is ICT when its name is.

use crate::error::FieldError;
use crate::kode_barang::{KodeBarang, ParsedKode};
use crate::kode_lama::{KodeLama, OldFamily};

/// What a row's code and name say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// ICT equipment with its 108 code; `old` is the pre-108 code it was
    /// written with, `by_name` whether the code came from the name.
    Ict {
        kode: KodeBarang,
        old: Option<String>,
        by_name: bool,
    },
    /// Not ICT: skipped by an import, with the reason shown to the user.
    NotIct { reason: String },
}

/// Identifies a row by its kode barang and name. An error is an ICT row
/// whose code cannot be used (the user must fix it).
pub fn identify(field: &str, kode: &str, nama: &str) -> Result<ItemKind, FieldError> {
    let kode = kode.trim();
    let nama = nama.trim();
    let by_name = KodeBarang::from_name(nama);
    if kode.is_empty() || kode == "-" {
        return Ok(match by_name {
            Some(k) => ItemKind::Ict {
                kode: k,
                old: None,
                by_name: true,
            },
            None => ItemKind::NotIct {
                reason: format!("tanpa kode barang, dan \"{nama}\" bukan nama barang TIK"),
            },
        });
    }
    match KodeBarang::parse_any(field, kode) {
        Ok(ParsedKode::Current(k)) if k.is_ict() => Ok(ItemKind::Ict {
            kode: k,
            old: None,
            by_name: false,
        }),
        Ok(ParsedKode::Current(k)) => Ok(ItemKind::NotIct {
            reason: format!("kode {k} bukan Komputer (1.3.2.10)"),
        }),
        Ok(ParsedKode::Old(old)) => {
            let family = KodeLama::parse(&old).map_or(OldFamily::Other, |k| k.family());
            match (family, by_name) {
                (OldFamily::Komputer, Some(k)) => Ok(ItemKind::Ict {
                    kode: k,
                    old: Some(old),
                    by_name: true,
                }),
                (OldFamily::Komunikasi, Some(k)) if k.category() == crate::kode_barang::Category::Jaringan => {
                    Ok(ItemKind::Ict {
                        kode: k,
                        old: Some(old),
                        by_name: true,
                    })
                }
                (OldFamily::Komputer, None) => Err(FieldError::new(
                    field,
                    "kode_barang.old",
                    format!("\"{old}\" adalah kode lama kelompok Komputer, tetapi jenis barang \"{nama}\" tidak dikenali; tulis kode 108-nya, mis. 1.3.2.10.01.02.002 untuk laptop."),
                )),
                _ => Ok(ItemKind::NotIct {
                    reason: match KodeLama::parse(&old).and_then(|k| k.bidang_label()) {
                        Some(b) => format!("kode lama {old} ({b}) bukan Komputer"),
                        None => format!("kode lama {old} bukan Komputer"),
                    },
                }),
            }
        }
        Err(e) if e.code == "kode_barang.not_kib_b" => Ok(ItemKind::NotIct {
            reason: format!("kode {kode} bukan Peralatan dan Mesin"),
        }),
        Err(e) => match by_name {
            Some(_) => Err(e),
            None => Ok(ItemKind::NotIct {
                reason: format!(
                    "kode \"{kode}\" tidak dikenali dan \"{nama}\" bukan nama barang TIK"
                ),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(kode: &str, nama: &str) -> ItemKind {
        identify("k", kode, nama).expect(kode)
    }

    fn ict_code(k: ItemKind) -> Option<String> {
        match k {
            ItemKind::Ict { kode, .. } => Some(kode.to_string()),
            ItemKind::NotIct { .. } => None,
        }
    }

    #[test]
    fn current_codes_decide_by_object() {
        assert_eq!(
            ict_code(kind("1.3.2.10.001.002.002", "Laptop")).as_deref(),
            Some("1.3.2.10.01.02.002")
        );
        assert_eq!(ict_code(kind("1.3.2.05.01.04.001", "Meja Kerja")), None);
        assert_eq!(ict_code(kind("1.3.3.01.01.01.001", "Gedung")), None);
        assert_eq!(
            ict_code(kind("1.3.2.02.01.01.003", "Laptop bekas mobil")),
            None
        );
    }

    #[test]
    fn old_codes_by_family_then_name() {
        assert_eq!(
            kind("02.06.03.01.05", "Lap Top"),
            ItemKind::Ict {
                kode: KodeBarang::parse("k", "1.3.2.10.01.02.002").expect("108"),
                old: Some("02.06.03.01.05".into()),
                by_name: true
            }
        );
        assert_eq!(
            ict_code(kind("06.03.02.05", "Printer Laserjet")).as_deref(),
            Some("1.3.2.10.02.03.003")
        );
        assert_eq!(
            ict_code(kind("02.07.02.01.03", "Router Mikrotik")).as_deref(),
            Some("1.3.2.10.02.04.002")
        );
        assert_eq!(ict_code(kind("02.07.01.01.01", "Kamera Video")), None);
        assert_eq!(ict_code(kind("02.03.01.02.01", "Sepeda Motor")), None);
        let e = identify("k", "02.06.03.01.07", "Peralatan Misterius").expect_err("unknown name");
        assert_eq!(e.code, "kode_barang.old");
    }

    #[test]
    fn rows_without_a_code_go_by_name() {
        assert_eq!(
            ict_code(kind("", "Note Book Acer")).as_deref(),
            Some("1.3.2.10.01.02.003")
        );
        assert_eq!(ict_code(kind("", "Kursi Putar")), None);
        assert_eq!(ict_code(kind("-", "AC Split 1 PK")), None);
    }

    #[test]
    fn a_bad_code_is_an_error_only_for_ict_names() {
        assert!(identify("k", "1.3.2.10.01.02", "Laptop").is_err());
        assert_eq!(ict_code(kind("1.3.2.5.1", "Meja Rapat")), None);
    }
}
