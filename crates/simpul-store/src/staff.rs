//! Console accounts on the data center's replica. A staff member is a
//! person of the replica (their key sealed under their password, their
//! changes signed and attributed like a desktop person's) with a console
//! role. Signing in gives a [`Signer`] the console keeps in memory for the
//! session; each request then acts as that person ([`Replica::act_as`]).

use crate::error::StoreError;
use crate::people::SignedIn;
use crate::replica::Replica;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use simpul_core::person::Person;
use simpul_core::staff::{StaffInput, StaffRole};
use simpul_core::{Nip, ValidationErrors};
use specta::Type;

/// A signed-in staff member's key, in memory only.
#[derive(Clone)]
pub struct Signer(SignedIn);

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({})", self.0.person.nip)
    }
}

impl Signer {
    pub fn person(&self) -> &Person {
        &self.0.person
    }
}

/// A staff account as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StaffView {
    pub name: String,
    pub nip: String,
    pub role: StaffRole,
    pub role_label: String,
    /// Sign-in is locked now (too many wrong passwords).
    pub locked: bool,
}

impl Replica {
    /// Adds a console account (an admin's act; the first one from the
    /// command line, where the device itself acts).
    pub fn add_staff(&mut self, input: &StaffInput) -> Result<StaffView, StoreError> {
        let (person, password) = input.validate()?;
        if let Some(s) = &self.signer {
            if self.staff_role(&s.person.nip)? != Some(StaffRole::Admin) {
                return Err(StoreError::Forbidden(
                    "Hanya admin yang dapat menambah akun.".into(),
                ));
            }
        }
        self.insert_person(&person, &password, input.role.key())?;
        Ok(StaffView {
            name: person.name,
            nip: person.nip,
            role: input.role,
            role_label: input.role.label().to_owned(),
            locked: false,
        })
    }

    /// Every console account, by name.
    pub fn staff(&self) -> Result<Vec<StaffView>, StoreError> {
        Ok(self
            .listed("staff_role != ''")?
            .into_iter()
            .filter_map(|l| {
                let role = StaffRole::from_key(&l.staff_role)?;
                Some(StaffView {
                    name: l.name,
                    nip: l.nip,
                    role,
                    role_label: role.label().to_owned(),
                    locked: l.locked,
                })
            })
            .collect())
    }

    /// A person's console role; `None` for a desktop person or no one.
    pub fn staff_role(&self, nip: &str) -> Result<Option<StaffRole>, StoreError> {
        let role: Option<String> = self
            .conn
            .query_row(
                "SELECT staff_role FROM person WHERE nip = ?1",
                params![nip],
                |r| r.get(0),
            )
            .optional()?;
        Ok(role.as_deref().and_then(StaffRole::from_key))
    }

    /// Checks a console account's password (wrong ones count towards the
    /// lock, as a PIN's do) and opens their key. Anyone who is not a
    /// console account is `NotFound`, before any password is tried.
    pub fn staff_sign_in(
        &mut self,
        nip: &str,
        password: &str,
    ) -> Result<(StaffRole, Signer), StoreError> {
        let nip = Nip::parse("nip", nip)
            .map_err(|e| ValidationErrors(vec![e]))?
            .digits()
            .to_owned();
        let role = self.staff_role(&nip)?.ok_or(StoreError::NotFound("akun"))?;
        let signed = self.unseal(&nip, password)?;
        Ok((role, Signer(signed)))
    }

    /// Makes the following writes those of `signer` (or of no one: then a
    /// write needing a person is refused, see `require_person`).
    pub fn act_as(&mut self, signer: Option<&Signer>) {
        self.signer = signer.map(|s| s.0.clone());
    }
}
