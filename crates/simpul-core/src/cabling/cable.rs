//! A cable joining two ports. Its label reads "address A <> address B";
//! the addresses are computed from the ends' nodes when shown or printed,
//! so the label follows an end that moves, and the record's history keeps
//! where it was.

use crate::error::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum CableKind {
    UtpCat5e,
    #[default]
    UtpCat6,
    UtpCat6a,
    FiberSm,
    FiberMm,
    PatchCord,
}

impl CableKind {
    pub const ALL: [CableKind; 6] = [
        CableKind::UtpCat5e,
        CableKind::UtpCat6,
        CableKind::UtpCat6a,
        CableKind::FiberSm,
        CableKind::FiberMm,
        CableKind::PatchCord,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CableKind::UtpCat5e => "UTP Cat5e",
            CableKind::UtpCat6 => "UTP Cat6",
            CableKind::UtpCat6a => "UTP Cat6A",
            CableKind::FiberSm => "Fiber SM",
            CableKind::FiberMm => "Fiber MM",
            CableKind::PatchCord => "Patch cord",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum CableStatus {
    Direncanakan,
    #[default]
    Terpasang,
    Teruji,
    /// Removed: kept in the registry, no longer holds its ports.
    Dibongkar,
}

impl CableStatus {
    pub const ALL: [CableStatus; 4] = [
        CableStatus::Direncanakan,
        CableStatus::Terpasang,
        CableStatus::Teruji,
        CableStatus::Dibongkar,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CableStatus::Direncanakan => "Direncanakan",
            CableStatus::Terpasang => "Terpasang",
            CableStatus::Teruji => "Teruji",
            CableStatus::Dibongkar => "Dibongkar",
        }
    }

    pub fn holds_ports(self) -> bool {
        self != CableStatus::Dibongkar
    }
}

/// One end of a cable: a node and a port number (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct CableEnd {
    pub node_id: String,
    pub port: u16,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct Cable {
    pub id: String,
    pub opd: String,
    /// Unique within the OPD, e.g. `K0012`; printed with a QR code.
    pub code: String,
    /// End A: node and port (flat, so every field is one Automerge scalar).
    pub a_node: String,
    pub a_port: u16,
    pub b_node: String,
    pub b_port: u16,
    pub kind: CableKind,
    pub length_m: f64,
    pub color: String,
    pub status: CableStatus,
    pub installer: String,
    /// `YYYY-MM-DD`.
    pub installed_on: String,
    pub notes: String,
}

impl Cable {
    pub fn a(&self) -> CableEnd {
        CableEnd {
            node_id: self.a_node.clone(),
            port: self.a_port,
        }
    }
    pub fn b(&self) -> CableEnd {
        CableEnd {
            node_id: self.b_node.clone(),
            port: self.b_port,
        }
    }
    /// The end that is not `here`.
    pub fn far_from(&self, here: &CableEnd) -> CableEnd {
        if self.a() == *here {
            self.b()
        } else {
            self.a()
        }
    }
    /// A patch cord plugs into the front of a panel or outlet port; other
    /// cables are punched down at the back. A port holds one of each.
    pub fn front(&self) -> bool {
        self.kind == CableKind::PatchCord
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, Default)]
#[serde(default)]
pub struct CableInput {
    pub id: String,
    /// Empty: the next free code is given.
    pub code: String,
    pub a: CableEnd,
    pub b: CableEnd,
    pub kind: CableKind,
    pub length_m: f64,
    pub color: String,
    pub status: CableStatus,
    pub installer: String,
    pub installed_on: String,
    pub notes: String,
}

/// A cable code: 1-16 letters, digits or `-`, upper case.
pub fn normalize_code(raw: &str) -> Result<String, FieldError> {
    let c = raw.trim().to_uppercase();
    if c.is_empty() || c.len() > 16 || !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
    {
        return Err(FieldError::new(
            "code",
            "code.format",
            "Kode kabel: 1-16 huruf/angka atau '-', mis. K0012.",
        ));
    }
    Ok(c)
}

impl CableInput {
    /// Checks the fields that need no other record (ports against their
    /// nodes and uniqueness are checked by the store).
    pub fn apply_to(&self, base: &Cable) -> Result<Cable, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let mut c = base.clone();
        if !self.code.trim().is_empty() {
            c.code = errs.check(normalize_code(&self.code)).unwrap_or_default();
        }
        for (field, end) in [("a", &self.a), ("b", &self.b)] {
            if end.node_id.trim().is_empty() {
                errs.push(FieldError::new(
                    field,
                    &format!("{field}.required"),
                    format!("Pilih perangkat ujung {}.", field.to_uppercase()),
                ));
            } else if end.port == 0 {
                errs.push(FieldError::new(
                    field,
                    &format!("{field}.port"),
                    format!("Nomor port ujung {} mulai dari 1.", field.to_uppercase()),
                ));
            }
        }
        if self.a == self.b && !self.a.node_id.is_empty() {
            errs.push(FieldError::new(
                "b",
                "b.same",
                "Kedua ujung kabel tidak boleh port yang sama.",
            ));
        }
        if !(0.0..=10_000.0).contains(&self.length_m) || self.length_m.is_nan() {
            errs.push(FieldError::new(
                "length_m",
                "length_m.range",
                "Panjang kabel 0-10.000 meter.",
            ));
        }
        let date = self.installed_on.trim();
        if !date.is_empty() && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
            errs.push(FieldError::new(
                "installed_on",
                "installed_on.format",
                "Tanggal pasang ditulis TTTT-BB-HH.",
            ));
        }
        (c.a_node, c.a_port) = (self.a.node_id.trim().to_owned(), self.a.port);
        (c.b_node, c.b_port) = (self.b.node_id.trim().to_owned(), self.b.port);
        c.kind = self.kind;
        c.length_m = self.length_m;
        c.color = self.color.trim().to_owned();
        c.status = self.status;
        c.installer = self.installer.trim().to_owned();
        c.installed_on = date.to_owned();
        c.notes = self.notes.trim().to_owned();
        errs.into_result(c)
    }
}

