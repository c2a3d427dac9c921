//! People and signing in. PIN checks (Argon2id) run off the main thread.

use super::{blocking, Svc};
use simpul_core::person::{Person, PersonInput};
use simpul_core::ApiError;
use simpul_service::ops::people::SignInState;
use simpul_store::{PersonView, Profile, ProfileInput};

#[tauri::command]
#[specta::specta]
pub fn sign_in_state(svc: Svc<'_>) -> Result<SignInState, ApiError> {
    svc.sign_in_state()
}

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
pub fn people(svc: Svc<'_>) -> Result<Vec<PersonView>, ApiError> {
    svc.people()
}

#[tauri::command]
#[specta::specta]
pub async fn person_add(svc: Svc<'_>, input: PersonInput) -> Result<PersonView, ApiError> {
    blocking(&svc, move |s| s.person_add(&input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_in(svc: Svc<'_>, nip: String, pin: String) -> Result<Person, ApiError> {
    blocking(&svc, move |s| s.sign_in(&nip, &pin)).await
}

/// A new PIN for a person (an administrator's act).
#[tauri::command]
#[specta::specta]
pub async fn pin_reset(
    svc: Svc<'_>,
    nip: String,
    pin: String,
    pin_again: String,
) -> Result<(), ApiError> {
    blocking(&svc, move |s| s.pin_reset(&nip, &pin, &pin_again)).await
}

#[tauri::command]
#[specta::specta]
pub fn person_remove(svc: Svc<'_>, nip: String) -> Result<(), ApiError> {
    svc.person_remove(&nip)
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(svc: Svc<'_>) -> Result<(), ApiError> {
    svc.sign_out()
}

#[tauri::command]
#[specta::specta]
pub fn idle_lock_set(svc: Svc<'_>, minutes: u32) -> Result<(), ApiError> {
    svc.idle_lock_set(minutes)
}

/// The change history of a room, node, registration, pool (or any record).
#[tauri::command]
#[specta::specta]
pub fn record_history(
    svc: Svc<'_>,
    kind: simpul_core::checks::RecordKind,
    id: String,
) -> Result<Vec<simpul_core::history::HistoryEntry>, ApiError> {
    svc.record_history(kind, &id)
}
