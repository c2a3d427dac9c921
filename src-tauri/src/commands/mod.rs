//! Tauri commands, grouped by page. Each is one call of the application
//! layer ([`simpul_service::Service`]), which owns the rules, the replica
//! lock, change events and error mapping.

pub mod app;
pub mod assets;
pub mod backup;
pub mod files;
pub mod handover;
pub mod labels;
pub mod network;
pub mod people;
pub mod registry;
pub mod report;
pub mod rooms;
pub mod stocktake;
pub mod sync;

/// The service, as commands receive it.
pub type Svc<'a> = tauri::State<'a, simpul_service::Service>;

/// Runs blocking work (file reading, the network) off the main thread.
pub async fn blocking<T: Send + 'static>(
    svc: &simpul_service::Service,
    work: impl FnOnce(&simpul_service::Service) -> Result<T, simpul_core::ApiError> + Send + 'static,
) -> Result<T, simpul_core::ApiError> {
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
