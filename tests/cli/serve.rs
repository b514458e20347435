//! `convgen serve`: the API of the contract, against the real server on a loopback port,
//! spoken to in plain HTTP/1.1 so that every header is the test's own.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use crate::*;

/// A server over a copy of the CTG fixtures, stopped when dropped.
pub struct Server {
    child: Child,
    pub address: String,
    pub token: String,
    pub dir: tempfile::TempDir,
}

impl Server {
    /// Kills the server at once, as a crash or `kill -9` would, and keeps its folder.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.dir, tempfile::TempDir::new().unwrap())
    }

    /// The server's resident memory, in KiB.
    pub fn memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve() -> Server {
    serve_with(
        &["ctg/CTG-057-2021-HOUVE.toml", "ctg/CTG-047-2024-CD47.toml"],
        &[],
    )
}

/// A server over copies of these fixtures, its environment set to `env` (and nothing else
/// of convgen's: no mail settings unless given).
pub fn serve_with(fixtures: &[&str], env: &[(&str, &str)]) -> Server {
    let dir = tempdir();
    for path in fixtures {
        let name = std::path::Path::new(path).file_name().unwrap();
        std::fs::copy(root().join("fixtures").join(path), dir.path().join(name)).unwrap();
    }
    start(dir, env)
}

/// A server over `dir`, as `convgen serve` starts on it.
pub fn start(dir: tempfile::TempDir, env: &[(&str, &str)]) -> Server {
    start_with_args(dir, env, &[])
}

/// A server over `dir`, with more arguments to `convgen serve`.
pub fn start_with_args(dir: tempfile::TempDir, env: &[(&str, &str)], args: &[&str]) -> Server {
    let mut command = crate::english(Command::new(env!("CARGO_BIN_EXE_convgen")));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("CONVGEN_")) {
        command.env_remove(name);
    }
    let mut child = command
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .args(["serve", dir.path().to_str().unwrap(), "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.split_whitespace().last().unwrap().to_string();
    let (base, token) = url.split_once("/#token=").unwrap();
    let address = base.trim_start_matches("http://").to_string();
    Server {
        child,
        address,
        token: token.to_string(),
        dir,
    }
}

/// An answer: status, headers (names lowercase) and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// One request; `Host` and the token are added unless `headers` gives its own.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        self.request_bytes(method, path, headers, body.as_bytes())
    }

    /// A request with a body of any bytes.
    pub fn request_bytes(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        // A server that never answers fails the test rather than hanging it.
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(60)))
            .unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        let bearer = format!("Bearer {}", self.token);
        let defaults = [
            ("Host", self.address.as_str()),
            ("Authorization", bearer.as_str()),
        ];
        for (name, value) in defaults {
            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        for (name, value) in headers.iter().filter(|(_, v)| !v.is_empty()) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
            .collect();
        Answer {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], "")
    }

    pub fn post(&self, path: &str, body: &serde_json::Value) -> Answer {
        let content = [("Content-Type", "application/json")];
        self.request("POST", path, &content, &body.to_string())
    }

    pub fn patch(&self, path: &str, body: &serde_json::Value) -> Answer {
        let content = [("Content-Type", "application/json")];
        self.request("PATCH", path, &content, &body.to_string())
    }

    /// The etag of the convention at `path` (`/api/conventions/…`).
    pub fn etag(&self, path: &str) -> String {
        self.get(path).json()["etag"].as_str().unwrap().to_string()
    }

    /// The convention at `path` saved as `text` over its current version, as « Enregistrer
    /// la source » does; the save must succeed.
    pub fn save(&self, path: &str, text: &str) {
        let saved = self.request("PUT", path, &[("If-Match", &self.etag(path))], text);
        assert_eq!(saved.status, 200, "{}", saved.text());
    }

    /// The text of a file of the served folder.
    pub fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }
}

