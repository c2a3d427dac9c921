//! Bounds on what one sync request may ask of the hub, checked before
//! Automerge sees a message.
//!
//! Automerge trusts the parameters of a peer's Bloom filter: a filter that
//! declares entries but zero bits per entry makes `generate_sync_message`
//! divide by zero (automerge 0.12, `sync/bloom.rs`, "attempt to calculate
//! the remainder with a divisor of zero"), a huge probe count makes it loop
//! for seconds, and a second `have` entry whose `last_sync` hashes the
//! document lacks trips an `expect`. Each of these is refused here with the
//! limit it broke, so the hub never runs Automerge on such a message.

use crate::hub::Refusal;
use crate::wire::SyncRequest;
use automerge::sync::{BloomFilter, Message};

/// What one request may carry. Every field has a default sized for a
/// regency (a Diskominfo device follows every OPD's documents).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Document messages in one request.
    pub max_messages: usize,
    /// Document ids a device may list as known.
    pub max_known: usize,
    /// Change hashes in one message's `heads`, `need` or `last_sync`.
    pub max_hashes: usize,
    /// Probes of a peer's Bloom filter (Automerge uses 7).
    pub max_bloom_probes: u32,
    /// Bits per entry of a peer's Bloom filter (Automerge uses 10).
    pub max_bloom_bits_per_entry: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_messages: 20_000,
            max_known: 20_000,
            max_hashes: 10_000,
            max_bloom_probes: 32,
            max_bloom_bits_per_entry: 64,
        }
    }
}

fn over(what: &str, limit: impl std::fmt::Display) -> Refusal {
    Refusal::Limit {
        what: what.to_owned(),
        limit: limit.to_string(),
    }
}

fn bad(doc: &str, reason: &str) -> Refusal {
    Refusal::BadMessage {
        doc: doc.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The parameters a Bloom filter declares: entries, bits per entry, probes.
fn bloom_parameters(bloom: &BloomFilter) -> Option<(u64, u64, u64)> {
    let bytes = bloom.to_bytes();
    if bytes.is_empty() {
        return None;
    }
    let mut r = &bytes[..];
    let mut next = || leb128::read::unsigned(&mut r).unwrap_or(u64::MAX);
    Some((next(), next(), next()))
}

impl Limits {
    /// Checks a request's size before anything is decoded further.
    pub fn check_request(&self, req: &SyncRequest) -> Result<(), Refusal> {
        if req.messages.len() > self.max_messages {
            return Err(over("pesan dokumen per permintaan", self.max_messages));
        }
        if req.known.len() > self.max_known {
            return Err(over("dokumen yang dikenal per permintaan", self.max_known));
        }
        Ok(())
    }

    /// Decodes one document's message and refuses one Automerge cannot be
    /// trusted with.
    pub fn decode_message(&self, doc: &str, bytes: &[u8]) -> Result<Message, Refusal> {
        let msg = Message::decode(bytes).map_err(|e| bad(doc, &e.to_string()))?;
        let hashes = msg
            .have
            .iter()
            .map(|h| h.last_sync.len())
            .chain([msg.heads.len(), msg.need.len()]);
        if hashes.into_iter().any(|n| n > self.max_hashes) {
            return Err(over("hash perubahan per pesan", self.max_hashes));
        }
        // Automerge sends at most one summary; it checks only the first.
        if msg.have.len() > 1 {
            return Err(bad(doc, "lebih dari satu ringkasan (have)"));
        }
        for have in &msg.have {
            let Some((entries, bits, probes)) = bloom_parameters(&have.bloom) else {
                continue;
            };
            if bits == 0 || probes == 0 || entries.saturating_mul(bits) < 8 {
                return Err(bad(doc, "filter Bloom kosong padahal menyatakan isi"));
            }
            if probes > u64::from(self.max_bloom_probes) {
                return Err(over("probe filter Bloom", self.max_bloom_probes));
            }
            if bits > u64::from(self.max_bloom_bits_per_entry) {
                return Err(over(
                    "bit per entri filter Bloom",
                    self.max_bloom_bits_per_entry,
                ));
            }
        }
        Ok(msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::sync::SyncDoc;

    /// A v1 sync message: type 0x42, no heads, no need, one `have` with no
    /// `last_sync` and a Bloom filter of 1 entry, 0 bits per entry and 1
    /// probe, no changes. Automerge 0.12 divides by zero on it.
    pub(crate) const DIVIDE_BY_ZERO: &[u8] =
        &[0x42, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x01, 0x00];

    #[test]
    fn the_divide_by_zero_filter_is_refused() {
        let msg = Message::decode(DIVIDE_BY_ZERO).expect("automerge decodes it");
        assert_eq!(bloom_parameters(&msg.have[0].bloom), Some((1, 0, 1)));
        let err = Limits::default()
            .decode_message("opd/DINKES/meta", DIVIDE_BY_ZERO)
            .expect_err("refused");
        assert!(err.to_string().contains("Bloom"), "{err}");
    }

    /// The upstream bug itself (automerge 0.12): receiving this message and
    /// answering it panics. When this test fails, Automerge has fixed it.
    #[test]
    fn automerge_panics_on_it_unguarded() {
        let msg = Message::decode(DIVIDE_BY_ZERO).expect("decodes");
        let outcome = std::panic::catch_unwind(|| {
            let doc = simpul_core::schema::genesis();
            let mut doc = doc;
            let mut state = automerge::sync::State::new();
            let _ = doc.receive_sync_message(&mut state, msg);
            doc.generate_sync_message(&mut state)
        });
        assert!(outcome.is_err(), "automerge divided by zero");
    }

    #[test]
    fn automerge_own_messages_pass() {
        let mut doc = automerge::Automerge::new();
        let mut tx = doc.transaction();
        automerge::transaction::Transactable::put(&mut tx, automerge::ROOT, "a", 1).expect("put");
        tx.commit();
        let mut state = automerge::sync::State::new();
        let m = doc.generate_sync_message(&mut state).expect("message");
        Limits::default()
            .decode_message("d", &m.encode())
            .expect("accepted");
    }

    #[test]
    fn too_many_probes_are_refused() {
        let mut bytes = DIVIDE_BY_ZERO.to_vec();
        // bloom: 1 entry, 8 bits per entry, 1,000,000 probes, one byte of bits.
        let bloom = [0x01, 0x08, 0xc0, 0x84, 0x3d, 0xff];
        bytes.splice(5..9, [bloom.len() as u8].into_iter().chain(bloom));
        let err = Limits::default()
            .decode_message("d", &bytes)
            .expect_err("refused");
        assert!(matches!(err, Refusal::Limit { .. }), "{err}");
    }
}
