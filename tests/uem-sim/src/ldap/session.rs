//! One LDAP connection: the operations Baton (and `ldapwhoami`/`ldapsearch`) send, answered
//! as slapd would for this directory, each written to the request log without its password.

use std::net::SocketAddr;
use std::sync::Arc;

use futures_util::{SinkExt as _, StreamExt as _};
use ldap3_proto::proto::{
    LdapBindCred, LdapBindResponse, LdapExtendedRequest, LdapExtendedResponse, LdapMsg, LdapOp,
    LdapResult, LdapResultCode, OID_WHOAMI,
};
use ldap3_proto::{DisconnectionNotice, LdapCodec};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::Framed;

use super::directory::{Identity, Refusal, View};
use super::filter;
use crate::reqlog::{LdapRecord, RequestRecord};
use crate::route::Route;
use crate::sim::{lock, Shared};

/// RFC 4511 §4.14 StartTLS.
pub(crate) const OID_START_TLS: &str = "1.3.6.1.4.1.1466.20037";

/// AD's answer to a simple bind on a connection without TLS (resultCode 8).
const TLS_REQUIRED_FOR_BIND: &str = "00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, v1db1";
/// slapd's answer to other operations before StartTLS when TLS is required (resultCode 13).
const TLS_REQUIRED: &str = "TLS confidentiality required";

/// Which listener a connection came in on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Port {
    /// TLS from the first byte.
    Ldaps,
    /// Plain LDAP that must be upgraded with StartTLS before any bind.
    StartTls,
}

impl Port {
    fn name(self) -> &'static str {
        match self {
            Port::Ldaps => "ldaps",
            Port::StartTls => "ldap",
        }
    }
}

/// How a run of [`serve`] ended.
pub(crate) enum Ended {
    /// The client unbound, closed, or broke the protocol.
    Closed,
    /// StartTLS was accepted and its response flushed: the caller starts the TLS handshake.
    StartTls,
}

/// The state of one connection, kept across the StartTLS upgrade.
pub(crate) struct Session {
    shared: Arc<Shared>,
    peer: SocketAddr,
    port: Port,
    tls: bool,
    identity: Identity,
}

/// What to do after an operation.
enum Next {
    Reply(Vec<LdapMsg>),
    StartTls(LdapMsg),
    /// Sends the message (a notice of disconnection), then closes.
    Disconnect(LdapMsg),
    Close,
}

/// What the log keeps of one operation (everything but the sequence number and time).
struct Logged {
    method: &'static str,
    dn: String,
    filter: Option<String>,
    result: Option<(LdapResultCode, String)>,
    entries: Option<u32>,
}

impl Logged {
    fn new(method: &'static str, dn: &str) -> Logged {
        Logged {
            method,
            dn: dn.to_string(),
            filter: None,
            result: None,
            entries: None,
        }
    }
}

fn result(code: LdapResultCode, message: &str) -> LdapResult {
    LdapResult {
        code,
        matcheddn: String::new(),
        message: message.to_string(),
        referral: Vec::new(),
    }
}

fn refused(refusal: &Refusal) -> LdapResult {
    LdapResult {
        code: refusal.code.clone(),
        matcheddn: refusal.matched.clone(),
        message: refusal.message.clone(),
        referral: Vec::new(),
    }
}

/// The result an operation's response carries, for the log.
fn outcome(op: &LdapOp) -> Option<(LdapResultCode, String)> {
    let res = match op {
        LdapOp::BindResponse(LdapBindResponse { res, .. })
        | LdapOp::ExtendedResponse(LdapExtendedResponse { res, .. })
        | LdapOp::SearchResultDone(res)
        | LdapOp::ModifyResponse(res)
        | LdapOp::AddResponse(res)
        | LdapOp::DelResponse(res)
        | LdapOp::ModifyDNResponse(res)
        | LdapOp::CompareResult(res) => res,
        _ => return None,
    };
    Some((res.code.clone(), res.message.clone()))
}

impl Session {
    pub(crate) fn new(shared: Arc<Shared>, peer: SocketAddr, port: Port) -> Session {
        Session {
            shared,
            peer,
            port,
            tls: port == Port::Ldaps,
            identity: Identity::Anonymous,
        }
    }

    /// Marks the connection as upgraded by StartTLS.
    pub(crate) fn tls_started(&mut self) {
        self.tls = true;
    }

    fn principal(&self) -> Option<String> {
        match &self.identity {
            Identity::Anonymous => None,
            Identity::User { dn, .. } => Some(format!("ldap:{dn}")),
        }
    }