#[test]
fn only_the_token_holder_at_the_server_s_own_address_gets_in() {
    let server = serve();
    let anonymous = [("Authorization", "")];
    assert_eq!(
        (server.request("GET", "/api/conventions", &anonymous, "")).status,
        401
    );
    let wrong = server.request(
        "GET",
        "/api/conventions",
        &[("Authorization", "Bearer 00")],
        "",
    );
    assert_eq!(wrong.status, 401);
    let foreign = server.request(
        "GET",
        "/api/conventions",
        &[("Host", "convgen.evil.example")],
        "",
    );
    assert_eq!(foreign.status, 403, "DNS rebinding");
    // The token is never a cookie, nor taken from the address: a page of another port of
    // 127.0.0.1 gets what any stranger gets.
    let query = format!("/api/conventions?token={}", server.token);
    assert_eq!(server.request("GET", &query, &anonymous, "").status, 401);
    let cookie = format!("convgen_token={}", server.token);
    let with_cookie = [("Authorization", ""), ("Cookie", cookie.as_str())];
    assert_eq!(
        (server.request("GET", "/api/conventions", &with_cookie, "")).status,
        401
    );
    // The shell is the same for everyone and says nothing of the folder.
    let shell = server.request("GET", "/", &anonymous, "");
    assert_eq!(shell.status, 200);
    let html = String::from_utf8_lossy(&shell.body).into_owned();
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(
        !html.contains("HOUVE") && !html.contains(&server.token),
        "{html}"
    );
    assert!(shell.header("set-cookie").is_none());
    let forged = server.request(
        "POST",
        "/api/check",
        &[("Origin", "http://evil.example")],
        "kind = 1",
    );
    assert_eq!(forged.status, 403, "a cross-origin write");
    let own = format!("http://{}", server.address);
    assert_eq!(
        server
            .request("POST", "/api/check", &[("Origin", own.as_str())], "")
            .status,
        200
    );
}

#[test]
fn the_list_and_a_convention_with_its_diagnostics() {
    let server = serve();
    let list = server.get("/api/conventions").json();
    let references: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reference"].as_str().unwrap())
        .collect();
    assert_eq!(references, ["CTG-047-2024-CD47", "CTG-057-2021-HOUVE"]);
    assert_eq!(list[1]["valid"], true);
    assert_eq!(list[1]["territory"], "Houve et Pays Boulageois");
    let houve = server.get("/api/conventions/CTG-057-2021-HOUVE").json();
    assert_eq!(houve["toml"], fixture("ctg/CTG-057-2021-HOUVE.toml"));
    assert_eq!(houve["file"], "CTG-057-2021-HOUVE.toml");
    assert!(houve["etag"].as_str().unwrap().starts_with('"'));
    assert_eq!(
        server.get("/api/conventions/..%2F..%2Fetc%2Fpasswd").status,
        404
    );
    assert_eq!(server.get("/api/conventions/CTG-NOPE").status, 404);
    let bad =
        fixture("ctg/CTG-057-2021-HOUVE.toml").replacen("budget = 6000", "budget = 6000.125", 1);
    let check = server.request("POST", "/api/check", &[], &bad).json();
    let line = bad
        .lines()
        .position(|l| l.starts_with("budget = 6000.125"))
        .unwrap()
        + 1;
    let finding = &check["diagnostics"][0];
    assert_eq!(
        (finding["severity"].as_str(), finding["line"].as_u64()),
        (Some("error"), Some(line as u64))
    );
    assert_eq!(finding["key"], "axes[4].actions[2].budget");
}

#[test]
fn saves_need_the_current_etag_and_keep_the_previous_version() {
    let server = serve();
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    let etag = server.get("/api/conventions/CTG-057-2021-HOUVE").json()["etag"]
        .as_str()
        .unwrap()
        .to_string();
    let edited = before.replace("Jean-Pierre Kieffer", "André Boucher");
    let url = "/api/conventions/CTG-057-2021-HOUVE";
    assert_eq!(
        server.request("PUT", url, &[], &edited).status,
        428,
        "no If-Match"
    );
    let stale = server.request("PUT", url, &[("If-Match", "\"0\"")], &edited);
    assert_eq!(stale.status, 409);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "nothing written"
    );
    let saved = server.request("PUT", url, &[("If-Match", etag.as_str())], &edited);
    assert_eq!(
        saved.status,
        200,
        "{}",
        String::from_utf8_lossy(&saved.body)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    let history = server
        .dir
        .path()
        .join(".convgen-history/CTG-057-2021-HOUVE.toml");
    let versions: Vec<_> = std::fs::read_dir(&history)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(versions.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&versions[0]).unwrap(),
        before,
        "the previous version kept"
    );
    // Invalid TOML is saved (nothing typed is lost) but never rendered.
    let new_etag = saved.json()["etag"].as_str().unwrap().to_string();
    let broken = format!("{edited}\n[period\n");
    let kept = server.request("PUT", url, &[("If-Match", new_etag.as_str())], &broken);
    assert_eq!(kept.status, 200);
    assert_eq!(kept.json()["diagnostics"][0]["severity"], "error");
    assert_eq!(server.get(&format!("{url}.pdf")).status, 422);
}

