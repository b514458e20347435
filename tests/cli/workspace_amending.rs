//! What the workspace says of an avenant before and after it is prepared (a new signatory
//! is none; one edited since, or in error, is said so and not cited) and of a convention
//! dated as signed (« signée le … », « modifiée depuis la signature »).

use serde_json::json;

use crate::serve::{Server, serve};
use crate::workspace_avenant::avenant_to_current;

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

/// HOUVE with its 2024 amount raised, and avenant n° 1 prepared for it from the page: the
/// server, and the convention's text as raised.
fn houve_raised_with_an_avenant() -> (Server, String) {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let raised = text.replacen("2024 = 27840", "2024 = 30000", 1);
    server.save(HOUVE, &raised);
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
    (server, raised)
}

/// Walk 21: a new signatory — a mayor elected, a Caf director appointed — is no avenant:
/// preparing one is refused before anything is written, with why, rather than an avenant
/// that « changes nothing » shown as an error to fix.
#[test]
fn a_new_signatory_alone_is_no_avenant() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = (text.replacen("Gilbert Schmitt", "Anne Muller", 1)).replacen(
        "Jean-Pierre Kieffer",
        "Claire Weber",
        1,
    );
    server.save(HOUVE, &edited);
    let refused = avenant_to_current(&server, HOUVE);
    assert_eq!(refused.status, 422, "{}", refused.text());
    let said = refused.json()["error"].as_str().unwrap().to_string();
    assert!(
        said.contains("un nouveau signataire") && said.contains("ne demande pas d’avenant"),
        "{said}"
    );
    let written = server.dir.path().join("CTG-057-2021-HOUVE-AV1.toml");
    assert!(!written.exists(), "nothing written");
    // A signatory and an amount: an avenant, for the amount.
    let edited = edited.replacen("2024 = 27840", "2024 = 30000", 1);
    server.save(HOUVE, &edited);
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
}

/// Walk 21: an avenant prepared for a change it cannot state (the Caf's address: « changes
/// nothing »), then an amount changed in its form, is warned as edited since its
/// preparation like any other: the convention's file does not say that amount.
#[test]
fn an_avenant_prepared_changing_nothing_then_edited_is_warned() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = text.replacen(
        "[caf]\n",
        "[caf]\naddress = \"1 rue de la Gare, 57000 Metz\"\n",
        1,
    );
    assert_ne!(edited, text);
    server.save(HOUVE, &edited);
    let made = avenant_to_current(&server, HOUVE);
    assert_eq!(made.status, 201, "{}", made.text());
    let first = format!("{HOUVE}-AV1");
    let edit =
        json!({ "etag": server.etag(&first), "key": "funding[1].amounts.2024", "value": 31000 });
    assert_eq!(server.patch(&first, &edit).status, 200);
    let diagnostics = server.get(&first).json()["diagnostics"].clone();
    let kinds: Vec<&str> = (diagnostics.as_array().unwrap().iter())
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"avenant-edited-since-prepared"),
        "{diagnostics}"
    );
}

/// Walk 21, 24: an avenant whose file is in error (one that changes nothing) is corrected,
/// or withdrawn, before the next is prepared: the next would repeat its change or build on
/// a text no one can sign. Withdrawn, the next starts from the text as signed, cites nothing.
#[test]
fn an_avenant_in_error_is_corrected_or_withdrawn_before_the_next() {
    let (server, raised) = houve_raised_with_an_avenant();
    let first = format!("{HOUVE}-AV1");
    // Taken back in the avenant: it changes nothing, an error.
    let back =
        json!({ "etag": server.etag(&first), "key": "funding[1].amounts.2024", "value": 27840 });
    assert_eq!(server.patch(&first, &back).status, 200);
    let errors = server.get(&first).json()["diagnostics"].clone();
    assert!(
        errors.to_string().contains("avenant-changes-nothing"),
        "{errors}"
    );
    let raised = raised.replacen("2024 = 15000", "2024 = 16000", 1);
    assert_ne!(raised, server.file("CTG-057-2021-HOUVE.toml"));
    server.save(HOUVE, &raised);
    let history = server.get(&format!("{HOUVE}/history")).json();
    let start = history["start"].as_str().unwrap().to_string();
    let prepare = || {
        server.post(
            &format!("{HOUVE}/avenant"),
            &json!({ "from": start, "to": "current" }),
        )
    };
    let refused = prepare();
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(
        refused.text().contains("l’avenant n° 1 a des erreurs"),
        "{}",
        refused.text()
    );
    let withdrawn = server.post(
        &format!("{first}/withdraw"),
        &json!({ "etag": server.etag(&first) }),
    );
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text());
    let made = prepare();
    assert_eq!(made.status, 201, "{}", made.text());
    let again = server.file("CTG-057-2021-HOUVE-AV1.toml");
    assert!(!again.contains("amended_by"), "{again}");
    let before = &again[again.find("[[previous.funding]]").expect(&again)..];
    assert!(before.contains("27840"), "{again}");
}

