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
mod audit;
pub mod backup;
mod body;
mod credentials;
mod error;
mod limits;
mod listen;
mod pool;
mod rounds;
mod routes;
pub mod server_key;
mod state;
mod status;
mod store;

pub use admin::{Admin, DeviceInfo, EnrollCode};
pub use error::ServerError;
pub use limits::{ServerLimits, DEFAULT_MEMORY_BUDGET};
pub use rounds::RoundStatus;
pub use routes::router;
pub use simpul_core::regency::update_status::{DeviceStatus, OpdStatus, UpdateStatus};
pub use state::ServerState;
pub use store::{
    AuditFilter, AuditRow, Database, DeviceRow, Enrolled, HubStore, PgHubStore, RoundWrite,
    SlotStore, SqliteHubStore, StorageError, StoreResult, StoredDoc, StoredDocs,
};

/// A certificate chain and its private key, both PEM.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: std::path::PathBuf,
    pub key: std::path::PathBuf,
}

/// Serves HTTPS (rustls) on `listener` until `shutdown` resolves.
pub async fn serve_tls(
    listener: std::net::TcpListener,
    state: ServerState,
    tls: &TlsFiles,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.limits().clone();
    serve_app_tls(listener, router(state), &limits, tls, shutdown).await
}

/// Serves plain HTTP on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: std::net::TcpListener,
    state: ServerState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.limits().clone();
    serve_app(listener, router(state), &limits, shutdown).await
}

/// [`serve_tls`] for any routes: the sync server's merged with others
/// (the browser console), under the server's connection limits.
pub async fn serve_app_tls(
    listener: std::net::TcpListener,
    app: axum::Router,
    limits: &ServerLimits,
    tls: &TlsFiles,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // One crypto provider for the whole process (ring: no C toolchain needs).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.cert, &tls.key).await?;
    let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(config)
        .handshake_timeout(limits.handshake_timeout())
        .acceptor(listen::LimitAcceptor::new(limits.max_connections));
    listener.set_nonblocking(true)?;
    let server = axum_server::from_tcp(listener)?.acceptor(acceptor);
    listen::configure(server, limits)
        .handle(handle_for(shutdown))
        .serve(app.into_make_service())
        .await
}

/// [`serve`] for any routes (see [`serve_app_tls`]).
pub async fn serve_app(
    listener: std::net::TcpListener,
    app: axum::Router,
    limits: &ServerLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let server = axum_server::from_tcp(listener)?
        .acceptor(listen::LimitAcceptor::new(limits.max_connections));
    listen::configure(server, limits)
        .handle(handle_for(shutdown))
        .serve(app.into_make_service())
        .await
}

/// A handle that stops the server gracefully when `shutdown` resolves.
fn handle_for(
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> axum_server::Handle<std::net::SocketAddr> {
    let handle = axum_server::Handle::new();
    let h = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        h.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    handle
}
