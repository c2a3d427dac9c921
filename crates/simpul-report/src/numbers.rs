//! Numbers as Indonesian documents print them.

pub use simpul_core::rupiah::format_rupiah as rupiah;

/// A count with thousands dots: `12.500`.
pub fn count(n: u32) -> String {
    rupiah(i64::from(n))
}

/// An NIP in its printed groups (`19660801 198803 1 001`), or as given.
pub fn nip(raw: &str) -> String {
    simpul_core::Nip::parse("nip", raw).map_or_else(|_| raw.to_owned(), |n| n.to_string())
}
