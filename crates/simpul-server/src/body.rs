//! Request and response bodies: postcard, deflate-compressed, with limits
//! so a hostile or broken body cannot exhaust memory.

use crate::error::ServerError;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::{Read, Write};

/// Inflates a body, refusing it as soon as it grows past `max` bytes (a
/// deflate bomb stops there, whatever it declares).
pub fn inflate(body: &[u8], max: u64) -> Result<Vec<u8>, ServerError> {
    let mut out = Vec::new();
    DeflateDecoder::new(body)
        .take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| ServerError::BadRequest(format!("isi tidak dapat diurai: {e}")))?;
    if out.len() as u64 > max {
        return Err(ServerError::TooLarge {
            what: "isi sinkronisasi setelah diurai",
            limit: max,
        });
    }
    Ok(out)
}

pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}
