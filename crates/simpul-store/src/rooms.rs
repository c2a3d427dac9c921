//! Rooms: saving one (its code unique in the OPD, by the inbox's own
//! rule), the list, and finding one by id or code.

use crate::error::StoreError;
use crate::index;
use crate::replica::Replica;
use simpul_core::room_lookup::{RoomLookup, RoomMatch};
use simpul_core::schema::Collection;
use simpul_core::{DocId, FieldError, Room, RoomInput, ValidationErrors};

impl Replica {
    /// Creates a room of the own OPD, or updates a room in its OPD's meta
    /// document (a Diskominfo device edits every OPD's rooms in place).
    pub fn save_room(&mut self, input: &RoomInput) -> Result<Room, StoreError> {
        let base = if input.id.trim().is_empty() {
            Room {
                id: self.new_id(),
                opd: self.profile()?.opd_code.clone(),
                ..Default::default()
            }
        } else {
            self.rooms()?
                .into_iter()
                .find(|r| r.id == input.id.trim())
                .ok_or(StoreError::NotFound("Ruangan"))?
        };
        let room = input.apply_to(&base)?;
        let doc = DocId::OpdMeta {
            opd: room.opd.clone(),
        };
        self.require_write(&doc)?;
        let key = simpul_core::checks::CheckKey::RoomCode {
            opd: room.opd.clone(),
            code: room.short_code(),
        };
        if crate::checks::holders(&self.conn, &key)?
            .iter()
            .any(|(id, _)| *id != room.id)
        {
            return Err(ValidationErrors(vec![FieldError::new(
                "code",
                "code.duplicate",
                format!(
                    "Kode ruangan {} sudah dipakai ruangan lain.",
                    room.short_code()
                ),
            )])
            .into());
        }
        let action = if input.id.is_empty() {
            "room.create"
        } else {
            "room.update"
        };
        self.put_record(doc, Collection::Rooms, &room.id, &room, action, |tx| {
            index::put_room(tx, &room)
        })?;
        Ok(room)
    }

    /// All rooms, by code.
    pub fn rooms(&self) -> Result<Vec<Room>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM room ORDER BY short_code")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
    }

    /// The room this text names ([`RoomLookup`]: id, short code, the
    /// export's cell, name, or a bare room code only one room has).
    pub fn find_room(&self, key: &str) -> Result<Room, StoreError> {
        let rooms = self.rooms()?;
        match RoomLookup::new(&rooms).find(key) {
            RoomMatch::Found(r) => Ok(r.clone()),
            RoomMatch::Ambiguous(a, b) => Err(ValidationErrors(vec![FieldError::new(
                "room",
                "room.ambiguous",
                format!(
                    "Kode ruangan {} ada di lebih dari satu gedung/lantai ({}, {}); tulis lengkap, mis. {}.",
                    key.trim(),
                    a.short_code(),
                    b.short_code(),
                    a.short_code()
                ),
            )])
            .into()),
            RoomMatch::None => Err(StoreError::NotFound("Ruangan")),
        }
    }
}
