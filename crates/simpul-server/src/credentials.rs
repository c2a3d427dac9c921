//! Enrollment codes and device tokens: random, shown once, stored hashed.

/// Letters and digits that cannot be mistaken for each other when read
/// aloud or copied from paper (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    if getrandom::fill(&mut b).is_err() {
        // No OS randomness: refuse to make guessable credentials.
        panic!("the operating system gave no random bytes");
    }
    b
}

/// A one-time enrollment code, `XXXX-XXXX-XXXX`.
pub fn new_code() -> String {
    let raw = random_bytes::<12>();
    let chars: String = raw
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}

/// A device token (256 bits, hex).
pub fn new_token() -> String {
    hex::encode(random_bytes::<32>())
}

/// The stored form of a code or token (shared with devices, which key
/// their bundles with it).
pub use simpul_sync::bundle::secret_hash as hash;

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_unambiguous_and_hash_forgivingly() {
        let c = super::new_code();
        assert_eq!(c.len(), 14);
        assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(
            super::hash(&c),
            super::hash(&c.to_lowercase().replace('-', " "))
        );
        assert_ne!(super::new_token(), super::new_token());
    }
}
