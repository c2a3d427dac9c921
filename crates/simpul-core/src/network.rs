//! IPv4 addresses and hostnames as typed on an asset form.

use crate::error::FieldError;
use std::net::Ipv4Addr;

/// Validates a dotted-quad IPv4 address (no leading zeros, no CIDR suffix).
pub fn parse_ipv4(field: &str, raw: &str) -> Result<Ipv4Addr, FieldError> {
    let raw = raw.trim();
    raw.parse::<Ipv4Addr>().map_err(|_| {
        FieldError::new(
            field,
            "ip.format",
            format!("Alamat IP \"{raw}\" tidak sah; tulis empat angka 0-255 dipisah titik, mis. 10.20.1.15."),
        )
    })
}

/// Validates a hostname (RFC 1123 labels: letters, digits, hyphens).
/// The form two equal hostnames share (DNS names ignore case): the key of
/// the duplicate-hostname check.
pub fn hostname_key(hostname: &str) -> String {
    hostname.trim().to_ascii_uppercase()
}

pub fn parse_hostname(field: &str, raw: &str) -> Result<String, FieldError> {
    let h = raw.trim().to_ascii_lowercase();
    let ok_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if h.len() > 253 || !h.split('.').all(ok_label) {
        return Err(FieldError::new(
            field,
            "hostname.format",
            "Nama host hanya boleh huruf, angka dan tanda hubung (mis. dinkes-pc-04).",
        ));
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_accepts_valid_and_rejects_garbage() {
        assert_eq!(
            parse_ipv4("ip", " 10.20.1.15 ").expect("valid"),
            Ipv4Addr::new(10, 20, 1, 15)
        );
        for bad in [
            "10.20.1",
            "10.20.1.256",
            "10.20.1.15/24",
            "abc",
            "010.1.1.1",
        ] {
            assert_eq!(
                parse_ipv4("ip", bad).expect_err(bad).code,
                "ip.format",
                "{bad}"
            );
        }
    }

    #[test]
    fn hostname_rules() {
        assert_eq!(
            parse_hostname("h", "DINKES-PC-04").expect("valid"),
            "dinkes-pc-04"
        );
        assert!(parse_hostname("h", "pc_04").is_err());
        assert!(parse_hostname("h", "-pc").is_err());
    }
}
