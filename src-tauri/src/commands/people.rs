//! Setting up with the first person and signing in with the device PIN
//! (Argon2id, off the main thread).

use super::{blocking, Svc};
use simpul_core::person::{Person, PersonInput};
use simpul_core::ApiError;
use simpul_store::{Profile, ProfileInput};

/// First run: the profile and the first person, who is then signed in.
#[tauri::command]
#[specta::specta]
pub async fn setup_with_person(
    svc: Svc<'_>,
    profile: ProfileInput,
    person: PersonInput,
) -> Result<Profile, ApiError> {
    blocking(&svc, move |s| s.setup_with_person(&profile, &person)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(svc: Svc<'_>, nip: String, pin: String) -> Result<Person, ApiError> {
    blocking(&svc, move |s| s.sign_in(&nip, &pin)).await
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(svc: Svc<'_>) -> Result<(), ApiError> {
    svc.sign_out()
}