    fn log(&self, message_id: i32, logged: Logged) {
        let (result_code, diagnostic) = match logged.result {
            Some((code, message)) => (Some(code as u32), Some(message)),
            None => (None, None),
        };
        tracing::debug!(
            peer = %self.peer,
            op = logged.method,
            dn = %logged.dn,
            result_code,
            "ldap operation"
        );
        let record = RequestRecord {
            seq: 0,
            timestamp: crate::clock::rfc3339_now(),
            method: logged.method.to_string(),
            path: logged.dn,
            query: logged.filter,
            route: Route::Ldap,
            headers: Default::default(),
            principal: self.principal(),
            api_version: None,
            status: None,
            fault: None,
            ldap: Some(LdapRecord {
                port: self.port.name().to_string(),
                tls: self.tls,
                peer: self.peer.to_string(),
                message_id,
                result_code,
                diagnostic,
                entries: logged.entries,
            }),
        };
        lock(&self.shared.log).push(record);
    }

    /// Answers one request and logs it.
    fn handle(&mut self, msg: LdapMsg) -> Next {
        let id = msg.msgid;
        let reply = |op| LdapMsg::new(id, op);
        let (next, mut logged) = match msg.op {
            LdapOp::BindRequest(bind) => {
                let mut logged = Logged::new("BIND", &bind.dn);
                let res = match (&bind.cred, self.tls) {
                    (_, false) => {
                        self.identity = Identity::Anonymous;
                        result(LdapResultCode::StrongerAuthRequired, TLS_REQUIRED_FOR_BIND)
                    }
                    (LdapBindCred::Simple(password), true) => {
                        let directory = lock(&self.shared.directory);
                        let view = View {
                            directory: &directory,
                            uem_users: &self.shared.seed.users,
                        };
                        match view.bind(&bind.dn, password) {
                            Ok(identity) => {
                                self.identity = identity;
                                result(LdapResultCode::Success, "")
                            }
                            Err(refusal) => {
                                // RFC 4511 §4.2.1: a failed bind leaves the connection anonymous.
                                self.identity = Identity::Anonymous;
                                refused(&refusal)
                            }
                        }
                    }
                    (_, true) => {
                        self.identity = Identity::Anonymous;
                        result(
                            LdapResultCode::AuthMethodNotSupported,
                            "only simple binds are supported",
                        )
                    }
                };
                logged.result = Some((res.code.clone(), res.message.clone()));
                let op = LdapOp::BindResponse(LdapBindResponse {
                    res,
                    saslcreds: None,
                });
                (Next::Reply(vec![reply(op)]), logged)
            }
            LdapOp::SearchRequest(search) => {
                let mut logged = Logged::new("SEARCH", &search.base);
                logged.filter = Some(filter::render(&search.filter));
                let answer = if !self.tls && !View::is_root_dse(&search) {
                    Err(Refusal {
                        code: LdapResultCode::ConfidentialityRequired,
                        message: TLS_REQUIRED.into(),
                        matched: String::new(),
                    })
                } else {
                    let directory = lock(&self.shared.directory);
                    let view = View {
                        directory: &directory,
                        uem_users: &self.shared.seed.users,
                    };
                    view.search(&self.identity, &search)
                };
                let mut messages = Vec::new();
                let done = match answer {
                    Ok(mut entries) => {
                        // The client's size limit (0 = none): the entries up to it, then 4.
                        let limit = usize::try_from(search.sizelimit).unwrap_or(0);
                        let exceeded = limit > 0 && entries.len() > limit;
                        if exceeded {
                            entries.truncate(limit);
                        }
                        logged.entries = Some(entries.len() as u32);
                        messages.extend(
                            entries
                                .into_iter()
                                .map(|entry| reply(LdapOp::SearchResultEntry(entry))),
                        );
                        if exceeded {
                            result(LdapResultCode::SizeLimitExceeded, "")
                        } else {
                            result(LdapResultCode::Success, "")
                        }
                    }
                    Err(refusal) => refused(&refusal),
                };
                messages.push(reply(LdapOp::SearchResultDone(done)));
                (Next::Reply(messages), logged)
            }
            LdapOp::ExtendedRequest(request) => self.extended(id, &request),
            LdapOp::UnbindRequest => (Next::Close, Logged::new("UNBIND", "")),
            LdapOp::AbandonRequest(_) => (Next::Reply(Vec::new()), Logged::new("ABANDON", "")),
            LdapOp::CompareRequest(compare) => {
                let op = LdapOp::CompareResult(self.read_only());
                (
                    Next::Reply(vec![reply(op)]),
                    Logged::new("COMPARE", &compare.dn),
                )
            }
            LdapOp::ModifyRequest(modify) => {
                let op = LdapOp::ModifyResponse(self.read_only());
                (
                    Next::Reply(vec![reply(op)]),
                    Logged::new("MODIFY", &modify.dn),
                )
            }
            LdapOp::AddRequest(add) => {
                let op = LdapOp::AddResponse(self.read_only());
                (Next::Reply(vec![reply(op)]), Logged::new("ADD", &add.dn))
            }
            LdapOp::DelRequest(dn) => {
                let op = LdapOp::DelResponse(self.read_only());
                (Next::Reply(vec![reply(op)]), Logged::new("DELETE", &dn))
            }
            LdapOp::ModifyDNRequest(modify) => {
                let op = LdapOp::ModifyDNResponse(self.read_only());
                (
                    Next::Reply(vec![reply(op)]),
                    Logged::new("MODIFY_DN", &modify.dn),
                )
            }
            // A response or intermediate message from a client is a protocol error.
            _ => {
                let notice = DisconnectionNotice::gen_response(
                    LdapResultCode::ProtocolError,
                    "unexpected message from the client",
                );
                (Next::Disconnect(notice), Logged::new("INVALID", ""))
            }
        };
        let responses: &[LdapMsg] = match &next {
            Next::Reply(messages) => messages,
            Next::StartTls(message) | Next::Disconnect(message) => std::slice::from_ref(message),
            Next::Close => &[],
        };
        if logged.result.is_none() {
            logged.result = responses.last().and_then(|m| outcome(&m.op));
        }
        self.log(id, logged);
        next
    }

