//! Lending (dipinjam): an asset lent to a borrower until a due date, and
//! its return. While lent the asset's lifecycle is `dipinjam`; a loan not
//! returned by its due date is overdue.

use super::party::Party;
use crate::error::{FieldError, ValidationErrors};
use crate::lifecycle::Lifecycle;
use crate::Asset;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The lending form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LoanInput {
    pub asset_id: String,
    pub borrower: Party,
    /// `YYYY-MM-DD`, not after today.
    pub lent_on: String,
    /// `YYYY-MM-DD`, on or after `lent_on`.
    pub due_on: String,
    pub note: String,
}

/// A stored loan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Loan {
    pub id: String,
    pub opd: String,
    pub asset_id: String,
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Party)]
    pub borrower: Party,
    pub lent_on: String,
    pub due_on: String,
    /// Empty while lent.
    pub returned_on: String,
    pub note: String,
    pub by: String,
}

fn date(field: &str, raw: &str, what: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            "date.format",
            format!("{what} harus tanggal yang lengkap (tahun-bulan-hari)."),
        )
    })
}

impl LoanInput {
    /// The loan of `asset` the form describes; refused when the asset is
    /// already lent, disposed of, or the dates do not hold.
    pub fn validate(&self, asset: &Asset, today: NaiveDate) -> Result<Loan, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        match asset.lifecycle {
            Lifecycle::Dipinjam => errs.push(FieldError::new(
                "asset_id",
                "loan.already_lent",
                "Aset ini sedang dipinjam; catat pengembaliannya dulu.",
            )),
            Lifecycle::Dihapus => errs.push(FieldError::new(
                "asset_id",
                "loan.disposed",
                "Aset yang sudah dihapus tidak dapat dipinjamkan.",
            )),
            _ => {}
        }
        let borrower = self.borrower.validate("borrower", &mut errs);
        let lent = errs.check(crate::past_date::past_date(
            "lent_on",
            &self.lent_on,
            today,
            "Tanggal pinjam",
        ));
        let due = errs.check(date("due_on", &self.due_on, "Tanggal kembali"));
        if let (Some(_), Some(due)) = (&lent, due) {
            if let Ok(l) = NaiveDate::parse_from_str(self.lent_on.trim(), "%Y-%m-%d") {
                if due < l {
                    errs.push(FieldError::new(
                        "due_on",
                        "loan.due_before",
                        "Tanggal kembali tidak boleh sebelum tanggal pinjam.",
                    ));
                }
            }
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Loan {
            asset_id: asset.id.clone(),
            opd: asset.opd.clone(),
            borrower,
            lent_on: self.lent_on.trim().to_owned(),
            due_on: self.due_on.trim().to_owned(),
            note: self.note.trim().to_owned(),
            ..Loan::default()
        })
    }
}

impl Loan {
    pub fn is_open(&self) -> bool {
        self.returned_on.is_empty()
    }

    /// Days past the due date on `today` (0 when not late or returned).
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        if !self.is_open() {
            return 0;
        }
        NaiveDate::parse_from_str(&self.due_on, "%Y-%m-%d")
            .map_or(0, |due| (today - due).num_days().max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    fn projector() -> Asset {
        Asset {
            id: "p".into(),
            opd: "DINKES".into(),
            nama: "Proyektor".into(),
            ..Asset::default()
        }
    }

    fn input() -> LoanInput {
        LoanInput {
            asset_id: "p".into(),
            borrower: Party {
                name: "Siti Aminah".into(),
                nip: "198503122010012004".into(),
                role: String::new(),
            },
            lent_on: "2026-11-20".into(),
            due_on: "2026-11-27".into(),
            note: String::new(),
        }
    }

    #[test]
    fn a_loan_needs_a_borrower_and_dates_in_order_and_is_late_after_its_due_date() {
        let loan = input().validate(&projector(), today()).expect("valid");
        assert_eq!(loan.days_late(today()), 4);
        let returned = Loan {
            returned_on: "2026-11-30".into(),
            ..loan.clone()
        };
        assert_eq!(returned.days_late(today()), 0);

        let bad = LoanInput {
            due_on: "2026-11-19".into(),
            borrower: Party::default(),
            ..input()
        };
        let errs = bad.validate(&projector(), today()).expect_err("invalid");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["borrower.name", "borrower.nip", "due_on"]);

        let lent = Asset {
            lifecycle: Lifecycle::Dipinjam,
            ..projector()
        };
        let errs = input().validate(&lent, today()).expect_err("lent");
        assert_eq!(errs.0[0].code, "loan.already_lent");
    }
}
