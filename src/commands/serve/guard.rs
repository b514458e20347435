//! Who may use the workspace, and what every answer tells the browser.
//!
//! The token printed at start travels only where other sites cannot reach it: in the
//! address's fragment (never sent over the network), then the page's `sessionStorage`, then
//! each request's `Authorization: Bearer` header. No cookie holds it: a browser would send a
//! cookie of `127.0.0.1` to every other service on that address, whatever its port. Only the
//! page's shell (its HTML, script and style, which say nothing of the folder) is served
//! without the token. Requests must name this server's own address as `Host` (against DNS
//! rebinding), must not come from another site (`Sec-Fetch-Site`), and, when they change
//! something, from another origin. Every answer forbids framing, caching and sniffing.
//!
//! Behind a team's proxy (`--auth proxy`, see [`super::auth`]) the token gives way to the
//! proxy's word: a request from a trusted proxy's address, naming its user in the header.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;
use super::auth::{Auth, Refusal, User, proxy_user};
use crate::digest::hex;
use crate::i18n::{Lang, Message};
use axum::extract::ConnectInfo;

/// A fresh token: 32 random bytes from the system (without them, the workspace does not
/// start rather than start with a guessable token).
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// The `Host` values of an address: as listened on, and `localhost` for loopback.
pub fn hosts(address: SocketAddr) -> Vec<String> {
    let mut hosts = vec![address.to_string()];
    if address.ip().is_loopback() {
        hosts.push(format!("localhost:{}", address.port()));
    }
    hosts
}

/// The paths served without the token: the page's shell, which holds nothing of the folder
/// (and the icon every browser asks for by itself, answered with nothing).
const SHELL: [&str; 4] = ["/", "/workspace.js", "/workspace.css", "/favicon.ico"];

/// What every answer carries: no framing by any page, no copy kept by the browser or a
/// proxy, no guessing of types, no address leaked to another site, no use by another origin.
const HEADERS: [(&str, &str); 7] = [
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
];

fn header(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Compares without stopping at the first difference, so that timing tells nothing.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn refuse(status: StatusCode, message: Message, lang: Lang) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.text(lang),
    )
        .into_response()
}

/// Lets a request through, or answers 401 (no token) or 403 (foreign host, site or
/// origin); every answer with [`HEADERS`].
pub async fn guard(State(app): State<Arc<App>>, mut request: Request, next: Next) -> Response {
    let mut response = match admitted(&app, &request) {
        Ok(user) => {
            request.extensions_mut().insert(user);
            next.run(request).await
        }
        Err(refusal) => refusal,
    };
    for (name, value) in HEADERS {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Why a request is refused, if it is.
#[allow(clippy::result_large_err)] // the refusal is the answer
fn admitted(app: &App, request: &Request) -> Result<User, Response> {
    let headers = request.headers();
    let lang =
        Lang::of_accept_language(header(headers, header::ACCEPT_LANGUAGE).unwrap_or_default());
    // Behind a proxy, nothing is answered to anyone else, not even the page's shell.
    let user = match &app.auth {
        Auth::Token => None,
        Auth::Proxy(proxy) => {
            let peer = (request.extensions().get::<ConnectInfo<SocketAddr>>()).map(|c| c.0);
            match proxy_user(proxy, peer, headers) {
                Ok(user) => Some(user),
                Err(Refusal::Untrusted) => {
                    return Err(refuse(
                        StatusCode::FORBIDDEN,
                        Message::OnlyThroughProxy,
                        lang,
                    ));
                }
                Err(Refusal::NoUser) => {
                    return Err(refuse(
                        StatusCode::UNAUTHORIZED,
                        Message::SignInThroughCaf,
                        lang,
                    ));
                }
            }
        }
    };
    let host = header(headers, header::HOST).unwrap_or_default();
    if !app.hosts.iter().any(|h| h == host) {
        return Err(refuse(StatusCode::FORBIDDEN, Message::OnlyOwnAddress, lang));
    }
    let shell = request.method() == Method::GET && SHELL.contains(&request.uri().path());
    // Another site's page may link to the shell (a navigation), never use the rest.
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let navigation = headers
        .get("sec-fetch-mode")
        .is_some_and(|m| m == "navigate");
    if matches!(site, Some("cross-site" | "same-site")) && !(shell && navigation) {
        return Err(refuse(StatusCode::FORBIDDEN, Message::NoOtherSite, lang));
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let origin = header(headers, header::ORIGIN);
    if changes && origin.is_some_and(|o| !app.origins.iter().any(|allowed| o == allowed)) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            Message::ChangesFromThePage,
            lang,
        ));
    }
    if shell || user.is_some() {
        return Ok(User(user));
    }
    let bearer = header(headers, header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer "));
    if !bearer.is_some_and(|t| same(t, &app.token)) {
        return Err(refuse(
            StatusCode::UNAUTHORIZED,
            Message::OpenWithToken,
            lang,
        ));
    }
    Ok(User(None))
}