    /// Writes are refused: the simulated directory is read-only (53), or 13 before StartTLS.
    fn read_only(&self) -> LdapResult {
        if self.tls {
            result(
                LdapResultCode::UnwillingToPerform,
                "the simulated directory is read-only",
            )
        } else {
            result(LdapResultCode::ConfidentialityRequired, TLS_REQUIRED)
        }
    }

    fn extended(&mut self, id: i32, request: &LdapExtendedRequest) -> (Next, Logged) {
        let response = |res: LdapResult, name: Option<&str>, value: Option<Vec<u8>>| {
            LdapMsg::new(
                id,
                LdapOp::ExtendedResponse(LdapExtendedResponse {
                    res,
                    name: name.map(String::from),
                    value,
                }),
            )
        };
        match request.name.as_str() {
            OID_START_TLS => {
                let logged = Logged::new("STARTTLS", "");
                if !lock(&self.shared.directory).starttls {
                    let res = result(
                        LdapResultCode::ProtocolError,
                        "unsupported extended operation",
                    );
                    (Next::Reply(vec![response(res, None, None)]), logged)
                } else if self.tls {
                    let res = result(LdapResultCode::OperationsError, "TLS already started");
                    (
                        Next::Reply(vec![response(res, Some(OID_START_TLS), None)]),
                        logged,
                    )
                } else {
                    let res = result(LdapResultCode::Success, "");
                    (
                        Next::StartTls(response(res, Some(OID_START_TLS), None)),
                        logged,
                    )
                }
            }
            OID_WHOAMI => {
                let logged = Logged::new("WHOAMI", "");
                let res = if !lock(&self.shared.directory).whoami {
                    // As a server that does not implement it (seed `whoami: false`).
                    response(
                        result(
                            LdapResultCode::ProtocolError,
                            "unsupported extended operation",
                        ),
                        None,
                        None,
                    )
                } else if self.tls {
                    let authzid = match &self.identity {
                        Identity::Anonymous => String::new(),
                        Identity::User { dn, .. } => format!("dn:{dn}"),
                    };
                    response(
                        result(LdapResultCode::Success, ""),
                        None,
                        Some(authzid.into_bytes()),
                    )
                } else {
                    response(
                        result(LdapResultCode::ConfidentialityRequired, TLS_REQUIRED),
                        None,
                        None,
                    )
                };
                (Next::Reply(vec![res]), logged)
            }
            _ => {
                let logged = Logged::new("EXTENDED", &request.name);
                let res = result(
                    LdapResultCode::ProtocolError,
                    "unsupported extended operation",
                );
                (Next::Reply(vec![response(res, None, None)]), logged)
            }
        }
    }
}

/// Answers requests on `framed` until the client leaves or StartTLS is accepted.
pub(crate) async fn serve<S>(framed: &mut Framed<S, LdapCodec>, session: &mut Session) -> Ended
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    while let Some(message) = framed.next().await {
        let message = match message {
            Ok(message) => message,
            Err(error) => {
                tracing::debug!(peer = %session.peer, %error, "undecodable LDAP message");
                let notice = DisconnectionNotice::gen_response(
                    LdapResultCode::ProtocolError,
                    "undecodable message",
                );
                let _ = framed.send(notice).await;
                return Ended::Closed;
            }
        };
        match session.handle(message) {
            Next::Reply(messages) => {
                for message in messages {
                    if framed.feed(message).await.is_err() {
                        return Ended::Closed;
                    }
                }
                if framed.flush().await.is_err() {
                    return Ended::Closed;
                }
            }
            Next::StartTls(response) => {
                if framed.send(response).await.is_err() {
                    return Ended::Closed;
                }
                return Ended::StartTls;
            }
            Next::Disconnect(notice) => {
                let _ = framed.send(notice).await;
                return Ended::Closed;
            }
            Next::Close => return Ended::Closed,
        }
    }
    Ended::Closed
}
