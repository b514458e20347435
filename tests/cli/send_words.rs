//! What a sending says: the server's refusals in French, the message's words following the
//! signing mode, and who will not receive it.

use crate::send::{inputs, send, send_command};
use crate::smtp_server::*;
use crate::*;

#[test]
fn the_server_s_refusals_and_retries_are_said_in_french() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let french = |url: &str| {
        let mut command = send_command(dir.path(), &inputs, url);
        stderr(&command.env("LANG", "fr_FR.UTF-8").output().unwrap())
    };
    let err = french(&smtp_server(Some("mairie-a@a.example.fr")).0);
    assert!(err.contains("refusé par le serveur : "), "{err}");
    let err = french(&dropping_server().0);
    for said in [
        "échec temporaire (",
        "tentative dans 0,0 s",
        "échec après 4 tentatives : ",
    ] {
        assert!(err.contains(said), "{err}");
    }
}

/// The message follows the way the convention is signed, and whoever is asked to sign
/// without an e-mail address is named as not receiving it.
#[test]
fn the_message_follows_the_signing_mode_and_names_who_gets_no_mail() {
    let dir = tempdir();
    let inputs = inputs(dir.path());
    let a = inputs.join("CTG-063-2026-A.toml");
    let text = std::fs::read_to_string(&a).unwrap();
    let electronic = text.replacen(
        "place = \"Clermont-Ferrand\"",
        "place = \"Clermont-Ferrand\"\nmode = \"electronic\"",
        1,
    );
    assert_ne!(text, electronic);
    std::fs::write(&a, electronic).unwrap();
    let (url, _) = smtp_server(None);
    let eml = dir.path().join("eml");
    let output = send(
        dir.path(),
        &inputs,
        &url,
        &["--dry-run", eml.to_str().unwrap()],
    );
    let printed = stderr(&output);
    assert_eq!(code(&output), 0, "{printed}");
    assert!(
        printed.contains("CTG-063-2026-A: without an e-mail address, will not receive the message: Paul Durand, Directeur (Caisse d'allocations familiales du Puy-de-Dôme)"),
        "{printed}"
    );
    let body = |name: &str| {
        let message = std::fs::read(eml.join(name)).unwrap();
        let parsed = mail_parser::MessageParser::default()
            .parse(&message)
            .unwrap();
        parsed.body_text(0).unwrap().into_owned()
    };
    let (a, b) = (body("CTG-063-2026-A.eml"), body("CTG-063-2026-B.eml"));
    assert!(
        a.contains("signée électroniquement") && !a.contains("exemplaires originaux"),
        "{a}"
    );
    assert!(b.contains("exemplaires originaux"), "{b}");
}
