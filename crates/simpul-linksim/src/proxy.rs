//! The proxy: accepts on loopback, forwards to the upstream server
//! through two [`Link`]s, counts the bytes delivered and cuts connections.

use crate::link::{Link, SEGMENT};
use crate::profile::LinkProfile;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

/// What crossed the proxy.
#[derive(Debug, Default)]
pub struct ProxyStats {
    /// Bytes delivered to the server.
    pub bytes_up: AtomicU64,
    /// Bytes delivered to the device.
    pub bytes_down: AtomicU64,
    pub connections: AtomicU64,
    /// How many times open connections were cut.
    pub cuts: AtomicU64,
}

impl ProxyStats {
    pub fn up(&self) -> u64 {
        self.bytes_up.load(Ordering::Relaxed)
    }
    pub fn down(&self) -> u64 {
        self.bytes_down.load(Ordering::Relaxed)
    }
    pub fn cut_count(&self) -> u64 {
        self.cuts.load(Ordering::Relaxed)
    }
}

/// A running proxy with its own runtime; stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    addr: SocketAddr,
    stats: Arc<ProxyStats>,
    _runtime: tokio::runtime::Runtime,
}

impl Proxy {
    /// Starts a proxy to `upstream` on an ephemeral loopback port.
    pub fn start(
        upstream: SocketAddr,
        profile: LinkProfile,
        cut_every: Option<Duration>,
    ) -> std::io::Result<Proxy> {
        let (runtime, listener, addr) = crate::listen_on_loopback()?;
        let stats = Arc::new(ProxyStats::default());
        let up = Arc::new(Link::new(&profile, profile.up_bps));
        let down = Arc::new(Link::new(&profile, profile.down_bps));
        let (cut_tx, cut_rx) = watch::channel(0u64);
        let cut_tx = Arc::new(cut_tx);
        let keep = cut_tx.clone();
        runtime.spawn(async move {
            // Keeps the cut channel open for the proxy's lifetime.
            std::future::pending::<()>().await;
            drop(keep);
        });
        if let Some(every) = cut_every {
            let stats = stats.clone();
            let (up, down) = (up.clone(), down.clone());
            runtime.spawn(async move {
                let mut tick = tokio::time::interval_at(Instant::now() + every, every);
                loop {
                    tick.tick().await;
                    stats.cuts.fetch_add(1, Ordering::Relaxed);
                    cut_tx.send_modify(|g| *g += 1);
                    up.reset();
                    down.reset();
                }
            });
        }
        let s = stats.clone();
        runtime.spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                s.connections.fetch_add(1, Ordering::Relaxed);
                let (s, up, down, cut) = (s.clone(), up.clone(), down.clone(), cut_rx.clone());
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(upstream).await {
                        connection(client, server, up, down, s, cut).await;
                    }
                });
            }
        });
        Ok(Proxy {
            addr,
            stats,
            _runtime: runtime,
        })
    }

    /// Where devices connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn stats(&self) -> &ProxyStats {
        &self.stats
    }
}

/// Forwards both directions until either side closes or a cut comes.
async fn connection(
    client: TcpStream,
    server: TcpStream,
    up: Arc<Link>,
    down: Arc<Link>,
    stats: Arc<ProxyStats>,
    mut cut: watch::Receiver<u64>,
) {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (cr, cw) = client.into_split();
    let (sr, sw) = server.into_split();
    let s = stats.clone();
    let upward = pump(cr, sw, up, move |n| {
        s.bytes_up.fetch_add(n, Ordering::Relaxed)
    });
    let downward = pump(sr, cw, down, move |n| {
        stats.bytes_down.fetch_add(n, Ordering::Relaxed)
    });
    cut.mark_unchanged();
    tokio::select! {
        _ = async { tokio::join!(upward, downward) } => {}
        Ok(()) = cut.changed() => {}
    }
}

/// Reads from one side, delivers to the other on the link's schedule.
async fn pump(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    link: Arc<Link>,
    count: impl Fn(u64) -> u64,
) {
    let (tx, mut rx) = mpsc::channel::<(Instant, Vec<u8>)>(64);
    let reader = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf).await {
            if n == 0 {
                break;
            }
            for seg in buf[..n].chunks(SEGMENT) {
                if tx
                    .send((link.schedule(seg.len()), seg.to_vec()))
                    .await
                    .is_err()
                {
                    return;
                }
            }
        }
    };
    let writer = async move {
        while let Some((at, seg)) = rx.recv().await {
            tokio::time::sleep_until(at).await;
            count(seg.len() as u64);
            if to.write_all(&seg).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(reader, writer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn echo_server() -> SocketAddr {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = l.local_addr().expect("addr");
        std::thread::spawn(move || {
            for s in l.incoming().flatten() {
                std::thread::spawn(move || {
                    let mut s = s;
                    let mut buf = [0u8; 4096];
                    while let Ok(n) = s.read(&mut buf) {
                        if n == 0 || s.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                });
            }
        });
        addr
    }

    #[test]
    fn throttles_counts_and_cuts() {
        // 80 kbit/s each way: 5,000 bytes take 0.5 s up and 0.5 s down.
        let profile = LinkProfile {
            name: "t",
            down_bps: Some(80_000),
            up_bps: Some(80_000),
            rtt: Duration::from_millis(100),
            loss: 0.0,
        };
        let proxy = Proxy::start(echo_server(), profile, None).expect("proxy");
        let mut s = std::net::TcpStream::connect(proxy.addr()).expect("connect");
        let t = std::time::Instant::now();
        s.write_all(&[7u8; 5_000]).expect("write");
        let mut got = vec![0u8; 5_000];
        s.read_exact(&mut got).expect("read");
        let took = t.elapsed();
        assert!(got.iter().all(|&b| b == 7));
        assert!(took >= Duration::from_millis(600), "paced: {took:?}");
        assert_eq!((proxy.stats().up(), proxy.stats().down()), (5_000, 5_000));

        let cutting = Proxy::start(
            echo_server(),
            LinkProfile::LAN,
            Some(Duration::from_millis(200)),
        )
        .expect("proxy");
        let mut s = std::net::TcpStream::connect(cutting.addr()).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut buf = [0u8; 16];
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        let closed = loop {
            if s.write_all(b"ping").is_err() {
                break true;
            }
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break true,
                Ok(_) if std::time::Instant::now() > deadline => break false,
                Ok(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        };
        assert!(closed, "the connection was cut");
        assert!(cutting.stats().cut_count() >= 1);
    }
}
