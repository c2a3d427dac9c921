//! A fuzz harness on stable Rust: `arbtest` drives `arbitrary` input
//! through Simpul's parsers of untrusted data for a time budget, from seeds
//! made of real messages and files, mutated byte by byte.
//!
//! Each target runs for `SIMPUL_FUZZ_SECONDS` (default 15 s; CI runs the
//! default, a longer run is `SIMPUL_FUZZ_SECONDS=3600 cargo test -p
//! simpul-fuzz --release`). A target fails on any panic, including one the
//! code under test catches itself (the hub turns Automerge panics into
//! refusals): a panic hook counts them. A failure prints the seed to replay
//! with `ARBTEST_SEED`. The KIB readers contain a known calamine panic
//! (an overflowing cell reference) and are run with [`fuzz_contained`].

use arbitrary::Unstructured;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;
use std::time::Duration;

pub use arbitrary;

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

/// Counts every panic of the process from now on (and still prints it).
pub fn count_panics() {
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            default(info);
        }));
    });
}

/// Panics seen so far.
pub fn panics() -> usize {
    PANICS.load(Ordering::SeqCst)
}

/// The budget of one target.
pub fn budget() -> Duration {
    let secs = std::env::var("SIMPUL_FUZZ_SECONDS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(15);
    Duration::from_secs(secs)
}

/// Runs `property` on arbitrary input until the budget is spent; fails on
/// the first input that panics anywhere.
pub fn fuzz(property: impl Fn(&mut Unstructured<'_>) -> arbitrary::Result<()>) {
    count_panics();
    let before = panics();
    arbtest::arbtest(|u| {
        property(u)?;
        assert_eq!(panics(), before, "the input above made the code panic");
        Ok(())
    })
    .budget(budget())
    .run();
}

/// Like [`fuzz`], but a panic the code under test catches itself is
/// allowed (a third-party reader contained by `catch_unwind`); one that
/// escapes still fails.
pub fn fuzz_contained(property: impl Fn(&mut Unstructured<'_>) -> arbitrary::Result<()>) {
    arbtest::arbtest(|u| property(u)).budget(budget()).run();
}

/// A seed mutated the way fuzzers do: bytes set to interesting or random
/// values, bytes inserted, removed, or the tail cut.
pub fn mutate(seed: &[u8], u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<u8>> {
    let mut out = seed.to_vec();
    let steps = u.int_in_range(1..=4)?;
    for _ in 0..steps {
        if out.is_empty() {
            out.push(u.arbitrary()?);
            continue;
        }
        let at = u.choose_index(out.len())?;
        match u.int_in_range(0..=5)? {
            0 => out[at] = 0,
            1 => out[at] = *u.choose(&[1, 0x7f, 0x80, 0xff])?,
            2 => out[at] = u.arbitrary()?,
            3 => out.insert(at, u.arbitrary()?),
            4 => {
                out.remove(at);
            }
            _ => out.truncate(at),
        }
    }
    Ok(out)
}
