//! MAC addresses: accepted as `AA:BB:CC:DD:EE:FF`, `aa-bb-...`, `aabb.ccdd.eeff`
//! or 12 bare hex digits; stored upper-case with colons. An asset may have
//! several, separated by commas, spaces or semicolons.

use crate::error::FieldError;

/// Normalizes one MAC address or returns a field error.
pub fn parse_mac(field: &str, raw: &str) -> Result<String, FieldError> {
    let hex: String = raw
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(FieldError::new(
            field,
            "mac.format",
            format!("Alamat MAC \"{raw}\" tidak sah; contoh yang benar: 3C:52:82:1A:2B:3C."),
        ));
    }
    let hex = hex.to_ascii_uppercase();
    let pairs: Vec<&str> = (0..6).map(|i| &hex[i * 2..i * 2 + 2]).collect();
    Ok(pairs.join(":"))
}

/// Normalizes a list of MAC addresses; an empty input gives an empty list.
pub fn parse_mac_list(field: &str, raw: &str) -> Result<Vec<String>, FieldError> {
    raw.split([',', ';', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| parse_mac(field, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_common_notations() {
        for raw in [
            "3c:52:82:1a:2b:3c",
            "3C-52-82-1A-2B-3C",
            "3c52.821a.2b3c",
            "3C52821A2B3C",
        ] {
            assert_eq!(
                parse_mac("mac", raw).expect("valid"),
                "3C:52:82:1A:2B:3C",
                "{raw}"
            );
        }
    }

    #[test]
    fn rejects_short_and_non_hex() {
        assert_eq!(
            parse_mac("mac", "3C:52:82:1A:2B").expect_err("short").code,
            "mac.format"
        );
        assert_eq!(
            parse_mac("mac", "3C:52:82:1A:2B:ZZ").expect_err("hex").code,
            "mac.format"
        );
    }

    #[test]
    fn list_splits_and_validates_each() {
        let l = parse_mac_list("mac", "3c52821a2b3c, 00-11-22-33-44-55").expect("valid");
        assert_eq!(l, vec!["3C:52:82:1A:2B:3C", "00:11:22:33:44:55"]);
        assert!(parse_mac_list("mac", "").expect("empty").is_empty());
        assert!(parse_mac_list("mac", "3c52821a2b3c, nope").is_err());
    }
}
