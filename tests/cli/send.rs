//! `convgen send` against a real SMTP server on loopback (`smtp_server`).

use std::path::Path;

use mail_parser::MimeHeaders;

use crate::smtp_server::*;
use crate::*;

const EXAMPLE: &str = include_str!("../../src/examples/ctg.toml");

/// Two conventions with e-mail addresses, in `dir/in`.
pub fn inputs(dir: &Path) -> std::path::PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (reference, mayor) in [
        ("CTG-063-2026-A", "mairie-a@a.example.fr"),
        ("CTG-063-2026-B", "mairie-b@b.example.fr"),
    ] {
        let text = EXAMPLE
            .replace("CTG-063-2026-EXEMPLE", reference)
            .replace("presidence@cc-exemple.example.fr", mayor);
        std::fs::write(inputs.join(format!("{reference}.toml")), text).unwrap();
    }
    inputs
}

/// `convgen send` of `inputs` to `url`, into `dir/out`, with short retry pauses.
pub fn send_command(dir: &Path, inputs: &Path, url: &str) -> std::process::Command {
    let out = dir.join("out");
    let mut command = crate::english(std::process::Command::new(env!("CARGO_BIN_EXE_convgen")));
    command
        .args([
            "send",
            inputs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--smtp",
            url,
        ])
        .args([
            "--from",
            "Caf du Puy-de-Dôme <conventions@caf63.example.fr>",
        ])
        .current_dir(dir)
        .env("CONVGEN_RETRY_DELAY_MS", "20")
        .env("NO_COLOR", "1");
    command
}

pub fn send(dir: &Path, inputs: &Path, url: &str, extra: &[&str]) -> std::process::Output {
    send_command(dir, inputs, url).args(extra).output().unwrap()
}

/// The journal's lines that record an accepted message.
fn journal(dir: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(dir.join("out/sent.jsonl")).unwrap_or_default();
    let lines = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap());
    lines.filter(|l| l["status"] == "sent").collect()
}

#[test]
fn each_convention_reaches_its_signatories_with_the_pdf_attached() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let (url, received) = smtp_server(None);
    let output = send(dir.path(), &inputs, &url, &["--draft"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    for (message, (reference, mayor)) in received.iter().zip([
        ("CTG-063-2026-A", "mairie-a@a.example.fr"),
        ("CTG-063-2026-B", "mairie-b@b.example.fr"),
    ]) {
        let mut recipients = message.recipients.clone();
        recipients.sort();
        assert_eq!(recipients, [mayor, "presidence@caf63.example.fr"]);
        let parsed = mail_parser::MessageParser::default()
            .parse(&message.data)
            .unwrap();
        let subject = parsed.subject().unwrap();
        assert!(
            subject.starts_with("Projet pour relecture : Convention territoriale globale"),
            "{subject}"
        );
        assert!(
            subject.contains(reference) && subject.contains("(2026-2030)"),
            "{subject}"
        );
        // Dates keep the day with its month: a no-break space between them.
        let body = parsed.body_text(0).unwrap().replace('\u{a0}', " ");
        assert!(
            body.contains("pour relecture")
                && body.contains("du 1er janvier 2026 au 31 décembre 2030"),
            "{body}"
        );
        let attachment = parsed.attachments().next().expect("a PDF attached");
        assert_eq!(
            attachment.attachment_name().unwrap(),
            format!(
                "Convention territoriale globale Communauté de communes de l'Exemple ({reference}-projet).pdf"
            )
        );
        let on_disk =
            std::fs::read(dir.path().join(format!("out/{reference}-projet.pdf"))).unwrap();
        assert!(
            attachment.contents() == on_disk.as_slice(),
            "the attachment is the PDF on disk"
        );
        let id = parsed.message_id().unwrap();
        assert!(
            id.starts_with(&format!("{reference}.")) && id.ends_with("@caf63.example.fr"),
            "{id}"
        );
    }
    let journal = journal(dir.path());
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[0]["reference"], "CTG-063-2026-A");
    assert_eq!(
        journal[0]["recipients"],
        serde_json::json!(["mairie-a@a.example.fr", "presidence@caf63.example.fr"])
    );
}

