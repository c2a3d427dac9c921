//! Round slots in the database: the bytes of each device's current round
//! as they arrive, and its response once computed, so that a transfer cut
//! by a server restart resumes from its byte offset, and any server
//! process of the regency can continue a round another one began. Each
//! backend keeps them on a connection of their own (slot writes happen
//! while a round's body streams in, outside the hub's lock). The rules of
//! a round (offsets, once-only processing, the upload budget) are in
//! [`crate::rounds`].

use super::StoreResult;

/// A device's current round as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRow {
    pub id: String,
    pub length: u64,
    pub received: u64,
    /// When a process took it for processing (ms since 1970), if one did.
    pub processing_since: Option<i64>,
    /// The compressed response, once answered.
    pub response: Option<Vec<u8>>,
}

/// What claiming a round for processing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This process processes it: the whole request.
    Request(Vec<u8>),
    /// Bytes are still missing.
    Incomplete,
    /// Another process (or request) is processing it.
    Busy,
}

pub(crate) const SLOT_SCHEMA_SQLITE: &str = r#"
CREATE TABLE IF NOT EXISTS round_slot (
  device TEXT PRIMARY KEY, id TEXT NOT NULL, length INTEGER NOT NULL,
  received INTEGER NOT NULL DEFAULT 0, processing_since INTEGER, response BLOB,
  touched INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS round_part (
  device TEXT NOT NULL, id TEXT NOT NULL, at INTEGER NOT NULL, bytes BLOB NOT NULL,
  PRIMARY KEY (device, id, at));
"#;

pub(crate) const SLOT_SCHEMA_POSTGRES: &str = r#"
CREATE TABLE IF NOT EXISTS round_slot (
  device TEXT PRIMARY KEY, id TEXT NOT NULL, length BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0, processing_since BIGINT, response BYTEA,
  touched BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS round_part (
  device TEXT NOT NULL, id TEXT NOT NULL, at BIGINT NOT NULL, bytes BYTEA NOT NULL,
  PRIMARY KEY (device, id, at));
"#;

/// Round slots, on a connection of their own.
pub trait SlotStore: Send {
    /// The device's current round, if any.
    fn slot(&mut self, device: &str) -> StoreResult<Option<SlotRow>>;
    /// Replaces the device's slot with a new, empty one for round `id`.
    fn start(&mut self, device: &str, id: &str, length: u64, now: i64) -> StoreResult<()>;
    /// Appends `bytes` at offset `at` when the slot holds exactly `at`
    /// bytes of round `id`; false (nothing written) otherwise.
    fn append(
        &mut self,
        device: &str,
        id: &str,
        at: u64,
        bytes: &[u8],
        now: i64,
    ) -> StoreResult<bool>;
    /// Takes a complete round for processing, unless another took it after
    /// `stale_before` (ms); its parts are kept until it is answered.
    fn claim(&mut self, device: &str, id: &str, now: i64, stale_before: i64) -> StoreResult<Claim>;
    /// Stores the response of round `id` and drops its parts.
    fn answer(&mut self, device: &str, id: &str, response: &[u8]) -> StoreResult<()>;
    /// Forgets round `id` (a refused round, which may be sent again).
    fn drop_slot(&mut self, device: &str, id: &str) -> StoreResult<()>;
    /// Bytes announced by unanswered rounds touched since `since` (ms),
    /// other than `except`'s.
    fn held(&mut self, since: i64, except: &str) -> StoreResult<u64>;
}

/// A count stored as a signed integer.
pub(crate) fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored count.
pub(crate) fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
