//! The directory side of the simulator: an LDAP server (ldap3_proto on Tokio) that behaves
//! like slapd — and, in its diagnostics, like Active Directory — for what Baton does: a
//! simple bind as the user over LDAPS or StartTLS, then a search for the user's own entry.
//!
//! - `seed`: the seed's `directory` section (accounts, passwords, account states).
//! - `dn`: DN parsing and comparison.
//! - `directory`: bind and search rules, free of I/O.
//! - `filter`: filter evaluation and RFC 4515 text for the log.
//! - `session`: one connection's operations and their log records.
//! - `server`: the LDAPS and StartTLS listeners.

mod directory;
mod dn;
mod filter;
pub(crate) mod seed;
mod server;
mod session;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::sim::{Shared, SimError};

/// The two bound (not yet serving) listeners.
pub(crate) struct Listeners {
    ldaps: TcpListener,
    ldap: TcpListener,
    pub ldaps_addr: SocketAddr,
    pub ldap_addr: SocketAddr,
}

async fn listen(port: u16) -> Result<(TcpListener, SocketAddr), SimError> {
    let bind_error = |source| SimError::Bind { port, source };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    Ok((listener, addr))
}

/// Binds the LDAPS and the StartTLS port on 127.0.0.1 (0 = any free port).
pub(crate) async fn bind(ldaps_port: u16, ldap_port: u16) -> Result<Listeners, SimError> {
    let (ldaps, ldaps_addr) = listen(ldaps_port).await?;
    let (ldap, ldap_addr) = listen(ldap_port).await?;
    Ok(Listeners {
        ldaps,
        ldap,
        ldaps_addr,
        ldap_addr,
    })
}

/// Starts serving both listeners; the tasks end when `stop` turns true.
pub(crate) fn spawn(
    listeners: Listeners,
    tls: Arc<rustls::ServerConfig>,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    vec![
        tokio::spawn(server::serve(
            listeners.ldaps,
            session::Port::Ldaps,
            tls.clone(),
            shared.clone(),
            stop.clone(),
        )),
        tokio::spawn(server::serve(
            listeners.ldap,
            session::Port::StartTls,
            tls,
            shared,
            stop,
        )),
    ]
}
