//! Kode barang from before Permendagri 108/2016: Permendagri 17/2007, which
//! put a golongan in front of the Kepmendagri 152/2004 code
//! (`02.06.03.01.05`: golongan 02 Peralatan dan Mesin, bidang 06 Alat Kantor
//! dan Rumah Tangga, kelompok 03 Komputer, then sub-kelompok and
//! sub-sub-kelompok). Files write it with or without the golongan, padded
//! or not (`2.6.3.1.5`), sometimes with the item level or the register
//! appended: 4 to 7 levels in all.
//!
//! Only the bidang and kelompok matter here: they say whether a row is
//! computer equipment. The 108 code is then told by the item's name.

/// A recognised pre-108 code: its levels without the golongan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KodeLama {
    levels: Vec<u32>,
    with_golongan: bool,
}

/// What an old code's bidang and kelompok say about the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OldFamily {
    /// Bidang 06 (Alat Kantor dan Rumah Tangga), kelompok 03 (Komputer).
    Komputer,
    /// Bidang 07 (Alat Studio dan Komunikasi): network gear is sometimes
    /// recorded here; its name decides.
    Komunikasi,
    /// Anything else (furniture, vehicles, medical equipment, ...).
    Other,
}

/// Bidang of golongan 02 (Peralatan dan Mesin) in Kepmendagri 152/2004.
const BIDANG: [(u32, &str); 9] = [
    (2, "Alat-alat Besar"),
    (3, "Alat-alat Angkutan"),
    (4, "Alat Bengkel dan Alat Ukur"),
    (5, "Alat Pertanian"),
    (6, "Alat Kantor dan Rumah Tangga"),
    (7, "Alat Studio dan Komunikasi"),
    (8, "Alat-alat Kedokteran"),
    (9, "Alat Laboratorium"),
    (10, "Alat Keamanan"),
];

impl KodeLama {
    /// Recognises an old code; `None` for a 108 code (it starts with the
    /// akun `1`) or anything that is not a dotted code of 4 to 8 levels.
    pub fn parse(raw: &str) -> Option<KodeLama> {
        let parts: Vec<&str> = raw.trim().split('.').collect();
        if !(4..=8).contains(&parts.len())
            || parts
                .iter()
                .any(|p| p.is_empty() || p.len() > 4 || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let levels: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        match levels[0] {
            2 => Some(KodeLama {
                levels: levels[1..].to_vec(),
                with_golongan: true,
            }),
            3..=10 => Some(KodeLama {
                levels,
                with_golongan: false,
            }),
            _ => None,
        }
    }

    pub fn family(&self) -> OldFamily {
        match (self.levels.first(), self.levels.get(1)) {
            (Some(6), Some(3)) => OldFamily::Komputer,
            (Some(7), _) => OldFamily::Komunikasi,
            _ => OldFamily::Other,
        }
    }

    /// The bidang's name, when the golongan makes the reading certain.
    pub fn bidang_label(&self) -> Option<&'static str> {
        if !self.with_golongan {
            return None;
        }
        let b = *self.levels.first()?;
        BIDANG.iter().find(|(n, _)| *n == b).map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_form_of_a_computer_code() {
        for raw in [
            "02.06.03.01.05",
            "2.6.3.1.5",
            "06.03.01.05",
            "02.06.03.01.05.02",
            "06.03.01.05.02",
            "02.06.03.01.05.02.0001",
        ] {
            let k = KodeLama::parse(raw).expect(raw);
            assert_eq!(k.family(), OldFamily::Komputer, "{raw}");
        }
    }

    #[test]
    fn other_bidang_and_non_codes() {
        let car = KodeLama::parse("02.03.01.02.01").expect("vehicle");
        assert_eq!(car.family(), OldFamily::Other);
        assert_eq!(car.bidang_label(), Some("Alat-alat Angkutan"));
        let desk = KodeLama::parse("02.06.02.01.02").expect("furniture");
        assert_eq!(desk.family(), OldFamily::Other);
        assert_eq!(KodeLama::parse("1.3.2.10.01.02.002"), None);
        assert_eq!(KodeLama::parse("02.06"), None);
        assert_eq!(KodeLama::parse("02.06.x3.01"), None);
    }
}
