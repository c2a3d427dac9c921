//! Resumable rounds. Every `POST /api/v1/sync` names its round; the
//! server keeps, per device, the last round's request bytes as they arrive
//! and its response once computed, in the database (see
//! [`crate::store::slots`]). After a cut, or a server restart, or when the
//! next request reaches another server process, the device asks how far
//! the upload got and sends only the rest, or fetches the response from
//! the byte where it stopped. A round is processed once: a retried round
//! gets the stored response.
//!
//! A device has one round at a time: a new round while its last one is
//! being processed is refused (the app and `simpul sync` at once). Uploads
//! not yet answered are bounded over all devices; a slot left half-sent
//! for longer than [`STALE`] gives its room to others, and a round taken
//! for processing by a process that died is taken again after
//! [`PROCESSING_STALE`]. These calls block on the database: the routes
//! make them on blocking threads.

use crate::error::ServerError;
use crate::store::slots::{Claim, SlotStore};
use axum::body::Bytes;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// A half-sent upload untouched this long may be dropped for room.
pub const STALE: Duration = Duration::from_secs(10 * 60);
/// A round taken for processing this long ago by a process that did not
/// answer it (it died) is processed again.
pub const PROCESSING_STALE: Duration = Duration::from_secs(2 * 60);

pub use simpul_sync::api::RoundStatus;

/// What to do with a POST.
#[derive(Debug)]
pub enum Begin {
    /// The round was answered before: send this again.
    Answered(Bytes),
    /// Read the body from the given offset on.
    Receive,
}

/// The round slots of every device, keyed by device id.
#[derive(Clone)]
pub struct Rounds {
    slots: Arc<Mutex<Box<dyn SlotStore>>>,
    budget: usize,
}

