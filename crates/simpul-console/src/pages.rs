//! The UI's built files, embedded in the binary, served at `/`: a file
//! by its path, `index.html` for any other page (the UI routes by URL).
//! Hashed assets are cached for a year; `index.html` is never cached, so
//! a new server version is picked up on the next load.

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../ui/dist"]
struct Dist;

/// Whether the UI was built into this binary.
pub fn built() -> bool {
    Dist::get("index.html").is_some()
}

fn file(path: &str) -> Option<Response> {
    let f = Dist::get(path)?;
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Some(
        (
            [
                (header::CONTENT_TYPE, f.metadata.mimetype().to_owned()),
                (header::CACHE_CONTROL, cache.to_owned()),
            ],
            f.data,
        )
            .into_response(),
    )
}

/// A page of the UI.
pub async fn page(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Some(r) = (!path.is_empty()).then(|| file(path)).flatten() {
        return r;
    }
    file("index.html").unwrap_or_else(|| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "Halaman konsol tidak ikut dibangun: jalankan `npm run build` di ui/ lalu bangun ulang simpul.",
        )
            .into_response()
    })
}
