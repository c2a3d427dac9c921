//! Which Automerge document holds which records.
//!
//! An OPD's data is split into small documents so none grows past a few
//! thousand records (Automerge load time and memory grow faster than the
//! document): one `meta` document (the OPD's rooms) and [`ASSET_SHARDS`]
//! asset documents. An asset and its maintenance entries live in the shard
//! chosen by the asset's UUID, so every replica puts them in the same place.
//! The shard count is part of the data format: changing it needs a migration.
//!
//! Two documents are read by every device of the regency: `regency`, written
//! only by Diskominfo (OPD list, IP pools, security levels, decisions on
//! registrations), and each OPD's `opd/X/reg` (its network registrations,
//! written by the OPD), so every replica can find an IP or MAC address used
//! twice anywhere in the regency.
//!
//! The asset officer's custody records, stock-takes and handovers
//! (`opd/X/stock/07`), have documents of their own, sharded like assets: a
//! session's scans are as many as the OPD's assets, and a device that has
//! never taken stock or handed over an asset holds none of them.

use std::fmt;
use std::str::FromStr;

/// Asset documents per OPD (see docs/ARCHITECTURE.md for the measurement).
pub const ASSET_SHARDS: u8 = 16;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    /// `opd/DINKES/meta`: rooms and other OPD-wide settings.
    OpdMeta { opd: String },
    /// `opd/DINKES/assets/07`: assets and their maintenance log.
    Assets { opd: String, shard: u8 },
    /// `opd/DINKES/net/07`: network nodes and cables.
    Network { opd: String, shard: u8 },
    /// `opd/DINKES/reg`: the OPD's network registrations.
    Registrations { opd: String },
    /// `opd/DINKES/stock/07`: stock-take sessions, their scans, the rooms
    /// closed, and handovers.
    StockTake { opd: String, shard: u8 },
    /// `regency`: Diskominfo's settings and decisions.
    Regency,
}

impl DocId {
    /// The shard document of an asset id.
    pub fn for_asset(opd: &str, asset_id: &str) -> DocId {
        DocId::Assets {
            opd: opd.to_owned(),
            shard: shard_of(asset_id),
        }
    }

    /// The shard document of a node or cable id.
    pub fn for_network(opd: &str, record_id: &str) -> DocId {
        DocId::Network {
            opd: opd.to_owned(),
            shard: shard_of(record_id),
        }
    }

    /// The stock document of a session, scan, closed room or handover id.
    pub fn for_stocktake(opd: &str, record_id: &str) -> DocId {
        DocId::StockTake {
            opd: opd.to_owned(),
            shard: shard_of(record_id),
        }
    }

    /// The OPD that owns the document (none for the regency document).
    pub fn opd(&self) -> Option<&str> {
        match self {
            DocId::OpdMeta { opd }
            | DocId::Assets { opd, .. }
            | DocId::Network { opd, .. }
            | DocId::StockTake { opd, .. }
            | DocId::Registrations { opd } => Some(opd),
            DocId::Regency => None,
        }
    }

    /// Whether every device of the regency reads this document.
    pub fn is_public(&self) -> bool {
        matches!(self, DocId::Regency | DocId::Registrations { .. })
    }
}

/// The shard of a record id: its last two hex digits modulo the shard count
/// (the end of a UUID v7 is random, the start is a timestamp).
pub fn shard_of(id: &str) -> u8 {
    let tail: String = id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .rev()
        .take(2)
        .collect();
    let tail: String = tail.chars().rev().collect();
    u8::from_str_radix(&tail, 16).unwrap_or(0) % ASSET_SHARDS
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::OpdMeta { opd } => write!(f, "opd/{opd}/meta"),
            DocId::Assets { opd, shard } => write!(f, "opd/{opd}/assets/{shard:02}"),
            DocId::Network { opd, shard } => write!(f, "opd/{opd}/net/{shard:02}"),
            DocId::Registrations { opd } => write!(f, "opd/{opd}/reg"),
            DocId::StockTake { opd, shard } => write!(f, "opd/{opd}/stock/{shard:02}"),
            DocId::Regency => write!(f, "regency"),
        }
    }
}

/// A document id string that is not one of ours.
#[derive(Debug, thiserror::Error)]
#[error("bukan id dokumen Simpul: {0}")]
pub struct BadDocId(String);

impl FromStr for DocId {
    type Err = BadDocId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split('/').collect();
        match parts.as_slice() {
            ["opd", opd, "meta"] => Ok(DocId::OpdMeta {
                opd: (*opd).to_owned(),
            }),
            ["opd", opd, "reg"] => Ok(DocId::Registrations {
                opd: (*opd).to_owned(),
            }),
            ["regency"] => Ok(DocId::Regency),
            ["opd", opd, "assets", n] => match n.parse::<u8>() {
                Ok(shard) if shard < ASSET_SHARDS => Ok(DocId::Assets {
                    opd: (*opd).to_owned(),
                    shard,
                }),
                _ => Err(BadDocId(s.to_owned())),
            },
            ["opd", opd, "net", n] => match n.parse::<u8>() {
                Ok(shard) if shard < ASSET_SHARDS => Ok(DocId::Network {
                    opd: (*opd).to_owned(),
                    shard,
                }),
                _ => Err(BadDocId(s.to_owned())),
            },
            ["opd", opd, "stock", n] => match n.parse::<u8>() {
                Ok(shard) if shard < ASSET_SHARDS => Ok(DocId::StockTake {
                    opd: (*opd).to_owned(),
                    shard,
                }),
                _ => Err(BadDocId(s.to_owned())),
            },
            _ => Err(BadDocId(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_shards_spread() {
        for d in [
            DocId::OpdMeta {
                opd: "DINKES".into(),
            },
            DocId::Assets {
                opd: "DINKES".into(),
                shard: 7,
            },
            DocId::Registrations {
                opd: "DINKES".into(),
            },
            DocId::StockTake {
                opd: "DINKES".into(),
                shard: 15,
            },
            DocId::Regency,
        ] {
            assert_eq!(d.to_string().parse::<DocId>().expect("parse"), d);
        }
        assert!("opd/X/assets/99".parse::<DocId>().is_err());
        let mut seen = [0u32; ASSET_SHARDS as usize];
        for _ in 0..1600 {
            seen[shard_of(&uuid::Uuid::now_v7().to_string()) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 50), "uneven shards: {seen:?}");
    }
}
