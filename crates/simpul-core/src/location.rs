//! Rooms: where assets stand. A room is named by building, floor and room
//! codes (`G1`, `L2`, `R07` give `G1L2.R07`) plus a readable name.

use crate::error::{FieldError, ValidationErrors};
use crate::nip::Nip;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct Room {
    pub id: String,
    pub opd: String,
    /// Building code, e.g. `G1` (Gedung 1).
    pub building: String,
    /// Floor code, e.g. `L2` (Lantai 2).
    pub floor: String,
    /// Room code, e.g. `R07`.
    pub code: String,
    pub name: String,
    /// The room's responsible person (penanggung jawab ruangan), who signs
    /// its room card.
    pub responsible_name: String,
    /// Their NIP (18 digits), when they have one.
    pub responsible_nip: String,
}

impl Room {
    /// `G1L2.R07`, the room part of a node address.
    pub fn short_code(&self) -> String {
        format!("{}{}.{}", self.building, self.floor, self.code)
    }
}

/// A room as a front end shows it: the record with its short code and
/// label, so no front end builds them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
pub struct RoomView {
    #[serde(flatten)]
    pub room: Room,
    /// `G1L2.R07` ([`Room::short_code`]).
    pub short_code: String,
    /// `G1L2.R07 Ruang Server`.
    pub label: String,
}

impl From<Room> for RoomView {
    fn from(room: Room) -> Self {
        let short_code = room.short_code();
        RoomView {
            label: format!("{short_code} {}", room.name),
            short_code,
            room,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct RoomInput {
    pub id: String,
    pub building: String,
    pub floor: String,
    pub code: String,
    pub name: String,
    pub responsible_name: String,
    pub responsible_nip: String,
}

fn code(field: &str, label: &str, raw: &str) -> Result<String, FieldError> {
    let c = raw.trim().to_uppercase();
    if c.is_empty() || c.len() > 8 || !c.chars().all(|ch| ch.is_ascii_alphanumeric()) {
        return Err(FieldError::new(
            field,
            &format!("{field}.format"),
            format!("Kode {label} wajib diisi: 1-8 huruf/angka tanpa spasi."),
        ));
    }
    Ok(c)
}

impl From<&Room> for RoomInput {
    /// The form filled with a room as it is.
    fn from(r: &Room) -> Self {
        RoomInput {
            id: r.id.clone(),
            building: r.building.clone(),
            floor: r.floor.clone(),
            code: r.code.clone(),
            name: r.name.clone(),
            responsible_name: r.responsible_name.clone(),
            responsible_nip: r.responsible_nip.clone(),
        }
    }
}

impl RoomInput {
    pub fn apply_to(&self, base: &Room) -> Result<Room, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut r = base.clone();
        r.building = errs
            .check(code("building", "gedung", &self.building))
            .unwrap_or_default();
        r.floor = errs
            .check(code("floor", "lantai", &self.floor))
            .unwrap_or_default();
        r.code = errs
            .check(code("code", "ruangan", &self.code))
            .unwrap_or_default();
        r.name = self.name.trim().to_owned();
        if r.name.is_empty() {
            errs.push(FieldError::new(
                "name",
                "name.required",
                "Nama ruangan wajib diisi.",
            ));
        }
        r.responsible_name = self
            .responsible_name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        r.responsible_nip = if self.responsible_nip.trim().is_empty() {
            String::new()
        } else {
            errs.check(Nip::parse("responsible_nip", &self.responsible_nip))
                .map(|n| n.digits().to_owned())
                .unwrap_or_default()
        };
        if !r.responsible_nip.is_empty() && r.responsible_name.is_empty() {
            errs.push(FieldError::new(
                "responsible_name",
                "responsible_name.required",
                "Isi nama penanggung jawab ruangan bila NIP diisi.",
            ));
        }
        errs.into_result(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_uppercased_and_checked() {
        let i = RoomInput {
            building: "g1".into(),
            floor: "l2".into(),
            code: "r07".into(),
            name: "Ruang Server".into(),
            ..Default::default()
        };
        let r = i.apply_to(&Room::default()).expect("valid");
        assert_eq!(r.short_code(), "G1L2.R07");
        let bad = RoomInput {
            building: "G 1".into(),
            ..i
        };
        assert_eq!(
            bad.apply_to(&Room::default()).expect_err("space").0[0].field,
            "building"
        );
    }

    #[test]
    fn the_responsible_person_needs_a_name_and_a_valid_nip() {
        let base = RoomInput {
            building: "G1".into(),
            floor: "L1".into(),
            code: "R01".into(),
            name: "Tata Usaha".into(),
            ..Default::default()
        };
        let ok = RoomInput {
            responsible_name: "  Siti   Aminah ".into(),
            responsible_nip: "19800101 200501 2 003".into(),
            ..base.clone()
        }
        .apply_to(&Room::default())
        .expect("valid");
        assert_eq!(
            (ok.responsible_name.as_str(), ok.responsible_nip.as_str()),
            ("Siti Aminah", "198001012005012003")
        );
        let bad_nip = RoomInput {
            responsible_name: "Siti".into(),
            responsible_nip: "12345".into(),
            ..base.clone()
        };
        assert_eq!(
            bad_nip.apply_to(&Room::default()).expect_err("nip").0[0].field,
            "responsible_nip"
        );
        let no_name = RoomInput {
            responsible_nip: "198001012005012003".into(),
            ..base
        };
        assert_eq!(
            no_name.apply_to(&Room::default()).expect_err("name").0[0].field,
            "responsible_name"
        );
    }
}
