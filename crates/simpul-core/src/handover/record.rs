//! A handover as the form gives it and as it is stored, and what it does
//! to each asset: the holder becomes the receiving party (or none, back in
//! the store room), provided the handing party holds it.

use super::party::Party;
use crate::bulk_edit::BulkEdit;
use crate::error::{FieldError, ValidationErrors};
use crate::Asset;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Which way the assets go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HandoverKind {
    /// To the receiving party, who holds them from now on.
    #[default]
    SerahTerima,
    /// Back: the receiving party (the pengurus barang) puts them in the
    /// store room; nobody holds them.
    Pengembalian,
}

impl HandoverKind {
    /// The history's name for the change.
    pub fn action(self) -> &'static str {
        match self {
            HandoverKind::SerahTerima => "handover.give",
            HandoverKind::Pengembalian => "handover.return",
        }
    }
}

/// The form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct HandoverInput {
    pub kind: HandoverKind,
    /// `YYYY-MM-DD`, not after today.
    pub date: String,
    /// PIHAK PERTAMA: hands over.
    pub from: Party,
    /// PIHAK KEDUA: receives.
    pub to: Party,
    pub witness: Party,
    pub asset_ids: Vec<String>,
    pub note: String,
}

/// A stored handover (the BAST's content).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Handover {
    pub id: String,
    pub opd: String,
    pub kind: HandoverKind,
    pub date: String,
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Party)]
    pub from: Party,
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Party)]
    pub to: Party,
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Party)]
    pub witness: Party,
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Vec<String>)]
    pub asset_ids: Vec<String>,
    pub note: String,
    /// RFC 3339, and who entered it.
    pub made_at: String,
    pub by: String,
}

/// Assets one BAST may list.
pub const MAX_ASSETS: usize = 2_000;

impl HandoverInput {
    /// The handover the form describes (without id, OPD and stamp).
    pub fn validate(&self, today: NaiveDate) -> Result<Handover, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        errs.check(crate::past_date::past_date(
            "date",
            &self.date,
            today,
            "Tanggal serah terima",
        ));
        let from = self.from.validate("from", &mut errs);
        let to = self.to.validate("to", &mut errs);
        let witness = self.witness.validate("witness", &mut errs);
        if !from.nip.is_empty() && from.nip == to.nip {
            errs.push(FieldError::new(
                "to.nip",
                "handover.same_party",
                "Pihak pertama dan pihak kedua tidak boleh orang yang sama.",
            ));
        }
        let mut ids: Vec<String> = self
            .asset_ids
            .iter()
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect();
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            errs.push(FieldError::new(
                "asset_ids",
                "handover.no_assets",
                "Pilih paling sedikit satu aset untuk diserahterimakan.",
            ));
        } else if ids.len() > MAX_ASSETS {
            errs.push(FieldError::new(
                "asset_ids",
                "handover.too_many",
                format!("Satu berita acara memuat paling banyak {MAX_ASSETS} aset; bagi menjadi beberapa."),
            ));
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Handover {
            kind: self.kind,
            date: self.date.trim().to_owned(),
            from,
            to,
            witness,
            asset_ids: ids,
            note: self.note.trim().to_owned(),
            ..Handover::default()
        })
    }
}

impl Handover {
    /// The asset after the handover, or why it cannot pass: the handing
    /// party must hold it (an asset in the store room, or whose holder has
    /// no NIP on record, may be handed by anyone).
    pub fn apply(&self, asset: &Asset) -> Result<Asset, FieldError> {
        if !asset.holder_nip.is_empty() && asset.holder_nip != self.from.nip {
            return Err(FieldError::new(
                "asset_ids",
                "handover.not_held",
                format!(
                    "{} {}.{} dipegang {} (NIP {}), bukan {}.",
                    asset.nama,
                    asset.kode_barang,
                    asset.nomor_register,
                    asset.holder_name,
                    asset.holder_nip,
                    self.from.name
                ),
            ));
        }
        let edit = match self.kind {
            HandoverKind::SerahTerima => BulkEdit::Holder {
                holder_name: self.to.name.clone(),
                holder_nip: self.to.nip.clone(),
            },
            HandoverKind::Pengembalian => BulkEdit::Holder {
                holder_name: String::new(),
                holder_nip: String::new(),
            },
        };
        match edit.apply(asset) {
            Ok(changed) => Ok(changed.unwrap_or_else(|| asset.clone())),
            Err(e) => Err(e.0.into_iter().next().unwrap_or_else(|| {
                FieldError::new("asset_ids", "handover.invalid", "Aset tidak dapat diubah.")
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    fn party(name: &str, nip: &str) -> Party {
        Party {
            name: name.into(),
            nip: nip.into(),
            role: String::new(),
        }
    }

    fn input() -> HandoverInput {
        HandoverInput {
            kind: HandoverKind::SerahTerima,
            date: "2026-11-30".into(),
            from: party("Andi Pratama", "198001012005011001"),
            to: party("Siti Aminah", "NIP. 19850312 201001 2 004"),
            witness: party("La Ode Budi", "199001012015031002"),
            asset_ids: vec!["b".into(), " a ".into(), "b".into()],
            note: String::new(),
        }
    }

    #[test]
    fn a_handover_needs_three_signing_parties_a_past_date_and_assets() {
        let h = input().validate(today()).expect("valid");
        assert_eq!(h.asset_ids, ["a", "b"]);
        assert_eq!(h.to.nip, "198503122010012004");

        let bad = HandoverInput {
            date: "2026-12-02".into(),
            to: party("", "198001012005011001"),
            witness: party("Saksi", "12"),
            asset_ids: vec![" ".into()],
            ..input()
        };
        let errs = bad.validate(today()).expect_err("invalid");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["date", "to.name", "witness.nip", "to.nip", "asset_ids"]
        );
    }

    #[test]
    fn only_the_holder_hands_an_asset_over_and_a_return_empties_the_holder() {
        let h = input().validate(today()).expect("valid");
        let held = Asset {
            id: "a".into(),
            nama: "Laptop".into(),
            holder_name: "Andi Pratama".into(),
            holder_nip: "198001012005011001".into(),
            ..Asset::default()
        };
        let given = h.apply(&held).expect("held by the first party");
        assert_eq!(
            (given.holder_name.as_str(), given.holder_nip.as_str()),
            ("Siti Aminah", "198503122010012004")
        );
        let store = Asset {
            holder_name: String::new(),
            holder_nip: String::new(),
            ..held.clone()
        };
        assert!(h.apply(&store).is_ok(), "from the store room");
        let someone_else = Asset {
            holder_nip: "199001012015031002".into(),
            holder_name: "La Ode Budi".into(),
            ..held.clone()
        };
        let err = h.apply(&someone_else).expect_err("not held");
        assert!(err.message.contains("La Ode Budi"), "{}", err.message);

        let back = Handover {
            kind: HandoverKind::Pengembalian,
            ..h.clone()
        };
        let returned = back.apply(&held).expect("returned");
        assert!(returned.holder_name.is_empty() && returned.holder_nip.is_empty());
    }
}
