//! A throttling TCP proxy for loopback tests and benchmarks, standing in
//! for the links of rural regencies (no netem on these machines).
//!
//! Each direction is one shared link: bytes leave at the profile's rate
//! (serialization delay), arrive half a round trip later, and a lost
//! segment arrives one retransmission timeout late (TCP recovers losses,
//! so a loss costs time, never bytes). Every `cut_every` the proxy closes
//! every open connection, as a dropped 2G call does.
//!
//! [`RoundRobin`] stands for a load balancer in front of several server
//! processes: each HTTP request goes to the next server.

mod link;
mod profile;
mod proxy;
mod round_robin;

pub use profile::{LinkProfile, UnknownProfile};
pub use proxy::{Proxy, ProxyStats};
pub use round_robin::{RoundRobin, RoundRobinStats};

/// A one-thread runtime for a proxy and its listener on an ephemeral
/// loopback port.
fn listen_on_loopback() -> std::io::Result<(
    tokio::runtime::Runtime,
    tokio::net::TcpListener,
    std::net::SocketAddr,
)> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    Ok((runtime, listener, addr))
}
