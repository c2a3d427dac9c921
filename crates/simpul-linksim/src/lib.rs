//! A throttling TCP proxy for loopback tests and benchmarks, standing in
//! for the links of rural regencies (no netem on these machines).
//!
//! Each direction is one shared link: bytes leave at the profile's rate
//! (serialization delay), arrive half a round trip later, and a lost
//! segment arrives one retransmission timeout late (TCP recovers losses,
//! so a loss costs time, never bytes). Every `cut_every` the proxy closes
//! every open connection, as a dropped 2G call does.

mod link;
mod profile;
mod proxy;

pub use profile::{LinkProfile, UnknownProfile};
pub use proxy::{Proxy, ProxyStats};