#[test]
fn nothing_is_sent_twice_and_a_changed_convention_is_sent_again() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let (url, received) = smtp_server(None);
    assert_eq!(code(&send(dir.path(), &inputs, &url, &[])), 0);
    let again = send(dir.path(), &inputs, &url, &[]);
    assert_eq!(code(&again), 0);
    assert!(
        stderr(&again).contains("CTG-063-2026-A: already sent on"),
        "{}",
        stderr(&again)
    );
    assert_eq!(received.lock().unwrap().len(), 2, "nothing sent twice");

    let b = inputs.join("CTG-063-2026-B.toml");
    let text = std::fs::read_to_string(&b).unwrap().replace(
        "Ouvrir un espace jeunes itinérant",
        "Ouvrir deux espaces jeunes",
    );
    std::fs::write(&b, text).unwrap();
    let changed = send(dir.path(), &inputs, &url, &[]);
    assert_eq!(code(&changed), 0, "{}", stderr(&changed));
    let received = received.lock().unwrap().clone();
    assert_eq!(
        received.len(),
        3,
        "only the changed convention is sent again"
    );
    let last = mail_parser::MessageParser::default()
        .parse(&received[2].data)
        .unwrap();
    assert!(last.subject().unwrap().contains("CTG-063-2026-B"));
    assert_eq!(journal(dir.path()).len(), 3);

    let forced = send(dir.path(), &inputs, &url, &["--resend"]);
    assert_eq!(code(&forced), 0);
    assert_eq!(journal(dir.path()).len(), 5);
}

#[test]
fn a_refused_recipient_fails_its_convention_only() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let (url, received) = smtp_server(Some("mairie-a@a.example.fr"));
    let output = send(dir.path(), &inputs, &url, &[]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("error: CTG-063-2026-A") && err.contains("refused by the server"),
        "{err}"
    );
    assert!(
        err.contains("sent CTG-063-2026-B"),
        "the batch goes on: {err}"
    );
    assert_eq!(received.lock().unwrap().len(), 1);
    let journal = journal(dir.path());
    assert_eq!(
        journal.len(),
        1,
        "only what the server accepted is journaled"
    );
    assert_eq!(journal[0]["reference"], "CTG-063-2026-B");
}

#[test]
fn a_dropped_connection_is_retried_then_reported_and_the_password_never_shows() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let (url, connections) = dropping_server();
    let password = "Tr3s-S3cret-Pa55";
    let url = url.replace("smtp://", "smtp://envoi@");
    let out = dir.path().join("out");
    let output = send_command(dir.path(), &inputs, &url)
        .env("CONVGEN_SMTP_PASSWORD", password)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains("failed after 4 attempts"), "{err}");
    assert_eq!(
        *connections.lock().unwrap(),
        8,
        "4 attempts for each of 2 conventions"
    );
    assert!(journal(dir.path()).is_empty(), "nothing journaled as sent");
    let mut everything = format!("{err}{}", stdout(&output));
    for entry in std::fs::read_dir(&out).unwrap() {
        everything.push_str(&String::from_utf8_lossy(
            &std::fs::read(entry.unwrap().path()).unwrap(),
        ));
    }
    assert!(!everything.contains(password), "the password leaked");
}

#[test]
fn dry_run_writes_messages_and_sends_nothing() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let (url, received) = smtp_server(None);
    let eml = dir.path().join("eml");
    let output = send(
        dir.path(),
        &inputs,
        &url,
        &["--dry-run", eml.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(received.lock().unwrap().is_empty());
    let message = std::fs::read(eml.join("CTG-063-2026-A.eml")).unwrap();
    let parsed = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    assert!(parsed.subject().unwrap().starts_with("Pour signature : "));
    assert!(journal(dir.path()).is_empty());

    let templates = dir.path().join("templates/mail");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("subject.j2"),
        "Convention {{ c.reference }} à signer",
    )
    .unwrap();
    let args = [
        "--dry-run",
        eml.to_str().unwrap(),
        "--templates",
        templates.parent().unwrap().to_str().unwrap(),
    ];
    assert_eq!(code(&send(dir.path(), &inputs, &url, &args)), 0);
    let message = std::fs::read(eml.join("CTG-063-2026-A.eml")).unwrap();
    let parsed = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    assert_eq!(
        parsed.subject().unwrap(),
        "Convention CTG-063-2026-A à signer",
        "a Caf's own mail template"
    );
}

#[test]
fn settings_come_from_convgen_toml_and_never_hold_the_password() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let (url, received) = smtp_server(None);
    std::fs::write(dir.path().join("convgen.toml"), format!("[mail]\nsmtp = \"{url}\"\nfrom = \"conventions@caf63.example.fr\"\nrate = \"600/min\"\n")).unwrap();
    let out = dir.path().join("out");
    let send = || {
        convgen_in(
            dir.path(),
            &[
                "send",
                inputs.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        )
    };
    let output = send();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(received.lock().unwrap().len(), 2);
    std::fs::write(
        dir.path().join("convgen.toml"),
        "[mail]\npassword = \"x\"\n",
    )
    .unwrap();
    let output = send();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("read only from CONVGEN_SMTP_PASSWORD"));
}

#[test]
fn a_server_that_hangs_times_out() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let started = std::time::Instant::now();
    let output = send_command(dir.path(), &inputs, &silent_server())
        .env("CONVGEN_SMTP_TIMEOUT_SECS", "1")
        .env("CONVGEN_RETRY_DELAY_MS", "10")
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains("failed after 4 attempts"), "{err}");
    assert!(
        started.elapsed().as_secs() < 30,
        "bounded by the timeout: {:?}",
        started.elapsed()
    );
    assert!(journal(dir.path()).is_empty());
}

