//! The inter-node address code and its template (a regency setting).
//!
//! Placeholders: `{opd}`, `{building}`, `{floor}`, `{room}`, `{node}`,
//! `{port}` (`{port2}`: two digits). The default gives
//! `DINKES.G1L2.R07.PP1:12`; the TIA-606-A style gives `L2R07-PP1-12`
//! (floor and room, panel, port).

use super::node::Node;
use crate::error::FieldError;
use crate::location::Room;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AddressTemplate(pub String);

impl AddressTemplate {
    pub const DEFAULT: &'static str = "{opd}.{building}{floor}.{room}.{node}:{port}";
    pub const TIA_606A: &'static str = "{floor}{room}-{node}-{port2}";

    /// The templates offered in settings, with their names.
    pub fn offered() -> [(&'static str, &'static str); 2] {
        [
            (
                "Bawaan (OPD.GedungLantai.Ruang.Perangkat:Port)",
                Self::DEFAULT,
            ),
            ("Gaya TIA-606-A (LantaiRuang-Panel-Port)", Self::TIA_606A),
        ]
    }

    /// Checks a template typed by an administrator.
    pub fn parse(s: &str) -> Result<AddressTemplate, FieldError> {
        let bad = |m: String| FieldError::new("template", "template.format", m);
        let t = s.trim();
        if !t.contains("{node}") || !(t.contains("{port}") || t.contains("{port2}")) {
            return Err(bad(
                "Templat alamat harus memuat {node} dan {port} (atau {port2}).".into(),
            ));
        }
        let mut rest = t;
        while let Some(i) = rest.find('{') {
            let end = rest[i..]
                .find('}')
                .ok_or_else(|| bad("Kurung kurawal templat tidak tertutup.".into()))?;
            let name = &rest[i + 1..i + end];
            if !["opd", "building", "floor", "room", "node", "port", "port2"].contains(&name) {
                return Err(bad(format!(
                    "Templat memuat {{{name}}} yang tidak dikenal."
                )));
            }
            rest = &rest[i + end + 1..];
        }
        Ok(AddressTemplate(t.to_owned()))
    }

    /// The address of `port` on `node` in `room`.
    pub fn render(&self, opd: &str, room: Option<&Room>, node: &Node, port: u16) -> String {
        let (b, f, r) = room.map_or(("?", "?", "?"), |r| {
            (r.building.as_str(), r.floor.as_str(), r.code.as_str())
        });
        self.0
            .replace("{opd}", opd)
            .replace("{building}", b)
            .replace("{floor}", f)
            .replace("{room}", r)
            .replace("{node}", &node.code)
            .replace("{port2}", &format!("{port:02}"))
            .replace("{port}", &port.to_string())
    }
}

impl AddressTemplate {
    /// The address of port 5 of panel PP1 in room G1L2.R07 of DINKES: the
    /// example settings show beside a template.
    pub fn example(&self) -> String {
        let room = Room {
            building: "G1".into(),
            floor: "L2".into(),
            code: "R07".into(),
            ..Default::default()
        };
        let node = Node {
            code: "PP1".into(),
            ..Default::default()
        };
        self.render("DINKES", Some(&room), &node, 5)
    }
}

impl Default for AddressTemplate {
    fn default() -> Self {
        AddressTemplate(Self::DEFAULT.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_domain_example_and_tia_style() {
        let room = Room {
            building: "G1".into(),
            floor: "L2".into(),
            code: "R07".into(),
            ..Default::default()
        };
        let pp = Node {
            code: "PP1".into(),
            ..Default::default()
        };
        assert_eq!(
            AddressTemplate::default().render("DINKES", Some(&room), &pp, 12),
            "DINKES.G1L2.R07.PP1:12"
        );
        let tia = AddressTemplate::parse(AddressTemplate::TIA_606A).expect("valid");
        assert_eq!(tia.render("DINKES", Some(&room), &pp, 3), "L2R07-PP1-03");
        assert_eq!(
            AddressTemplate::default().example(),
            "DINKES.G1L2.R07.PP1:5"
        );
        assert!(AddressTemplate::parse("{opd}.{node}").is_err(), "no port");
        assert!(AddressTemplate::parse("{opd}.{nod}:{port}").is_err());
        assert!(AddressTemplate::parse("{node}:{port").is_err());
    }
}
