//! The people who use a device: name, NIP and role, and the rules for the
//! PIN they sign in with. Who may add people, and what a role may do, is
//! decided here and nowhere else.

use crate::error::{FieldError, ValidationErrors};
use crate::nip::Nip;
use serde::{Deserialize, Serialize};
use specta::Type;

/// A person's role on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Pengurus barang: keeps the OPD's asset records.
    PengurusBarang,
    /// Teknisi: cables, ports and network devices.
    Teknisi,
    /// Admin OPD: everything on the OPD's device, and its people.
    AdminOpd,
    /// Diskominfo staff: the data center's device.
    Diskominfo,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::PengurusBarang,
        Role::Teknisi,
        Role::AdminOpd,
        Role::Diskominfo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::PengurusBarang => "Pengurus barang",
            Role::Teknisi => "Teknisi",
            Role::AdminOpd => "Admin OPD",
            Role::Diskominfo => "Diskominfo",
        }
    }

    /// Whether this role adds people to the device.
    pub fn manages_people(self) -> bool {
        matches!(self, Role::AdminOpd | Role::Diskominfo)
    }

    /// The stored key (`admin_opd`).
    pub fn key(self) -> String {
        crate::choice::key_of(&self)
    }

    pub fn from_key(key: &str) -> Option<Role> {
        crate::choice::from_key(key)
    }
}

crate::labelled!(Role, Role::ALL, {
    Role::PengurusBarang => "Asset officer",
    Role::Teknisi => "Technician",
    Role::AdminOpd => "OPD administrator",
    Role::Diskominfo => "Diskominfo",
});

/// A person as a form gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PersonInput {
    pub name: String,
    pub nip: String,
    pub role: Role,
    pub pin: String,
    /// The PIN typed a second time.
    pub pin_again: String,
}

/// A validated person (the PIN is kept apart: it is never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Person {
    pub name: String,
    /// 18 digits.
    pub nip: String,
    pub role: Role,
}

/// Shortest PIN.
pub const PIN_MIN: usize = 6;
/// Longest PIN (a longer one is a password typed into the wrong field).
pub const PIN_MAX: usize = 12;
/// Wrong PINs in a row before sign-in locks.
pub const PIN_TRIES: u32 = 5;
/// How long sign-in stays locked after [`PIN_TRIES`] wrong PINs.
pub const PIN_LOCK_MS: i64 = 5 * 60 * 1000;

/// Checks a PIN: digits only, 6 to 12 of them, not one digit repeated and
/// not a run (123456).
pub fn check_pin(field: &str, pin: &str) -> Result<(), FieldError> {
    let err = |code: &str, msg: &str| FieldError::new(field, code, msg);
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(err("pin.digits", "PIN hanya boleh berisi angka."));
    }
    if pin.len() < PIN_MIN || pin.len() > PIN_MAX {
        return Err(err(
            "pin.length",
            &format!(
                "PIN harus {PIN_MIN} sampai {PIN_MAX} angka; yang diketik {} angka.",
                pin.len()
            ),
        ));
    }
    let d: Vec<i32> = pin.bytes().map(|b| i32::from(b - b'0')).collect();
    let steps: Vec<i32> = d.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.iter().all(|s| *s == 0)
        || steps.iter().all(|s| *s == 1)
        || steps.iter().all(|s| *s == -1)
    {
        return Err(err(
            "pin.weak",
            "PIN terlalu mudah ditebak (angka sama atau berurutan); pilih PIN lain.",
        ));
    }
    Ok(())
}

impl PersonInput {
    /// The person and their PIN, or every problem found.
    pub fn validate(&self) -> Result<(Person, String), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let (name, nip) = name_and_nip(&self.name, &self.nip, &mut errors);
        if let Err(e) = check_pin("pin", &self.pin) {
            errors.push(e);
        } else if self.pin != self.pin_again {
            errors.push(FieldError::new(
                "pin_again",
                "pin.mismatch",
                "PIN yang diketik ulang tidak sama.",
            ));
        }
        match nip {
            Some(nip) if errors.0.is_empty() => Ok((
                Person {
                    name,
                    nip: nip.digits().to_owned(),
                    role: self.role,
                },
                self.pin.clone(),
            )),
            _ => Err(errors),
        }
    }
}

/// A person's name (spaces tidied, at least 3 letters) and NIP, each
/// problem added to `errors`: the one rule for a person's identity, on a
/// device and in the console.
pub(crate) fn name_and_nip(
    name: &str,
    nip: &str,
    errors: &mut ValidationErrors,
) -> (String, Option<Nip>) {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() < 3 {
        errors.push(FieldError::new(
            "name",
            "name.required",
            "Nama lengkap wajib diisi (paling sedikit 3 huruf).",
        ));
    }
    let nip = Nip::parse("nip", nip).map_err(|e| errors.push(e)).ok();
    (name, nip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pin: &str, again: &str) -> PersonInput {
        PersonInput {
            name: "  Siti   Rahma ".into(),
            nip: "19850312 201001 2 004".into(),
            role: Role::PengurusBarang,
            pin: pin.into(),
            pin_again: again.into(),
        }
    }

    #[test]
    fn a_person_needs_a_name_a_valid_nip_and_a_pin_typed_twice() {
        let (p, pin) = input("284615", "284615").validate().expect("valid");
        assert_eq!(p.name, "Siti Rahma");
        assert_eq!(p.nip, "198503122010012004");
        assert_eq!(pin, "284615");
        let codes = |i: PersonInput| -> Vec<String> {
            i.validate()
                .expect_err("invalid")
                .0
                .into_iter()
                .map(|e| e.code)
                .collect()
        };
        assert_eq!(codes(input("2846", "2846")), ["pin.length"]);
        assert_eq!(codes(input("28461a", "28461a")), ["pin.digits"]);
        assert_eq!(codes(input("111111", "111111")), ["pin.weak"]);
        assert_eq!(codes(input("123456", "123456")), ["pin.weak"]);
        assert_eq!(codes(input("987654", "987654")), ["pin.weak"]);
        assert_eq!(codes(input("284615", "284616")), ["pin.mismatch"]);
        let mut bad = input("284615", "284615");
        bad.nip = "1985".into();
        bad.name = "S".into();
        assert_eq!(codes(bad), ["name.required", "nip.length"]);
    }

    #[test]
    fn only_admins_manage_people() {
        assert!(Role::AdminOpd.manages_people());
        assert!(Role::Diskominfo.manages_people());
        assert!(!Role::Teknisi.manages_people());
        assert_eq!(Role::from_key(&Role::AdminOpd.key()), Some(Role::AdminOpd));
    }
}
