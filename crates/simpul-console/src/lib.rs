//! The data center's browser console: Diskominfo staff sign in with NIP
//! and password and call the application's operations over HTTP, on the
//! server's own Diskominfo replica, each write signed as the person.
//!
//! Endpoints (all behind [`guard::guard`]: security headers, no
//! cross-origin requests):
//! * `POST /api/v1/console/sign-in` `{nip, password}`: a session cookie
//!   (HttpOnly, Secure, SameSite=Strict) and the CSRF token;
//! * `GET /api/v1/console/session`, `POST /api/v1/console/sign-out`;
//! * `GET /api/v1/console/changes?since=N`: the replica's change count,
//!   once it differs from N (a long poll; see [`changes`]);
//! * `POST /api/v1/console/admin/{overview,opd,enroll-code,revoke,
//!   staff-add,bundle-import,bundle-export}`: the
//!   server's administration, for admins ([`admin`]);
//! * `POST /api/v1/app/<operation>`: any operation of
//!   `simpul_service::operations` the person's role may call, and the
//!   operations on files of [`files::FILE_OPERATIONS`];
//! * `POST /api/v1/console/upload?name=`, `GET
//!   /api/v1/console/download/<id>`: the files those read and write;
//! * any other GET: the UI (`ui/dist`, embedded), whose browser transport
//!   sends the same calls as the desktop's bindings over this API.

mod admin;
mod api;
mod changes;
pub mod files;
pub mod guard;
mod limiter;
mod pages;
mod sessions;
pub mod uplink;

pub use api::{SessionView, COOKIE};
use axum::routing::{get, post};
use axum::Router;
pub use changes::{change_feed, ChangeCounter, ChangeFeed};
use limiter::SignInLimiter;
use sessions::Sessions;
use simpul_service::Service;
use std::sync::Arc;

/// Minutes without a request before a session ends.
pub const IDLE_MINUTES: i64 = 30;
/// Hours after sign-in before a session ends regardless.
pub const MAX_HOURS: i64 = 12;

fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The console's state; cheap to clone.
#[derive(Clone)]
pub struct Console {
    inner: Arc<Inner>,
}

struct Inner {
    service: Service,
    /// The data center this console administers (None: reads and
    /// writes the replica only).
    data_center: Option<simpul_server::ServerState>,
    /// What pages wait on to refetch (None: they are never told).
    changes: Option<ChangeFeed>,
    sessions: Sessions,
    limiter: SignInLimiter,
    files: files::FileStore,
    now_ms: Box<dyn Fn() -> i64 + Send + Sync>,
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console").finish_non_exhaustive()
    }
}

impl Console {
    /// The console over `service` (the server's replica), on the system
    /// clock.
    pub fn new(service: Service) -> Console {
        Console::with_clock(service, system_ms)
    }

    /// [`Console::new`] with the time in ms since the epoch from `now_ms`.
    pub fn with_clock(
        service: Service,
        now_ms: impl Fn() -> i64 + Send + Sync + 'static,
    ) -> Console {
        if let Err(e) = service.require_sign_in() {
            tracing::error!(error = %e, "the console's replica could not require sign-in");
        }
        Console {
            inner: Arc::new(Inner {
                service,
                data_center: None,
                changes: None,
                sessions: Sessions::new(IDLE_MINUTES * 60_000, MAX_HOURS * 3_600_000),
                limiter: SignInLimiter::default(),
                files: files::FileStore::default(),
                now_ms: Box::new(now_ms),
            }),
        }
    }

    /// The console administering `state` as well (OPDs, codes, devices,
    /// health): the server that serves it.
    pub fn with_data_center(mut self, state: simpul_server::ServerState) -> Console {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.data_center = Some(state),
            None => tracing::error!("the console is already shared; its data center was not set"),
        }
        self
    }

    /// Pages hear of changes from `feed` (the service's host being the
    /// feed's [`ChangeCounter`]).
    pub fn with_changes(mut self, feed: ChangeFeed) -> Console {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.changes = Some(feed),
            None => tracing::error!("the console is already shared; its change feed was not set"),
        }
        self
    }

    pub fn service(&self) -> &Service {
        &self.inner.service
    }

    fn changes(&self) -> Option<&ChangeFeed> {
        self.inner.changes.as_ref()
    }

    fn data_center(&self) -> Option<&simpul_server::ServerState> {
        self.inner.data_center.as_ref()
    }

    fn sessions(&self) -> &Sessions {
        &self.inner.sessions
    }

    fn files(&self) -> &files::FileStore {
        &self.inner.files
    }

    fn limiter(&self) -> &SignInLimiter {
        &self.inner.limiter
    }

    fn now_ms(&self) -> i64 {
        (self.inner.now_ms)()
    }

    fn max_age_s(&self) -> i64 {
        MAX_HOURS * 3600
    }
}

/// The console's routes, to merge with the sync server's: the API and,
/// for every other GET, the UI's pages. Answers are compressed (gzip or
/// Brotli) when the browser accepts it.
pub fn router(console: Console) -> Router {
    Router::new()
        .route("/api/v1/console/sign-in", post(api::sign_in))
        .route("/api/v1/console/sign-out", post(api::sign_out))
        .route("/api/v1/console/session", get(api::session))
        .route("/api/v1/console/changes", get(api::changes))
        .route("/api/v1/app/{name}", post(api::call))
        .route(
            "/api/v1/console/upload",
            post(api::upload).layer(axum::extract::DefaultBodyLimit::max(files::MAX_UPLOAD)),
        )
        .route("/api/v1/console/download/{id}", get(api::download))
        .route("/api/v1/console/admin/overview", post(admin::overview))
        .route("/api/v1/console/admin/opd", post(admin::opd_save))
        .route(
            "/api/v1/console/admin/enroll-code",
            post(admin::enroll_code),
        )
        .route("/api/v1/console/admin/revoke", post(admin::revoke))
        .route("/api/v1/console/admin/staff-add", post(admin::staff_add))
        .route(
            "/api/v1/console/admin/bundle-import",
            post(admin::bundle_import).layer(axum::extract::DefaultBodyLimit::max(
                simpul_sync::bundle::MAX_BUNDLE,
            )),
        )
        .route(
            "/api/v1/console/admin/bundle-export",
            post(admin::bundle_export),
        )
        .fallback(get(pages::page))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(guard::guard))
        .with_state(console)
}

/// Whether the UI's pages were built into this binary.
pub fn pages_built() -> bool {
    pages::built()
}