/// Walk 23: an avenant prepared and never signed is withdrawn from the page — its text kept
/// aside —, and the next takes its number, starting from the text as signed, not from the
/// convention as the one withdrawn left it; one signed, or followed by another, is not.
#[test]
fn an_unsigned_avenant_is_withdrawn_and_the_next_takes_its_number() {
    let (server, raised) = houve_raised_with_an_avenant();
    let first = format!("{HOUVE}-AV1");
    let withdraw = |path: &str, etag: String| {
        server.post(&format!("{path}/withdraw"), &json!({ "etag": etag }))
    };
    let refused = withdraw(HOUVE, server.etag(HOUVE));
    assert_eq!(refused.status, 422, "a convention is not withdrawn");
    // Asked first, before the person confirms: nothing done.
    let asked = json!({ "etag": server.etag(&first), "dry": true });
    assert_eq!(
        server.post(&format!("{first}/withdraw"), &asked).status,
        200
    );
    assert!(
        server
            .dir
            .path()
            .join("CTG-057-2021-HOUVE-AV1.toml")
            .exists()
    );
    assert_eq!(withdraw(&first, "\"old\"".into()).status, 409);
    let dated =
        json!({ "etag": server.etag(&first), "key": "signature.date", "value": "2026-11-02" });
    assert_eq!(server.patch(&first, &dated).status, 200);
    let refused = withdraw(&first, server.etag(&first));
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert!(refused.text().contains("est signé"), "{}", refused.text());
    let undated = json!({ "etag": server.etag(&first), "key": "signature.date", "value": null });
    assert_eq!(server.patch(&first, &undated).status, 200);
    // Changed again since: the version the avenant left is no longer the file.
    let raised = raised.replacen("2024 = 15000", "2024 = 16000", 1);
    server.save(HOUVE, &raised);
    let withdrawn = withdraw(&first, server.etag(&first));
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text());
    let avenant = server.dir.path().join("CTG-057-2021-HOUVE-AV1.toml");
    assert!(!avenant.exists());
    let aside = std::fs::read_dir(server.dir.path().join(".convgen-history")).unwrap();
    let aside: Vec<String> = (aside.flatten())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        aside
            .iter()
            .any(|name| name.starts_with("CTG-057-2021-HOUVE-AV1.toml.retire-")),
        "{aside:?}"
    );
    let history = server.get(&format!("{HOUVE}/history")).json();
    let start = history["start"].as_str().unwrap();
    assert!(!start.contains("-avenant"), "{history}");
    let made = server.post(
        &format!("{HOUVE}/avenant"),
        &json!({ "from": start, "to": "current" }),
    );
    assert_eq!(made.status, 201, "{}", made.text());
    assert_eq!(made.json()["number"], 1, "{}", made.text());
    let again = server.file("CTG-057-2021-HOUVE-AV1.toml");
    let before = &again[again.find("[[previous.funding]]").expect(&again)..];
    assert!(before.contains("27840"), "both changes amended: {again}");
    // Avenant n° 2 follows: n° 1 is withdrawn after it, not before.
    server.save(HOUVE, &raised.replacen("2024 = 16000", "2024 = 17000", 1));
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
    // It cites n° 1, not signed yet: said (walk 23).
    let second = server.get(&format!("{HOUVE}-AV2")).json()["diagnostics"].to_string();
    assert!(second.contains("earlier-avenant-unsigned"), "{second}");
    let refused = withdraw(&first, server.etag(&first));
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains("retirez d’abord"),
        "{}",
        refused.text()
    );
}

