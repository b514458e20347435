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
pub fn avenant_to_current(server: &Server, convention: &str) -> crate::serve::Answer {
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

/// Walk 12: an avenant edited by hand after it was prepared (an amount taken back) says so
/// at `base`, and the next avenant starts from the convention as that avenant leaves it,
/// so that what the convention's file says and no avenant said yet is in the next one.
/// Its délibérations' numbers still to give (as prepared) or given, it is the start all the
/// same; giving them, as every avenant needs, is no such edit.
#[test]
fn an_avenant_edited_after_preparation_is_said_and_the_next_takes_up_what_it_left() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = (text.replacen("2024 = 27840", "2024 = 30000", 1)).replacen(
        "2024 = 15000",
        "2024 = 16000",
        1,
    );
    let saved = server.request("PUT", HOUVE, &[("If-Match", &server.etag(HOUVE))], &edited);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let made = avenant_to_current(&server, HOUVE);
    assert_eq!(made.status, 201, "{}", made.text());
    let first = format!("{HOUVE}-AV1");
    let edited_kind = |server: &Server, page: &str| {
        let diagnostics = server.get(page).json()["diagnostics"].clone();
        (diagnostics.as_array().unwrap().iter())
            .find(|d| d["kind"] == "avenant-edited-since-prepared")
            .map(|d| (d["key"].clone(), d["message"].as_str().unwrap().to_string()))
    };
    let numbered = |server: &Server, page: &str, file: &str| {
        let text = crate::deliberations_given(&server.file(file), "2026-12", "2026-11-30");
        let etag = server.etag(page);
        let saved = server.request("PUT", page, &[("If-Match", &etag)], &text);
        assert_eq!(saved.status, 200, "{}", saved.text());
    };
    let back =
        json!({ "etag": server.etag(&first), "key": "funding[1].amounts.2024", "value": 27840 });
    assert_eq!(server.patch(&first, &back).status, 200);
    let (key, said) = edited_kind(&server, &first).expect("said");
    assert_eq!(key, "base");
    assert!(said.starts_with("modifié depuis sa préparation, cet avenant ne dit plus ce que dit la version de la convention dont il a été tiré (financement"), "{said}");
    assert!(said.ends_with("reportez ce changement dans le fichier de la convention (« CTG-057-2021-HOUVE », même champ), ou défaites-le dans l’avenant, pour que l’un et l’autre disent la même chose"), "{said}");

    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(history["start"], "avenant-1", "{history}");
    let listed = json!([{ "name": "avenant-1", "number": 1, "reference": "CTG-057-2021-HOUVE-AV1", "usable": true, "taken_in": true, "signed": false }]);
    assert_eq!(history["avenants"], listed);
    numbered(&server, &first, "CTG-057-2021-HOUVE-AV1.toml");
    let numbered_start = server.get(&format!("{HOUVE}/history")).json()["start"].clone();
    assert_eq!(numbered_start, "avenant-1");
    let since = server
        .get(&format!("{HOUVE}/changes?from=avenant-1&to=current"))
        .json();
    let summary = since["summary"]
        .as_str()
        .unwrap()
        .replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        summary.contains("27 840,00 € → 30 000,00 €") && !summary.contains("16 000"),
        "{summary}"
    );
    let asked = json!({ "from": "avenant-1", "to": "current" });
    let second = server.post(&format!("{HOUVE}/avenant"), &asked);
    assert_eq!(second.status, 201, "{}", second.text());
    assert_eq!(second.json()["reference"], "CTG-057-2021-HOUVE-AV2");
    let written = server.file("CTG-057-2021-HOUVE-AV2.toml");
    assert!(
        written.contains("[[previous.funding]]") && written.contains("2024 = \"30000.00\""),
        "{written}"
    );
    // Line 5 as avenant n° 1 left it: nothing to amend again.
    let previous = &written[written.find("\n[previous]").unwrap()..];
    assert!(
        previous.contains("2024 = \"16000.00\"") && written.contains("[[amended_by]]"),
        "{written}"
    );
    // Nothing changed since: « De » is the convention as n° 2 leaves it, not before it.
    let after_second = server.get(&format!("{HOUVE}/history")).json()["start"].clone();
    assert_eq!(after_second, "avenant-2");
    numbered(
        &server,
        &format!("{HOUVE}-AV2"),
        "CTG-057-2021-HOUVE-AV2.toml",
    );
    assert_eq!(edited_kind(&server, &format!("{HOUVE}-AV2")), None);
}

