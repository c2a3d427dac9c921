//! Resumable rounds. Every `POST /api/v1/sync` names its round; the
//! server keeps, per device, the last round's request bytes as they arrive
//! and its response once computed. After a cut the device asks how far the
//! upload got and sends only the rest, or fetches the response from the
//! byte where it stopped. A round is processed once: a retried round gets
//! the stored response. Slots live in memory (one per device); a server
//! restart forgets them and the device starts a new session.
//!
//! A device has one round at a time: a new round while its last one is
//! being processed is refused (the app and `simpul sync` at once). Uploads
//! held in memory are bounded over all devices; a slot left half-sent for
//! longer than [`STALE`] gives its room to others.

use crate::error::ServerError;
use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A half-sent upload untouched this long may be dropped for room.
pub const STALE: Duration = Duration::from_secs(10 * 60);

pub use simpul_sync::api::RoundStatus;

#[derive(Debug)]
struct Slot {
    id: String,
    length: usize,
    request: Vec<u8>,
    processing: bool,
    response: Option<Bytes>,
    touched: Instant,
}

impl Slot {
    /// Upload bytes this slot holds room for.
    fn reserved(&self) -> usize {
        if self.response.is_some() {
            0
        } else {
            self.length
        }
    }
}

/// What to do with a POST.
#[derive(Debug)]
pub enum Begin {
    /// The round was answered before: send this again.
    Answered(Bytes),
    /// Read the body from the given offset on.
    Receive,
}

/// The round slots of every device, keyed by device id.
#[derive(Debug, Clone)]
pub struct Rounds {
    slots: Arc<Mutex<HashMap<String, Slot>>>,
    budget: usize,
}

impl Default for Rounds {
    fn default() -> Self {
        Rounds::new(usize::MAX)
    }
}

