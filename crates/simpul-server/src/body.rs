//! Request and response bodies: postcard, deflate-compressed, with limits
//! so a hostile or broken body cannot exhaust memory.

use crate::error::ServerError;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::{Read, Write};

/// The largest body accepted, compressed.
pub const MAX_COMPRESSED: usize = 32 * 1024 * 1024;
/// The largest body accepted once inflated.
pub const MAX_INFLATED: u64 = 128 * 1024 * 1024;

pub fn inflate(body: &[u8]) -> Result<Vec<u8>, ServerError> {
    let mut out = Vec::new();
    DeflateDecoder::new(body)
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut out)
        .map_err(|e| ServerError::BadRequest(format!("isi tidak dapat diurai: {e}")))?;
    if out.len() as u64 > MAX_INFLATED {
        return Err(ServerError::BadRequest("isi terlalu besar".into()));
    }
    Ok(out)
}

pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}
