//! The data center's browser console: Diskominfo staff sign in with NIP
//! and password and call the application's operations over HTTP, on the
//! server's own Diskominfo replica, each write signed as the person.
//!
//! Endpoints (all behind [`guard::guard`]: security headers, no
//! cross-origin requests):
//! * `POST /api/v1/console/sign-in` `{nip, password}`: a session cookie
//!   (HttpOnly, Secure, SameSite=Strict) and the CSRF token;
//! * `GET /api/v1/console/session`, `POST /api/v1/console/sign-out`;
//! * `POST /api/v1/app/<operation>`: any operation of
//!   `simpul_service::operations` the person's role may call;
//! * any other GET: the UI (`ui/dist`, embedded), whose browser transport
//!   sends the same calls as the desktop's bindings over this API.

mod api;
pub mod guard;
mod limiter;
mod pages;
mod sessions;

pub use api::{SessionView, COOKIE};
use axum::routing::{get, post};
use axum::Router;
use limiter::SignInLimiter;
use sessions::Sessions;
use simpul_service::Service;
use std::sync::Arc;

/// Minutes without a request before a session ends.
pub const IDLE_MINUTES: i64 = 30;
/// Hours after sign-in before a session ends regardless.
pub const MAX_HOURS: i64 = 12;

/// The console's state; cheap to clone.
#[derive(Clone)]
pub struct Console {
    inner: Arc<Inner>,
}

struct Inner {
    service: Service,
    sessions: Sessions,
    limiter: SignInLimiter,
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
        Console::with_clock(service, || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        })
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
                sessions: Sessions::new(IDLE_MINUTES * 60_000, MAX_HOURS * 3_600_000),
                limiter: SignInLimiter::default(),
                now_ms: Box::new(now_ms),
            }),
        }
    }

    pub fn service(&self) -> &Service {
        &self.inner.service
    }

    fn sessions(&self) -> &Sessions {
        &self.inner.sessions
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
        .route("/api/v1/app/{name}", post(api::call))
        .fallback(get(pages::page))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(guard::guard))
        .with_state(console)
}

/// Whether the UI's pages were built into this binary.
pub fn pages_built() -> bool {
    pages::built()
}
