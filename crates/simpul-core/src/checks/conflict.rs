//! One entry of the conflict inbox.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    DuplicateIp,
    IpOutsidePool,
    DuplicateMac,
    DuplicateSerial,
    DuplicateRegister,
    PortTwoCables,
    DuplicateCableCode,
    DuplicateHostname,
    DuplicateNodeCode,
    DuplicateRoomCode,
    ConcurrentEdit,
}

impl ConflictKind {
    pub fn key(self) -> &'static str {
        match self {
            ConflictKind::DuplicateIp => "duplicate_ip",
            ConflictKind::IpOutsidePool => "ip_outside_pool",
            ConflictKind::DuplicateMac => "duplicate_mac",
            ConflictKind::DuplicateSerial => "duplicate_serial",
            ConflictKind::DuplicateRegister => "duplicate_register",
            ConflictKind::PortTwoCables => "port_two_cables",
            ConflictKind::DuplicateCableCode => "duplicate_cable_code",
            ConflictKind::DuplicateHostname => "duplicate_hostname",
            ConflictKind::DuplicateNodeCode => "duplicate_node_code",
            ConflictKind::DuplicateRoomCode => "duplicate_room_code",
            ConflictKind::ConcurrentEdit => "concurrent_edit",
        }
    }

    pub fn from_key(key: &str) -> Option<ConflictKind> {
        ConflictKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub const ALL: [ConflictKind; 11] = [
        ConflictKind::DuplicateIp,
        ConflictKind::IpOutsidePool,
        ConflictKind::DuplicateMac,
        ConflictKind::DuplicateSerial,
        ConflictKind::DuplicateRegister,
        ConflictKind::PortTwoCables,
        ConflictKind::DuplicateCableCode,
        ConflictKind::DuplicateHostname,
        ConflictKind::DuplicateNodeCode,
        ConflictKind::DuplicateRoomCode,
        ConflictKind::ConcurrentEdit,
    ];
}

/// The kinds of record a page opens: in a conflict, and with a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Asset,
    Cable,
    /// A network node (panel, switch, outlet...).
    Node,
    Room,
    /// A network registration.
    Registration,
    /// An OPD's IP pool (the regency document).
    Pool,
    /// Diskominfo's decision on a registration (keyed by the registration).
    Decision,
    /// A logged maintenance entry.
    Maintenance,
    /// A maintenance plan.
    Plan,
    /// An oversight visit (the regency document).
    Visit,
}

/// A record involved in a conflict, enough to list it and open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConflictRecord {
    pub kind: RecordKind,
    pub id: String,
    pub opd: String,
    /// What a person recognises it by (`Laptop 1.3.2.10.01.02.002.0004`).
    pub label: String,
    /// This device may settle it (filled in when the inbox is read).
    #[serde(default)]
    pub editable: bool,
}

/// One conflict: what clashes, on what, between which records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Conflict {
    /// The check key (see [`crate::checks::CheckKey`]); stable while it lasts.
    pub key: String,
    pub kind: ConflictKind,
    /// The clashing value (the IP, the port, the field and its values...).
    pub subject: String,
    pub records: Vec<ConflictRecord>,
}

impl Conflict {
    /// The OPDs whose inbox shows this conflict.
    pub fn opds(&self) -> Vec<String> {
        let mut o: Vec<String> = self.records.iter().map(|r| r.opd.clone()).collect();
        o.sort();
        o.dedup();
        o
    }
}
