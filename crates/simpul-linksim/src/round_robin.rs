//! A loopback HTTP/1.1 proxy that sends each request to the next of
//! several servers in turn, as a load balancer in front of several
//! `simpul serve` processes would, so consecutive requests of one sync
//! session land on different processes. It can also cut the upload of
//! every n-th request halfway: the server keeps what arrived and the
//! device's connection closes, as a dropped link does.
//!
//! Requests must carry a `Content-Length` (Simpul's client always sends
//! one); each is forwarded on a new upstream connection with
//! `Connection: close`, and the response is relayed whole.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;

/// What the proxy did.
#[derive(Debug)]
pub struct RoundRobinStats {
    /// Requests sent to each server, in the order given.
    served: Vec<AtomicU64>,
    /// Uploads cut halfway.
    cuts: AtomicU64,
    next: AtomicU64,
    /// Requests with a body of more than 1 KiB so far.
    uploads: AtomicU64,
}

impl RoundRobinStats {
    pub fn served(&self) -> Vec<u64> {
        self.served
            .iter()
            .map(|n| n.load(Ordering::Relaxed))
            .collect()
    }

    pub fn cuts(&self) -> u64 {
        self.cuts.load(Ordering::Relaxed)
    }
}

/// A running proxy with its own runtime; stops when dropped.
#[derive(Debug)]
pub struct RoundRobin {
    addr: SocketAddr,
    stats: Arc<RoundRobinStats>,
    _runtime: tokio::runtime::Runtime,
}

impl RoundRobin {
    /// Starts a proxy over `servers` on an ephemeral loopback port; with
    /// `cut_every = Some(n)`, every n-th request with a body of more than
    /// 1 KiB (an upload) has its upload cut halfway.
    pub fn start(servers: Vec<SocketAddr>, cut_every: Option<u64>) -> std::io::Result<RoundRobin> {
        let (runtime, listener, addr) = crate::listen_on_loopback()?;
        let stats = Arc::new(RoundRobinStats {
            served: servers.iter().map(|_| AtomicU64::new(0)).collect(),
            cuts: AtomicU64::new(0),
            next: AtomicU64::new(0),
            uploads: AtomicU64::new(0),
        });
        let servers = Arc::new(servers);
        let shared = stats.clone();
        runtime.spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (servers, stats) = (servers.clone(), shared.clone());
                tokio::spawn(async move {
                    let _ = relay(client, &servers, &stats, cut_every).await;
                });
            }
        });
        Ok(RoundRobin {
            addr,
            stats,
            _runtime: runtime,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn stats(&self) -> &RoundRobinStats {
        &self.stats
    }
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

/// A request's head (its `Connection` header replaced by `close`) and
/// its body length.
fn parse_head(head: &[u8]) -> std::io::Result<(Vec<u8>, usize)> {
    let text = std::str::from_utf8(head).map_err(|_| invalid("head is not UTF-8"))?;
    let mut length = 0;
    let mut out = String::new();
    for (i, line) in text.split("\r\n").enumerate() {
        if line.is_empty() {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        if i > 0 && lower.starts_with("connection:") {
            continue;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().map_err(|_| invalid("content-length"))?;
        }
        if lower.starts_with("transfer-encoding:") {
            return Err(invalid("chunked bodies are not relayed"));
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    Ok((out.into_bytes(), length))
}

/// Serves one device connection, request after request.
async fn relay(
    mut client: TcpStream,
    servers: &[SocketAddr],
    stats: &RoundRobinStats,
    cut_every: Option<u64>,
) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    loop {
        // The head, and whatever of the body came with it.
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if buf.len() > MAX_HEAD {
                return Err(invalid("head too large"));
            }
            let mut chunk = [0u8; 8192];
            let n = client.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let (head, length) = parse_head(&buf[..end])?;
        let mut body: Vec<u8> = buf.drain(..).skip(end).collect();
        let n = stats.next.fetch_add(1, Ordering::Relaxed);
        let index = usize::try_from(n).unwrap_or(0) % servers.len();
        stats.served[index].fetch_add(1, Ordering::Relaxed);
        let cut = length > 1024 && {
            let u = stats.uploads.fetch_add(1, Ordering::Relaxed);
            cut_every.is_some_and(|k| k > 0 && (u + 1).is_multiple_of(k))
        };
        let mut server = TcpStream::connect(servers[index]).await?;
        server.write_all(&head).await?;
        if cut {
            // Half the upload reaches the server, then the link drops.
            let half = length / 2;
            while body.len() < half {
                let mut chunk = [0u8; 8192];
                let got = client.read(&mut chunk).await?;
                if got == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..got]);
            }
            server.write_all(&body[..half.min(body.len())]).await?;
            server.flush().await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            stats.cuts.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        while body.len() < length {
            let mut chunk = [0u8; 65536];
            let got = client.read(&mut chunk).await?;
            if got == 0 {
                return Ok(());
            }
            body.extend_from_slice(&chunk[..got]);
        }
        // Bytes past this body belong to the next request.
        buf = body.split_off(length);
        server.write_all(&body).await?;
        let mut response = Vec::new();
        server.read_to_end(&mut response).await?;
        client.write_all(&response).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::parse_head;

    #[test]
    fn a_head_is_rewritten_to_close_and_its_length_read() {
        let (head, length) = parse_head(
            b"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nContent-Length: 12\r\n\r\n",
        )
        .expect("head");
        assert_eq!(length, 12);
        assert_eq!(
            String::from_utf8(head).expect("utf8"),
            "POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"
        );
        assert!(parse_head(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").is_err());
    }
}
