//! Signed returns in the workspace: pyHanko-signed copies of a convention (made once by
//! `verify`'s tests) dropped on a running `convgen serve`, through its API and in the browser.

use std::path::PathBuf;

use serde_json::Value;

use crate::verify::{REFERENCE, signed};
use crate::*;

/// A folder served as the workspace, with CD47, HOUVE and `more` fixtures rendered into its
/// output folder as the workspace renders them (its files by their full path).
pub fn rendered_workspace(more: &[&str]) -> tempfile::TempDir {
    let dir = tempdir();
    let fixtures = ["ctg/CTG-047-2024-CD47.toml", "ctg/CTG-057-2021-HOUVE.toml"];
    for fixture in fixtures.iter().chain(more) {
        let name = std::path::Path::new(fixture).file_name().unwrap();
        std::fs::copy(root().join("fixtures").join(fixture), dir.path().join(name)).unwrap();
    }
    let out = dir.path().join(".convgen-output");
    let folder = dir.path().to_str().unwrap();
    let rendered = convgen(&["render", folder, "-o", out.to_str().unwrap()]);
    assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));
    dir
}

/// The list's « Envoi et signature » state of each convention, by reference.
pub fn states(server: &crate::serve::Server) -> std::collections::BTreeMap<String, Value> {
    let list = server.get("/api/conventions").json();
    (list.as_array().unwrap().iter())
        .map(|c| (c["reference"].as_str().unwrap().into(), c["state"].clone()))
        .collect()
}

