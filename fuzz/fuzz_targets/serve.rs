//! The workspace server's request handling: a request read from the input, sent in memory to
//! the real router over a temporary folder holding three fixtures.
//!
//! Input: a flags byte, then `METHOD PATH\n`, header lines `Name: value\n`, an empty line and
//! the body. Flags: bit 0, the request carries the token and a `Host` the guard accepts
//! (unless it names them itself); bit 1, `Content-Type: application/json`. In the path, the
//! header values and the body, `$TOKEN`, `$HOST` and `$ETAG` (the current etag of the file
//! `/api/conventions/REF…` names) are replaced, so that edits can pass the etag check.
//! The folder is laid anew after every request that may change it (any but GET and HEAD).

#![no_main]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, header};
use convgen::commands::serve::{Config, app_router};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt as _;

const FIXTURES: [(&str, &str); 3] = [
    ("CTG-057-2021-HOUVE.toml", include_str!("../../fixtures/ctg/CTG-057-2021-HOUVE.toml")),
    ("CTG-047-2024-CD47.toml", include_str!("../../fixtures/ctg/CTG-047-2024-CD47.toml")),
    ("CEJ-042-2019-CHARLIEU.toml", include_str!("../../fixtures/cej/CEJ-042-2019-CHARLIEU.toml")),
];

struct Server {
    runtime: tokio::runtime::Runtime,
    router: Router,
    token: String,
    host: String,
    dir: tempfile::TempDir,
}

/// Lays the workspace anew: the fixtures, nothing else.
fn lay(dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("the workspace").flatten() {
        let path = entry.path();
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
    for (name, text) in FIXTURES {
        std::fs::write(dir.join(name), text).expect("a fixture written");
    }
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        lay(dir.path());
        let runtime = (tokio::runtime::Builder::new_current_thread().build())
            .expect("a runtime");
        let config = Config {
            dir: dir.path().to_path_buf(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            templates: None,
            open: None,
            mail: Err("sending is off while fuzzing".to_string()),
            auth: Default::default(),
            public_url: None,
        };
        let (router, token, host) = app_router(&config, config.listen).expect("the workspace");
        Server { runtime, router, token, host, dir }
    })
}

/// The etag of the file named after the reference in `path`, or `"0"`.
fn etag(dir: &Path, path: &str) -> String {
    let reference = (path.strip_prefix("/api/conventions/"))
        .and_then(|rest| rest.split(['/', '?', '.']).next())
        .unwrap_or_default();
    let file: PathBuf = dir.join(format!("{reference}.toml"));
    match std::fs::read(file) {
        Ok(text) if !reference.is_empty() => {
            format!("\"{}\"", &convgen::digest::sha256_hex(&text)[..32])
        }
        _ => "\"0\"".to_string(),
    }
}

fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
    }
    out.extend_from_slice(rest);
    out
}

fn request(server: &Server, data: &[u8]) -> Option<Request<Body>> {
    let (&flags, rest) = data.split_first()?;
    let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let first = std::str::from_utf8(&rest[..line_end]).ok()?;
    let (method, path) = first.split_once(' ').unwrap_or(("GET", first));
    let etag = etag(server.dir.path(), path);
    let fill = |bytes: &[u8]| -> Vec<u8> {
        let bytes = replace(bytes, b"$TOKEN", server.token.as_bytes());
        let bytes = replace(&bytes, b"$HOST", server.host.as_bytes());
        replace(&bytes, b"$ETAG", etag.as_bytes())
    };
    let path = String::from_utf8(fill(path.as_bytes())).ok()?;
    let mut builder = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).ok()?)
        .uri(path);
    let mut rest = rest.get(line_end + 1..).unwrap_or_default();
    let mut named = Vec::new();
    while let Some(end) = rest.iter().position(|&b| b == b'\n') {
        let line = &rest[..end];
        rest = &rest[end + 1..];
        if line.is_empty() {
            break;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(fill(line[colon + 1..].trim_ascii()).as_slice()),
        ) else {
            continue;
        };
        named.push(name.clone());
        builder = builder.header(name, value);
    }
    let mut defaults = Vec::new();
    if flags & 1 != 0 {
        defaults.push((header::HOST, server.host.clone()));
        defaults.push((header::AUTHORIZATION, format!("Bearer {}", server.token)));
    }
    if flags & 2 != 0 {
        defaults.push((header::CONTENT_TYPE, "application/json".to_string()));
    }
    for (name, value) in defaults.into_iter().filter(|(n, _)| !named.contains(n)) {
        builder = builder.header(name, value);
    }
    builder.body(Body::from(fill(rest))).ok()
}

fuzz_target!(|data: &[u8]| {
    let server = server();
    let Some(request) = request(server, data) else {
        return;
    };
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    server.runtime.block_on(async {
        let response = server.router.clone().oneshot(request).await.expect("infallible");
        let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
    });
    if changes {
        lay(server.dir.path());
    }
});
