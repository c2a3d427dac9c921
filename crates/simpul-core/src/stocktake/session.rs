//! A stock-take session: its title, start date, rooms and team (the
//! Berita Acara Inventarisasi names them with their NIPs).

use crate::error::{FieldError, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

/// A member of the stock-take team (who signs the Berita Acara).
pub type TeamMember = crate::handover::Party;

/// A stock-take of one OPD, open until it is closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct StockTake {
    pub id: String,
    pub opd: String,
    pub title: String,
    /// YYYY-MM-DD.
    pub started_on: String,
    /// The rooms it covers (ids); empty: every room of the OPD.
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Vec<String>)]
    pub rooms: Vec<String>,
    #[serde(deserialize_with = "crate::schema::json_field")]
    #[specta(type = Vec<TeamMember>)]
    pub team: Vec<TeamMember>,
    /// When it was closed (RFC 3339); empty while open.
    pub closed_at: String,
}

impl StockTake {
    /// Whether it covers `room_id`.
    pub fn covers(&self, room_id: &str) -> bool {
        self.rooms.is_empty() || self.rooms.iter().any(|r| r == room_id)
    }

    pub fn is_open(&self) -> bool {
        self.closed_at.is_empty()
    }
}

/// A stock-take as typed in its form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct StockTakeInput {
    pub title: String,
    pub started_on: String,
    pub rooms: Vec<String>,
    pub team: Vec<TeamMember>,
}

impl StockTakeInput {
    /// The session it describes (no id or OPD yet), or every problem with
    /// it: a title, a start date not after `today`, and a team of at least
    /// one, each with a name and a valid NIP.
    pub fn validate(&self, today: NaiveDate) -> Result<StockTake, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        if self.title.trim().is_empty() {
            errs.push(FieldError::new(
                "title",
                "title.required",
                "Nama kegiatan inventarisasi wajib diisi.",
            ));
        }
        errs.check(crate::past_date::past_date(
            "started_on",
            &self.started_on,
            today,
            "Tanggal mulai",
        ));
        let team: Vec<TeamMember> = self
            .team
            .iter()
            .filter(|m| !m.is_blank())
            .cloned()
            .collect();
        if team.is_empty() {
            errs.push(FieldError::new(
                "team",
                "team.required",
                "Isi paling sedikit satu anggota tim beserta NIP-nya.",
            ));
        }
        let members: Vec<TeamMember> = team
            .iter()
            .enumerate()
            .map(|(i, m)| m.validate(&format!("team.{i}"), &mut errs))
            .collect();
        if !errs.is_empty() {
            return Err(errs);
        }
        let mut rooms: Vec<String> = self
            .rooms
            .iter()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        rooms.sort();
        rooms.dedup();
        Ok(StockTake {
            title: self.title.trim().to_owned(),
            started_on: self.started_on.trim().to_owned(),
            rooms,
            team: members,
            ..StockTake::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
    }

    fn input() -> StockTakeInput {
        StockTakeInput {
            title: "Inventarisasi 2026".into(),
            started_on: "2026-11-30".into(),
            rooms: vec!["r2".into(), " r1 ".into(), "r2".into()],
            team: vec![TeamMember {
                name: "Siti Aminah".into(),
                nip: "NIP. 19850312 201001 2 004".into(),
                role: "Ketua".into(),
            }],
        }
    }

    #[test]
    fn a_session_needs_a_title_a_past_date_and_a_team_with_nips() {
        let s = input().validate(today()).expect("valid");
        assert_eq!(s.rooms, ["r1", "r2"]);
        assert_eq!(s.team[0].nip, "198503122010012004");
        assert!(s.is_open() && s.covers("r1") && !s.covers("r3"));

        let bad = StockTakeInput {
            title: " ".into(),
            started_on: "2026-12-02".into(),
            team: vec![TeamMember {
                name: "Budi".into(),
                nip: "123".into(),
                role: String::new(),
            }],
            ..input()
        };
        let errs = bad.validate(today()).expect_err("invalid");
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "started_on", "team.0.nip"]);

        let no_team = StockTakeInput {
            team: vec![TeamMember::default()],
            ..input()
        };
        let errs = no_team.validate(today()).expect_err("no team");
        assert_eq!(errs.0[0].field, "team");
    }
}
