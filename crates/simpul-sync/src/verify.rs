//! Re-checking stored changes: "does this change carry a valid signature
//! by its author's device or a person that device certified" (the rule is
//! [`KeyRing::check`]), used by `simpul verify` on a device (which knows
//! its own key) and `simpul admin verify` at the data center (which knows
//! every device's).

use crate::keyring::KeyRing;
use crate::signature::ChangeSignature;
use automerge::{Automerge, ChangeHash};
use serde::Serialize;
use simpul_core::schema::genesis_for;
use simpul_core::DocId;

/// What a check of stored changes found. Each problem names the document
/// and the change hash.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Changes whose signature holds.
    pub verified: usize,
    /// Changes by actors whose key the checker does not hold.
    pub others: usize,
    /// Changes without a signature.
    pub unsigned: Vec<String>,
    /// Changes whose signature does not hold.
    pub invalid: Vec<String>,
    /// Documents whose stored bytes cannot be read (damaged or altered).
    pub unreadable: Vec<String>,
}

impl Verification {
    /// Whether everything checked holds.
    pub fn ok(&self) -> bool {
        self.unsigned.is_empty() && self.invalid.is_empty() && self.unreadable.is_empty()
    }

    /// Adds what another check found (of other documents).
    pub fn merge(&mut self, other: Verification) {
        self.verified += other.verified;
        self.others += other.others;
        self.unsigned.extend(other.unsigned);
        self.invalid.extend(other.invalid);
        self.unreadable.extend(other.unreadable);
    }

    /// Checks every change of `doc` but its genesis by the actors whose
    /// device key `ring` holds; `signature_of` gives the stored signature
    /// of a change.
    pub fn check(
        &mut self,
        id: &DocId,
        doc: &Automerge,
        ring: &KeyRing,
        signature_of: &mut dyn FnMut(&ChangeHash) -> Option<ChangeSignature>,
    ) {
        let genesis = genesis_for(id).get_heads();
        for change in doc.get_changes(&[]) {
            let hash = change.hash();
            if genesis.contains(&hash) {
                continue;
            }
            let actor = change.actor_id().to_hex_string();
            if ring.device(&actor).is_none() {
                self.others += 1;
                continue;
            }
            let named = format!("{id}: {hash}");
            match signature_of(&hash) {
                None => self.unsigned.push(named),
                Some(s) if ring.check(&actor, &hash, &s).is_err() => self.invalid.push(named),
                Some(_) => self.verified += 1,
            }
        }
    }
}
