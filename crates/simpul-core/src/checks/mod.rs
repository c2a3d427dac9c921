//! Checks across records: what two offline devices can each do correctly
//! and yet clash once merged (the same IP, the same nomor register, two
//! cables on one port...). Nothing here prevents them; they are found after
//! every edit and merge and shown in the conflict inbox until settled.
//!
//! A check is addressed by a [`CheckKey`] (the IP, the port, the record...),
//! so the store can recheck only the keys an edit or a merge touched.

pub mod check_key;
pub mod conflict;

pub use check_key::CheckKey;
pub use conflict::{Conflict, ConflictKind, ConflictRecord, RecordKind};
