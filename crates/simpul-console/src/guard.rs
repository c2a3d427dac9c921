//! What every console response carries and every console request must
//! pass: security headers (a strict Content-Security-Policy among them),
//! and refusal of cross-origin requests (an `Origin` other than the host,
//! or `Sec-Fetch-Site: cross-site`). Refusals are logged.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The console's Content-Security-Policy: its own scripts, styles and
/// API only; no framing, plugins or foreign forms.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HEADERS: [(&str, &str); 7] = [
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(self), microphone=(), geolocation=()",
    ),
];

/// Whether a request comes from a page of another origin.
fn cross_origin(headers: &HeaderMap) -> Option<String> {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return Some("sec-fetch-site cross-site".into());
    }
    let origin = headers.get(header::ORIGIN)?.to_str().unwrap_or("?");
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or("");
    (host.is_empty() || origin_host != host).then(|| format!("origin {origin} for host {host}"))
}

/// Refuses cross-origin requests; adds the security headers.
pub async fn guard(req: Request, next: Next) -> Response {
    let mut response = match cross_origin(req.headers()) {
        Some(why) => {
            tracing::warn!(path = %req.uri().path(), why, "console request refused: cross-origin");
            (StatusCode::FORBIDDEN, "Permintaan dari situs lain ditolak.").into_response()
        }
        None => next.run(req).await,
    };
    let h = response.headers_mut();
    for (name, value) in HEADERS {
        h.insert(name, HeaderValue::from_static(value));
    }
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_the_consoles_own_origin_passes() {
        assert!(cross_origin(&headers(&[("host", "10.0.0.5:8440")])).is_none());
        assert!(cross_origin(&headers(&[
            ("host", "10.0.0.5:8440"),
            ("origin", "https://10.0.0.5:8440")
        ]))
        .is_none());
        assert!(cross_origin(&headers(&[
            ("host", "10.0.0.5:8440"),
            ("origin", "https://evil.example")
        ]))
        .is_some());
        assert!(cross_origin(&headers(&[("host", "10.0.0.5:8440"), ("origin", "null")])).is_some());
        assert!(cross_origin(&headers(&[
            ("host", "10.0.0.5:8440"),
            ("sec-fetch-site", "cross-site")
        ]))
        .is_some());
    }
}
