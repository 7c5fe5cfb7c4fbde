//! A TCP relay for fault tests: the database "goes away" and comes back.

/// A TCP relay between the server and PostgreSQL that the test can cut
/// (every connection closed, new ones refused) and restore.
pub struct Relay {
    pub port: u16,
    open: std::sync::Arc<std::sync::atomic::AtomicBool>,
    links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Relay {
    pub async fn to(upstream: String) -> Relay {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let relay = Relay {
            port,
            open: Default::default(),
            links: Default::default(),
        };
        relay.open.store(true, Ordering::SeqCst);
        let (open, links) = (relay.open.clone(), relay.links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !open.load(Ordering::SeqCst) {
                    continue; // dropped: the database "is gone"
                }
                let (upstream, still_open) = (upstream.clone(), open.clone());
                let link = tokio::spawn(async move {
                    if let Ok(mut out) = tokio::net::TcpStream::connect(upstream).await {
                        // A cut while connecting closes this link too.
                        if still_open.load(Ordering::SeqCst) {
                            let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                        }
                    }
                });
                links.lock().expect("links").push(link);
            }
        });
        relay
    }

    /// Closes every connection (waiting until they are closed) and
    /// refuses new ones until [`Relay::restore`].
    pub async fn cut(&self) {
        self.open.store(false, std::sync::atomic::Ordering::SeqCst);
        let links: Vec<_> = self.links.lock().expect("links").drain(..).collect();
        for link in links {
            link.abort();
            let _ = link.await;
        }
    }

    pub fn restore(&self) {
        self.open.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

/// `postgres://user@host:port/db` with another host and port.
pub fn via(url: &str, port: u16) -> (String, String) {
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let (user, rest) = rest.split_once('@').expect("user");
    let (host, path) = rest.split_once('/').expect("path");
    (
        format!("{scheme}://{user}@127.0.0.1:{port}/{path}"),
        host.to_owned(),
    )
}
