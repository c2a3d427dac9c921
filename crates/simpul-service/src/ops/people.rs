//! People and signing in: the first person at set-up, adding others,
//! signing in and out with a PIN, and the idle lock.

use crate::Service;
use serde::Serialize;
use simpul_core::person::{Person, PersonInput};
use simpul_core::{ApiError, ValidationErrors};
use simpul_store::{PersonView, Profile, ProfileInput};
use specta::Type;

/// Who is working on the device, for the front end's sign-in screen.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SignInState {
    /// The device has people: the app asks who is working.
    pub has_people: bool,
    pub signed_in: Option<Person>,
    /// The signed-in person may add people.
    pub manages_people: bool,
    /// Minutes without input before the app locks (0: never).
    pub idle_lock_minutes: u32,
}

impl Service {
    /// Writes from this front end need a person signed in once the device
    /// has people (the desktop window; the command line acts as the device).
    pub fn require_sign_in(&self) -> Result<(), ApiError> {
        self.replica()?.require_person(true);
        Ok(())
    }

    pub fn sign_in_state(&self) -> Result<SignInState, ApiError> {
        let r = self.replica()?;
        let signed_in = r.signed_in().cloned();
        Ok(SignInState {
            has_people: r.is_configured() && r.has_people()?,
            manages_people: signed_in.as_ref().is_some_and(|p| p.role.manages_people()),
            signed_in,
            idle_lock_minutes: r.idle_lock_minutes()?,
        })
    }

    /// First run: the device's profile and its first person, who is then
    /// signed in. Both inputs are checked before anything is stored.
    pub fn setup_with_person(
        &self,
        profile: &ProfileInput,
        person: &PersonInput,
    ) -> Result<Profile, ApiError> {
        let mut errors = ValidationErrors::default();
        if let Err(e) = profile.validate() {
            errors.0.extend(e.0);
        }
        let (checked, pin) = match person.validate() {
            Ok(p) => p,
            Err(e) => {
                errors.0.extend(e.0);
                return Err(errors.into());
            }
        };
        if !errors.0.is_empty() {
            return Err(errors.into());
        }
        let saved = {
            let mut r = self.replica()?;
            let saved = r.setup(profile)?;
            r.add_person(person)?;
            r.sign_in(&checked.nip, &pin)?;
            saved
        };
        self.spawn_warm_up();
        self.changed();
        Ok(saved)
    }

    pub fn people(&self) -> Result<Vec<PersonView>, ApiError> {
        Ok(self.configured()?.people()?)
    }

    pub fn person_add(&self, input: &PersonInput) -> Result<PersonView, ApiError> {
        let added = self.configured()?.add_person(input)?;
        self.host().data_changed();
        Ok(added)
    }

    pub fn pin_reset(&self, nip: &str, pin: &str, pin_again: &str) -> Result<(), ApiError> {
        self.configured()?.reset_pin(nip, pin, pin_again)?;
        self.host().data_changed();
        Ok(())
    }

    pub fn person_remove(&self, nip: &str) -> Result<(), ApiError> {
        self.configured()?.remove_person(nip)?;
        self.host().data_changed();
        Ok(())
    }

    pub fn sign_in(&self, nip: &str, pin: &str) -> Result<Person, ApiError> {
        let person = self.configured()?.sign_in(nip, pin)?;
        self.host().data_changed();
        Ok(person)
    }

    pub fn sign_out(&self) -> Result<(), ApiError> {
        self.replica()?.sign_out();
        self.host().data_changed();
        Ok(())
    }

    pub fn idle_lock_set(&self, minutes: u32) -> Result<(), ApiError> {
        self.configured()?.set_idle_lock_minutes(minutes)?;
        Ok(())
    }
}
