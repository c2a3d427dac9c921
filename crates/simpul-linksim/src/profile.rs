//! Link profiles: bandwidth each way, round-trip time and segment loss.

use std::time::Duration;

/// One kind of link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkProfile {
    pub name: &'static str,
    /// Server to device, bits per second (`None`: unlimited).
    pub down_bps: Option<u64>,
    /// Device to server, bits per second (`None`: unlimited).
    pub up_bps: Option<u64>,
    pub rtt: Duration,
    /// Probability that a segment is lost and retransmitted.
    pub loss: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown link profile {0:?} (lan, 3g, edge, 2g-rural)")]
pub struct UnknownProfile(pub String);

impl LinkProfile {
    pub const LAN: LinkProfile = LinkProfile {
        name: "lan",
        down_bps: None,
        up_bps: None,
        rtt: Duration::from_millis(1),
        loss: 0.0,
    };
    pub const G3: LinkProfile = LinkProfile {
        name: "3g",
        down_bps: Some(780_000),
        up_bps: Some(330_000),
        rtt: Duration::from_millis(100),
        loss: 0.0,
    };
    pub const EDGE: LinkProfile = LinkProfile {
        name: "edge",
        down_bps: Some(240_000),
        up_bps: Some(200_000),
        rtt: Duration::from_millis(400),
        loss: 0.01,
    };
    pub const G2_RURAL: LinkProfile = LinkProfile {
        name: "2g-rural",
        down_bps: Some(20_000),
        up_bps: Some(18_000),
        rtt: Duration::from_millis(650),
        loss: 0.02,
    };

    pub fn named(name: &str) -> Result<LinkProfile, UnknownProfile> {
        [Self::LAN, Self::G3, Self::EDGE, Self::G2_RURAL]
            .into_iter()
            .find(|p| p.name == name)
            .ok_or_else(|| UnknownProfile(name.to_owned()))
    }

    /// The least time moving these bytes can take over this link in
    /// `round_trips` request/response exchanges.
    pub fn floor(&self, bytes_up: u64, bytes_down: u64, round_trips: u64) -> Duration {
        let wire =
            |bytes: u64, bps: Option<u64>| bps.map_or(0.0, |b| bytes as f64 * 8.0 / b as f64);
        Duration::from_secs_f64(wire(bytes_up, self.up_bps) + wire(bytes_down, self.down_bps))
            + self.rtt * round_trips as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_by_name_and_floor() {
        let p = LinkProfile::named("2g-rural").expect("profile");
        assert_eq!(p.down_bps, Some(20_000));
        // 2,500 bytes down = 1 s, 2,250 up = 1 s, 2 round trips of 650 ms.
        assert_eq!(p.floor(2_250, 2_500, 2), Duration::from_millis(3_300));
        assert!(LinkProfile::named("5g").is_err());
    }
}