#[test]
fn the_pdf_is_render_s_and_pages_are_images() {
    let server = serve();
    let pdf = server.get("/api/conventions/CTG-047-2024-CD47.pdf?draft=1");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    let out = server.dir.path().join("out");
    let input = server.dir.path().join("CTG-047-2024-CD47.toml");
    let render = convgen(&[
        "render",
        input.to_str().unwrap(),
        "--draft",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&render), 0, "{}", stderr(&render));
    assert!(
        pdf.body == std::fs::read(out.join("CTG-047-2024-CD47-projet.pdf")).unwrap(),
        "the same bytes as render's"
    );
    let page = server.get("/api/conventions/CTG-047-2024-CD47/pages/1.png");
    assert_eq!(page.status, 200);
    assert!(page.body.starts_with(b"\x89PNG"));
    assert_eq!(
        server
            .get("/api/conventions/CTG-047-2024-CD47/pages/99.png")
            .status,
        404
    );
}

#[test]
fn a_form_field_rewrites_only_its_value() {
    let server = serve();
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    let url = "/api/conventions/CTG-057-2021-HOUVE";
    let etag = server.get(url).json()["etag"].as_str().unwrap().to_string();
    let json = |key: &str, value: &str, etag: &str| {
        serde_json::json!({ "etag": etag, "key": key, "value": value }).to_string()
    };
    let content = [("Content-Type", "application/json")];
    let key = "partners[1].signatories[1].name";
    let stale = server.request("PATCH", url, &content, &json(key, "André Boucher", "\"0\""));
    assert_eq!(stale.status, 409);
    let unknown = server.request(
        "PATCH",
        url,
        &content,
        &json("partners[9].name", "X", &etag),
    );
    assert_eq!(unknown.status, 422);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "nothing written"
    );
    let edited = server.request("PATCH", url, &content, &json(key, "André Boucher", &etag));
    assert_eq!(
        edited.status,
        200,
        "{}",
        String::from_utf8_lossy(&edited.body)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replacen(
            "name = \"Jean-Pierre Kieffer\"",
            "name = \"André Boucher\"",
            1
        )
    );
    assert_eq!(edited.json()["toml"], after);
    let etag = edited.json()["etag"].as_str().unwrap().to_string();
    let bad = server.request(
        "PATCH",
        url,
        &content,
        &json("funding[1].amounts.2022", "12,345", &etag),
    );
    let finding = &bad.json()["diagnostics"][0];
    assert_eq!(finding["key"], "funding[1].amounts.2022");
    assert_eq!(finding["severity"], "error");
}

#[test]
fn the_convention_a_path_names_is_found_or_refused_in_the_page_s_language() {
    let server = serve();
    let en = [
        ("Accept-Language", "en-GB,en;q=0.9"),
        ("Content-Type", "application/json"),
    ];
    let said = |a: &Answer| {
        (
            a.status,
            a.json()["error"].as_str().unwrap_or("").to_string(),
        )
    };
    let houve = "/api/conventions/CTG-057-2021-HOUVE";
    let nope = "/api/conventions/CTG-NOPE/history";
    let missing = "no convention `CTG-NOPE` in this folder".to_string();
    assert_eq!(said(&server.request("GET", nope, &en, "")), (404, missing));
    let missing = "aucune convention « CTG-NOPE » dans ce dossier".to_string();
    assert_eq!(said(&server.get(nope)), (404, missing));
    let etag = "send the etag you read, in an `If-Match` header".to_string();
    assert_eq!(
        said(&server.request("PUT", houve, &en, "x = 1")),
        (428, etag)
    );
    let edit = serde_json::json!({ "etag": server.etag(houve), "key": "nope", "value": "x" });
    let refused = server.request("PATCH", houve, &en, &edit.to_string());
    assert_eq!(said(&refused), (422, "no `nope` in the file".into()));
    let refused = server.patch(houve, &edit);
    assert_eq!(
        said(&refused),
        (422, "pas de « nope » dans le fichier".into())
    );
    let stranger = server.request(
        "GET",
        "/api/conventions",
        &[en[0], ("Authorization", "Bearer x")],
        "",
    );
    let token = "open the address `convgen serve` printed, with its token";
    assert_eq!((stranger.status, stranger.text()), (401, token.into()));
}
