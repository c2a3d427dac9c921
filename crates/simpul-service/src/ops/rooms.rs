//! The locations page: rooms with their short codes.

use crate::Service;
use simpul_core::{ApiError, RoomInput, RoomView};

impl Service {
    pub fn rooms(&self) -> Result<Vec<RoomView>, ApiError> {
        Ok(self
            .replica()?
            .rooms()?
            .into_iter()
            .map(RoomView::from)
            .collect())
    }

    pub fn room_save(&self, input: &RoomInput) -> Result<RoomView, ApiError> {
        let room = self.replica()?.save_room(input)?;
        self.edited();
        Ok(room.into())
    }
}
