//! Who may use the workspace: requests carrying the token printed at start (a cookie set by
//! the first visit with `?token=…`, or `Authorization: Bearer`), naming this server's own
//! address as `Host` (against DNS rebinding), and, when they change something, coming from
//! its own origin.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::App;
use crate::digest::hex;

/// Name of the cookie holding the token.
const COOKIE: &str = "convgen_token";

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

fn header(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The token a request carries, from its cookie or its `Authorization` header.
fn carried_token(headers: &HeaderMap) -> Option<&str> {
    let bearer = header(headers, header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer "));
    let cookie = (headers.get_all(header::COOKIE).iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .next();
    bearer.or(cookie)
}

/// Compares without stopping at the first difference, so that timing tells nothing.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message.to_string(),
    )
        .into_response()
}

/// Lets a request through, or answers 401 (no token), 403 (foreign host or origin).
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = header(headers, header::HOST).unwrap_or_default();
    if !app.hosts.iter().any(|h| h == host) {
        return refuse(
            StatusCode::FORBIDDEN,
            "cet espace de travail ne répond qu’à sa propre adresse",
        );
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let origin = header(headers, header::ORIGIN);
    if changes && origin.is_some_and(|o| !app.hosts.iter().any(|h| o == format!("http://{h}"))) {
        return refuse(
            StatusCode::FORBIDDEN,
            "une modification doit venir de la page de l’espace de travail",
        );
    }
    let query_token = (request.uri().query().unwrap_or_default().split('&'))
        .find_map(|pair| pair.strip_prefix("token="));
    if let Some(token) = query_token.filter(|t| same(t, &app.token)) {
        // The first visit: the token becomes a cookie, and leaves the address bar.
        let cookie = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
        let mut response = Redirect::to(request.uri().path()).into_response();
        if let Ok(value) = cookie.parse() {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    }
    if !carried_token(headers).is_some_and(|t| same(t, &app.token)) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "ouvrez l’adresse affichée par `convgen serve`, avec son jeton",
        );
    }
    next.run(request).await
}
