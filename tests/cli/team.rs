//! `convgen serve --auth proxy`: a team's workspace behind Debian's real nginx, started as
//! the user running the tests with its own configuration in a temporary folder —
//! `auth_basic` over an htpasswd made now (`openssl passwd`), the user's name passed in
//! `X-Remote-User` from `$remote_user`, the server reached from 127.0.0.3 (`proxy_bind`) and
//! trusting only that address. `scripts/test` installs nginx when it is missing.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::serve::Answer;
use crate::smtp_server::smtp_server;
use crate::*;

const NGINX: &str = "/usr/sbin/nginx";
const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";
/// The users of the test's htpasswd, each with their password.
pub const USERS: [(&str, &str); 3] = [("alice", "a-pw"), ("bob", "b-pw"), ("carol", "c-pw")];

/// A process killed when dropped.
pub struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server behind nginx, and the addresses of both.
pub struct Team {
    pub server: String,
    pub proxy: String,
    pub dir: tempfile::TempDir,
    _nginx: Running,
    _serve: Running,
    _nginx_dir: tempfile::TempDir,
}

/// A free port on 127.0.0.1 (taken back at once: nginx binds it right after).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Starts `convgen serve --auth proxy` over copies of `fixtures`, with `env`, behind nginx.
pub fn team(fixtures: &[&str], env: &[(&str, &str)]) -> Team {
    assert!(
        Path::new(NGINX).exists(),
        "nginx is missing: run scripts/test, which installs it"
    );
    let dir = tempdir();
    for path in fixtures {
        let name = Path::new(path).file_name().unwrap();
        std::fs::copy(root().join("fixtures").join(path), dir.path().join(name)).unwrap();
    }
    let proxy = format!("127.0.0.1:{}", free_port());
    let mut command = english(Command::new(env!("CARGO_BIN_EXE_convgen")));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("CONVGEN_")) {
        command.env_remove(name);
    }
    let public = format!("http://{proxy}");
    let mut child = (command.envs(env.iter().copied()))
        .current_dir(dir.path())
        .args(["serve", dir.path().to_str().unwrap(), "--port", "0"])
        .args(["--auth", "proxy", "--user-header", "X-Remote-User"])
        .args(["--trusted-proxy", "127.0.0.3/32", "--public-url", &public])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let serve = Running(child);
    assert!(line.contains(&public), "{line}");
    let server = (line.split_whitespace().last().unwrap())
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let (nginx, nginx_dir) = nginx(&proxy, &server);
    Team {
        server,
        proxy,
        dir,
        _nginx: nginx,
        _serve: serve,
        _nginx_dir: nginx_dir,
    }
}

