//! The workspace's form as a French user types, its bursts of edits and its versions: what
//! the API answers (the browser's side is tests/browser/form.mjs).

use serde_json::json;

use crate::serve::{Answer, Server, serve, serve_with};
use crate::{code, convgen, root, stderr, tempdir};

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

fn body(answer: &Answer) -> String {
    String::from_utf8_lossy(&answer.body).into_owned()
}

/// A form's edit of Houve: `value` at `key`, with the current etag.
fn set(server: &Server, key: &str, value: &str) -> Answer {
    let edit = json!({ "etag": server.etag(HOUVE), "key": key, "value": value });
    server.patch(HOUVE, &edit)
}

#[test]
fn a_form_edit_reads_french_amounts_and_asks_about_an_ambiguous_one() {
    let server = serve();
    let set = |key: &str, value: &str| set(&server, key, value);
    let saved = set("funding[1].amounts.2023", "1.234,56 €");
    assert_eq!(saved.status, 200, "{}", body(&saved));
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("2023 = 1234.56")
    );
    let asked = set("funding[1].amounts.2023", "12.000");
    assert_eq!(asked.status, 422);
    let answer = asked.json();
    assert_eq!(
        answer["choices"],
        json!(["12\u{202f}000,00\u{a0}€", "12,00\u{a0}€"]),
        "{answer}"
    );
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("2023 = 1234.56"),
        "nothing saved"
    );
    // An amount the file refuses is shown back as written, next to why, not blank.
    assert_eq!(set("funding[1].amounts.2023", "1 234,567").status, 200);
    let values = server.get("/api/conventions/CTG-057-2021-HOUVE").json()["values"].clone();
    assert_eq!(values["funding[1].amounts.2023"], "1 234,567", "{values}");
    assert_eq!(
        set("partners[1].siren", "200\u{a0}067\u{a0}502").status,
        200
    );
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("siren = \"200067502\"")
    );
}

