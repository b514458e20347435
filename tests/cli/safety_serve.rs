//! The workspace, safe with any file and any folder: crafted workbooks refused while it
//! keeps answering; links, FIFOs and huge files never served nor written through; no edit
//! lost; one file per reference; no secret in an answer; file modes kept; no redirect; no
//! connection held by a client that trickles its headers; `--open` without the token in a
//! program's arguments.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::safety::{CRAFTED, crafted};
use crate::serve::{Server, serve, start};
use crate::*;

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

#[test]
fn another_site_can_neither_frame_nor_probe_the_workspace() {
    let server = serve();
    // Every answer, refused or not, forbids framing, caching and sniffing.
    let answers = [
        server.get("/"),
        server.get("/api/conventions"),
        server.request("GET", "/api/conventions", &[("Authorization", "")], ""),
        server.request("GET", "/", &[("Host", "evil.example")], ""),
    ];
    for answer in &answers {
        assert_eq!(answer.header("x-frame-options"), Some("DENY"));
        let policy = answer.header("content-security-policy").unwrap();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    }
    // A request another site's page makes is refused, token or not; only a navigation to
    // the shell goes through (a link to the workspace from elsewhere still opens it).
    for site in ["cross-site", "same-site"] {
        let from = [("Sec-Fetch-Site", site)];
        assert_eq!(
            server.request("GET", "/api/conventions", &from, "").status,
            403
        );
        let image = [
            ("Sec-Fetch-Site", site),
            ("Sec-Fetch-Dest", "image"),
            ("Sec-Fetch-Mode", "no-cors"),
        ];
        let probe = "/api/conventions/CTG-057-2021-HOUVE/pages/1.png";
        assert_eq!(server.request("GET", probe, &image, "").status, 403);
        let navigation = [
            ("Sec-Fetch-Site", site),
            ("Sec-Fetch-Mode", "navigate"),
            ("Authorization", ""),
        ];
        assert_eq!(server.request("GET", "/", &navigation, "").status, 200);
        assert_eq!(
            server
                .request("GET", "/api/journal", &navigation, "")
                .status,
            403
        );
    }
    let own = [("Sec-Fetch-Site", "same-origin")];
    assert_eq!(
        server.request("GET", "/api/conventions", &own, "").status,
        200
    );
    // Without the token, a reference that exists and one that does not answer alike.
    let anonymous = [("Authorization", "")];
    let exists = server.request(
        "GET",
        "/api/conventions/CTG-057-2021-HOUVE/pages/1.png",
        &anonymous,
        "",
    );
    let missing = server.request(
        "GET",
        "/api/conventions/CTG-NOPE/pages/1.png",
        &anonymous,
        "",
    );
    assert_eq!((exists.status, exists.body), (missing.status, missing.body));
}