/// nginx on `listen`, in front of `server`, in its own folder; ready when it returns.
fn nginx(listen: &str, server: &str) -> (Running, tempfile::TempDir) {
    let dir = tempdir();
    let d = dir.path().display();
    let mut htpasswd = String::new();
    for (user, password) in USERS {
        let hashed = Command::new("openssl")
            .args(["passwd", "-apr1", password])
            .output()
            .expect("openssl runs");
        assert!(hashed.status.success(), "{}", stderr(&hashed));
        htpasswd.push_str(&format!("{user}:{}", stdout(&hashed)));
    }
    std::fs::write(dir.path().join("htpasswd"), htpasswd).unwrap();
    // Started by root (a CI container), its workers would drop to `nobody`, who cannot read
    // the test's folder.
    let root = unsafe { libc::geteuid() } == 0;
    let user = if root { "user root;" } else { "" };
    let conf = format!(
        r#"daemon off;
{user}
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  server {{
    listen {listen};
    auth_basic "convgen";
    auth_basic_user_file {d}/htpasswd;
    client_max_body_size 64m;
    location / {{
      proxy_pass http://{server};
      proxy_bind 127.0.0.3;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Remote-User $remote_user;
      proxy_set_header Authorization "";
      proxy_read_timeout 300s;
    }}
  }}
}}
"#
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let child = Command::new(NGINX)
        .args(["-e", &format!("{d}/error.log"), "-p", &d.to_string()])
        .args(["-c", &format!("{d}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nginx starts");
    let running = Running(child);
    let start = Instant::now();
    while TcpStream::connect(listen).is_err() {
        let log = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "nginx did not start: {log}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (running, dir)
}

/// One HTTP/1.1 request to `address`, `Host` set to it, with exactly these headers.
pub fn http(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = (lines.next().unwrap().split(' ').nth(1))
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    // nginx answers in chunks when the server did not say the length.
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let Some(end) = raw.windows(2).position(|w| w == b"\r\n") else {
            return body;
        };
        let size = String::from_utf8_lossy(&raw[..end]);
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
}

/// `user:password` as `Authorization: Basic`.
pub fn basic(user: &str, password: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("Basic {out}")
}

impl Team {
    /// A request through nginx, signed in as `user`.
    pub fn as_user(
        &self,
        user: &str,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        let password = USERS.iter().find(|(u, _)| *u == user).unwrap().1;
        let auth = basic(user, password);
        let mut all = vec![("Authorization", auth.as_str())];
        all.extend_from_slice(headers);
        http(&self.proxy, method, path, &all, body)
    }
}

#[test]
fn a_team_works_through_the_proxy_each_under_their_name() {
    let (url, received) = smtp_server(None);
    let mail = [
        ("CONVGEN_SMTP_URL", url.as_str()),
        (
            "CONVGEN_MAIL_FROM",
            "Caf de la Moselle <conventions@caf57.example.fr>",
        ),
    ];
    let team = team(&["ctg/CTG-057-2021-HOUVE.toml"], &mail);

    // Nobody without the Caf's sign-on: nginx answers, the workspace never sees it.
    let anonymous = http(&team.proxy, "GET", "/api/conventions", &[], "");
    assert_eq!(anonymous.status, 401, "{}", anonymous.text());
    assert!(
        (anonymous.headers.iter()).any(|(n, v)| n == "www-authenticate" && v.contains("Basic")),
        "nginx asks for the password"
    );
    let wrong = http(
        &team.proxy,
        "GET",
        "/api/conventions",
        &[("Authorization", &basic("alice", "guess"))],
        "",
    );
    assert_eq!(wrong.status, 401);

    // The header sent straight to the server, from an address it does not trust: refused,
    // the page's shell included.
    for path in ["/api/conventions", HOUVE, "/"] {
        let direct = http(&team.server, "GET", path, &[("X-Remote-User", "alice")], "");
        assert_eq!(direct.status, 403, "{path}: {}", direct.text());
    }
    let direct = http(
        &team.server,
        "PUT",
        HOUVE,
        &[("X-Remote-User", "alice"), ("If-Match", "\"x\"")],
        "reference = \"forged\"",
    );
    assert_eq!(direct.status, 403);

    // Through the proxy: the user is the one signed in, whatever header the client sends.
    let me = team.as_user(
        "alice",
        "GET",
        "/api/workspace",
        &[("X-Remote-User", "bob")],
        "",
    );
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(me.json()["user"], "alice");

    // Two users' saves, each under their name.
    let read = |user: &str| {
        let answer = team.as_user(user, "GET", HOUVE, &[], "");
        assert_eq!(answer.status, 200, "{}", answer.text());
        let json = answer.json();
        (
            json["toml"].as_str().unwrap().to_string(),
            json["etag"].as_str().unwrap().to_string(),
        )
    };
    let put = |user: &str, text: &str, etag: &str| {
        team.as_user(user, "PUT", HOUVE, &[("If-Match", etag)], text)
    };
    let (text, etag) = read("alice");
    let alices = format!("{text}\n# relu par Alice\n");
    assert_eq!(put("alice", &alices, &etag).status, 200);
    let (text, etag) = read("bob");
    assert!(text.contains("# relu par Alice"));
    let bobs = format!("{text}# complété par Bob\n");
    assert_eq!(put("bob", &bobs, &etag).status, 200);
    let history = team.as_user("carol", "GET", &format!("{HOUVE}/history"), &[], "");
    let history = history.json();
    let newest = history["versions"][0].as_str().unwrap();
    assert_eq!(history["who"][newest]["author"], "alice", "{history}");
    assert_eq!(history["current"]["author"], "bob", "{history}");

    // A conflict: both read the same text, Alice saves first; Bob's save is refused (409,
    // nothing written), his text still his to save again over Alice's — neither is lost.
    let (text, etag) = read("alice");
    let (_, bob_etag) = read("bob");
    assert_eq!(etag, bob_etag);
    let alices = format!("{text}# deuxième passage d’Alice\n");
    let bobs = format!("{text}# deuxième passage de Bob\n");
    assert_eq!(put("alice", &alices, &etag).status, 200);
    let refused = put("bob", &bobs, &bob_etag);
    assert_eq!(refused.status, 409, "{}", refused.text());
    let file = std::fs::read_to_string(team.dir.path().join("CTG-057-2021-HOUVE.toml")).unwrap();
    assert_eq!(file, alices, "Alice's text stands");
    let current = refused.json()["etag"].as_str().unwrap().to_string();
    let (text, _) = read("bob");
    let merged = format!("{text}# deuxième passage de Bob\n");
    assert_eq!(put("bob", &merged, &current).status, 200);
    let file = std::fs::read_to_string(team.dir.path().join("CTG-057-2021-HOUVE.toml")).unwrap();
    assert!(
        file.contains("# deuxième passage d’Alice") && file.contains("# deuxième passage de Bob")
    );

    // Each sees the other on the convention.
    let presence = |user: &str| {
        let answer = team.as_user(user, "POST", &format!("{HOUVE}/presence"), &[], "");
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()["others"].clone()
    };
    assert_eq!(presence("alice"), json!([]));
    assert_eq!(presence("bob"), json!(["alice"]));
    assert_eq!(presence("alice"), json!(["bob"]));

    // A sending, in the journal under its sender's name, and the version sent too.
    let content = [("Content-Type", "application/json")];
    let sent = team.as_user(
        "carol",
        "POST",
        &format!("{HOUVE}/send"),
        &content,
        "{\"draft\": true}",
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    assert_eq!(sent.json()["sent"], true, "{}", sent.text());
    assert_eq!(received.lock().unwrap().len(), 1);
    let journal = team.as_user("alice", "GET", "/api/journal", &[], "").json();
    assert!(
        (journal.as_array().unwrap().iter()).all(|line| line["user"] == "carol"),
        "{journal}"
    );
    let history = team.as_user("alice", "GET", &format!("{HOUVE}/history"), &[], "");
    let history = history.json();
    let sent_version = (history["versions"].as_array().unwrap().iter())
        .find(|v| v.as_str().unwrap().ends_with("-envoi.toml"))
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(history["who"][sent_version]["sender"], "carol", "{history}");
    assert_eq!(history["who"][sent_version]["author"], "bob", "{history}");
}

#[test]
fn two_people_in_their_browsers_see_each_other_and_whose_version_it_is() {
    let team = team(&["ctg/CTG-057-2021-HOUVE.toml"], &[]);
    crate::browser::run_script("team.mjs", &[&format!("http://{}/", team.proxy)]);
}

#[test]
fn proxy_mode_needs_its_header_and_its_proxies() {
    let dir = tempdir();
    let run = |args: &[&str]| {
        let mut all = vec!["serve", ".", "--port", "0"];
        all.extend_from_slice(args);
        convgen_in(dir.path(), &all)
    };
    let output = run(&["--auth", "proxy", "--trusted-proxy", "10.0.0.0/8"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--user-header"),
        "{}",
        stderr(&output)
    );
    let output = run(&["--auth", "proxy", "--user-header", "X-Remote-User"]);
    assert!(
        stderr(&output).contains("--trusted-proxy"),
        "{}",
        stderr(&output)
    );
    let output = run(&[
        "--auth",
        "proxy",
        "--user-header",
        "X-Remote-User",
        "--trusted-proxy",
        "10.0.0.0/33",
    ]);
    assert!(
        stderr(&output).contains("10.0.0.0/33"),
        "{}",
        stderr(&output)
    );
    let output = run(&["--user-header", "X-Remote-User"]);
    assert!(
        stderr(&output).contains("--auth proxy"),
        "token mode refuses proxy options: {}",
        stderr(&output)
    );
}