#[test]
fn a_page_s_burst_of_edits_makes_one_version_labelled_with_what_changed() {
    let server = serve();
    for (n, name) in ["André", "André Boucher", "André Boucher-Kieffer"]
        .iter()
        .enumerate()
    {
        let edit = json!({
            "etag": server.etag(HOUVE), "key": "partners[1].signatories[1].name",
            "value": name, "page": "onglet-1",
        });
        assert_eq!(server.patch(HOUVE, &edit).status, 200, "edit {n}");
    }
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        1,
        "{history}"
    );
    let label = history["labels"][0].as_str().unwrap();
    assert!(label.contains("signataires"), "{label}");
    // Walk 7: an edit that makes the file invalid ends the burst, the last valid text kept
    // (a file with errors is previewed from it): here, the name « André Boucher-Kieffer ».
    let edit = json!({ "etag": server.etag(HOUVE), "key": "partners[1].signatories[1].name", "value": null, "page": "onglet-1" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let history = server.get(&format!("{HOUVE}/history")).json();
    let newest = history["versions"][0].as_str().unwrap();
    let kept = format!(".convgen-history/CTG-057-2021-HOUVE.toml/{newest}");
    let text = std::fs::read_to_string(server.dir.path().join(kept)).unwrap();
    assert!(text.contains("André Boucher-Kieffer"), "{history}");
    // Another page's edit is its own version.
    let edit = json!({ "etag": server.etag(HOUVE), "key": "territory", "value": "Houve", "page": "onglet-2" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        3,
        "{history}"
    );
}

#[test]
fn an_avenant_is_prepared_from_two_versions_and_the_pages_come_with_their_hashes() {
    let server = serve();
    let hashes = server.get(&format!("{HOUVE}/pages")).json();
    let pages = hashes["pages"].as_array().unwrap().clone();
    assert!(pages.len() > 3, "{hashes}");
    let edit =
        json!({ "etag": server.etag(HOUVE), "key": "funding[1].amounts.2023", "value": "30 000" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let after = server.get(&format!("{HOUVE}/pages")).json();
    let after = after["pages"].as_array().unwrap();
    assert_eq!(after.len(), pages.len());
    let changed = (pages.iter().zip(after))
        .filter(|(a, b)| a["hash"] != b["hash"])
        .count();
    assert!(
        changed >= 1 && changed < pages.len(),
        "{changed} of {} pages changed",
        pages.len()
    );
    assert_eq!(
        pages[0]["hash"], after[0]["hash"],
        "the first page did not change"
    );

    let versions = server.get(&format!("{HOUVE}/history")).json();
    let oldest = versions["versions"][0].as_str().unwrap().to_string();
    let made = server.post(
        &format!("{HOUVE}/avenant"),
        &json!({ "from": oldest, "to": "current" }),
    );
    assert_eq!(made.status, 201, "{}", body(&made));
    assert_eq!(made.json()["reference"], "CTG-057-2021-HOUVE-AV1");
    let avenant = server.file("CTG-057-2021-HOUVE-AV1.toml");
    assert!(
        avenant.starts_with("# Avenant établi par `convgen avenant`"),
        "{avenant}"
    );
    // Walk 8: the convention as the avenant leaves it is a version marked `-avenant`, from
    // which the next avenant starts (« De »), not amending again what this one amends.
    let history = server.get(&format!("{HOUVE}/history")).json();
    let marked = (history["versions"].as_array().unwrap().iter())
        .find_map(|v| v.as_str().filter(|v| v.ends_with("-avenant-1.toml")))
        .unwrap_or_else(|| panic!("no version marked: {history}"));
    let kept = format!(".convgen-history/CTG-057-2021-HOUVE.toml/{marked}");
    let kept = std::fs::read_to_string(server.dir.path().join(kept)).unwrap();
    assert_eq!(kept, server.file("CTG-057-2021-HOUVE.toml"));
    // The base's délibérations do not authorise the avenant: each flagged, the only errors.
    let opened = server.get(&format!("{HOUVE}-AV1")).json();
    let errors: Vec<&str> = (opened["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["severity"] == "error")
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    let to_give = ["caf.deliberation.", "partners[1].deliberation."];
    let to_give = to_give.map(|d| ["date", "number"].map(|k| format!("{d}{k}")));
    assert_eq!(errors, to_give.concat(), "{}", opened["diagnostics"]);
    let findings = opened["diagnostics"].to_string();
    assert!(
        !findings.contains("period-already"),
        "not the avenant's to adjust: {findings}"
    );
    // HOUVE ended on 31 December 2024: no avenant can amend it any more.
    assert!(findings.contains("amended-convention-over"), "{findings}");
    assert_eq!(
        avenant.matches("number = \"(numéro à compléter)\"").count(),
        2,
        "{avenant}"
    );
    // The same two versions again: the next number.
    let again = server.post(
        &format!("{HOUVE}/avenant"),
        &json!({ "from": oldest, "to": "current" }),
    );
    assert_eq!(
        again.json()["reference"],
        "CTG-057-2021-HOUVE-AV2",
        "{}",
        body(&again)
    );
    // It cites the first, found in the workspace.
    let second = server.file("CTG-057-2021-HOUVE-AV2.toml");
    assert!(
        second.contains("\n[[amended_by]]\nnumber = 1\n"),
        "{second}"
    );
    let same = server.post(
        &format!("{HOUVE}/avenant"),
        &json!({ "from": "current", "to": "current" }),
    );
    assert_eq!(same.status, 422, "nothing changed: {}", body(&same));
}

#[test]
fn a_new_items_list_name_is_to_choose_and_an_avenant_names_the_version_at_fault() {
    let server = serve();
    let append = json!({ "etag": server.etag(HOUVE), "key": "partners", "op": "append" });
    let added = server.patch(HOUVE, &append);
    assert_eq!(added.status, 200, "{}", body(&added));
    // The file says `kind = ""`: the form is not told « commune », the model's default.
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("kind = \"\"")
    );
    let values = &added.json()["values"];
    assert_eq!(values["partners[2].name"], "", "{values}");
    assert_ne!(values.get("partners[2].kind"), Some(&json!("commune")));
    assert_eq!(values["partners[1].kind"], "epci");

    // The history says which versions are valid; an avenant to the invalid file names it.
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(history["current_valid"], false, "{history}");
    assert_eq!(history["valid"][0], true, "{history}");
    let from = history["versions"][0].as_str().unwrap();
    let made = server.post(
        &format!("{HOUVE}/avenant"),
        &json!({ "from": from, "to": "current" }),
    );
    assert_eq!(made.status, 422, "{}", body(&made));
    let said = made.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.starts_with(
            "la version « À » (la version actuelle du fichier) a des erreurs — Partenaires, n° 2"
        ),
        "{said}"
    );
    // Walk 9: in the form's words, never a key path.
    assert!(!said.contains("partners["), "{said}");
}

/// The page names a missing value by its labels, not by the file's key and table.
#[test]
fn a_missing_value_is_named_in_the_pages_words() {
    let server = serve();
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("date = 2020-12-10, ", "", 1);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    let opened = server.get("/api/conventions/CTG-057-2021-HOUVE").json();
    let said = opened["diagnostics"].to_string();
    assert!(said.contains("délibération, date : à compléter"), "{said}");
    assert!(!said.contains("il manque la clé"), "{said}");
    let nested = &opened["diagnostics"][0];
    assert!(nested["line"].as_u64().is_some_and(|l| l > 1), "{nested}");
    // Walk 10: a top-level key missing has no line (« ligne 1 » pointed nowhere).
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("territory = \"Houve et Pays Boulageois\"\n", "", 1),
    )
    .unwrap();
    let opened = server.get("/api/conventions/CTG-057-2021-HOUVE").json();
    let diagnostics = opened["diagnostics"].as_array().unwrap();
    let territory = diagnostics
        .iter()
        .find(|d| d["key"] == "territory")
        .unwrap();
    assert_eq!(
        territory["message"], "Territoire : à compléter",
        "{territory}"
    );
    assert!(territory["line"].is_null(), "{territory}");
}

#[test]
fn the_period_set_every_funding_line_has_its_years_and_a_refusal_names_the_field() {
    let server = serve();
    let set = |key: &str, value: &str| set(&server, key, value);
    let longer = set("period.end", "2025-12-31");
    assert_eq!(longer.status, 200, "{}", body(&longer));
    assert_eq!(
        longer.json()["years"],
        json!([2021, 2022, 2023, 2024, 2025])
    );
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let amounts = "amounts = { 2021 = 27840, 2022 = 27840, 2023 = 27840, 2024 = 27840, 2025 = 0 }";
    assert!(text.contains(amounts), "{text}");
    assert!(text.contains("2024 = \"19 372,65\", 2025 = 0 }"), "{text}");
    // A year the file does not have is refused in the form's words, not by its key path.
    let refused = set("funding[1].amounts.0", "1");
    assert_eq!(refused.status, 422);
    let error = refused.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with("pas de « Financements, ligne 1 (") && !error.contains("funding"),
        "{error}"
    );
}

#[test]
fn a_file_with_errors_previews_its_newest_valid_version_named() {
    let server = serve();
    let valid = server.file("CTG-057-2021-HOUVE.toml");
    let edit =
        json!({ "etag": server.etag(HOUVE), "key": "funding[1].amounts.2022", "value": "12,345" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let pages = server.get(&format!("{HOUVE}/pages"));
    assert_eq!(pages.status, 200, "{}", body(&pages));
    let version = pages.json()["valid_version"].as_str().unwrap().to_string();
    let history = server
        .dir
        .path()
        .join(".convgen-history/CTG-057-2021-HOUVE.toml");
    assert_eq!(
        std::fs::read_to_string(history.join(&version)).unwrap(),
        valid
    );
    let page = server.get(&format!("{HOUVE}/pages/1.png"));
    assert!(page.status == 200 && page.body.starts_with(b"\x89PNG"));
    // The PDF is never made of an older version.
    assert_eq!(server.get(&format!("{HOUVE}.pdf")).status, 422);
    // Never valid: no preview, and why.
    std::fs::remove_dir_all(&history).unwrap();
    let refused = server.get(&format!("{HOUVE}/pages"));
    assert_eq!(refused.status, 422);
    assert!(body(&refused).contains("erreurs"), "{}", body(&refused));
    assert_eq!(server.get(&format!("{HOUVE}/pages/1.png")).status, 422);
}

#[test]
fn a_renewed_drafts_page_flags_its_period_begun_and_the_deliberations_dates() {
    let server = serve_with(&["cej/CEJ-042-2019-CHARLIEU.toml"], &[]);
    let renewed = server.post("/api/renew", &json!({ "expiring_before": "2023-01-01" }));
    assert_eq!(renewed.status, 200);
    let draft = server
        .dir
        .path()
        .join("renouvellement/CTG-042-2023-CHARLIEU.toml");
    // Its page says, at their fields, what the draft carries over from the CEJ: a period
    // begun in 2023 (the workspace counts today's date, `check` does not) and each
    // délibération's date.
    let opened = server.get("/api/conventions/CTG-042-2023-CHARLIEU").json();
    let findings = opened["diagnostics"].as_array().unwrap();
    let at =
        |key: &str, kind: &str| (findings.iter()).any(|d| d["key"] == key && d["kind"] == kind);
    assert!(at("period.start", "period-already-started"), "{findings:?}");
    let dates = "partners[1].deliberation.date";
    assert!(at(dates, "still-to-complete"), "{findings:?}");
    // Walk 16: a date given more than two years before the period (the CEJ's, typed again)
    // is said; a date of the year before the period is not.
    let path = "/api/conventions/CTG-042-2023-CHARLIEU";
    let set = |key: &str, value: &str| {
        let edit = json!({ "etag": server.etag(path), "key": key, "value": value });
        let edited = server.patch(path, &edit);
        assert_eq!(edited.status, 200, "{}", body(&edited));
        edited.json()["diagnostics"].as_array().unwrap().clone()
    };
    set("partners[1].deliberation.number", "2022-45");
    let said = |findings: &[serde_json::Value], kind: &str| {
        (findings.iter()).any(|d| d["key"] == dates && d["kind"] == kind)
    };
    let the_cejs = set(dates, "2019-05-16");
    assert!(
        said(&the_cejs, "deliberation-long-before-period"),
        "{the_cejs:?}"
    );
    let dated = set(dates, "2022-03-10");
    assert!(
        !said(&dated, "deliberation-long-before-period"),
        "{dated:?}"
    );
    let check = convgen(&["check", draft.to_str().unwrap()]);
    assert!(
        !stderr(&check).contains("already started"),
        "{}",
        stderr(&check)
    );
}

/// A renewal from 1 July 2023 (half a year's amounts in 2023 and 2028) re-dated to whole
/// years, then to 1 July again: « Recalculer les montants » prorates the yearly amount to
/// each year of the new period, none left outside it.
#[test]
fn a_re_dated_renewals_amounts_are_recalculated_on_request() {
    let server = serve_with(&["cej/CEJ-042-2019-FEURS.toml"], &[]);
    let renewed = server.post("/api/renew", &json!({ "expiring_before": "2024-01-01" }));
    assert_eq!(renewed.status, 200, "{}", body(&renewed));
    let feurs = "/api/conventions/CTG-042-2023-FEURS";
    let edit = |key: &str, op: &str, value: serde_json::Value| {
        let edit = json!({ "etag": server.etag(feurs), "key": key, "op": op, "value": value });
        let edited = server.patch(feurs, &edit);
        assert_eq!(edited.status, 200, "{}", body(&edited));
        edited.json()["toml"].as_str().unwrap().to_string()
    };
    let first_line = |toml: &str| {
        let at = toml.find("amounts = ").unwrap();
        toml[at..].lines().next().unwrap().to_string()
    };
    let before = edit("period.start", "set", "2027-01-01".into());
    assert!(
        first_line(&before).contains("2023 = \"22060.30\""),
        "{before}"
    );
    edit("period.end", "set", "2031-12-31".into());
    // Asked first, as the page does: the values it would give, nothing saved.
    let etag = server.etag(feurs);
    let ask = json!({ "etag": etag, "key": "funding", "op": "move", "value": 4, "preview": true });
    let asked = server.patch(feurs, &ask);
    assert_eq!(asked.status, 200, "{}", body(&asked));
    let values = asked.json()["values"].clone();
    let year = |y: u32| values[format!("funding[1].amounts.{y}")].clone();
    assert!(
        year(2031).as_str().is_some_and(|a| a.contains("120,60")),
        "{values}"
    );
    assert!(year(2023).is_null(), "{values}");
    // Said for the page: the period they were written for, a yearly amount shared out.
    let moved = asked.json()["moved"].clone();
    assert_eq!(moved["former"]["start"], "2023-07-01", "{moved}");
    let first = &moved["lines"][0]["years"][0];
    assert_eq!(
        (&first["yearly"], &first["months"]),
        (&json!("44 120,60"), &json!(12))
    );
    assert_eq!(server.etag(feurs), etag, "a preview saves nothing");
    let whole = edit("funding", "move", 4.into());
    let yearly = "44120.6";
    let expected = format!(
        "amounts = {{ 2027 = {yearly}, 2028 = {yearly}, 2029 = {yearly}, 2030 = {yearly}, 2031 = {yearly} }}"
    );
    assert_eq!(first_line(&whole), expected, "{whole}");
    edit("period.start", "set", "2027-07-01".into());
    edit("period.end", "set", "2032-06-30".into());
    let halves = edit("funding", "move", 0.into());
    let expected = format!(
        "amounts = {{ 2027 = 22060.3, 2028 = {yearly}, 2029 = {yearly}, 2030 = {yearly}, 2031 = {yearly}, 2032 = 22060.3 }}"
    );
    assert_eq!(first_line(&halves), expected, "{halves}");
    let opened = server.get(feurs).json();
    let outside = (opened["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["kind"] == "year-outside-the-period")
        .count();
    assert_eq!(outside, 0, "{}", opened["diagnostics"]);
}

/// An avenant with neither « Prise d'effet » nor signature date takes effect when signed,
/// today at the earliest: its page flags, at « Prise d'effet », each year gone by whose
/// amounts it changes; `check`, which does not count the day, does not.
#[test]
fn an_undated_avenant_changing_past_years_is_flagged_in_the_workspace_only() {
    let avenant = "fixtures/avenant/CTG-057-2021-HOUVE-AV1.toml";
    let text = std::fs::read_to_string(root().join(avenant)).unwrap();
    let undated = text.replacen("effective = 2023-07-01\n", "", 1);
    assert_ne!(undated, text);
    let dir = tempdir();
    let path = dir.path().join("CTG-057-2021-HOUVE-AV1.toml");
    std::fs::write(&path, &undated).unwrap();
    let server = crate::serve::start(dir, &[]);
    let opened = server.get("/api/conventions/CTG-057-2021-HOUVE-AV1").json();
    let findings = opened["diagnostics"].as_array().unwrap();
    let at = |year: &str| {
        (findings.iter()).any(|d| {
            d["key"] == "effective"
                && d["kind"] == "avenant-changes-past-year"
                && d["message"].as_str().unwrap().contains(year)
        })
    };
    assert!(at("2023") && at("2024"), "{findings:?}");
    let check = convgen(&["check", "--strict", path.to_str().unwrap()]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
}

/// A convention not signed yet is told its period began, every value filled in or not; once
/// dated, or once a copy signed by all its parties came back, it is not.
#[test]
fn a_period_begun_is_said_until_the_convention_is_signed() {
    let copies = crate::verify::signed();
    let server = crate::serve::start(crate::returns::rendered_workspace(&[]), &[]);
    let cd47 = format!("/api/conventions/{}", crate::verify::REFERENCE);
    let begun = |diagnostics: &serde_json::Value| {
        (diagnostics.as_array().unwrap().iter())
            .any(|d| d["kind"] == "period-already-started" && d["key"] == "period.start")
    };
    // Dated 16 October 2024: signed, quiet.
    assert!(!begun(&server.get(&cd47).json()["diagnostics"]));
    let undated = json!({ "etag": server.etag(&cd47), "key": "signature.date", "value": null });
    let undated = server.patch(&cd47, &undated).json();
    let diagnostics = &undated["diagnostics"];
    let errors = (diagnostics.as_array().unwrap().iter()).filter(|d| d["severity"] == "error");
    assert_eq!(errors.count(), 0, "every value filled in: {diagnostics}");
    assert!(begun(diagnostics), "{diagnostics}");
    let text = undated["toml"].as_str().unwrap().to_string();
    assert!(begun(
        &server.request("POST", "/api/check", &[], &text).json()["diagnostics"]
    ));
    // The copy signed by all three parties comes back: quiet, on the page and in its source.
    let pdf = [("Content-Type", "application/pdf")];
    let bytes = std::fs::read(copies.path("three.pdf")).unwrap();
    let kept = server.request_bytes("POST", &format!("{cd47}/signed"), &pdf, &bytes);
    assert_eq!(kept.status, 201, "{}", kept.text());
    assert!(!begun(&server.get(&cd47).json()["diagnostics"]));
    assert!(!begun(
        &server.request("POST", "/api/check", &[], &text).json()["diagnostics"]
    ));
}
