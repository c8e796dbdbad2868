//! The two LDAP listeners: LDAPS (TLS from the first byte) and plain LDAP where StartTLS is
//! mandatory before a bind. Both use the HTTPS side's certificate (the same throwaway CA).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ldap3_proto::LdapCodec;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tokio_util::codec::Framed;

use super::session::{self, Ended, Port, Session};
use crate::sim::Shared;

const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves one listener until `stop` turns true (or its sender is dropped), then drops every
/// connection.
pub(crate) async fn serve(
    listener: TcpListener,
    port: Port,
    tls: Arc<rustls::ServerConfig>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let acceptor = TlsAcceptor::from(tls);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    let session = Session::new(shared.clone(), peer, port);
                    connections.spawn(connection(tcp, peer, port, acceptor.clone(), session));
                }
                Err(error) => {
                    tracing::warn!(%error, "LDAP accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

async fn connection(
    tcp: TcpStream,
    peer: SocketAddr,
    port: Port,
    acceptor: TlsAcceptor,
    mut session: Session,
) {
    let _ = tcp.set_nodelay(true);
    let tcp = match port {
        Port::Ldaps => tcp,
        Port::StartTls => {
            let mut framed = Framed::new(tcp, LdapCodec::default());
            match session::serve(&mut framed, &mut session).await {
                Ended::Closed => return,
                Ended::StartTls => {}
            }
            let parts = framed.into_parts();
            // RFC 4511 §4.14.1: nothing may follow the StartTLS request before the handshake.
            if !parts.read_buf.is_empty() {
                tracing::debug!(%peer, "data after StartTLS before the TLS handshake");
                return;
            }
            session.tls_started();
            parts.io
        }
    };
    let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(tls)) => tls,
        Ok(Err(error)) => {
            tracing::debug!(%peer, %error, "LDAP TLS handshake failed");
            return;
        }
        Err(_) => return,
    };
    let mut framed = Framed::new(tls, LdapCodec::default());
    // StartTLS on a TLS connection is refused by the session, so this ends with a close.
    let _ = session::serve(&mut framed, &mut session).await;
}
