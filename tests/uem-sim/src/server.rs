//! The accept loop: TLS handshake, HTTP/1.1 or HTTP/2 per connection, and the means to
//! reset a connection from inside a request (the `reset` fault) or drop them all at shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt as _;

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Per-connection facts a request can reach through its extensions.
#[derive(Clone, Debug)]
pub(crate) struct ConnContext {
    pub peer: SocketAddr,
    reset: Arc<Notify>,
}

impl ConnContext {
    /// Asks the connection's task to close the socket with a TCP reset (RST).
    pub(crate) fn reset(&self) {
        self.reset.notify_one();
    }
}

/// Serves until `stop` turns true (or its sender is dropped), then drops every connection.
pub(crate) async fn serve(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    app: Router,
    mut stop: watch::Receiver<bool>,
) {
    let acceptor = TlsAcceptor::from(tls);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    connections.spawn(connection(tcp, peer, acceptor.clone(), app.clone()));
                }
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

async fn connection(tcp: TcpStream, peer: SocketAddr, acceptor: TlsAcceptor, app: Router) {
    let _ = tcp.set_nodelay(true);
    // A second handle on the same socket: setting SO_LINGER 0 through it and closing it last
    // turns the close into a reset, whatever state hyper and rustls are in.
    let Ok((tcp, keeper)) = duplicate(tcp) else {
        return;
    };
    let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(tls)) => tls,
        Ok(Err(error)) => {
            tracing::debug!(%peer, %error, "TLS handshake failed");
            return;
        }
        Err(_) => return,
    };
    let reset = Arc::new(Notify::new());
    let context = ConnContext {
        peer,
        reset: reset.clone(),
    };
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(context.clone());
        app.clone().oneshot(request.map(Body::new))
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let serving = builder.serve_connection(TokioIo::new(tls), service);
    tokio::select! {
        result = serving => {
            if let Err(error) = result {
                tracing::debug!(%peer, %error, "connection ended with an error");
            }
        }
        _ = reset.notified() => {
            let _ = keeper.set_linger(Some(Duration::ZERO));
            tracing::debug!(%peer, "connection reset by fault");
        }
    }
    drop(keeper);
}

fn duplicate(tcp: TcpStream) -> std::io::Result<(TcpStream, socket2::Socket)> {
    let std_stream = tcp.into_std()?;
    let keeper = socket2::Socket::from(std_stream.try_clone()?);
    Ok((TcpStream::from_std(std_stream)?, keeper))
}
