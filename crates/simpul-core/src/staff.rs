//! Diskominfo staff of the data center's browser console: their roles,
//! what each role may call, and the password they sign in with. A staff
//! account is a person of the server's replica (role Diskominfo, so their
//! changes are signed and attributed as on a desktop) with a console role.

use crate::error::{FieldError, ValidationErrors};
use crate::person::{name_and_nip, Person, Role};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What calling an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Reads only.
    Read,
    /// Changes the inventory, registrations, pools or the inbox.
    Write,
    /// Changes who may work: people, accounts, devices, the OPD list.
    Admin,
}

/// A staff account's role in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Everything, including accounts and devices.
    Admin,
    /// Registrations, pools, the inbox, reports.
    Operator,
    /// Reads only (e.g. the Inspektorat).
    Viewer,
}

impl StaffRole {
    pub const ALL: [StaffRole; 3] = [StaffRole::Admin, StaffRole::Operator, StaffRole::Viewer];

    /// Whether this role may do what `access` needs.
    pub fn may(self, access: Access) -> bool {
        match self {
            StaffRole::Admin => true,
            StaffRole::Operator => access != Access::Admin,
            StaffRole::Viewer => access == Access::Read,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Operator => "operator",
            StaffRole::Viewer => "viewer",
        }
    }

    pub fn from_key(key: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            StaffRole::Admin => "Admin",
            StaffRole::Operator => "Operator",
            StaffRole::Viewer => "Peninjau (baca saja)",
        }
    }
}

/// Shortest password.
pub const PASSWORD_MIN: usize = 10;
/// Longest password (Argon2 input is bounded; a longer one is a paste).
pub const PASSWORD_MAX: usize = 128;

/// Checks a password: 10 to 128 characters, not one character repeated,
/// not the NIP.
pub fn check_password(field: &str, password: &str, nip: &str) -> Result<(), FieldError> {
    let err = |code: &str, msg: String| FieldError::new(field, code, msg);
    let n = password.chars().count();
    if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n) {
        return Err(err(
            "password.length",
            format!(
                "Kata sandi harus {PASSWORD_MIN} sampai {PASSWORD_MAX} karakter; yang diketik {n}."
            ),
        ));
    }
    let mut chars = password.chars();
    let first = chars.next();
    let digits: String = nip.chars().filter(char::is_ascii_digit).collect();
    if chars.all(|c| Some(c) == first) || (!digits.is_empty() && password.contains(&digits)) {
        return Err(err(
            "password.weak",
            "Kata sandi terlalu mudah ditebak (satu karakter berulang atau memuat NIP); pilih yang lain.".into(),
        ));
    }
    Ok(())
}

/// A staff account as the command line or the admin page gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StaffInput {
    pub name: String,
    pub nip: String,
    pub role: StaffRole,
    pub password: String,
    /// The password typed a second time.
    pub password_again: String,
}

impl StaffInput {
    /// The person (role Diskominfo) and the password, or every problem.
    pub fn validate(&self) -> Result<(Person, String), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let (name, nip) = name_and_nip(&self.name, &self.nip, &mut errors);
        if let Err(e) = check_password("password", &self.password, &self.nip) {
            errors.push(e);
        } else if self.password != self.password_again {
            errors.push(FieldError::new(
                "password_again",
                "password.mismatch",
                "Kata sandi yang diketik ulang tidak sama.",
            ));
        }
        match nip {
            Some(nip) if errors.0.is_empty() => Ok((
                Person {
                    name,
                    nip: nip.digits().to_owned(),
                    role: Role::Diskominfo,
                },
                self.password.clone(),
            )),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(password: &str, again: &str) -> StaffInput {
        StaffInput {
            name: " Rina  Wulandari ".into(),
            nip: "19900101 201501 2 001".into(),
            role: StaffRole::Operator,
            password: password.into(),
            password_again: again.into(),
        }
    }

    #[test]
    fn a_password_is_long_not_repeated_not_the_nip_and_typed_twice() {
        let (p, pw) = input("kabut pagi 77", "kabut pagi 77")
            .validate()
            .expect("valid");
        assert_eq!(p.name, "Rina Wulandari");
        assert_eq!(p.nip, "199001012015012001");
        assert_eq!(p.role, Role::Diskominfo);
        assert_eq!(pw, "kabut pagi 77");
        let code =
            |pw: &str, again: &str| input(pw, again).validate().expect_err(pw).0[0].code.clone();
        assert_eq!(code("pendek", "pendek"), "password.length");
        assert_eq!(code(&"x".repeat(129), &"x".repeat(129)), "password.length");
        assert_eq!(code("aaaaaaaaaaaa", "aaaaaaaaaaaa"), "password.weak");
        assert_eq!(
            code("x199001012015012001", "x199001012015012001"),
            "password.weak"
        );
        assert_eq!(code("kabut pagi 77", "kabut pagi 78"), "password.mismatch");
    }

    #[test]
    fn a_viewer_only_reads_and_an_operator_does_not_administer() {
        use Access::*;
        assert!(StaffRole::Viewer.may(Read) && !StaffRole::Viewer.may(Write));
        assert!(StaffRole::Operator.may(Write) && !StaffRole::Operator.may(Admin));
        assert!(StaffRole::Admin.may(Admin));
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::from_key(r.key()), Some(r));
        }
        assert_eq!(StaffRole::from_key(""), None);
    }
}
