//! Accepting connections within the server's limits: at most
//! `max_connections` open at once (more are closed on arrival), request
//! headers within `header_timeout_s` (which also closes kept-alive
//! connections left idle), and TLS handshakes within their own timeout.

use crate::limits::ServerLimits;
use axum_server::accept::Accept;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Closes connections beyond the limit as they arrive.
#[derive(Debug, Clone)]
pub struct LimitAcceptor {
    open: Arc<Semaphore>,
}

impl LimitAcceptor {
    pub fn new(max_connections: usize) -> LimitAcceptor {
        LimitAcceptor {
            open: Arc::new(Semaphore::new(max_connections.max(1))),
        }
    }
}

/// A connection holding its place among the open ones until it closes.
#[derive(Debug)]
pub struct Counted<S> {
    inner: S,
    _place: OwnedSemaphorePermit,
}

impl<I: Send + 'static, S: Send + 'static> Accept<I, S> for LimitAcceptor {
    type Stream = Counted<I>;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Counted<I>, S)>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        std::future::ready(match self.open.clone().try_acquire_owned() {
            Ok(place) => Ok((
                Counted {
                    inner: stream,
                    _place: place,
                },
                service,
            )),
            Err(_) => {
                tracing::warn!("connection refused: max_connections reached");
                Err(io::Error::other("max_connections"))
            }
        })
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Counted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Counted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Applies the connection limits to a server before it serves.
pub fn configure<A, Acc>(
    mut server: axum_server::Server<A, Acc>,
    limits: &ServerLimits,
) -> axum_server::Server<A, Acc>
where
    A: axum_server::Address,
{
    server
        .http_builder()
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout())
        .max_buf_size(64 * 1024);
    server.http1_only()
}
