//! The address of one check, stored as text (`ip:10.20.1.15`).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckKey {
    /// Every record claiming this IPv4 address (regency-wide).
    Ip(String),
    /// Every record claiming this MAC address (regency-wide).
    Mac(String),
    /// Every record claiming this hostname (regency-wide, upper-cased).
    Host(String),
    /// Network nodes of one room with the same code (their cable labels
    /// would carry the same address).
    NodeCode { room: String, code: String },
    /// Rooms of one OPD with the same short code (`G1L2.R07`).
    RoomCode { opd: String, code: String },
    /// Every asset with this serial number (nomor pabrik).
    Serial(String),
    /// Assets of one OPD with the same kode barang and nomor register.
    Register {
        opd: String,
        kode: String,
        nomor: String,
    },
    /// Cables holding one port of a node.
    Port { node: String, port: i64 },
    /// Cables of one OPD with the same code.
    CableCode { opd: String, code: String },
    /// Whether an asset's IP lies in its OPD's pools.
    Pool { asset: String },
    /// Fields of one record with concurrent values.
    Fields { record: String },
}

impl fmt::Display for CheckKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckKey::Ip(ip) => write!(f, "ip:{ip}"),
            CheckKey::Mac(mac) => write!(f, "mac:{mac}"),
            CheckKey::Host(h) => write!(f, "host:{h}"),
            CheckKey::NodeCode { room, code } => write!(f, "node:{room}|{code}"),
            CheckKey::RoomCode { opd, code } => write!(f, "room:{opd}|{code}"),
            CheckKey::Serial(s) => write!(f, "sn:{s}"),
            CheckKey::Register { opd, kode, nomor } => write!(f, "reg:{opd}|{kode}|{nomor}"),
            CheckKey::Port { node, port } => write!(f, "port:{node}|{port}"),
            CheckKey::CableCode { opd, code } => write!(f, "code:{opd}|{code}"),
            CheckKey::Pool { asset } => write!(f, "pool:{asset}"),
            CheckKey::Fields { record } => write!(f, "field:{record}"),
        }
    }
}

impl FromStr for CheckKey {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (kind, rest) = s.split_once(':').ok_or(())?;
        let parts: Vec<&str> = rest.split('|').collect();
        let own = |s: &&str| (*s).to_owned();
        Ok(match (kind, parts.as_slice()) {
            ("ip", [ip]) => CheckKey::Ip(own(ip)),
            ("mac", [mac]) => CheckKey::Mac(own(mac)),
            ("host", [h]) => CheckKey::Host(own(h)),
            ("node", [room, code]) => CheckKey::NodeCode {
                room: own(room),
                code: own(code),
            },
            ("room", [opd, code]) => CheckKey::RoomCode {
                opd: own(opd),
                code: own(code),
            },
            ("sn", [sn]) => CheckKey::Serial(own(sn)),
            ("reg", [opd, kode, nomor]) => CheckKey::Register {
                opd: own(opd),
                kode: own(kode),
                nomor: own(nomor),
            },
            ("port", [node, port]) => CheckKey::Port {
                node: own(node),
                port: port.parse().map_err(|_| ())?,
            },
            ("code", [opd, code]) => CheckKey::CableCode {
                opd: own(opd),
                code: own(code),
            },
            ("pool", [asset]) => CheckKey::Pool { asset: own(asset) },
            ("field", [record]) => CheckKey::Fields {
                record: own(record),
            },
            _ => return Err(()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for k in [
            CheckKey::Ip("10.20.1.15".into()),
            CheckKey::Mac("3C:52:82:1A:2B:3C".into()),
            CheckKey::Host("DINKES-PC-04".into()),
            CheckKey::NodeCode {
                room: "r1".into(),
                code: "PP1".into(),
            },
            CheckKey::RoomCode {
                opd: "DINKES".into(),
                code: "G1L2.R07".into(),
            },
            CheckKey::Serial("SN-1".into()),
            CheckKey::Register {
                opd: "DINKES".into(),
                kode: "1.3.2.10.01.02.001".into(),
                nomor: "0001".into(),
            },
            CheckKey::Port {
                node: "n1".into(),
                port: 12,
            },
            CheckKey::CableCode {
                opd: "DINKES".into(),
                code: "K0001".into(),
            },
            CheckKey::Pool { asset: "a1".into() },
            CheckKey::Fields {
                record: "a1".into(),
            },
        ] {
            assert_eq!(k.to_string().parse::<CheckKey>(), Ok(k));
        }
        assert!("nope".parse::<CheckKey>().is_err());
    }
}
