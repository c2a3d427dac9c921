//! A session's result for its documents (the Berita Acara Inventarisasi
//! and its annex), read from each covered room's check.

use crate::error::StoreError;
use crate::replica::Replica;
use crate::stocktake_view::LineState;
use simpul_core::choice::from_key;
use simpul_core::report::{ResultLine, RoomResult, StockTakeReport};
use simpul_core::Condition;

/// What the annex calls a line's state.
fn state_label(s: LineState) -> &'static str {
    match s {
        LineState::Waiting => "Belum dipindai",
        LineState::Found => "Ditemukan",
        LineState::MovedIn => "Pindahan masuk",
        LineState::MovedOut => "Di ruangan lain",
        LineState::Missing => "Hilang",
        LineState::Unregistered => "Tidak terdaftar",
    }
}

fn count(v: &[String]) -> u32 {
    u32::try_from(v.len()).unwrap_or(u32::MAX)
}

impl Replica {
    /// The result of session `id`, to be signed at `place` today.
    pub fn stocktake_report(&self, id: &str, place: &str) -> Result<StockTakeReport, StoreError> {
        let view = self.stocktake_view(id)?;
        let s = &view.session;
        let mut rooms = Vec::with_capacity(view.rooms.len());
        let mut lines = Vec::new();
        for p in &view.rooms {
            let c = self.room_check(&s.id, &p.room_id)?;
            let t = &c.tally;
            rooms.push(RoomResult {
                room: c.room.clone(),
                closed: c.closed,
                expected: t.expected,
                found: count(&t.found),
                moved_in: count(&t.moved_in),
                moved_out: count(&t.moved_out),
                missing: count(&t.missing),
                unregistered: count(&t.unregistered),
                condition_changed: count(&t.condition_changed),
            });
            for l in &c.lines {
                // Moved out is the other room's "moved in": listed once.
                let note = match l.state {
                    LineState::MovedIn if l.can_move => format!("tercatat di {}", l.other_room),
                    LineState::MovedIn => format!("dipindah dari {}", l.other_room),
                    _ => String::new(),
                };
                if matches!(
                    l.state,
                    LineState::MovedIn | LineState::Missing | LineState::Unregistered
                ) {
                    lines.push(ResultLine {
                        room: c.room.clone(),
                        state: state_label(l.state).into(),
                        item: l.label.clone(),
                        note,
                    });
                }
                if l.registered {
                    lines.push(ResultLine {
                        room: c.room.clone(),
                        state: "Didaftarkan".into(),
                        item: l.label.clone(),
                        note: "tidak terdaftar, didaftarkan saat inventarisasi".into(),
                    });
                }
                if !l.rerated.is_empty() {
                    let label = from_key::<Condition>(&l.rerated).map_or("?", Condition::label);
                    lines.push(ResultLine {
                        room: c.room.clone(),
                        state: "Kondisi berubah".into(),
                        item: l.label.clone(),
                        note: format!("dinilai {label}"),
                    });
                }
            }
        }
        Ok(StockTakeReport {
            regency: self.profile()?.regency.clone(),
            opd_name: self.opd_name(&s.opd)?,
            kode_lokasi: self.kode_lokasi(&s.opd)?,
            opd_code: s.opd.clone(),
            title: s.title.clone(),
            started_on: s.started_on.clone(),
            closed_at: s.closed_at.clone(),
            team: s.team.clone(),
            rooms,
            lines,
            made_on: self.clock().today(),
            place: place.split_whitespace().collect::<Vec<_>>().join(" "),
        })
    }
}