/// Walk 14: an avenant made elsewhere whose changes the convention's file never took in
/// (the fixture's HOUVE-AV1, drawn by `convgen avenant` from a copy) is said not taken in;
/// « De » is not the convention as it leaves it, and no avenant is prepared until the file
/// takes it in (« Reprendre l’avenant n° 1 dans la convention »: merged with the changes
/// made since), when the next one says only those changes — never undoing n° 1 (its
/// actions deleted, its LAEP amounts lowered back).
#[test]
fn an_avenant_the_convention_s_file_never_took_in_is_not_undone_by_the_next() {
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    // Walk 24: n° 1 took effect in 2023 but is not dated: told the convention is over
    // (signed then, it is dated), which does not stop what follows.
    let first = server.get(&format!("{HOUVE}-AV1")).json()["diagnostics"].to_string();
    assert!(first.contains("amended-convention-over"), "{first}");
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = text.replacen(
        "tribunal administratif de Strasbourg",
        "tribunal administratif de Metz",
        1,
    );
    assert_ne!(edited, text);
    let saved = server.request("PUT", HOUVE, &[("If-Match", &server.etag(HOUVE))], &edited);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(history["avenants"][0]["taken_in"], false, "{history}");
    assert_eq!(history["avenants"][0]["usable"], true, "{history}");
    let start = history["start"].as_str().unwrap().to_string();
    assert_ne!(start, "avenant-1");
    let asked = json!({ "from": start, "to": "current" });
    let refused = server.post(&format!("{HOUVE}/avenant"), &asked);
    assert_eq!(refused.status, 422, "{}", refused.text());
    let said = refused.json()["error"].as_str().unwrap().to_string();
    // Walk 27: not signed, it is not to take in either: dated, or withdrawn.
    assert!(
        said.starts_with("l’avenant n° 1 n’est ni daté ni revenu signé"),
        "{said}"
    );
    assert!(
        !server
            .dir
            .path()
            .join("CTG-057-2021-HOUVE-AV2.toml")
            .exists()
    );

    // Walk 26: only an avenant signed is taken in — dated here as signed in 2023.
    let take = || json!({ "avenant": "avenant-1", "etag": server.etag(HOUVE) });
    let refused = server.post(&format!("{HOUVE}/take-in"), &take());
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused.text().contains("n’est ni daté ni revenu signé"),
        "{}",
        refused.text()
    );
    let first = format!("{HOUVE}-AV1");
    let dated =
        json!({ "etag": server.etag(&first), "key": "signature.date", "value": "2023-06-20" });
    assert_eq!(server.patch(&first, &dated).status, 200);
    let refused = server.post(&format!("{HOUVE}/avenant"), &asked);
    let said = refused.json()["error"].as_str().unwrap().to_string();
    assert!(said.starts_with("le fichier de la convention ne reprend pas ce que change l’avenant n° 1 : un avenant préparé d’ici le déferait"), "{said}");
    let taken = server.post(&format!("{HOUVE}/take-in"), &take());
    assert_eq!(taken.status, 200, "{}", taken.text());
    let file = server.file("CTG-057-2021-HOUVE.toml");
    assert!(
        file.contains("tribunal administratif de Metz") && file.contains("6400"),
        "{file}"
    );
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(history["avenants"][0]["taken_in"], true, "{history}");
    assert_eq!(history["start"], "avenant-1");
    let asked = json!({ "from": "avenant-1", "to": "current" });
    let made = server.post(&format!("{HOUVE}/avenant"), &asked);
    assert_eq!(made.status, 201, "{}", made.text());
    let written = server.file("CTG-057-2021-HOUVE-AV2.toml");
    assert!(
        written.contains("court = \"tribunal administratif de Metz\""),
        "{written}"
    );
    assert!(
        !written.contains("[[previous.axes]]") && !written.contains("[[previous.funding]]"),
        "{written}"
    );
    // From an avenant's own page, none is prepared.
    let from_avenant = server.post(
        &format!("{HOUVE}-AV2/avenant"),
        &json!({ "from": "current", "to": "current" }),
    );
    assert_eq!(from_avenant.status, 422, "{}", from_avenant.text());
    let said = from_avenant.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.starts_with("un avenant se prépare depuis la page de la convention qu’il modifie"),
        "{said}"
    );
}

