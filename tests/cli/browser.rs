//! The workspace end to end, in a real browser: Debian's chromium driven by playwright-core
//! (`tests/browser/workspace.mjs`), against the real server. `scripts/test` installs both
//! when they are missing.

use std::process::Command;

use crate::serve::serve;
use crate::*;

/// Runs `script` of `tests/browser/` with `args` in chromium, which must say « all good ».
pub fn run_script(script: &str, args: &[&str]) {
    let browser = root().join("tests/browser");
    assert!(
        browser.join("node_modules/playwright-core").is_dir()
            && std::path::Path::new("/usr/bin/chromium").exists(),
        "chromium and playwright-core are missing: run scripts/test, which installs them"
    );
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(&browser)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stdout(&output).contains("all good"));
    // What the script measured (the preview's latency), shown with `--nocapture`.
    print!("{}", stdout(&output));
}

/// Where a script's screenshots go: `CONVGEN_SCREENSHOTS`, else a folder of the system's
/// temporary one named after the script.
fn screenshots(script: &str) -> std::path::PathBuf {
    let dir = std::env::var_os("CONVGEN_SCREENSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("convgen-{script}-screenshots")));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_person_edits_sees_the_page_change_and_downloads_the_pdf() {
    let server = serve();
    let cd47 = server.dir.path().join("CTG-047-2024-CD47.toml");
    let text = std::fs::read_to_string(&cd47).unwrap();
    let territory = "territory = \"Lot-et-Garonne\"";
    assert!(text.contains(territory));
    let hostile = r#"territory = "<img src=x onerror=\"document.title='pwned'\"> & Cie""#;
    std::fs::write(&cd47, text.replacen(territory, hostile, 1)).unwrap();
    let url = format!("http://{}/#token={}", server.address, server.token);
    let screenshots = tempdir();
    run_script(
        "workspace.mjs",
        &[&url, screenshots.path().to_str().unwrap()],
    );
    let saved = std::fs::read_to_string(server.dir.path().join("CTG-057-2021-HOUVE.toml")).unwrap();
    assert!(saved.contains("André Boucher"), "the edit reached the file");
}

#[test]
fn the_form_keeps_what_was_typed_reads_french_amounts_and_makes_an_avenant() {
    // RLV has nine pages: the preview's latency is measured on it.
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "ctg/CTG-047-2024-CD47.toml",
            "ctg/CTG-063-2021-RLV.toml",
        ],
        &[],
    );
    let url = format!("http://{}/#token={}", server.address, server.token);
    let screenshots = screenshots("form");
    run_script("form.mjs", &[&url, screenshots.to_str().unwrap()]);
    let avenant = server.dir.path().join("CTG-057-2021-HOUVE-AV1.toml");
    let avenant = std::fs::read_to_string(avenant).expect("the avenant is written");
    assert!(avenant.starts_with("# Avenant établi par `convgen avenant`"));
    let saved = std::fs::read_to_string(server.dir.path().join("CTG-057-2021-HOUVE.toml")).unwrap();
    assert!(saved.contains("Hélène Weber") && saved.contains("# une note à garder"));
    assert!(saved.contains("# relu par le service juridique"));
    // The annex's PDF, sent from the page, beside the file under a safe name.
    let annex = server
        .dir
        .path()
        .join("annexes/diagnostic-partage-2024.pdf");
    // A real PDF: the file's annexes are read, and a damaged one is an error.
    let sent = std::fs::read(crate::root().join("tests/data/annexe-diagnostic.pdf")).unwrap();
    assert_eq!(std::fs::read(annex).unwrap(), sent);
    assert!(!server.dir.path().join("annexes/notes.pdf").exists());
}

#[test]
fn a_legal_assistants_walk_through_the_form_loses_nothing() {
    let server = serve();
    let url = format!("http://{}/#token={}", server.address, server.token);
    let screenshots = screenshots("walk");
    run_script("walk.mjs", &[&url, screenshots.to_str().unwrap()]);
    let saved = std::fs::read_to_string(server.dir.path().join("CTG-057-2021-HOUVE.toml")).unwrap();
    assert!(saved.contains("start = 2021-01-01"), "{saved}");
}

#[test]
fn work_typed_is_kept_through_a_reload_and_named_in_the_bar() {
    let server = serve();
    let url = format!("http://{}/#token={}", server.address, server.token);
    let screenshots = screenshots("kept");
    run_script("kept.mjs", &[&url, screenshots.to_str().unwrap()]);
    let saved = std::fs::read_to_string(server.dir.path().join("CTG-057-2021-HOUVE.toml")).unwrap();
    assert!(saved.contains("copies = 5"), "{saved}");
}

#[test]
fn workbooks_say_what_they_leave_out_and_ask_before_replacing() {
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "ctg/CTG-047-2024-CD47.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    std::fs::write(server.dir.path().join("brouillon.toml"), "kind = \"ctg\"\n").unwrap();
    let url = format!("http://{}/#token={}", server.address, server.token);
    let screenshots = screenshots("books");
    run_script("books.mjs", &[&url, screenshots.to_str().unwrap()]);
    let cd47 = std::fs::read_to_string(server.dir.path().join("CTG-047-2024-CD47.toml")).unwrap();
    assert!(
        cd47.contains("territory = \"Lot-et-Garonne\""),
        "replaced once confirmed"
    );
}
