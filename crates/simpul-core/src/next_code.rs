//! The next free code after one in use: `PP1` -> `PP2`, `R07` -> `R08`,
//! skipping codes already taken. The rename that settles a duplicate node
//! or room code uses it, so the new code reads like the old one.

/// The first code after `code` (same letters, same digit width at least)
/// that `taken` does not hold.
pub fn next_free(code: &str, taken: impl Fn(&str) -> bool) -> String {
    let digits = code.chars().rev().take_while(char::is_ascii_digit).count();
    let (prefix, number) = code.split_at(code.len() - digits);
    let width = digits.max(1);
    let mut n: u64 = number.parse().unwrap_or(0);
    loop {
        n += 1;
        let candidate = format!("{prefix}{n:0width$}");
        if !taken(&candidate) {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::next_free;

    #[test]
    fn keeps_the_letters_and_the_width() {
        assert_eq!(next_free("PP1", |_| false), "PP2");
        assert_eq!(next_free("R07", |c| c == "R08"), "R09");
        assert_eq!(next_free("SW", |_| false), "SW1");
        assert_eq!(next_free("R99", |_| false), "R100");
    }
}
