//! An IP pool: a CIDR range Diskominfo hands to one OPD, from which the
//! OPD's technicians assign addresses offline.

use crate::error::{FieldError, ValidationErrors};
use crate::network::parse_ipv4;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// One pool, keyed by its id in the regency document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct IpPool {
    pub id: String,
    /// The OPD the pool belongs to.
    pub opd: String,
    /// `10.20.1.0/24`.
    pub cidr: String,
    /// Empty when the pool has no gateway of its own.
    pub gateway: String,
    /// 802.1Q VLAN id, 0 for none.
    pub vlan: i64,
    pub notes: String,
}

impl IpPool {
    /// The pool's network (a stored pool always parses; a damaged one is empty).
    pub fn net(&self) -> Option<Ipv4Net> {
        self.cidr.parse().ok()
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.net().is_some_and(|n| n.contains(&ip))
    }

    /// The addresses a device may get: the hosts of the range, without the
    /// gateway (network and broadcast addresses are never hosts).
    pub fn assignable(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        let gateway = self.gateway.parse::<Ipv4Addr>().ok();
        self.net()
            .into_iter()
            .flat_map(|n| n.hosts())
            .filter(move |ip| Some(*ip) != gateway)
    }

    /// How many addresses [`IpPool::assignable`] yields.
    pub fn capacity(&self) -> u64 {
        let Some(n) = self.net() else { return 0 };
        let all = 1u64 << (32 - u32::from(n.prefix_len()));
        let hosts = if n.prefix_len() >= 31 { all } else { all - 2 };
        hosts
            - u64::from(
                self.gateway
                    .parse::<Ipv4Addr>()
                    .is_ok_and(|g| n.contains(&g)),
            )
    }
}

/// The first address of `pools` (in their order) that nobody uses.
/// Works offline from what the replica knows: two devices that have not
/// synced may pick the same one, which the conflict inbox then shows.
pub fn next_free(pools: &[IpPool], used: &HashSet<Ipv4Addr>) -> Option<Ipv4Addr> {
    pools
        .iter()
        .flat_map(IpPool::assignable)
        .find(|ip| !used.contains(ip))
}

/// The pool form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct IpPoolInput {
    /// Empty for a new pool.
    pub id: String,
    pub opd: String,
    pub cidr: String,
    pub gateway: String,
    pub vlan: String,
    pub notes: String,
}

fn parse_cidr(raw: &str) -> Result<Ipv4Net, FieldError> {
    let raw = raw.trim();
    let net: Ipv4Net = raw.parse().map_err(|_| {
        FieldError::new(
            "cidr",
            "cidr.format",
            format!("Rentang \"{raw}\" tidak sah; tulis alamat jaringan dan panjang prefiks, mis. 10.20.1.0/24."),
        )
    })?;
    if net.prefix_len() < 16 {
        return Err(FieldError::new(
            "cidr",
            "cidr.too_large",
            "Rentang lebih besar dari /16 terlalu luas untuk satu OPD; bagi menjadi beberapa kumpulan.",
        ));
    }
    if net.network() != net.addr() {
        return Err(FieldError::new(
            "cidr",
            "cidr.host_bits",
            format!("{raw} bukan alamat jaringan; maksudnya {}?", net.trunc()),
        ));
    }
    Ok(net)
}

impl IpPoolInput {
    /// Validates the form; `others` are the regency's other pools, which a
    /// new range may not overlap.
    pub fn validate(&self, others: &[IpPool]) -> Result<IpPool, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let opd = errs
            .check(super::opd_entry::parse_opd_code("opd", &self.opd))
            .unwrap_or_default();
        let net = errs.check(parse_cidr(&self.cidr));
        let mut gateway = String::new();
        if !self.gateway.trim().is_empty() {
            if let Some(g) = errs.check(parse_ipv4("gateway", &self.gateway)) {
                if net.is_some_and(|n| !n.hosts().any(|h| h == g)) {
                    errs.push(FieldError::new(
                        "gateway",
                        "gateway.outside",
                        format!(
                            "Gateway {g} tidak berada di dalam rentang {}.",
                            self.cidr.trim()
                        ),
                    ));
                }
                gateway = g.to_string();
            }
        }
        let vlan = match self.vlan.trim() {
            "" => 0,
            v => match v.parse::<i64>() {
                Ok(n) if (1..=4094).contains(&n) => n,
                _ => {
                    errs.push(FieldError::new(
                        "vlan",
                        "vlan.range",
                        "VLAN berupa angka 1-4094, atau kosong.",
                    ));
                    0
                }
            },
        };
        if let Some(n) = net {
            if let Some(o) = others
                .iter()
                .filter(|o| self.id.trim().is_empty() || o.id != self.id.trim())
                .find(|o| o.net().is_some_and(|m| m.contains(&n) || n.contains(&m)))
            {
                errs.push(FieldError::new(
                    "cidr",
                    "cidr.overlap",
                    format!(
                        "Rentang ini bertumpang tindih dengan {} milik {}.",
                        o.cidr, o.opd
                    ),
                ));
            }
        }
        errs.into_result(IpPool {
            id: self.id.trim().to_owned(),
            opd,
            cidr: net.map(|n| n.to_string()).unwrap_or_default(),
            gateway,
            vlan,
            notes: self.notes.trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(cidr: &str, gateway: &str) -> IpPool {
        IpPoolInput {
            opd: "DINKES".into(),
            cidr: cidr.into(),
            gateway: gateway.into(),
            ..Default::default()
        }
        .validate(&[])
        .expect("valid pool")
    }

    #[test]
    fn next_free_skips_gateway_network_broadcast_and_used() {
        let p = pool("10.20.1.0/29", "10.20.1.1");
        assert_eq!(p.capacity(), 5);
        let mut used = HashSet::new();
        assert_eq!(
            next_free(std::slice::from_ref(&p), &used),
            Some(Ipv4Addr::new(10, 20, 1, 2))
        );
        used.extend((2..=6).map(|n| Ipv4Addr::new(10, 20, 1, n)));
        assert_eq!(next_free(std::slice::from_ref(&p), &used), None, "full");
        let q = pool("10.20.2.0/30", "");
        assert_eq!(next_free(&[p, q], &used), Some(Ipv4Addr::new(10, 20, 2, 1)));
    }

    #[test]
    fn form_errors_name_the_field() {
        let bad = |cidr: &str, gw: &str, vlan: &str| {
            IpPoolInput {
                opd: "DINKES".into(),
                cidr: cidr.into(),
                gateway: gw.into(),
                vlan: vlan.into(),
                ..Default::default()
            }
            .validate(&[IpPool {
                id: "p9".into(),
                ..pool("10.9.0.0/24", "")
            }])
            .expect_err("invalid")
            .0
            .into_iter()
            .map(|e| e.code)
            .collect::<Vec<_>>()
        };
        assert_eq!(bad("10.20.1.5/24", "", ""), ["cidr.host_bits"]);
        assert_eq!(
            bad("10.20.1.0/24", "10.20.2.1", "5000"),
            ["gateway.outside", "vlan.range"]
        );
        assert_eq!(bad("10.9.0.128/25", "", ""), ["cidr.overlap"]);
        assert_eq!(bad("abc", "", ""), ["cidr.format"]);
        assert_eq!(bad("10.0.0.0/8", "", ""), ["cidr.too_large"]);
    }
}