#[test]
fn a_send_killed_midway_and_run_again_sends_no_message_twice() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let count = 12;
    for i in 0..count {
        let text = EXAMPLE.replace("CTG-063-2026-EXEMPLE", &format!("CTG-063-2026-K{i:02}"));
        std::fs::write(inputs.join(format!("{i:02}.toml")), text).unwrap();
    }
    let (url, received) = smtp_server(None);
    let args = |extra: &[&str]| {
        let mut command = send_command(dir.path(), &inputs, &url);
        command.args(extra);
        command
    };
    let mut child = args(&[])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while received.lock().unwrap().len() < 3 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = received.lock().unwrap().len();
    assert!(
        before >= 3 && before < count,
        "killed midway: {before} received"
    );

    let again = args(&[]).output().unwrap();
    let err = stderr(&again);
    let references = |received: &[Received]| {
        let mut refs: Vec<String> = received
            .iter()
            .map(|m| {
                mail_parser::MessageParser::default()
                    .parse(&m.data)
                    .unwrap()
                    .subject()
                    .unwrap()
                    .rsplit(' ')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        refs.sort();
        refs
    };
    let all = references(&received.lock().unwrap());
    let mut unique = all.clone();
    unique.dedup();
    assert_eq!(all, unique, "a message was sent twice");
    // Every convention reached its recipients once; the one a kill cut off is flagged for a
    // person, whether or not the server had accepted it.
    let interrupted = err.matches("may have reached its recipients").count();
    assert!(interrupted <= 1, "{err}");
    assert!(
        all.len() == count || all.len() + interrupted == count,
        "{} received: {err}",
        all.len()
    );
    assert_eq!(code(&again), i32::from(interrupted > 0));
    // Journaled as sent: every message received, but the one a kill may have cut off
    // between the server's acceptance and the journal.
    let journaled = journal(dir.path()).len();
    assert!(
        journaled <= all.len() && all.len() - journaled <= 1,
        "{journaled} journaled, {} received",
        all.len()
    );
}

#[test]
fn two_files_of_one_reference_send_only_the_first() {
    let dir = tempdir();
    let text = fixture("ctg/CTG-063-2021-RLV.toml");
    std::fs::write(dir.path().join("a.toml"), &text).unwrap();
    std::fs::write(dir.path().join("b.toml"), &text).unwrap();
    let output = convgen_in(
        dir.path(),
        &[
            "send",
            ".",
            "-o",
            "out",
            "--dry-run",
            "eml",
            "--from",
            "conventions@caf63.example.fr",
        ],
    );
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("duplicate reference \"CTG-063-2021-RLV\""),
        "{err}"
    );
    assert!(err.contains("./b.toml:"), "names the later file: {err}");
    assert!(
        err.contains("wrote 1 message, 0 already sent, 1 failed"),
        "{err}"
    );
    let written: Vec<_> = std::fs::read_dir(dir.path().join("eml")).unwrap().collect();
    assert_eq!(written.len(), 1);
}

#[test]
fn the_pdf_sent_is_the_one_render_writes_and_the_manifest_records() {
    let dir = tempdir();
    let input = "fixtures/ctg/CTG-057-2021-HOUVE.toml";
    let (out, eml) = (dir.path().join("out"), dir.path().join("eml"));
    let rendered = dir.path().join("rendered");
    let from = "conventions@caf57.example.fr";
    let send = send_dry_run(input, &out, &eml, from);
    assert_eq!(code(&send), 0, "{}", stderr(&send));
    let render = convgen(&["render", input, "--draft", "-o", rendered.to_str().unwrap()]);
    assert_eq!(code(&render), 0, "{}", stderr(&render));
    let name = "CTG-057-2021-HOUVE-projet.pdf";
    let pdf = std::fs::read(rendered.join(name)).unwrap();
    assert_eq!(
        std::fs::read(out.join(name)).unwrap(),
        pdf,
        "the same bytes as render's"
    );
    let message = std::fs::read(eml.join("CTG-057-2021-HOUVE-projet.eml")).unwrap();
    let parsed = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    let attachment = parsed.attachments().next().expect("a PDF attached");
    assert!(
        attachment.contents() == pdf.as_slice(),
        "the attachment is that PDF"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entry = &manifest["entries"][0];
    assert_eq!(entry["input"], input);
    assert_eq!(entry["variant"], "pdf draft");
    assert_eq!(entry["outputs"][0], name);
    assert_eq!(entry["sha256"][0], convgen::digest::sha256_hex(&pdf));
    // A render into the same directory finds the PDF current and leaves it alone.
    let again = convgen(&["render", input, "--draft", "-o", out.to_str().unwrap()]);
    assert!(
        stderr(&again).contains("rendered 0, skipped 1"),
        "{}",
        stderr(&again)
    );
}
