//! A room a stock-take session is done with: from then on, what the room
//! should hold and nobody scanned counts as missing. Keyed by session and
//! room, so two devices closing the same room write the same record.

use serde::{Deserialize, Serialize};
use specta::Type;

/// One closed room of a session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ClosedRoom {
    /// `<session id>/<room id>`.
    pub id: String,
    pub stocktake_id: String,
    pub room_id: String,
    /// RFC 3339.
    pub closed_at: String,
    /// The person who closed it.
    pub by: String,
}

impl ClosedRoom {
    /// The record's key: one per session and room.
    pub fn key(stocktake_id: &str, room_id: &str) -> String {
        format!("{stocktake_id}/{room_id}")
    }
}
