//! The cable registry: network nodes with numbered ports, cables joining
//! two ports, the inter-node address code (kode alamat antarnode, Lamandau
//! Ps.16(3)) printed on both ends of every cable, and the trace from an end
//! device to its switch port.

pub mod address;
pub mod cable;
pub mod demo;
pub mod label;
pub mod node;
pub mod port;
pub mod trace;

pub use address::AddressTemplate;
pub use cable::{Cable, CableEnd, CableInput, CableKind, CableStatus};
pub use label::CableLabel;
pub use node::{Node, NodeInput, NodeKind};
pub use port::PortSide;
pub use trace::{trace, TraceHop};