/// Walk 21: the list says a file dated as signed is signed, and once its text changed since
/// (an amount), that it was modified since the signature; back as signed, no longer.
#[test]
fn the_list_says_signed_and_changed_since_the_signature() {
    let server = serve();
    let houve = |server: &Server| {
        let list = server.get("/api/conventions").json();
        let found =
            (list.as_array().unwrap().iter()).find(|c| c["reference"] == "CTG-057-2021-HOUVE");
        let c = found.unwrap().clone();
        (c["dated"].clone(), c["changed_since_signed"].clone())
    };
    assert_eq!(houve(&server), (json!("2021-01-12"), json!(false)));
    let amount = |value: i64| json!({ "etag": server.etag(HOUVE), "key": "funding[1].amounts.2024", "value": value });
    let preview = |server: &Server| {
        let draft = server.post(&format!("{HOUVE}/preview"), &json!({ "draft": true }));
        draft.json()["changed_since_signed"].clone()
    };
    assert_eq!(preview(&server), json!(null));
    assert_eq!(server.patch(HOUVE, &amount(30000)).status, 200);
    assert_eq!(houve(&server), (json!("2021-01-12"), json!(true)));
    // Walk 29: its draft sent for review says it is not the text signed.
    assert_eq!(preview(&server), json!("2021-01-12"));
    assert_eq!(server.patch(HOUVE, &amount(27840)).status, 200);
    assert_eq!(houve(&server), (json!("2021-01-12"), json!(false)));
    // Walk 23: re-dated through a step with errors (the start after the end), still said.
    let date =
        |key: &str, value: &str| json!({ "etag": server.etag(HOUVE), "key": key, "value": value });
    assert_eq!(
        server
            .patch(HOUVE, &date("period.start", "2025-01-01"))
            .status,
        200
    );
    assert_eq!(
        server
            .patch(HOUVE, &date("period.end", "2028-12-31"))
            .status,
        200
    );
    assert_eq!(houve(&server), (json!("2021-01-12"), json!(true)));
}

/// Walk 22: an avenant prepared here to a convention over (HOUVE ended on 31 December 2024)
/// is told it comes too late even with a « Prise d'effet » before that end: it is still to
/// be signed, and cannot be any more. (One made elsewhere, of the past, is not: see
/// `an_avenant_the_convention_s_file_never_took_in_is_not_undone_by_the_next`.)
#[test]
fn an_avenant_prepared_after_the_end_is_too_late_whatever_its_effect() {
    let (server, _) = houve_raised_with_an_avenant();
    let first = format!("{HOUVE}-AV1");
    let effect = json!({ "etag": server.etag(&first), "key": "effective", "value": "2024-12-01" });
    assert_eq!(server.patch(&first, &effect).status, 200);
    let findings = server.get(&first).json()["diagnostics"].to_string();
    assert!(findings.contains("amended-convention-over"), "{findings}");
    // Walk 23: its délibérations given, it is not sent « pour signature » (the page warns,
    // the message would not): as a draft only.
    let prepared = server.file("CTG-057-2021-HOUVE-AV1.toml");
    let given = crate::deliberations_given(&prepared, "2026-DEL-12", "2026-11-30");
    server.save(&first, &given);
    let preview =
        |draft: bool| server.post(&format!("{first}/preview"), &json!({ "draft": draft }));
    let refused = preview(false);
    assert_eq!(refused.status, 409, "{}", refused.text());
    assert!(
        refused.text().contains("a pris fin le 31"),
        "{}",
        refused.text()
    );
    assert_eq!(preview(true).status, 200, "{}", preview(true).text());
}

