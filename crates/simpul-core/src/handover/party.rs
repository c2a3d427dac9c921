//! A person who signs an official paper: name, NIP, position. The one
//! rule for "a signing party": a name and a valid NIP.

use crate::error::{FieldError, ValidationErrors};
use crate::nip::Nip;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Party {
    pub name: String,
    /// 18 digits once validated.
    pub nip: String,
    /// Position (jabatan), or the role in a team.
    pub role: String,
}

impl Party {
    /// Whether nothing was filled in.
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.nip.trim().is_empty() && self.role.trim().is_empty()
    }

    /// The party tidied, its NIP as 18 digits; problems are pushed to
    /// `errs` under `<field>.name` and `<field>.nip`.
    pub fn validate(&self, field: &str, errs: &mut ValidationErrors) -> Party {
        if self.name.trim().is_empty() {
            errs.push(FieldError::new(
                &format!("{field}.name"),
                "name.required",
                "Nama wajib diisi.",
            ));
        }
        let nip = errs.check(Nip::parse(&format!("{field}.nip"), &self.nip));
        Party {
            name: self.name.split_whitespace().collect::<Vec<_>>().join(" "),
            nip: nip.map(|n| n.digits().to_owned()).unwrap_or_default(),
            role: self.role.trim().to_owned(),
        }
    }
}
