//! Finding a room from what a person or a file wrote: its id, its short
//! code (`G1L2.R07`), the export's cell (`G1L2.R07 Ruang Server`), its name,
//! or its bare room code (`R07`) when only one room has it. The one rule
//! for the KIB import and the `--room` of the command line.

use crate::location::Room;
use std::collections::HashMap;

/// How an export writes a room: its short code, then its name.
pub fn room_cell(r: &Room) -> String {
    format!("{} {}", r.short_code(), r.name.trim())
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomMatch<'a> {
    Found(&'a Room),
    /// A bare room code two rooms share (on other floors or buildings).
    Ambiguous(&'a Room, &'a Room),
    None,
}

/// The rooms of a replica, indexed for lookups (case does not matter).
#[derive(Debug)]
pub struct RoomLookup<'a> {
    exact: HashMap<String, &'a Room>,
    by_code: HashMap<String, Vec<&'a Room>>,
}

impl<'a> RoomLookup<'a> {
    pub fn new(rooms: &'a [Room]) -> Self {
        let mut exact = HashMap::new();
        let mut by_code: HashMap<String, Vec<&'a Room>> = HashMap::new();
        for r in rooms {
            exact.insert(r.name.trim().to_lowercase(), r);
            exact.insert(room_cell(r).to_lowercase(), r);
            exact.insert(r.short_code().to_lowercase(), r);
            exact.insert(r.id.to_lowercase(), r);
            by_code.entry(r.code.to_lowercase()).or_default().push(r);
        }
        RoomLookup { exact, by_code }
    }

    /// The room `text` names.
    pub fn find(&self, text: &str) -> RoomMatch<'a> {
        let t = text.trim().to_lowercase();
        if t.is_empty() {
            return RoomMatch::None;
        }
        let first = t.split_whitespace().next().unwrap_or_default();
        if let Some(r) = self.exact.get(&t).or_else(|| self.exact.get(first)) {
            return RoomMatch::Found(r);
        }
        match self.by_code.get(first).map(Vec::as_slice) {
            Some([one]) => RoomMatch::Found(one),
            Some([a, b, ..]) => RoomMatch::Ambiguous(a, b),
            _ => RoomMatch::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(id: &str, building: &str, floor: &str, code: &str, name: &str) -> Room {
        Room {
            id: id.into(),
            opd: "DINKES".into(),
            building: building.into(),
            floor: floor.into(),
            code: code.into(),
            name: name.into(),
            ..Room::default()
        }
    }

    #[test]
    fn every_way_people_and_files_name_a_room() {
        let rooms = [
            room("r1", "G1", "L2", "R07", "Ruang Server"),
            room("r2", "G1", "L1", "R01", "Pelayanan"),
            room("r3", "G2", "L1", "R01", "Gudang"),
        ];
        let l = RoomLookup::new(&rooms);
        for text in [
            "r1",
            "G1L2.R07",
            "g1l2.r07 Ruang Server",
            "ruang server",
            "R07",
        ] {
            assert_eq!(l.find(text), RoomMatch::Found(&rooms[0]), "{text}");
        }
        assert!(matches!(l.find("R01"), RoomMatch::Ambiguous(..)));
        assert_eq!(l.find("G2L1.R01"), RoomMatch::Found(&rooms[2]));
        assert_eq!(l.find("R99"), RoomMatch::None);
        assert_eq!(l.find(""), RoomMatch::None);
    }
}