/// A signed PDF dropped on a convention's page, then another on the list: each kept apart
/// (the generated PDF untouched, the first copy kept), verified, recorded; the list follows.
#[test]
fn signed_pdfs_dropped_in_the_workspace_are_kept_verified_and_listed() {
    let s = signed();
    let server = crate::serve::start(rendered_workspace(&[]), &[]);
    let out = server.dir.path().join(".convgen-output");
    let generated = out.join(format!("{REFERENCE}.pdf"));
    let before = std::fs::read(&generated).unwrap();
    let pdf = [("Content-Type", "application/pdf")];
    let drop = |path: &str, file: &str| {
        let bytes = std::fs::read(s.path(file)).unwrap();
        server.request_bytes("POST", path, &pdf, &bytes)
    };

    let two = drop(&format!("/api/conventions/{REFERENCE}/signed"), "two.pdf");
    assert_eq!(two.status, 201, "{}", two.text());
    let two = two.json();
    assert_eq!(two["verdict"]["status"], "partially-signed", "{two}");
    assert_eq!(two["state"], "signée (2/3)", "{two}");
    assert_eq!(two["state_kind"], "state-partially-signed");
    let first = format!("signees/{REFERENCE}-1.pdf");
    assert_eq!(two["verdict"]["file"], first.as_str());

    let three = drop("/api/signed", "three.pdf");
    assert_eq!(three.status, 201, "{}", three.text());
    let three = three.json();
    let verdict = &three["verdict"];
    assert_eq!(verdict["reference"], REFERENCE);
    assert_eq!(verdict["status"], "signed", "{three}");
    assert_eq!(verdict["status_text"], "signée");
    assert_eq!(verdict["original"], "identical");
    assert_eq!(
        verdict["original_text"],
        "identique au PDF produit par convgen"
    );
    assert_eq!(verdict["changes"], "signatures-only");
    assert_eq!(three["not_recorded"], Value::Null);
    let rows = verdict["signatures"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{three}");
    for row in rows {
        assert_eq!(
            (&row["signed"], &row["intact"]),
            (&Value::Bool(true), &Value::Bool(true))
        );
        assert!(row["time"].as_str().unwrap().contains(" à "), "{row}");
    }
    assert_eq!(three["state"], "signée");

    // Both copies kept, each as dropped; the generated PDF as it was.
    let kept = |name: &str| std::fs::read(out.join(name)).unwrap();
    assert_eq!(kept(&first), std::fs::read(s.path("two.pdf")).unwrap());
    let second = format!("signees/{REFERENCE}-2.pdf");
    assert_eq!(kept(&second), std::fs::read(s.path("three.pdf")).unwrap());
    assert_eq!(std::fs::read(&generated).unwrap(), before);
    assert_eq!(verdict["file"], second.as_str());

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let recorded = (manifest["entries"].as_array().unwrap().iter())
        .find(|e| e["reference"] == REFERENCE && e["variant"] == "pdf")
        .map(|e| e["verified"].clone())
        .unwrap();
    assert_eq!(recorded["file"], second.as_str(), "{recorded}");
    assert_eq!(recorded["status"], "signed");

    let states = states(&server);
    assert_eq!(states[REFERENCE], "signée", "{states:?}");
    assert_eq!(states["CTG-057-2021-HOUVE"], "projet", "{states:?}");
    let last = server
        .get(&format!("/api/conventions/{REFERENCE}/signed"))
        .json();
    assert_eq!(last["verdict"]["file"], second.as_str(), "{last}");
    assert_eq!(last["state_kind"], "state-signed");
}

/// A PDF that names no convention (`tests/data/annexe-diagnostic.pdf`: no source attached, no
/// PDF of the manifest — a scanned return looks the same) is refused on the list, kept on its
/// convention's page but said compared with nothing, never « aucune » modification, and the
/// convention to be checked by eye; the same file dropped again is not kept twice; another
/// convention's PDF is refused, naming it, nothing kept.
#[test]
fn a_pdf_naming_no_convention_is_kept_on_its_page_but_said_not_compared() {
    let server = crate::serve::start(rendered_workspace(&[]), &[]);
    let out = server.dir.path().join(".convgen-output");
    let scan = std::fs::read(root().join("tests/data/annexe-diagnostic.pdf")).unwrap();
    let pdf = [("Content-Type", "application/pdf")];
    let page = format!("/api/conventions/{REFERENCE}/signed");

    let on_list = server.request_bytes("POST", "/api/signed", &pdf, &scan);
    assert_eq!(on_list.status, 422, "{}", on_list.text());

    let first = server.request_bytes("POST", &page, &pdf, &scan);
    assert_eq!(first.status, 201, "{}", first.text());
    let first = first.json();
    let verdict = &first["verdict"];
    assert_eq!(verdict["original"], "unidentified", "{first}");
    assert_eq!(
        verdict["original_text"],
        format!(
            "ce PDF ne porte pas la référence de {REFERENCE} (ni source jointe, ni empreinte d’un PDF produit ici) : il n’a pas pu être comparé au document produit (copie numérisée ?) ; vérifiez-le à l’œil"
        ),
        "{first}"
    );
    assert_eq!(
        verdict["changes_text"],
        "impossible à dire : rien à quoi comparer ce PDF"
    );
    assert_eq!(verdict["status_text"], "sans signature électronique");
    assert_eq!(
        verdict["convention"],
        format!("{REFERENCE} — Convention territoriale globale Caf / Département 2024-2026")
    );
    let kept = format!("signees/{REFERENCE}-1.pdf");
    assert_eq!(verdict["file"], kept.as_str());
    assert_eq!(verdict["already"], Value::Null);
    assert_eq!(first["state"], "à vérifier", "{first}");
    assert_eq!(first["state_kind"], "state-to-check");

    // The same bytes again: the copy already kept, said with the day it came.
    let again = server.request_bytes("POST", &page, &pdf, &scan);
    assert_eq!(again.status, 201, "{}", again.text());
    let again = again.json();
    assert_eq!(again["verdict"]["file"], kept.as_str(), "{again}");
    let already = again["verdict"]["already"].as_str().unwrap();
    assert!(
        already.starts_with("ce même fichier a déjà été reçu le ")
            && already.ends_with(&format!("UTC : il n’est gardé qu’une fois, sous {kept}")),
        "{already}"
    );

    // The last verdict, read back from the manifest, says the same.
    let last = server.get(&page).json();
    assert_eq!(last["verdict"]["original"], "unidentified", "{last}");
    assert!(
        last["verdict"]["convention"]
            .as_str()
            .unwrap()
            .starts_with(REFERENCE)
    );

    // Another convention's generated PDF (found by its fingerprint): refused, named.
    let houve = std::fs::read(out.join("CTG-057-2021-HOUVE.pdf")).unwrap();
    let other = server.request_bytes("POST", &page, &pdf, &houve);
    assert_eq!(other.status, 422, "{}", other.text());
    let said = other.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.contains("est la convention CTG-057-2021-HOUVE"),
        "{said}"
    );
    let names: Vec<_> = (std::fs::read_dir(out.join("signees")).unwrap().flatten())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, [format!("{REFERENCE}-1.pdf")]);
}

/// What is not a signed PDF of the convention is refused, said in French, and nothing kept.
#[test]
fn the_workspace_refuses_what_is_not_a_signed_pdf_of_the_convention() {
    let s = signed();
    let server = crate::serve::start(rendered_workspace(&[]), &[]);
    let path = format!("/api/conventions/{REFERENCE}/signed");
    let pdf = [("Content-Type", "application/pdf")];

    let text = server.request_bytes("POST", &path, &pdf, b"<html>pas un PDF</html>");
    assert_eq!(text.status, 415, "{}", text.text());
    assert!(
        text.json()["error"]
            .as_str()
            .unwrap()
            .contains("n’est pas un PDF")
    );

    // A body announced larger than 64 MiB: refused before it is read.
    let mut stream = std::net::TcpStream::connect(&server.address).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n%PDF-1.7\n",
        server.address,
        server.token,
        (64 << 20) + 1
    );
    std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("dépasse 64 Mio"), "{answer}");

    let houve = "/api/conventions/CTG-057-2021-HOUVE/signed";
    let other = server.request_bytes(
        "POST",
        houve,
        &pdf,
        &std::fs::read(s.path("three.pdf")).unwrap(),
    );
    assert_eq!(other.status, 422, "{}", other.text());
    let said = other.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.contains(&format!(
            "est la convention {REFERENCE}, pas CTG-057-2021-HOUVE"
        )),
        "{said}"
    );

    let signees = server.dir.path().join(".convgen-output/signees");
    let kept = std::fs::read_dir(&signees).map(|d| d.count()).unwrap_or(0);
    assert_eq!(kept, 0, "nothing kept");
}