impl std::fmt::Debug for Rounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rounds")
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Rounds {
    /// Slots in `slots`, unanswered uploads holding at most `budget` bytes.
    pub fn new(slots: Box<dyn SlotStore>, budget: usize) -> Rounds {
        Rounds {
            slots: Arc::new(Mutex::new(slots)),
            budget,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Box<dyn SlotStore>> {
        self.slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts or continues receiving round `id` of `device` at `offset`.
    pub fn begin(
        &self,
        device: &str,
        id: &str,
        length: usize,
        offset: usize,
    ) -> Result<Begin, ServerError> {
        let mut slots = self.lock();
        let now = now_ms();
        let busy_since = now - ms(PROCESSING_STALE);
        match slots.slot(device)? {
            Some(s) if s.id == id => {
                if let Some(r) = s.response {
                    return Ok(Begin::Answered(Bytes::from(r)));
                }
                if s.processing_since.is_some_and(|t| t >= busy_since) {
                    return Err(ServerError::RoundBusy);
                }
                if s.length != length as u64 || s.received != offset as u64 {
                    return Err(ServerError::RoundOffset {
                        received: usize::try_from(s.received).unwrap_or(usize::MAX),
                    });
                }
            }
            Some(s)
                if s.response.is_none() && s.processing_since.is_some_and(|t| t >= busy_since) =>
            {
                return Err(ServerError::DeviceBusy)
            }
            _ if offset != 0 => return Err(ServerError::UnknownRound),
            _ => {
                let held = slots.held(now - ms(STALE), device)?;
                if held.saturating_add(length as u64) > self.budget as u64 {
                    return Err(ServerError::Overloaded(format!(
                        "penyangga unggahan {} MiB terpakai",
                        self.budget / (1024 * 1024)
                    )));
                }
                slots.start(device, id, length as u64, now)?;
            }
        }
        Ok(Begin::Receive)
    }

    /// Appends bytes that arrived at offset `at`; refuses more than
    /// announced, and bytes another request already wrote there.
    pub fn append(
        &self,
        device: &str,
        id: &str,
        at: usize,
        bytes: &[u8],
    ) -> Result<(), ServerError> {
        let mut slots = self.lock();
        let slot = slots
            .slot(device)?
            .filter(|s| s.id == id)
            .ok_or(ServerError::UnknownRound)?;
        if at as u64 + bytes.len() as u64 > slot.length {
            return Err(ServerError::BadRequest(
                "isi melebihi panjang yang diumumkan".into(),
            ));
        }
        if slots.append(device, id, at as u64, bytes, now_ms())? {
            Ok(())
        } else {
            Err(ServerError::RoundOffset {
                received: usize::try_from(slot.received).unwrap_or(usize::MAX),
            })
        }
    }

    /// The complete request, taking the round for processing; `None`
    /// while bytes are missing, `RoundBusy` when another request has it.
    pub fn complete(&self, device: &str, id: &str) -> Result<Option<Vec<u8>>, ServerError> {
        let now = now_ms();
        match self
            .lock()
            .claim(device, id, now, now - ms(PROCESSING_STALE))?
        {
            Claim::Request(r) => Ok(Some(r)),
            Claim::Incomplete => Ok(None),
            Claim::Busy => Err(ServerError::RoundBusy),
        }
    }

    /// Stores the response of a processed round; on `None` (a refusal,
    /// which is not remembered) the slot is dropped and the device may
    /// send the round again from the start.
    pub fn finish(
        &self,
        device: &str,
        id: &str,
        response: Option<Vec<u8>>,
    ) -> Result<Option<Bytes>, ServerError> {
        let mut slots = self.lock();
        if slots.slot(device)?.is_none_or(|s| s.id != id) {
            return Err(ServerError::UnknownRound);
        }
        let Some(response) = response else {
            slots.drop_slot(device, id)?;
            return Ok(None);
        };
        slots.answer(device, id, &response)?;
        Ok(Some(Bytes::from(response)))
    }

    pub fn status(&self, device: &str, id: &str) -> Result<Option<RoundStatus>, ServerError> {
        let busy_since = now_ms() - ms(PROCESSING_STALE);
        let Some(s) = self.lock().slot(device)?.filter(|s| s.id == id) else {
            return Ok(None);
        };
        let length = usize::try_from(s.length).unwrap_or(usize::MAX);
        let processing =
            s.response.is_none() && s.processing_since.is_some_and(|t| t >= busy_since);
        Ok(Some(RoundStatus {
            received: if s.response.is_some() || processing {
                length
            } else {
                usize::try_from(s.received).unwrap_or(usize::MAX)
            },
            length,
            processing,
            response_length: s.response.as_ref().map(Vec::len),
        }))
    }

    /// The stored response of round `id`, if answered.
    pub fn response(&self, device: &str, id: &str) -> Result<Option<Bytes>, ServerError> {
        Ok(self
            .lock()
            .slot(device)?
            .filter(|s| s.id == id)
            .and_then(|s| s.response)
            .map(Bytes::from))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteSlots;

    fn rounds(budget: usize) -> Rounds {
        let slots = SqliteSlots::open(std::path::Path::new(":memory:")).expect("slots");
        Rounds::new(Box::new(slots), budget)
    }

    #[test]
    fn a_round_resumes_and_is_answered_once() {
        let r = rounds(usize::MAX / 2);
        assert!(matches!(r.begin("d", "r1", 6, 0), Ok(Begin::Receive)));
        r.append("d", "r1", 0, b"abc").expect("append");
        assert_eq!(
            r.complete("d", "r1").expect("complete"),
            None,
            "3 of 6 bytes"
        );
        // The device reconnects at the wrong offset: told where to go on.
        assert!(matches!(
            r.begin("d", "r1", 6, 0),
            Err(ServerError::RoundOffset { received: 3 })
        ));
        assert!(matches!(
            r.append("d", "r1", 0, b"xyz"),
            Err(ServerError::RoundOffset { received: 3 })
        ));
        assert!(matches!(r.begin("d", "r1", 6, 3), Ok(Begin::Receive)));
        r.append("d", "r1", 3, b"def").expect("append");
        assert!(r.append("d", "r1", 6, b"g").is_err(), "more than announced");
        assert_eq!(
            r.complete("d", "r1").expect("complete").as_deref(),
            Some(&b"abcdef"[..])
        );
        assert!(matches!(r.complete("d", "r1"), Err(ServerError::RoundBusy)));
        assert!(matches!(
            r.begin("d", "r1", 6, 6),
            Err(ServerError::RoundBusy)
        ));
        // A second round of the same device while the first is processed.
        assert!(matches!(
            r.begin("d", "r9", 6, 0),
            Err(ServerError::DeviceBusy)
        ));
        r.finish("d", "r1", Some(b"answer".to_vec()))
            .expect("finish");
        assert_eq!(
            r.status("d", "r1")
                .expect("status")
                .map(|s| s.response_length),
            Some(Some(6))
        );
        assert!(matches!(r.begin("d", "r1", 6, 6), Ok(Begin::Answered(a)) if &a[..] == b"answer"));
        // Another device cannot see it; an unknown round cannot resume.
        assert!(r.status("e", "r1").expect("status").is_none());
        assert!(matches!(
            r.begin("d", "r2", 6, 3),
            Err(ServerError::UnknownRound)
        ));
    }

    #[test]
    fn unanswered_uploads_are_bounded() {
        let r = rounds(10);
        assert!(matches!(r.begin("a", "r1", 6, 0), Ok(Begin::Receive)));
        assert!(matches!(
            r.begin("b", "r1", 6, 0),
            Err(ServerError::Overloaded(_))
        ));
        // A device's own new round replaces its old slot and its room.
        assert!(matches!(r.begin("a", "r2", 8, 0), Ok(Begin::Receive)));
        r.append("a", "r2", 0, b"12345678").expect("append");
        assert!(r.complete("a", "r2").expect("complete").is_some());
        r.finish("a", "r2", Some(b"ok".to_vec())).expect("finish");
        assert!(matches!(r.begin("b", "r1", 6, 0), Ok(Begin::Receive)));
        // A refused round is forgotten: the device may send it again.
        r.append("b", "r1", 0, b"abcdef").expect("append");
        assert!(r.complete("b", "r1").expect("complete").is_some());
        assert!(matches!(r.finish("b", "r1", None), Ok(None)));
        assert!(r.status("b", "r1").expect("status").is_none());
        assert!(matches!(
            r.finish("b", "r1", None),
            Err(ServerError::UnknownRound)
        ));
    }
}
