//! Resumable rounds. Every `POST /api/v1/sync` names its round; the
//! server keeps, per device, the last round's request bytes as they arrive
//! and its response once computed. After a cut the device asks how far the
//! upload got and sends only the rest, or fetches the response from the
//! byte where it stopped. A round is processed once: a retried round gets
//! the stored response. Slots live in memory (one per device); a server
//! restart forgets them and the device starts a new session.

use crate::error::ServerError;
use axum::body::Bytes;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A device's view of its round (`GET /api/v1/round/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundStatus {
    pub received: usize,
    pub length: usize,
    pub processing: bool,
    pub response_length: Option<usize>,
}

#[derive(Debug)]
struct Slot {
    id: String,
    length: usize,
    request: Vec<u8>,
    processing: bool,
    response: Option<Bytes>,
}

/// What to do with a POST.
#[derive(Debug)]
pub enum Begin {
    /// The round was answered before: send this again.
    Answered(Bytes),
    /// Read the body from the given offset on.
    Receive,
}

/// The round slots of every device, keyed by token hash.
#[derive(Debug, Clone, Default)]
pub struct Rounds {
    slots: Arc<Mutex<HashMap<String, Slot>>>,
}

impl Rounds {
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
        match slots.get(device) {
            Some(s) if s.id == id => {
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
            _ if offset != 0 => return Err(ServerError::UnknownRound),
            _ => {
                slots.insert(
                    device.to_owned(),
                    Slot {
                        id: id.to_owned(),
                        length,
                        request: Vec::new(),
                        processing: false,
                        response: None,
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
        Ok(())
    }

    /// The complete request, marking the round as being processed; `None`
    /// while bytes are missing.
    pub fn complete(&self, device: &str, id: &str) -> Option<Vec<u8>> {
        let mut slots = self.lock();
        let slot = slots.get_mut(device).filter(|s| s.id == id)?;
        (slot.request.len() == slot.length).then(|| {
            slot.processing = true;
            slot.request.clone()
        })
    }

    /// Stores the response of a processed round (or, on `None`, lets the
    /// device retry it: a refusal is not remembered).
    pub fn finish(&self, device: &str, id: &str, response: Option<Vec<u8>>) -> Option<Bytes> {
        let mut slots = self.lock();
        let slot = slots.get_mut(device).filter(|s| s.id == id)?;
        slot.processing = false;
        slot.response = response.map(Bytes::from);
        if slot.response.is_some() {
            slot.request = Vec::new();
        }
        slot.response.clone()
    }

    pub fn status(&self, device: &str, id: &str) -> Option<RoundStatus> {
        let slots = self.lock();
        let s = slots.get(device).filter(|s| s.id == id)?;
        Some(RoundStatus {
            received: if s.response.is_some() {
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
        r.finish("d", "r1", Some(b"answer".to_vec()));
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
}
