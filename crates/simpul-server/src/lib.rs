//! The Diskominfo data-center server.
//!
//! Devices enroll once with a one-time code issued for one OPD (or for
//! Diskominfo) and receive a token; the server keeps only hashes of codes
//! and tokens. `POST /api/v1/sync` carries one round of the sync protocol
//! (`simpul-sync`): the hub core checks scopes and authors, and everything
//! a round changed is stored in one SQLite transaction before the answer
//! leaves. Revocation is read from the database on every request, so
//! `simpul admin devices --revoke` works at once, even while serving.

mod admin;
mod body;
mod credentials;
mod error;
mod routes;
mod state;
mod store;

pub use admin::{Admin, DeviceInfo, EnrollCode};
pub use error::ServerError;
pub use routes::router;
pub use state::ServerState;
pub use store::{HubStore, SqliteHubStore};

/// Serves on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: ServerState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}