/// Walk 24: an avenant made elsewhere, never dated, to a convention over is not sent « pour
/// signature » either, whatever its « Prise d'effet » (1 July 2023 for a convention ended on
/// 31 December 2024): signed then, it is dated; else it can no longer be signed.
#[test]
fn an_undated_avenant_of_the_past_is_sent_as_a_draft_only() {
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    let avenant = format!("{HOUVE}-AV1");
    let findings = server.get(&avenant).json()["diagnostics"].to_string();
    assert!(findings.contains("amended-convention-over"), "{findings}");
    assert!(
        findings.contains("donnez sa date de signature"),
        "{findings}"
    );
    let preview =
        |draft: bool| server.post(&format!("{avenant}/preview"), &json!({ "draft": draft }));
    assert_eq!(preview(false).status, 409);
    assert_eq!(preview(true).status, 200);
    // Nor has it a final PDF (walk 28): a draft only.
    let pdf = server.get(&format!("{avenant}.pdf"));
    assert_eq!(pdf.status, 422, "{}", pdf.text());
    assert!(
        pdf.text().contains("son PDF définitif n’est pas produit"),
        "{}",
        pdf.text()
    );
    assert_eq!(server.get(&format!("{avenant}.pdf?draft=1")).status, 200);
    // Dated as signed then: quiet, and sent as it is.
    let dated =
        json!({ "etag": server.etag(&avenant), "key": "signature.date", "value": "2023-06-20" });
    assert_eq!(server.patch(&avenant, &dated).status, 200);
    let findings = server.get(&avenant).json()["diagnostics"].to_string();
    assert!(!findings.contains("amended-convention-over"), "{findings}");
    assert_eq!(preview(false).status, 200);
    assert_eq!(server.get(&format!("{avenant}.pdf")).status, 200);
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

/// Walk 31: an avenant prolonging HOUVE (ended 31 December 2024) to 2025 does not make it
/// run again: its convention ended in 2024, said so on its page and in the list.
#[test]
fn an_avenant_prolonging_a_convention_over_is_too_late_from_its_former_end() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let longer = (text.replacen("end = 2024-12-31", "end = 2025-12-31", 1)).replacen(
        "2024 = 27840 }",
        "2024 = 27840, 2025 = 27840 }",
        1,
    );
    server.save(HOUVE, &longer);
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
    let findings = server.get(&format!("{HOUVE}-AV1")).json()["diagnostics"].to_string();
    let findings = findings.replace('\u{a0}', " ");
    assert!(
        findings.contains("la convention a pris fin le 31 décembre 2024"),
        "{findings}"
    );
    let list = server.get("/api/conventions").json();
    let avenant =
        (list.as_array().unwrap().iter()).find(|c| c["reference"] == "CTG-057-2021-HOUVE-AV1");
    assert_eq!(avenant.unwrap()["end"], "2024-12-31");
    // Walk 32: the convention too, changed since signed, ended as signed — in the list and
    // for its « Versions… » panel.
    let houve = (list.as_array().unwrap().iter()).find(|c| c["reference"] == "CTG-057-2021-HOUVE");
    assert_eq!(houve.unwrap()["end"], "2024-12-31");
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(history["signed_end"], "2024-12-31");
    // Walk 34: and which version is the text as signed (the file as it was before the edits).
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(Some(&history["signed_version"]), versions.last());
}

/// Walk 33: an avenant prepared, then its convention's file changed (an import, an edit):
/// the avenant's page says the convention changed without it saying it, and what; said
/// no more once the convention's file is back to what the avenant states.
#[test]
fn an_avenant_is_warned_when_its_convention_changes_beyond_it() {
    let (server, raised) = houve_raised_with_an_avenant();
    let first = format!("{HOUVE}-AV1");
    let kinds = |server: &Server| server.get(&first).json()["diagnostics"].to_string();
    assert!(!kinds(&server).contains("convention-changed-beyond-avenant"));
    let beyond = raised.replacen("2024 = 15000", "2024 = 16000", 1);
    assert_ne!(beyond, raised);
    server.save(HOUVE, &beyond);
    let said = kinds(&server);
    assert!(
        said.contains("convention-changed-beyond-avenant")
            && said.contains("Coordination")
            && said.contains("→"),
        "{said}"
    );
    server.save(HOUVE, &raised);
    assert!(!kinds(&server).contains("convention-changed-beyond-avenant"));
    // Followed by the next avenant, which says what changed since: not this one's to say.
    server.save(HOUVE, &beyond);
    assert_eq!(avenant_to_current(&server, HOUVE).status, 201);
    assert!(!kinds(&server).contains("convention-changed-beyond-avenant"));
}

/// Walk 33: a signatory renamed whose address stayed is named by the sending's preview,
/// with the one the address was given for; one whose address changed too is not.
#[test]
fn the_sending_names_a_renamed_signatory_whose_address_stayed() {
    let server = serve();
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let renamed = (text.replacen("Jean-Pierre Kieffer", "Claire Weber", 1))
        .replacen("Gilbert Schmitt", "Anne Muller", 1)
        .replacen(
            "presidence@caf57.example.fr",
            "direction.generale@caf57.example.fr",
            1,
        );
    server.save(HOUVE, &renamed);
    let preview = server.post(&format!("{HOUVE}/preview"), &json!({ "draft": true }));
    assert_eq!(preview.status, 200, "{}", preview.text());
    assert_eq!(
        preview.json()["addresses_kept"],
        json!([{ "email": "president@cchpb.example.fr", "before": "Jean-Pierre Kieffer", "now": "Claire Weber" }])
    );
}