/// The convention's own PDFs as convgen produced them, with no signature at all — its draft
/// (« PROJET ») and its final PDF — are no signed return: refused on its page and on the
/// list, said why, nothing kept; a scan (naming no convention) is still kept, to check.
#[test]
fn the_convention_s_own_unsigned_pdfs_are_not_kept_as_signed_returns() {
    let server = crate::serve::start(rendered_workspace(&[]), &[]);
    let out = server.dir.path().join(".convgen-output");
    let drafts = tempdir();
    let fixture = root().join("fixtures/ctg/CTG-047-2024-CD47.toml");
    let (fixture, into) = (fixture.to_str().unwrap(), drafts.path().to_str().unwrap());
    let rendered = convgen(&["render", fixture, "-o", into, "--draft"]);
    assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));
    let draft = std::fs::read(drafts.path().join(format!("{REFERENCE}-projet.pdf"))).unwrap();
    let produced = std::fs::read(out.join(format!("{REFERENCE}.pdf"))).unwrap();
    let pdf = [("Content-Type", "application/pdf")];
    let page = format!("/api/conventions/{REFERENCE}/signed");
    let cases = [
        (
            &draft,
            format!(
                "ce PDF est le projet de {REFERENCE} produit par convgen (filigrane « PROJET »), sans aucune signature : ce n’est pas un retour signé ; rien n’a été gardé"
            ),
        ),
        (
            &produced,
            format!(
                "ce PDF est le PDF de {REFERENCE} produit par convgen, sans aucune signature : ce n’est pas un retour signé ; rien n’a été gardé"
            ),
        ),
    ];
    for (bytes, said) in cases {
        for path in [page.as_str(), "/api/signed"] {
            let refused = server.request_bytes("POST", path, &pdf, bytes);
            assert_eq!(refused.status, 422, "{path}: {}", refused.text());
            assert_eq!(refused.json()["error"], said.as_str(), "{path}");
        }
    }
    let kept = |signees: &std::path::Path| std::fs::read_dir(signees).map_or(0, |d| d.count());
    assert_eq!(kept(&out.join("signees")), 0, "nothing kept");
    assert_eq!(server.get(&page).json()["verdict"], Value::Null);

    let scan = std::fs::read(root().join("tests/data/annexe-diagnostic.pdf")).unwrap();
    let scanned = server.request_bytes("POST", &page, &pdf, &scan);
    assert_eq!(scanned.status, 201, "{}", scanned.text());
    assert_eq!(scanned.json()["state"], "à vérifier");
    assert_eq!(kept(&out.join("signees")), 1, "the scan kept");
}

/// In the browser: a copy signed by two of three chosen with the picker on the list, then the
/// fully signed one on the convention's page, each verdict read; the deadlines' view, with a
/// sending 40 days old not back signed (`tests/browser/signed.mjs`).
#[test]
fn a_person_drops_signed_copies_and_reads_the_deadlines_in_the_browser() {
    let s = signed();
    let dir = rendered_workspace(&["ctg/CTG-063-2021-RLV.toml"]);
    let out = dir.path().join(".convgen-output");
    // RLV sent 40 days ago, as `send` journals it: its PDF's SHA-256 is the manifest's.
    let sha = tool(
        "sha256sum",
        &[out.join("CTG-063-2021-RLV.pdf").to_str().unwrap()],
    );
    let sha = sha.split_whitespace().next().unwrap().to_string();
    let when = tool("date", &["-u", "-d", "40 days ago", "+%Y-%m-%dT%H:%M:%SZ"]);
    let line = format!(
        r#"{{"status":"sent","time":"{}","reference":"CTG-063-2021-RLV","recipients":["mairie@example.org"],"pdf_sha256":"{sha}","message_id":"<1@example.org>","draft":false}}"#,
        when.trim()
    );
    std::fs::write(out.join("sent.jsonl"), line + "\n").unwrap();
    let server = crate::serve::start(dir, &[]);
    let url = format!("http://{}/#token={}", server.address, server.token);
    let screenshots = std::env::var_os("CONVGEN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("convgen-signed-screenshots"));
    std::fs::create_dir_all(&screenshots).unwrap();
    let (two, three) = (s.arg("two.pdf"), s.arg("three.pdf"));
    let scan = root().join("tests/data/annexe-diagnostic.pdf");
    crate::browser::run_script(
        "signed.mjs",
        &[
            &url,
            screenshots.to_str().unwrap(),
            &two,
            &three,
            scan.to_str().unwrap(),
        ],
    );
    let kept = server.dir.path().join(".convgen-output/signees");
    let mut names: Vec<_> = (std::fs::read_dir(kept).unwrap().flatten())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    let kept: Vec<_> = (1..=3).map(|n| format!("{REFERENCE}-{n}.pdf")).collect();
    assert_eq!(names, kept, "the scan dropped twice, kept once");
}
