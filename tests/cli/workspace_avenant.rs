//! An avenant in the workspace: what its page says beside « Prise d'effet » and beside a
//! joining partner's délibération.

use serde_json::json;

use crate::check::agen_joining_avenant;
use crate::serve::{Server, serve};
use crate::{convgen, stderr, tempdir};

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

/// Undated, an avenant changing 2024 and making the Commune d’Agen join under a délibération
/// of 2026 is not told to take effect in 2024; dated in 2024, it is told the Commune cannot
/// join before its délibération, beside that date.
#[test]
fn a_partner_joining_after_the_year_changed_is_not_pushed_before_its_deliberation() {
    let dir = tempdir();
    let reference = "CTG-047-2024-CD47-AV1";
    let toml = agen_joining_avenant("2026-11-20");
    std::fs::write(dir.path().join(format!("{reference}.toml")), toml).unwrap();
    let server = crate::serve::start(dir, &[]);
    let page = format!("/api/conventions/{reference}");
    let opened = server.get(&page).json();
    let findings = opened["diagnostics"].as_array().unwrap();
    let past = (findings.iter()).find(|d| d["kind"] == "avenant-changes-past-year");
    let past = past.unwrap_or_else(|| panic!("{findings:?}"));
    let help = past["help"].as_str().unwrap();
    let expected = "la Commune d’Agen ne pouvant adhérer avant sa délibération, rendez à 2024 les montants d’avant l’avenant, ou modifiez-les par un avenant distinct de son adhésion";
    assert_eq!(help, expected);
    let edit = json!({ "etag": server.etag(&page), "key": "effective", "value": "2024-12-01" });
    let dated = server.patch(&page, &edit).json();
    let findings = dated["diagnostics"].as_array().unwrap();
    let joining = (findings.iter()).find(|d| d["kind"] == "joining-before-deliberation");
    let joining = joining.unwrap_or_else(|| panic!("{findings:?}"));
    assert_eq!(joining["key"], "partners[2].deliberation.date", "{joining}");
    let said = joining["message"].as_str().unwrap();
    let expected = "la Commune d’Agen adhère par cet avenant, mais sa délibération (20\u{a0}novembre\u{a0}2026) est postérieure à la prise d’effet de l’avenant (1er\u{a0}décembre\u{a0}2024)";
    assert!(said.starts_with(expected), "{said}");
}

/// Walk 10: an avenant refused for a key missing in a version names the value to give,
/// not the key and its table.
#[test]
fn an_avenant_refused_for_a_missing_key_names_the_value_to_give() {
    let server = serve();
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("date = 2020-12-10, ", "", 1);
    let etag = server.etag(HOUVE);
    let saved = server.request("PUT", HOUVE, &[("If-Match", &etag)], &edited);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let made = avenant_to_current(&server, HOUVE);
    assert_eq!(made.status, 422, "{}", made.text());
    let said = made.json()["error"].as_str().unwrap().to_string();
    assert!(said.contains("a des erreurs — Partenaires, n° 1"), "{said}");
    assert!(
        said.contains("délibération, date : à compléter : corrigez-la"),
        "{said}"
    );
    assert!(!said.contains('`') && !said.contains("clé"), "{said}");
}

/// An avenant prepared to a convention neither dated nor back signed is told, at `base`,
/// that a convention not signed yet is corrected, not amended; quiet once a copy signed by
/// all its parties came back. `check` knows nothing of it.
#[test]
fn an_avenant_to_a_convention_never_signed_is_warned() {
    let copies = crate::verify::signed();
    let server = crate::serve::start(crate::returns::rendered_workspace(&[]), &[]);
    let cd47 = format!("/api/conventions/{}", crate::verify::REFERENCE);
    let undated = json!({ "etag": server.etag(&cd47), "key": "signature.date", "value": null });
    assert_eq!(server.patch(&cd47, &undated).status, 200);
    let amount =
        json!({ "etag": server.etag(&cd47), "key": "funding[1].amounts.2024", "value": "25 000" });
    let changed = server.patch(&cd47, &amount);
    assert_eq!(changed.status, 200, "{}", changed.text());
    let made = avenant_to_current(&server, &cd47);
    assert_eq!(made.status, 201, "{}", made.text());
    let avenant = format!("{cd47}-AV1");
    let warned = |server: &Server| {
        let diagnostics = server.get(&avenant).json()["diagnostics"].clone();
        let found = (diagnostics.as_array().unwrap().iter())
            .find(|d| d["kind"] == "amended-convention-unsigned")
            .cloned();
        found.map(|d| (d["key"].clone(), d["message"].clone()))
    };
    let (key, message) = warned(&server).expect("warned");
    assert_eq!(key, "base");
    assert_eq!(
        message,
        "la convention modifiée n’est ni datée ni revenue signée : si elle n’est pas encore signée, corrigez-la directement plutôt que d’en faire un avenant"
    );
    let file = server
        .dir
        .path()
        .join(format!("{}-AV1.toml", crate::verify::REFERENCE));
    let check = convgen(&["check", file.to_str().unwrap()]);
    assert!(
        !stderr(&check).contains("ni revenue signée"),
        "{}",
        stderr(&check)
    );
    // The copy signed by all three parties comes back: quiet.
    let pdf = [("Content-Type", "application/pdf")];
    let bytes = std::fs::read(copies.path("three.pdf")).unwrap();
    let kept = server.request_bytes("POST", &format!("{cd47}/signed"), &pdf, &bytes);
    assert_eq!(kept.status, 201, "{}", kept.text());
    assert_eq!(warned(&server), None);
}

/// The avenant `POST`ed from the first version the history lists to the file as it is.
fn avenant_to_current(server: &Server, convention: &str) -> crate::serve::Answer {
    let history = server.get(&format!("{convention}/history")).json();
    let from = history["versions"][0].as_str().unwrap();
    server.post(
        &format!("{convention}/avenant"),
        &json!({ "from": from, "to": "current" }),
    )
}

/// Walk 12: the form titles an annex by its number in the document, the « Fiches action »
/// being annexe 1 (render's numbering, sent as `annex_numbers`); none while the file has
/// errors, when the page says « Annexe jointe n ».
#[test]
fn an_annex_is_numbered_in_the_form_as_in_the_document() {
    let server = serve();
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let annexed = format!("{text}\n[[annexes]]\ntitle = \"Diagnostic territorial\"\n");
    let etag = server.etag(HOUVE);
    let saved = server.request("PUT", HOUVE, &[("If-Match", &etag)], &annexed);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let opened = server.get(HOUVE).json();
    assert_eq!(
        opened["annex_numbers"],
        json!({ "annexes[1]": 2 }),
        "{opened}"
    );
    let edit =
        json!({ "etag": server.etag(HOUVE), "key": "annexes[1].title", "value": "Diagnostic" });
    let edited = server.patch(HOUVE, &edit).json();
    assert_eq!(edited["annex_numbers"], json!({ "annexes[1]": 2 }));
    let edit = json!({ "etag": server.etag(HOUVE), "key": "period.end", "value": "2019-01-01" });
    let broken = server.patch(HOUVE, &edit).json();
    assert_eq!(broken["annex_numbers"], json!({}), "{broken}");
}