impl Rounds {
    /// Slots holding at most `budget` bytes of uploads at once.
    pub fn new(budget: usize) -> Rounds {
        Rounds {
            slots: Arc::default(),
            budget,
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Slot>> {
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
        match slots.get_mut(device) {
            Some(s) if s.id == id => {
                s.touched = Instant::now();
                if let Some(r) = &s.response {
                    return Ok(Begin::Answered(r.clone()));
                }
                if s.processing {
                    return Err(ServerError::RoundBusy);
                }
                if s.length != length || s.request.len() != offset {
                    return Err(ServerError::RoundOffset {
                        received: s.request.len(),
                    });
                }
            }
            Some(s) if s.processing => return Err(ServerError::DeviceBusy),
            _ if offset != 0 => return Err(ServerError::UnknownRound),
            _ => {
                slots.remove(device);
                let now = Instant::now();
                slots
                    .retain(|_, s| s.processing || s.response.is_some() || now - s.touched < STALE);
                let held: usize = slots.values().map(Slot::reserved).sum();
                if held.saturating_add(length) > self.budget {
                    return Err(ServerError::Overloaded(format!(
                        "penyangga unggahan {} MiB terpakai",
                        self.budget / (1024 * 1024)
                    )));
                }
                slots.insert(
                    device.to_owned(),
                    Slot {
                        id: id.to_owned(),
                        length,
                        request: Vec::new(),
                        processing: false,
                        response: None,
                        touched: now,
                    },
                );
            }
        }
        Ok(Begin::Receive)
    }

    /// Appends bytes that arrived; refuses more than announced.
    pub fn append(&self, device: &str, id: &str, bytes: &[u8]) -> Result<(), ServerError> {
        let mut slots = self.lock();
        let slot = slots
            .get_mut(device)
            .filter(|s| s.id == id)
            .ok_or(ServerError::UnknownRound)?;
        if slot.request.len() + bytes.len() > slot.length {
            return Err(ServerError::BadRequest(
                "isi melebihi panjang yang diumumkan".into(),
            ));
        }
        slot.request.extend_from_slice(bytes);
        slot.touched = Instant::now();
        Ok(())
    }

    /// The complete request, marking the round as being processed; `None`
    /// while bytes are missing.
    pub fn complete(&self, device: &str, id: &str) -> Option<Vec<u8>> {
        let mut slots = self.lock();
        let slot = slots.get_mut(device).filter(|s| s.id == id)?;
        (slot.request.len() == slot.length).then(|| {
            slot.processing = true;
            std::mem::take(&mut slot.request)
        })
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
        if slots.get(device).is_none_or(|s| s.id != id) {
            return Err(ServerError::UnknownRound);
        }
        let Some(response) = response else {
            slots.remove(device);
            return Ok(None);
        };
        let slot = slots.get_mut(device).ok_or(ServerError::UnknownRound)?;
        slot.processing = false;
        slot.response = Some(Bytes::from(response));
        Ok(slot.response.clone())
    }

    pub fn status(&self, device: &str, id: &str) -> Option<RoundStatus> {
        let slots = self.lock();
        let s = slots.get(device).filter(|s| s.id == id)?;
        Some(RoundStatus {
            received: if s.response.is_some() || s.processing {
                s.length
            } else {
                s.request.len()
            },
            length: s.length,
            processing: s.processing,
            response_length: s.response.as_ref().map(|r| r.len()),
        })
    }

    /// The stored response of round `id`, if answered.
    pub fn response(&self, device: &str, id: &str) -> Option<Bytes> {
        self.lock()
            .get(device)
            .filter(|s| s.id == id)
            .and_then(|s| s.response.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_resumes_and_is_answered_once() {
        let r = Rounds::default();
        assert!(matches!(r.begin("d", "r1", 6, 0), Ok(Begin::Receive)));
        r.append("d", "r1", b"abc").expect("append");
        assert!(r.complete("d", "r1").is_none(), "3 of 6 bytes");
        // The device reconnects at the wrong offset: told where to go on.
        assert!(matches!(
            r.begin("d", "r1", 6, 0),
            Err(ServerError::RoundOffset { received: 3 })
        ));
        assert!(matches!(r.begin("d", "r1", 6, 3), Ok(Begin::Receive)));
        r.append("d", "r1", b"def").expect("append");
        assert!(r.append("d", "r1", b"g").is_err(), "more than announced");
        assert_eq!(r.complete("d", "r1").as_deref(), Some(&b"abcdef"[..]));
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
            r.status("d", "r1").map(|s| s.response_length),
            Some(Some(6))
        );
        assert!(matches!(r.begin("d", "r1", 6, 6), Ok(Begin::Answered(a)) if &a[..] == b"answer"));
        // Another device cannot see it; an unknown round cannot resume.
        assert!(r.status("e", "r1").is_none());
        assert!(matches!(
            r.begin("d", "r2", 6, 3),
            Err(ServerError::UnknownRound)
        ));
    }

    #[test]
    fn uploads_in_memory_are_bounded() {
        let r = Rounds::new(10);
        assert!(matches!(r.begin("a", "r1", 6, 0), Ok(Begin::Receive)));
        assert!(matches!(
            r.begin("b", "r1", 6, 0),
            Err(ServerError::Overloaded(_))
        ));
        // A device's own new round replaces its old slot and its room.
        assert!(matches!(r.begin("a", "r2", 8, 0), Ok(Begin::Receive)));
        r.append("a", "r2", b"12345678").expect("append");
        assert!(r.complete("a", "r2").is_some());
        r.finish("a", "r2", Some(b"ok".to_vec())).expect("finish");
        assert!(matches!(r.begin("b", "r1", 6, 0), Ok(Begin::Receive)));
        // A refused round is forgotten: the device may send it again.
        r.append("b", "r1", b"abcdef").expect("append");
        assert!(r.complete("b", "r1").is_some());
        assert!(matches!(r.finish("b", "r1", None), Ok(None)));
        assert!(r.status("b", "r1").is_none());
        assert!(matches!(
            r.finish("b", "r1", None),
            Err(ServerError::UnknownRound)
        ));
    }
}
