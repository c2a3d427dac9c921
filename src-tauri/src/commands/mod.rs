//! Tauri commands. The operations on the replica are generated from the
//! one list in [`simpul_service::operations`] (each is one call of the
//! application layer, run off the main thread); the modules below hold
//! the desktop's own: files picked in dialogs, progress streamed to the
//! window, the device PIN, enrollment and backups.

pub mod app;
pub mod backup;
pub mod files;
pub mod handover;
pub mod labels;
pub mod people;
pub mod report;
pub mod stocktake;
pub mod sync;

use simpul_core::ApiError;

/// The service, as commands receive it.
pub type Svc<'a> = tauri::State<'a, simpul_service::Service>;

/// Runs blocking work (file reading, the network) off the main thread.
pub async fn blocking<T: Send + 'static>(
    svc: &simpul_service::Service,
    work: impl FnOnce(&simpul_service::Service) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let svc = svc.clone();
    tauri::async_runtime::spawn_blocking(move || work(&svc))
        .await
        .map_err(|_| {
            simpul_core::ApiError::new(
                simpul_core::ErrorCode::Internal,
                "Pekerjaan terhenti; coba lagi.",
            )
        })?
}

/// One command per listed operation, and the builder registering them
/// with the desktop's own commands (given in brackets).
macro_rules! tauri_commands {
    ([$($module:ident :: $own:ident),* $(,)?] $(
        $(#[$doc:meta])*
        $access:ident $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty = $svc:ident => $body:expr;
    )*) => {
        /// The listed operations as commands.
        pub mod listed {
            use super::{blocking, Svc};
            use simpul_core::ApiError;
            $(
                $(#[$doc])*
                #[tauri::command]
                #[specta::specta]
                pub async fn $name(svc: Svc<'_>, $($arg: $ty),*) -> Result<$out, ApiError> {
                    blocking(&svc, move |$svc| $body).await
                }
            )*
        }

        /// Every command the UI may call, with its TypeScript binding.
        pub fn builder() -> tauri_specta::Builder<tauri::Wry> {
            tauri_specta::Builder::<tauri::Wry>::new()
                .error_handling(tauri_specta::ErrorHandlingMode::Throw)
                .dangerously_cast_bigints_to_number()
                .commands(tauri_specta::collect_commands![
                    $(listed::$name,)*
                    $($module::$own,)*
                ])
        }
    };
}

simpul_service::operations!(
    tauri_commands,
    app::demo_load,
    people::setup_with_person,
    people::sign_in,
    people::sign_out,
    stocktake::stocktake_report_save,
    handover::bast_save,
    labels::labels_save,
    labels::tags_save,
    files::kib_preview,
    files::kib_import,
    files::kib_export,
    backup::backup_save,
    backup::backup_restore,
    report::report_save,
    report::kir_save,
    report::overdue_list_save,
    sync::server_enroll,
    sync::bundle_export,
    sync::bundle_import,
    sync::enroll_file,
);