/// Walk 16: the place of signature changed in the convention's file is where the avenant is
/// signed; the convention's own, which the préambule cites, stays in `[previous.signature]`.
#[test]
fn an_avenant_is_signed_where_the_file_now_says() {
    let server = serve();
    let cd47 = "/api/conventions/CTG-047-2024-CD47";
    let edits = [
        ("signature.place", json!("Villeneuve-sur-Lot")),
        ("funding[1].amounts.2026", json!(13000)),
    ];
    for (key, value) in edits {
        let edit = json!({ "etag": server.etag(cd47), "key": key, "value": value });
        assert_eq!(server.patch(cd47, &edit).status, 200);
    }
    let history = server.get(&format!("{cd47}/history")).json();
    let oldest = history["versions"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let asked = json!({ "from": oldest, "to": "current" });
    let made = server.post(&format!("{cd47}/avenant"), &asked);
    assert_eq!(made.status, 201, "{}", made.text());
    let written = server.file("CTG-047-2024-CD47-AV1.toml");
    let (own, previous) = written.split_at(written.find("\n[previous.signature]").unwrap());
    assert!(
        own.contains("[signature]\nplace = \"Villeneuve-sur-Lot\""),
        "{written}"
    );
    assert!(previous.contains("place = \"Agen\""), "{written}");
}

/// A convention dated as signed (HOUVE, signed on 12 January 2021) whose file changed since:
/// its final PDF is refused, as it would not be the text signed; `?signed=1` gives that text,
/// `?draft=1` the file as it is now, marked as a draft. Unchanged, the final PDF is given.
#[test]
fn a_signed_conventions_pdf_is_its_signed_text_once_its_file_changed() {
    let server = serve();
    let dir = tempdir();
    let text_of = |query: &str| {
        let pdf = server.get(&format!("{HOUVE}.pdf{query}"));
        assert_eq!(
            pdf.status,
            200,
            "{query}: {}",
            String::from_utf8_lossy(&pdf.body)
        );
        let path = dir.path().join("houve.pdf");
        std::fs::write(&path, &pdf.body).unwrap();
        crate::pdf_text(&path)
    };
    assert!(text_of("").contains("Jean-Pierre Kieffer"));
    let key = "partners[1].signatories[1].name";
    let edit = json!({ "etag": server.etag(HOUVE), "key": key, "value": "André Boucher" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let refused = server.get(&format!("{HOUVE}.pdf"));
    assert_eq!(refused.status, 409);
    let said = refused.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.contains("datée comme signée le 12") && said.contains("12\u{a0}janvier\u{a0}2021"),
        "{said}"
    );
    let signed = text_of("?signed=1");
    assert!(signed.contains("Jean-Pierre Kieffer") && !signed.contains("André Boucher"));
    assert!(
        !signed.contains("Projet soumis à relecture"),
        "final, as signed"
    );
    let draft = text_of("?draft=1");
    assert!(draft.contains("André Boucher") && draft.contains("Projet soumis à relecture"));
    // Walk 21: a draft is not dated as the text signed: its « Fait à » leaves the day blank.
    let compact = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        compact(&signed).contains("Fait à Boulay-Moselle, le 12 janvier 2021"),
        "{signed}"
    );
    assert!(
        !compact(&draft).contains("Fait à Boulay-Moselle, le 12 janvier 2021"),
        "{draft}"
    );
    assert!(
        compact(&draft).contains("Fait à Boulay-Moselle, le"),
        "{draft}"
    );
    // Nor is it sent as the final version to sign: as a draft only.
    let preview =
        |draft: bool| server.post(&format!("{HOUVE}/preview"), &json!({ "draft": draft }));
    let refused = preview(false);
    assert_eq!(refused.status, 409);
    assert!(
        refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("envoyée comme version définitive")
    );
    assert_eq!(preview(true).status, 200);
    let sent = server.post(&format!("{HOUVE}/send"), &json!({ "draft": false }));
    assert_eq!(sent.status, 409);
    let said = sent.json()["error"].as_str().unwrap().to_string();
    assert!(said.contains("envoyée comme version définitive"), "{said}");
    // Back as signed — a year at 0,00 € where there was none is the same money: the final
    // PDF again.
    let edit = json!({ "etag": server.etag(HOUVE), "key": key, "value": "Jean-Pierre Kieffer" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let zero =
        json!({ "etag": server.etag(HOUVE), "key": "funding[4].amounts.2021", "value": "0" });
    assert_eq!(server.patch(HOUVE, &zero).status, 200);
    assert!(text_of("").contains("Jean-Pierre Kieffer"));
}

/// Walk 19: an avenant edited after its preparation, the change then reported in the
/// convention's file — one of the two ways its warning gives — is warned about no more.
#[test]
fn an_edited_avenant_agreeing_with_its_convention_again_is_not_warned() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = text.replacen("2024 = 27840", "2024 = 30000", 1);
    let saved = server.request("PUT", HOUVE, &[("If-Match", &server.etag(HOUVE))], &edited);
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
    let first = format!("{HOUVE}-AV1");
    let warned = |server: &Server| {
        let diagnostics = server.get(&first).json()["diagnostics"].clone();
        (diagnostics.as_array().unwrap().iter())
            .any(|d| d["kind"] == "avenant-edited-since-prepared")
    };
    let set = |page: &str, value: i64| {
        let edit =
            json!({ "etag": server.etag(page), "key": "funding[1].amounts.2024", "value": value });
        assert_eq!(server.patch(page, &edit).status, 200);
    };
    set(&first, 31000);
    assert!(
        warned(&server),
        "the avenant no longer says what it was drawn to"
    );
    set(HOUVE, 31000);
    assert!(!warned(&server), "the convention's file says it too");
}

/// Walk 20: an amount changed in the form of an avenant that did not change the funding is
/// an amendment of it — the funding as it was written under `[previous]` first — so that
/// its articles say it, rather than an avenant said to change nothing whose PDF is handed
/// out with an empty « a pour objet ».
#[test]
fn an_amount_changed_in_an_avenant_s_form_is_amended_by_it() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = text.replacen("court = \"", "court = \"le ", 1);
    assert_ne!(edited, text);
    let saved = server.request("PUT", HOUVE, &[("If-Match", &server.etag(HOUVE))], &edited);
    assert_eq!(saved.status, 200, "{}", saved.text());
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
    let first = format!("{HOUVE}-AV1");
    let prepared = server.get(&first).json()["toml"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!prepared.contains("[[previous.funding]]"), "{prepared}");
    let key = "funding[1].amounts.2024";
    let edit = json!({ "etag": server.etag(&first), "key": key, "value": 31000 });
    let answer = server.patch(&first, &edit);
    assert_eq!(answer.status, 200, "{}", answer.text());
    let toml = answer.json()["toml"].as_str().unwrap().to_string();
    let before = &toml[toml.find("[[previous.funding]]").expect(&toml)..];
    assert!(before.contains("2024 = \"27840.00\""), "{toml}");
    let pdf = server.get(&format!("{first}.pdf?draft=1"));
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    let dir = tempdir();
    std::fs::write(dir.path().join("av1.pdf"), &pdf.body).unwrap();
    let said = crate::pdf_text(&dir.path().join("av1.pdf"));
    let compact: String = said.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact.contains("31000,00€avant:27840,00€"), "{said}");
    assert!(said.contains("modification de l’article 7"), "{said}");
}
