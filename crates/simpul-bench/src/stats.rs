//! Percentiles and process memory.

/// The `p`-th percentile (0-100) of samples in milliseconds.
pub fn percentile(samples: &mut [f64], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (samples.len() - 1) as f64).round() as usize;
    samples[rank.min(samples.len() - 1)]
}

/// Peak resident set size of this process (VmHWM), in MB.
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Prints a benchmark's result: one line of JSON with `--json`, else
/// indented for a person.
pub fn emit(result: &serde_json::Value, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{result}");
    } else {
        println!("{}", serde_json::to_string_pretty(result)?);
    }
    Ok(())
}
