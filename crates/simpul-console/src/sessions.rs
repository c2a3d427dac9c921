//! Signed-in console sessions, in memory only: a lost server process signs
//! everyone out, and nothing on disk lets anyone act as a person. The
//! cookie carries a random token; the map is keyed by its SHA-256. A
//! session ends after `idle_ms` without a request, or `max_ms` after
//! sign-in, whichever comes first. Time is passed in.

use sha2::{Digest, Sha256};
use simpul_core::staff::StaffRole;
use simpul_store::Signer;
use std::collections::HashMap;
use std::sync::Mutex;

/// One signed-in person.
#[derive(Debug, Clone)]
pub struct Session {
    pub role: StaffRole,
    /// The token every write must repeat in `X-CSRF-Token`.
    pub csrf: String,
    pub signer: Signer,
    started_ms: i64,
    last_ms: i64,
}

/// Every open session.
#[derive(Debug)]
pub struct Sessions {
    open: Mutex<HashMap<[u8; 32], Session>>,
    idle_ms: i64,
    max_ms: i64,
}

/// A new random token, hex.
pub fn token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

fn key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Sessions {
    pub fn new(idle_ms: i64, max_ms: i64) -> Sessions {
        Sessions {
            open: Mutex::new(HashMap::new()),
            idle_ms,
            max_ms,
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Session>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Opens a session; returns its token and CSRF token.
    pub fn open(
        &self,
        role: StaffRole,
        signer: Signer,
        now_ms: i64,
    ) -> Result<(String, String), getrandom::Error> {
        let (token, csrf) = (token()?, token()?);
        let mut map = self.map();
        map.retain(|_, s| self.alive(s, now_ms));
        map.insert(
            key(&token),
            Session {
                role,
                csrf: csrf.clone(),
                signer,
                started_ms: now_ms,
                last_ms: now_ms,
            },
        );
        Ok((token, csrf))
    }

    fn alive(&self, s: &Session, now_ms: i64) -> bool {
        now_ms - s.last_ms < self.idle_ms && now_ms - s.started_ms < self.max_ms
    }

    /// The live session of `token`, its idle time reset; an expired one
    /// is closed.
    pub fn touch(&self, token: &str, now_ms: i64) -> Option<Session> {
        let mut map = self.map();
        let k = key(token);
        let alive = map.get(&k).map(|s| self.alive(s, now_ms))?;
        if !alive {
            map.remove(&k);
            return None;
        }
        let s = map.get_mut(&k)?;
        s.last_ms = now_ms;
        Some(s.clone())
    }

    /// Whether `token` has a live session, without resetting its idle
    /// time (a page waiting for changes is not someone working).
    pub fn alive_now(&self, token: &str, now_ms: i64) -> bool {
        self.map()
            .get(&key(token))
            .is_some_and(|s| self.alive(s, now_ms))
    }

    pub fn close(&self, token: &str) {
        self.map().remove(&key(token));
    }
}
