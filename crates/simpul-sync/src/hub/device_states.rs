//! One Automerge sync state per (device, document), kept per device: a
//! device's states load with its first round (from storage, when the hub
//! has a loader) and a round holds its device's lock, so the rounds of one
//! device run one at a time while other devices' run beside them.

use super::doc_table::DocLoader;
use crate::refusal::Refusal;
use automerge::sync::State;
use simpul_core::DocId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Devices whose states stay in memory between rounds, at most; beyond,
/// the least recently used idle ones are dropped (their stored part loads
/// again with their next round).
const DEVICES_IN_MEMORY: usize = 10_000;

/// One device's states.
#[derive(Debug, Default)]
pub(crate) struct DeviceStates {
    pub states: HashMap<DocId, State>,
    /// Whether the device was told the server key in this session.
    pub told_key: bool,
    /// The table's epoch when these states were last read from storage.
    epoch: Option<u64>,
}

/// A state reduced to what is stored (as at the start of a session: what
/// the hub believes it sent may not have arrived).
pub(crate) fn persistent(state: &State) -> State {
    State::decode(&state.encode()).unwrap_or_default()
}

impl DeviceStates {
    /// Makes the states ready for a round: at a session's start, or when
    /// another process may have served the device since (`epoch` moved),
    /// they are read again from storage; without storage they are reduced
    /// to their persistent part at a session's start.
    pub fn begin(
        &mut self,
        device: &str,
        new_session: bool,
        epoch: u64,
        loader: Option<&dyn DocLoader>,
    ) -> Result<(), Refusal> {
        if new_session {
            self.told_key = false;
        }
        match loader {
            Some(loader) if new_session || self.epoch != Some(epoch) => {
                let mut states = HashMap::new();
                for (id, bytes) in loader.load_states(device)? {
                    if let Ok(s) = State::decode(&bytes) {
                        states.insert(id, s);
                    }
                }
                self.states = states;
                self.epoch = Some(epoch);
            }
            None if new_session => {
                for s in self.states.values_mut() {
                    *s = persistent(s);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

pub(crate) type StatesHandle = Arc<Mutex<DeviceStates>>;

pub(crate) fn lock(handle: &StatesHandle) -> MutexGuard<'_, DeviceStates> {
    handle.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Every device's states.
#[derive(Debug, Default)]
pub(crate) struct StatesTable {
    devices: Mutex<HashMap<String, (StatesHandle, u64)>>,
    tick: AtomicU64,
    /// Moves when another process wrote: every device's states are read
    /// again from storage before its next round.
    epoch: AtomicU64,
}

impl StatesTable {
    /// The states of `device` (empty for a device never seen).
    pub fn of(&self, device: &str) -> StatesHandle {
        let tick = self.tick.fetch_add(1, Ordering::Relaxed);
        let mut map = self.devices.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= DEVICES_IN_MEMORY && !map.contains_key(device) {
            let mut idle: Vec<(u64, String)> = map
                .iter()
                .filter(|(_, (h, _))| Arc::strong_count(h) == 1)
                .map(|(d, (_, used))| (*used, d.clone()))
                .collect();
            idle.sort_unstable();
            for (_, d) in idle.into_iter().take(DEVICES_IN_MEMORY / 10) {
                map.remove(&d);
            }
        }
        let entry = map
            .entry(device.to_owned())
            .or_insert_with(|| (StatesHandle::default(), tick));
        entry.1 = tick;
        entry.0.clone()
    }

    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// Another process wrote: states are read again before each device's
    /// next round.
    pub fn stale_everywhere(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
    }
}
