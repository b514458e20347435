//! Snapshots (insta) of what convgen writes and prints, so that a change of wording or of a
//! file's layout is seen in review and made on purpose. Paths of temporary directories,
//! hashes, dates and MIME boundaries are redacted; everything else is pinned as written.
//! To accept a deliberate change: `INSTA_UPDATE=always scripts/test snapshots`, then review
//! the diff of `tests/cli/snapshots/`.

use std::path::Path;
use std::process::Command;

use crate::*;

const CTG: &str = include_str!("../../src/examples/ctg.toml");

/// Snapshot settings shared by every test: files beside this module, no source line noise.
fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("tests/cli/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// `text` with the temporary directory's path replaced by `[dir]`.
fn redact_dir(text: &str, dir: &Path) -> String {
    text.replace(dir.to_str().unwrap(), "[dir]")
}

#[test]
fn generated_typst_of_every_fixture() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let output = convgen(&["render", "fixtures", "--format", "typ", "-o", out]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".typ"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "{names:?}");
    for name in names {
        let typ = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        settings().bind(|| insta::assert_snapshot!(format!("typ-{name}"), typ));
    }
}

/// `convgen check` on each one-defect file of `tests/cli/check/` (one defect each, as a
/// jurist might write it): the exit code and the whole output.
#[test]
fn check_output_of_each_one_defect_file() {
    settings().bind(|| {
        insta::glob!("check/*.toml", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let output = convgen_in(path.parent().unwrap(), &["check", name]);
            let printed = format!("exit code {}\n{}", code(&output), stderr(&output));
            insta::assert_snapshot!(printed);
        });
    });
}

/// Words of English sentences in what convgen printed, outside the file's own lines (the
/// source excerpt, the key's path in its note).
fn english_words(printed: &str) -> Vec<String> {
    const ENGLISH: &[&str] = &[
        "error", "warning", "help", "key", "the", "an", "is", "are", "must", "not", "of", "and",
        "or", "to", "in", "at", "expected", "invalid", "missing", "unknown", "file", "files",
        "checked", "write", "with", "without", "only", "here", "period", "amount",
    ];
    let ours =
        |line: &&str| !line.contains(" │") && !line.contains("┌─") && !line.contains("clé : ");
    (printed.lines().filter(ours))
        .flat_map(|line| line.split(|c: char| !c.is_alphabetic()))
        .filter(|word| ENGLISH.contains(&word.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

/// The same under a French locale: every sentence French, the line still named.
#[test]
fn check_output_of_each_one_defect_file_in_french() {
    settings().bind(|| {
        insta::glob!("check/*.toml", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let output = english(Command::new(env!("CARGO_BIN_EXE_convgen")))
                .env("LANG", "fr_FR.UTF-8")
                .env("NO_COLOR", "1")
                .args(["check", name])
                .current_dir(path.parent().unwrap())
                .output()
                .unwrap();
            let printed = stderr(&output);
            assert!(
                printed.contains(&format!("{name}:")),
                "the line is named: {printed}"
            );
            let english = english_words(&printed);
            assert!(english.is_empty(), "English {english:?} in {printed}");
            let printed = format!("exit code {}\n{printed}", code(&output));
            insta::assert_snapshot!(printed);
        });
    });
}

#[test]
fn check_output_for_two_files_of_one_reference() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.toml"), CTG).unwrap();
    std::fs::write(dir.path().join("b.toml"), CTG).unwrap();
    let output = convgen_in(dir.path(), &["check", "."]);
    let printed = format!("exit code {}\n{}", code(&output), stderr(&output));
    settings().bind(|| insta::assert_snapshot!("check-duplicate-reference", printed));
}

#[test]
fn manifest_of_the_fixtures() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let output = convgen(&["render", "fixtures", "--draft", "-o", out]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("manifest.json")).unwrap()).unwrap();
    for entry in manifest["entries"].as_array_mut().unwrap() {
        for key in ["input_sha256", "recipe_sha256"] {
            entry[key] = "[sha256]".into();
        }
        for hash in entry["sha256"].as_array_mut().unwrap() {
            *hash = "[sha256]".into();
        }
    }
    let text = serde_json::to_string_pretty(&manifest).unwrap();
    settings().bind(|| insta::assert_snapshot!("manifest", text));
}