#[test]
fn the_workspace_refuses_crafted_workbooks_and_keeps_answering() {
    let server = serve();
    for (name, refusal) in CRAFTED {
        let bytes = std::fs::read(crafted(name)).unwrap();
        let started = Instant::now();
        let path = format!("/api/import?name={name}&force=true");
        let answer = server.request_bytes("POST", &path, &[], &bytes);
        assert_eq!(
            answer.status,
            400,
            "{name}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        let error = answer.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(refusal), "{name}: {error}");
        assert!(started.elapsed() < Duration::from_secs(5), "{name}");
        assert_eq!(server.get("/api/conventions").status, 200, "after {name}");
    }
    let rss = server.memory_kib();
    assert!(
        rss < 1 << 20,
        "the server holds {rss} KiB after the crafted workbooks"
    );
}

/// A server over a folder with a convention, a link to a convention outside, a FIFO and a
/// file of 1 GiB, each `*.toml`.
fn hostile_server() -> (Server, tempfile::TempDir) {
    let dir = tempdir();
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    std::fs::write(dir.path().join("CTG-057-2021-HOUVE.toml"), &houve).unwrap();
    let outside = tempdir();
    let secret = houve.replacen("CTG-057-2021-HOUVE", "SECRET-OUTSIDE", 1);
    std::fs::write(outside.path().join("secret.toml"), secret).unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(outside.path().join("secret.toml"), link).unwrap();
    let fifo = std::ffi::CString::new(dir.path().join("fifo.toml").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::fs::File::create(dir.path().join("big.toml"))
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    (start(dir, &[]), outside)
}

#[test]
fn links_fifos_and_huge_files_are_listed_as_unread_and_never_served() {
    let (server, _outside) = hostile_server();
    let started = Instant::now();
    let list = server.get("/api/conventions").json();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the list does not wait on the FIFO"
    );
    let entry = |file: &str| {
        let found = (list.as_array().unwrap().iter()).find(|e| e["file"] == file);
        found.unwrap_or_else(|| panic!("{file} in {list}")).clone()
    };
    assert_eq!(entry("CTG-057-2021-HOUVE.toml")["valid"], true);
    for (file, why) in [
        ("link.toml", "symbolic link"),
        ("fifo.toml", "not a regular file"),
        ("big.toml", "larger than 16 MiB"),
    ] {
        let unread = entry(file);
        assert_eq!(unread["valid"], false);
        assert!(
            unread["unreadable"].as_str().unwrap().contains(why),
            "{unread}"
        );
    }
    assert!(!list.to_string().contains("SECRET-OUTSIDE"));
    for reference in ["SECRET-OUTSIDE", "link", "fifo", "big"] {
        let answer = server.get(&format!("/api/conventions/{reference}"));
        assert_eq!(answer.status, 404, "{reference}");
    }
}

/// A folder whose `relative` is a link to `outside`.
fn link_out(dir: &Path, relative: &str, outside: &Path) {
    std::os::unix::fs::symlink(outside, dir.join(relative)).unwrap();
}

fn empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn folders_linked_out_of_the_workspace_never_take_a_write() {
    let server = serve_with_cej();
    let (history, output, renewed) = (tempdir(), tempdir(), tempdir());
    link_out(server.dir.path(), ".convgen-history", history.path());
    link_out(server.dir.path(), ".convgen-output", output.path());
    link_out(server.dir.path(), "renouvellement", renewed.path());
    let before = server.file("CTG-057-2021-HOUVE.toml");
    let key = "partners[1].signatories[1].name";
    let edit = json!({ "etag": server.etag(HOUVE), "key": key, "value": "André Boucher" });
    let refused = server.patch(HOUVE, &edit);
    assert_eq!(refused.status, 500);
    assert!(
        refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("symbolic link")
    );
    assert_eq!(
        server.file("CTG-057-2021-HOUVE.toml"),
        before,
        "nothing half done"
    );
    assert_eq!(server.get(&format!("{HOUVE}.pdf?draft=1")).status, 500);
    let renew = json!({ "expiring_before": "2026-01-01" });
    assert_eq!(server.post("/api/renew", &renew).status, 500);
    for outside in [&history, &output, &renewed] {
        assert!(empty(outside.path()), "written through a link");
    }
}

fn serve_with_cej() -> Server {
    crate::serve::serve_with(
        &["ctg/CTG-057-2021-HOUVE.toml", "cej/CEJ-042-2019-FEURS.toml"],
        &[],
    )
}

#[test]
fn renewing_again_or_importing_over_a_file_keeps_what_it_replaces() {
    let server = serve_with_cej();
    let renew = json!({ "expiring_before": "2026-01-01" });
    assert_eq!(server.post("/api/renew", &renew).status, 200);
    // Renewed again, nothing edited: nothing to ask.
    assert_eq!(server.post("/api/renew", &renew).status, 200);
    let list = server.get("/api/conventions").json();
    let ctg = (list.as_array().unwrap().iter())
        .find(|e| e["file"].as_str().unwrap().starts_with("renouvellement/"))
        .unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/conventions/{ctg}");
    let edit = json!({ "etag": server.etag(&path), "key": "territory", "value": "Feurs, relu" });
    assert_eq!(server.patch(&path, &edit).status, 200);
    let edited = server.get(&path).json()["toml"]
        .as_str()
        .unwrap()
        .to_string();
    // Walk 14: asked first, naming the draft edited; nothing written until « Remplacer ».
    let asked = server.post("/api/renew", &renew);
    assert_eq!(asked.status, 409, "{}", asked.text());
    assert_eq!(asked.json()["replaced"], json!([ctg]));
    let said = asked.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.starts_with("ces projets de CTG existent déjà et diffèrent"),
        "{said}"
    );
    assert_eq!(server.get(&path).json()["toml"].as_str().unwrap(), edited);
    let anyway = json!({ "expiring_before": "2026-01-01", "anyway": true });
    assert_eq!(server.post("/api/renew", &anyway).status, 200);
    let versions = server.get(&format!("{path}/history")).json()["versions"].clone();
    let newest = versions[0].as_str().unwrap();
    let kept = server
        .get(&format!("{path}/changes?from={newest}&to=current"))
        .json();
    assert_eq!(kept["identical"], false);
    assert!(
        kept.to_string().contains("Feurs, relu"),
        "the edit is a version: {kept}"
    );
    assert!(
        !server.get(&path).json()["toml"]
            .as_str()
            .unwrap()
            .contains("Feurs, relu")
    );
    // Importing over the edited file, « remplacer » ticked: the same.
    let edit = json!({ "etag": server.etag(HOUVE), "key": "territory", "value": "Houve, relu" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let fixture = root().join("fixtures/ctg/CTG-057-2021-HOUVE.toml");
    let book = server.dir.path().join("../book.xlsx");
    let out = convgen(&[
        "export",
        fixture.to_str().unwrap(),
        "-o",
        book.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0);
    let bytes = std::fs::read(&book).unwrap();
    let imported = server.request_bytes("POST", "/api/import?name=b.xlsx&force=true", &[], &bytes);
    assert_eq!(
        imported.status,
        200,
        "{}",
        String::from_utf8_lossy(&imported.body)
    );
    let versions = server.get(&format!("{HOUVE}/history")).json()["versions"].clone();
    let newest = versions[0].as_str().unwrap();
    let kept = server
        .get(&format!("{HOUVE}/changes?from={newest}&to=current"))
        .json();
    assert!(kept.to_string().contains("Houve, relu"), "{kept}");
    assert!(!edited.is_empty());
}

#[test]
fn two_files_of_one_reference_are_both_marked_and_neither_is_picked_at_random() {
    let server = serve();
    let copy = server.dir.path().join("Copie de CTG-057-2021-HOUVE.toml");
    std::fs::write(&copy, server.file("CTG-057-2021-HOUVE.toml")).unwrap();
    let list = server.get("/api/conventions").json();
    let houves: Vec<_> = (list.as_array().unwrap().iter())
        .filter(|e| e["reference"] == "CTG-057-2021-HOUVE")
        .collect();
    assert_eq!(houves.len(), 2);
    let (first, later) = (houves[0], houves[1]);
    assert_eq!(first["duplicated_by"], json!([later["file"]]));
    assert_eq!(later["duplicate_of"], first["file"]);
    assert_eq!(
        (first["valid"].clone(), later["valid"].clone()),
        (json!(true), json!(false))
    );
    for path in [
        HOUVE.to_string(),
        format!("{HOUVE}.pdf"),
        format!("{HOUVE}/history"),
    ] {
        let answer = server.get(&path);
        assert_eq!(answer.status, 409, "{path}");
        assert!(
            answer.json()["error"]
                .as_str()
                .unwrap()
                .contains("Copie de")
        );
    }
    let preview = server.post(&format!("{HOUVE}/preview"), &json!({}));
    assert_eq!(preview.status, 409);
    // Each file can still be opened by its path, and mended.
    let file = later["file"].as_str().unwrap().replace(' ', "%20");
    let one = format!("{HOUVE}?file={file}");
    let opened = server.get(&one);
    assert_eq!(opened.status, 200);
    let etag = opened.json()["etag"].as_str().unwrap().to_string();
    let mend = json!({ "etag": etag, "key": "reference", "value": "CTG-057-2021-HOUVE-BIS" });
    assert_eq!(server.patch(&one, &mend).status, 200);
    assert_eq!(server.get(HOUVE).status, 200);
}

#[test]
fn smaller_things_secrets_modes_histories_redirects() {
    // A secret typed by mistake in convgen.toml is never quoted in an answer.
    let dir = tempdir();
    let settings = "[mail]\nfrom = \"conventions@caf.example.fr\"\nsmtp_pass = \"s3cr3t-pw\"\n";
    std::fs::write(dir.path().join("convgen.toml"), settings).unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        fixture("ctg/CTG-057-2021-HOUVE.toml"),
    )
    .unwrap();
    let server = start(dir, &[]);
    let workspace = server.get("/api/workspace");
    assert!(!String::from_utf8_lossy(&workspace.body).contains("s3cr3t"));
    assert!(
        workspace.json()["mail_off"]
            .as_str()
            .unwrap()
            .contains("CONVGEN_SMTP_PASSWORD")
    );
    // A save keeps the file's permissions.
    use std::os::unix::fs::PermissionsExt;
    let file = server.dir.path().join("a.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let edit = json!({ "etag": server.etag(HOUVE), "key": "territory", "value": "Houve" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // `x.toml` and `sub/x.toml` keep their own histories.
    std::fs::create_dir(server.dir.path().join("sub")).unwrap();
    let other = fixture("ctg/CTG-047-2024-CD47.toml");
    std::fs::write(server.dir.path().join("sub/a.toml"), other).unwrap();
    let cd47 = "/api/conventions/CTG-047-2024-CD47";
    let edit = json!({ "etag": server.etag(cd47), "key": "territory", "value": "Lot" });
    assert_eq!(server.patch(cd47, &edit).status, 200);
    let history = |path: &str| server.get(&format!("{path}/history")).json()["versions"].clone();
    assert_eq!(
        (
            history(HOUVE).as_array().unwrap().len(),
            history(cd47).as_array().unwrap().len()
        ),
        (1, 1)
    );
    assert!(
        server
            .dir
            .path()
            .join("sub/.convgen-history/a.toml")
            .is_dir()
    );
    // No answer sends the browser elsewhere, whatever the path.
    let token = &server.token;
    let paths = [
        format!("//evil.example/x?token={token}"),
        format!("/?token={token}"),
    ];
    for path in paths
        .iter()
        .map(String::as_str)
        .chain(["//evil.example/%2e%2e"])
    {
        let answer = server.get(path);
        assert!(
            !(300..400).contains(&answer.status),
            "{path}: {}",
            answer.status
        );
        assert!(answer.header("location").is_none(), "{path}");
    }
}

#[test]
fn a_client_that_trickles_its_headers_is_cut_off() {
    let server = serve();
    let mut stream = std::net::TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let started = Instant::now();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(20), "held for {waited:?}");
    assert!(
        waited >= Duration::from_secs(5),
        "closed at once: {waited:?}"
    );
}

#[test]
fn open_hands_the_browser_a_page_only_the_user_reads_never_the_token_in_arguments() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("a.toml"),
        fixture("ctg/CTG-057-2021-HOUVE.toml"),
    )
    .unwrap();
    let seen = dir.path().join("seen");
    let browser = dir.path().join("browser.sh");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > {seen}.args\ncp \"$1\" {seen}.page\nstat -c %a \"$1\" > {seen}.mode\n",
        seen = seen.display()
    );
    std::fs::write(&browser, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let server =
        crate::serve::start_with_args(dir, &[("BROWSER", browser.to_str().unwrap())], &["--open"]);
    let read = |suffix: &str| {
        let path = format!("{}.{suffix}", seen.display());
        for _ in 0..100 {
            if let Ok(text) = std::fs::read_to_string(&path)
                && !text.is_empty()
            {
                return text;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the browser was not started: no {path}");
    };
    let (args, page, mode) = (read("args"), read("page"), read("mode"));
    assert!(!args.contains(&server.token), "{args}");
    assert_eq!(mode.trim(), "600");
    let url = format!("http://{}/#token={}", server.address, server.token);
    assert!(page.contains(&url), "{page}");
}

#[test]
fn two_files_of_one_reference_are_refused_alike_until_a_file_is_named() {
    let server = serve();
    let en = [("Accept-Language", "en")];
    let text = server.file("CTG-057-2021-HOUVE.toml");
    std::fs::write(server.dir.path().join("copie.toml"), text).unwrap();
    for path in [
        format!("{HOUVE}/history"),
        format!("{HOUVE}/pages"),
        HOUVE.into(),
    ] {
        let answer = server.request("GET", &path, &en, "");
        let error = answer.json()["error"].as_str().unwrap_or("").to_string();
        let several = "several files declare the reference `CTG-057-2021-HOUVE` (";
        assert!(
            answer.status == 409 && error.starts_with(several),
            "{path}: {error}"
        );
    }
    let named = server.get(&format!("{HOUVE}/history?file=copie.toml"));
    assert_eq!(named.status, 200);
    let twice = server.get(&format!("{HOUVE}/history?file=a&file=b"));
    assert_eq!(twice.status, 400);
}