/// The next code after the highest `K`-numbered one in use (`K0001`...).
pub fn next_code<'a>(existing: impl IntoIterator<Item = &'a str>) -> String {
    let max = existing
        .into_iter()
        .filter_map(|c| c.strip_prefix('K').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    format!("K{:04}", max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(n: &str, p: u16) -> CableEnd {
        CableEnd {
            node_id: n.into(),
            port: p,
        }
    }

    #[test]
    fn validates_ends_length_and_date() {
        let ok = CableInput {
            code: "k0012".into(),
            a: end("pp", 1),
            b: end("pc", 1),
            length_m: 12.5,
            ..Default::default()
        };
        assert_eq!(
            ok.apply_to(&Cable::default())
                .map(|c| c.code)
                .ok()
                .as_deref(),
            Some("K0012")
        );
        let bad = CableInput {
            a: end("pp", 0),
            b: end("", 3),
            length_m: -1.0,
            installed_on: "12/01/2026".into(),
            ..Default::default()
        };
        let codes: Vec<_> = bad
            .apply_to(&Cable::default())
            .expect_err("invalid")
            .0
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            [
                "a.port",
                "b.required",
                "length_m.range",
                "installed_on.format"
            ]
        );
        let same = CableInput {
            a: end("pp", 2),
            b: end("pp", 2),
            ..Default::default()
        };
        assert!(same.apply_to(&Cable::default()).is_err());
    }

    #[test]
    fn next_code_counts_up() {
        assert_eq!(next_code([]), "K0001");
        assert_eq!(next_code(["K0009", "K0002", "X-7"]), "K0010");
    }
}

crate::labelled!(CableKind, CableKind::ALL, {
    CableKind::UtpCat5e => "UTP Cat5e",
    CableKind::UtpCat6 => "UTP Cat6",
    CableKind::UtpCat6a => "UTP Cat6A",
    CableKind::FiberSm => "Fibre SM",
    CableKind::FiberMm => "Fibre MM",
    CableKind::PatchCord => "Patch cord",
});

crate::labelled!(CableStatus, CableStatus::ALL, {
    CableStatus::Direncanakan => "Planned",
    CableStatus::Terpasang => "Installed",
    CableStatus::Teruji => "Tested",
    CableStatus::Dibongkar => "Removed",
});