#[test]
fn renew_report_and_drafted_ctg() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let args = [
        "renew",
        "fixtures/cej",
        // FEURS ends on 2023-06-30: skipped, as a CEJ still running is.
        "--expiring-before",
        "2023-01-01",
        "-o",
        out,
    ];
    let output = convgen(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = std::fs::read_to_string(dir.path().join("renew-report.csv")).unwrap();
    let ctg = std::fs::read_to_string(dir.path().join("CTG-042-2023-CHARLIEU.toml")).unwrap();
    settings().bind(|| {
        insta::assert_snapshot!("renew-report", report);
        insta::assert_snapshot!("renew-ctg-charlieu", ctg);
        insta::assert_snapshot!("renew-stderr", redact_dir(&stderr(&output), dir.path()));
    });
}

/// A message with its `Date`, Message-ID, MIME boundaries and base64 attachment replaced.
fn redact_message(eml: &str) -> String {
    let boundaries: Vec<&str> = eml
        .split("boundary=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let mut text = String::new();
    let (mut base64_follows, mut in_base64) = (false, false);
    for line in eml.lines() {
        if in_base64 && !line.starts_with("--") {
            continue;
        }
        in_base64 = base64_follows && line.is_empty();
        base64_follows =
            (base64_follows && !line.is_empty()) || line == "Content-Transfer-Encoding: base64";
        let line = if line.starts_with("Date: ") {
            "Date: [date]".to_string()
        } else if line.starts_with("Message-ID: ") {
            "Message-ID: [message id]".to_string()
        } else {
            (boundaries.iter()).fold(line.to_string(), |l, b| l.replace(b, "[boundary]"))
        };
        text.push_str(&line);
        text.push('\n');
        if in_base64 {
            text.push_str("[base64 PDF]\n");
        }
    }
    text
}

#[test]
fn dry_run_message() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let eml = dir.path().join("eml");
    let from = "Caf du Puy-de-Dôme <conventions@caf63.example.fr>";
    let output = send_dry_run("fixtures/ctg/CTG-063-2021-RLV.toml", &out, &eml, from);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let message = std::fs::read_to_string(eml.join("CTG-063-2021-RLV-projet.eml")).unwrap();
    let message = redact_message(&message.replace("\r\n", "\n"));
    settings().bind(|| insta::assert_snapshot!("send-dry-run-eml", message));
}

/// An answer of the workspace as a snapshot shows it: its status and its JSON, etags
/// redacted.
fn answer_text(answer: &crate::serve::Answer) -> String {
    let mut json: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
    if json.get("etag").is_some() {
        json["etag"] = "[etag]".into();
    }
    let text = serde_json::to_string_pretty(&json).unwrap();
    format!("{}\n{text}", answer.status)
}

#[test]
fn the_workspace_s_answers() {
    let server = crate::serve::serve();
    let houve = "/api/conventions/CTG-057-2021-HOUVE";
    let bad = fixture("ctg/CTG-057-2021-HOUVE.toml")
        .replacen(
            "name = \"Communauté de communes Houve-Pays Boulageois\"\n",
            "name = \"Communauté de communes Houve-Pays Boulageois\"\nsiren = \"200067503\"\n",
            1,
        )
        .replacen("2022 = 27840", "2022 = \"27 840,555\"", 1);
    let edit = |key: &str, value: serde_json::Value| serde_json::json!({ "etag": server.etag(houve), "key": key, "value": value });
    let answers = [
        ("api-list", server.get("/api/conventions")),
        ("api-check", server.request("POST", "/api/check", &[], &bad)),
        ("api-missing", server.get("/api/conventions/CTG-NOPE")),
        (
            "api-bad-key",
            server.patch(houve, &edit("partners[9].name", "X".into())),
        ),
        (
            "api-stale",
            server.patch(
                houve,
                &serde_json::json!({ "etag": "\"0\"", "key": "territory", "value": "X" }),
            ),
        ),
    ];
    for (name, answer) in answers {
        settings().bind(|| insta::assert_snapshot!(name, answer_text(&answer)));
    }
}
