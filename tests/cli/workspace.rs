//! The workspace beyond one field: lists that grow and shrink in place, a new convention from
//! the example, saved versions and what changed, renewal, sending with a preview and the
//! journal, and the page's escaping — against the real server, with a real SMTP server.

use serde_json::json;

use crate::serve::{Answer, serve, serve_with};
use crate::smtp_server::smtp_server;
use crate::{pdf_text, tempdir};

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

fn body(answer: &Answer) -> String {
    String::from_utf8_lossy(&answer.body).into_owned()
}

#[test]
fn lists_grow_by_a_blank_item_that_the_checker_points_at_and_shrink_back() {
    let server = serve();
    let before = server.file("CTG-057-2021-HOUVE.toml");
    let stale = json!({ "etag": "\"0\"", "key": "partners", "op": "append" });
    assert_eq!(server.patch(HOUVE, &stale).status, 409);
    assert_eq!(server.file("CTG-057-2021-HOUVE.toml"), before);

    let add = json!({ "etag": server.etag(HOUVE), "key": "partners", "op": "append" });
    let added = server.patch(HOUVE, &add);
    assert_eq!(added.status, 200, "{}", body(&added));
    assert_eq!(added.json()["added"], "partners[2]");
    let diagnostics = added.json()["diagnostics"].clone();
    let keys: Vec<&str> = (diagnostics.as_array().unwrap().iter())
        .filter(|d| d["severity"] == "error")
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "partners[2].kind",
            "partners[2].name",
            "partners[2].signatories[1].name",
            "partners[2].signatories[1].role"
        ]
    );
    let text = server.file("CTG-057-2021-HOUVE.toml");
    assert!(text.starts_with(&before[..before.find("[[axes]]").unwrap() - 200]));

    let remove = json!({ "etag": added.json()["etag"], "key": "partners[2]", "op": "remove" });
    let removed = server.patch(HOUVE, &remove);
    assert_eq!(removed.status, 200, "{}", body(&removed));
    assert_eq!(
        server.file("CTG-057-2021-HOUVE.toml"),
        before,
        "back as it was"
    );

    let action = json!({ "etag": server.etag(HOUVE), "key": "axes[1].actions", "op": "append" });
    let added = server.patch(HOUVE, &action);
    assert_eq!(
        added.json()["added"],
        "axes[1].actions[4]",
        "{}",
        body(&added)
    );
    let nonsense = json!({ "etag": server.etag(HOUVE), "key": "period", "op": "append" });
    assert_eq!(server.patch(HOUVE, &nonsense).status, 422);
}

#[test]
fn a_new_convention_starts_from_the_commented_example_and_never_overwrites() {
    let server = serve();
    let new = json!({ "kind": "ctg", "reference": "CTG-063-2026-ENVAL", "territory": "Enval" });
    let created = server.post("/api/conventions", &new);
    assert_eq!(created.status, 201, "{}", body(&created));
    assert_eq!(created.json()["file"], "CTG-063-2026-ENVAL.toml");
    let text = server.file("CTG-063-2026-ENVAL.toml");
    assert!(
        text.contains("reference = \"CTG-063-2026-ENVAL\"  # unique"),
        "{text}"
    );
    assert!(text.contains("territory = \"Enval\""));
    // Nothing of the example's content is kept: its Caf, place, court, partner, axes, fiche,
    // funding line, budget and period are flagged or left out.
    for other in [
        "Clermont",
        "Puy-de-Dôme",
        "Jeanne Martin",
        "Élise Fontaine",
        "200070407",
        "Développer l'offre",
        "Deux LAEP",
        "Petits Pas",
        "Sport et loisirs",
        "18 500,50",
        "31500",
        "2026-01-01",
        "2030-12-31",
        "Communauté de communes de l'Exemple",
    ] {
        let said = (text.lines()).filter(|l| !l.trim_start().starts_with('#'));
        assert!(
            !said.clone().any(|l| l.contains(other)),
            "{other} in {text}"
        );
    }
    assert!(text.contains("place = \"(lieu à compléter)\""), "{text}");
    assert!(text.contains("name = \"(nom à compléter)\""), "{text}");
    assert!(
        text.contains("title = \"(intitulé à compléter)\""),
        "{text}"
    );
    assert!(
        text.contains("label = \"(intitulé à compléter)\""),
        "{text}"
    );
    assert!(
        text.contains("name = \"Enval\""),
        "the partner is the territory: {text}"
    );
    // It opens with what is still to give, and is not valid until it is given.
    let opened = server.get("/api/conventions/CTG-063-2026-ENVAL").json();
    let errors: Vec<String> = (opened["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["severity"] == "error")
        .map(|d| d["message"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("reste à compléter")),
        "{errors:?}"
    );
    assert!(
        !errors.iter().any(|e| e.contains("hors de la période")),
        "{errors:?}"
    );
    // Walk 7: no period yet, so no year to compare the reference's with (« commence en 0 »).
    let said = opened["diagnostics"].to_string();
    assert!(!said.contains("porte l’année"), "{said}");
    let listed = server.get("/api/conventions").json();
    let entry = (listed.as_array().unwrap().iter())
        .find(|e| e["reference"] == "CTG-063-2026-ENVAL")
        .unwrap();
    assert_eq!(entry["valid"], false, "{entry}");

    assert_eq!(server.post("/api/conventions", &new).status, 409);
    let taken = json!({ "kind": "cej", "reference": "CTG-057-2021-HOUVE", "territory": "X" });
    assert_eq!(server.post("/api/conventions", &taken).status, 409);
    for reference in ["../evil", "a/b", "", ".hidden"] {
        let bad = json!({ "kind": "ctg", "reference": reference, "territory": "X" });
        let refused = server.post("/api/conventions", &bad);
        assert_eq!(refused.status, 422, "{reference}: {}", body(&refused));
    }
    let outside = server.dir.path().parent().unwrap().join("evil.toml");
    assert!(!outside.exists());
}

#[test]
fn every_save_keeps_a_version_and_any_two_can_be_compared() {
    let server = serve();
    let key = "partners[1].signatories[1].name";
    let edit = json!({ "etag": server.etag(HOUVE), "key": key, "value": "André Boucher" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let versions = server.get(&format!("{HOUVE}/history")).json()["versions"].clone();
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 1);
    let first = versions[0].as_str().unwrap();

    let changes = server
        .get(&format!("{HOUVE}/changes?from={first}&to=current"))
        .json();
    assert_eq!(changes["identical"], false);
    let lines: Vec<(String, String)> = (changes["hunks"].as_array().unwrap().iter())
        .flat_map(|hunk| hunk.as_array().unwrap().clone())
        .filter(|line| line["tag"] != " ")
        .map(|line| {
            let tag = line["tag"].as_str().unwrap().to_string();
            (tag, line["text"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("-".into(), "name = \"Jean-Pierre Kieffer\"".into()),
            ("+".into(), "name = \"André Boucher\"".into())
        ]
    );
    let summary = changes["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("Signataires\n  retiré — Communauté de communes Houve-Pays Boulageois : Jean-Pierre Kieffer, Président\n  ajouté — "),
        "{summary}"
    );
    let same = server.get(&format!("{HOUVE}/changes?from=current&to=current"));
    assert_eq!(same.json()["identical"], true);
    for name in ["..%2F..%2Fsecret.toml", "nothing.toml"] {
        let refused = server.get(&format!("{HOUVE}/changes?from={name}"));
        assert_eq!(refused.status, 404, "{name}");
    }
}

#[test]
fn renewing_from_the_page_drafts_the_expiring_cejs_and_reports_each() {
    let cejs = [
        "cej/CEJ-042-2019-CHARLIEU.toml",
        "cej/CEJ-042-2019-FEURS.toml",
        "ctg/CTG-057-2021-HOUVE.toml",
    ];
    let server = serve_with(&cejs, &[]);
    let refused = server.post("/api/renew", &json!({ "expiring_before": "2023-13-01" }));
    assert_eq!(refused.status, 422);
    let renewed = server.post("/api/renew", &json!({ "expiring_before": "2023-01-01" }));
    assert_eq!(renewed.status, 200, "{}", body(&renewed));
    let report = renewed.json();
    let rows: Vec<(&str, &str, &str)> = (report["rows"].as_array().unwrap().iter())
        .map(|r| {
            let field = |name: &str| r[name].as_str().unwrap();
            (field("input"), field("status"), field("ctg_reference"))
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "CEJ-042-2019-CHARLIEU.toml",
                "renewed",
                "CTG-042-2023-CHARLIEU"
            ),
            ("CEJ-042-2019-FEURS.toml", "skipped", ""),
        ]
    );
    let draft = server
        .dir
        .path()
        .join("renouvellement/CTG-042-2023-CHARLIEU.toml");
    assert!(draft.exists());
    let list = server.get("/api/conventions").json();
    let listed = (list.as_array().unwrap().iter()).any(|c| {
        c["reference"] == "CTG-042-2023-CHARLIEU"
            && c["file"] == "renouvellement/CTG-042-2023-CHARLIEU.toml"
    });
    assert!(listed, "the drafts join the workspace: {list}");
}

#[test]
fn a_message_is_shown_before_it_is_sent_and_the_journal_says_what_went() {
    let (url, received) = smtp_server(None);
    let mail = [
        ("CONVGEN_SMTP_URL", url.as_str()),
        (
            "CONVGEN_MAIL_FROM",
            "Caf de la Moselle <conventions@caf57.example.fr>",
        ),
    ];
    let server = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &mail);
    let preview = server.post(&format!("{HOUVE}/preview"), &json!({ "draft": true }));
    assert_eq!(preview.status, 200, "{}", body(&preview));
    let preview = preview.json();
    assert_eq!(preview["sending"], true);
    let message = &preview["messages"][0];
    let to = message["to"].to_string();
    assert!(to.contains("Jean-Pierre Kieffer <"), "{to}");
    assert!(message["subject"].as_str().unwrap().contains("Houve"));
    assert!(message["attachment"].as_str().unwrap().ends_with(".pdf"));
    assert!(
        received.lock().unwrap().is_empty(),
        "a preview sends nothing"
    );

    let sent = server.post(&format!("{HOUVE}/send"), &json!({ "draft": true }));
    assert_eq!(sent.status, 200, "{}", body(&sent));
    assert_eq!(sent.json()["failed"], false, "{}", body(&sent));
    assert_eq!(sent.json()["sent"], true, "{}", body(&sent));
    assert_eq!(received.lock().unwrap().len(), 1);
    let journal = server.get("/api/journal").json();
    assert_eq!(journal[0]["status"], "sent");
    assert_eq!(journal[0]["reference"], "CTG-057-2021-HOUVE");

    // The version sent is kept: nothing changed since.
    let versions = server.get(&format!("{HOUVE}/history")).json()["versions"].clone();
    let sent = versions[0].as_str().unwrap();
    assert!(sent.ends_with("-envoi.toml"), "{versions}");
    let since = server.get(&format!("{HOUVE}/changes?from={sent}")).json();
    assert_eq!(since["identical"], true);

    let again = server.post(&format!("{HOUVE}/send"), &json!({ "draft": true }));
    assert_eq!(again.json()["sent"], false);
    let line = again.json()["lines"][0].as_str().unwrap().to_string();
    assert!(line.contains("déjà envoyée le"), "said in French: {line}");
    assert_eq!(received.lock().unwrap().len(), 1, "never twice");
    let list = server.get("/api/conventions").json();
    let houve = (list.as_array().unwrap().iter()).find(|c| c["reference"] == "CTG-057-2021-HOUVE");
    let today = convgen::model::Date::parse(&convgen::deliver::mail::utc_now()[..10]).unwrap();
    let today = convgen::french::date(today.year, today.month, today.day);
    assert_eq!(
        houve.unwrap()["sent"],
        today.as_str(),
        "the list says when it was sent"
    );
}

#[test]
fn without_mail_settings_messages_are_previewed_but_not_sent() {
    let server = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &[]);
    let preview = server.post(&format!("{HOUVE}/preview"), &json!({}));
    assert_eq!(preview.json()["sending"], false);
    assert!(
        preview.json()["why"]
            .as_str()
            .unwrap()
            .contains("CONVGEN_MAIL_FROM")
    );
    assert_eq!(
        server.post(&format!("{HOUVE}/send"), &json!({})).status,
        409
    );
}

#[test]
fn the_page_shows_what_files_say_as_text_never_as_html() {
    let server = serve();
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let territory = "<script>alert('x')</script> & Cie";
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "territory = \"Houve et Pays Boulageois\"",
        &format!("territory = \"{territory}\""),
        1,
    );
    std::fs::write(&path, text).unwrap();
    // What files say reaches the page as JSON data only, never inside its HTML…
    let page = server.get("/");
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(!body(&page).contains("alert"));
    let list = server.get("/api/conventions").json();
    assert!((list.as_array().unwrap().iter()).any(|c| c["territory"] == territory));
    // …and the script puts it into the page as text (the browser test sees it shown so).
    let script = body(&server.get("/workspace.js"));
    assert!(script.contains("textContent"));
    assert!(!script.contains("innerHTML") && !script.contains("insertAdjacentHTML"));
}

#[test]
fn a_rendered_pdf_is_kept_and_the_list_says_whether_it_is_current() {
    let server = serve();
    let rendered = || {
        let list = server.get("/api/conventions").json();
        let houve =
            (list.as_array().unwrap().iter()).find(|c| c["reference"] == "CTG-057-2021-HOUVE");
        houve.unwrap()["rendered"].clone()
    };
    assert_eq!(rendered(), serde_json::json!([]));
    let pdf = server.get(&format!("{HOUVE}.pdf?draft=1"));
    assert_eq!(pdf.status, 200);
    let kept = server
        .dir
        .path()
        .join(".convgen-output/CTG-057-2021-HOUVE-projet.pdf");
    assert_eq!(std::fs::read(kept).unwrap(), pdf.body);
    assert_eq!(rendered(), serde_json::json!(["projet"]));

    let key = "partners[1].signatories[1].name";
    let edit = json!({ "etag": server.etag(HOUVE), "key": key, "value": "André Boucher" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    assert_eq!(rendered(), serde_json::json!([]), "changed since");
}

#[test]
fn no_answer_ever_carries_the_smtp_password() {
    let from = ("CONVGEN_MAIL_FROM", "conventions@caf57.example.fr");
    let quick = ("CONVGEN_RETRY_DELAY_MS", "1");
    for env in [
        [
            ("CONVGEN_SMTP_URL", "smtp://caf57@127.0.0.1:1"),
            ("CONVGEN_SMTP_PASSWORD", "s3cr3t-pw"),
            from,
            quick,
        ],
        [
            ("CONVGEN_SMTP_URL", "smtp://caf57:s3cr3t-pw@127.0.0.1:1"),
            ("CONVGEN_SMTP_PASSWORD", "other"),
            from,
            quick,
        ],
    ] {
        let server = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &env);
        let answers = [
            server.get("/"),
            server.get("/api/conventions"),
            server.get(HOUVE),
            server.post(&format!("{HOUVE}/preview"), &json!({})),
            server.post(&format!("{HOUVE}/send"), &json!({})),
            server.get("/api/journal"),
        ];
        for answer in answers {
            assert!(!body(&answer).contains("s3cr3t"), "{}", body(&answer));
        }
    }
}

#[test]
fn a_workbook_goes_out_of_one_workspace_and_into_another() {
    let server = serve();
    let book = server.get("/api/export.xlsx");
    assert_eq!(book.status, 200);
    assert_eq!(
        book.header("content-disposition"),
        Some("attachment; filename=\"conventions.xlsx\"")
    );
    let other = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &[]);
    let before = other.file("CTG-057-2021-HOUVE.toml");
    let upload = |body: &[u8]| {
        let kind = [("Content-Type", "application/octet-stream")];
        other.request_bytes("POST", "/api/import?name=book.xlsx", &kind, body)
    };
    let imported = upload(&book.body);
    assert_eq!(imported.status, 200, "{}", body(&imported));
    let report = imported.json();
    assert_eq!(report["written"], json!(["CTG-047-2024-CD47.toml"]));
    // HOUVE's row says what the file says: unchanged, not a file skipped.
    assert_eq!(report["skipped"], json!([]));
    assert_eq!(
        other.file("CTG-057-2021-HOUVE.toml"),
        before,
        "kept as it was"
    );
    let listed = other.get("/api/conventions").json();
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // A reference some file of the workspace declares, wherever it is, is that file.
    std::fs::create_dir(other.dir.path().join("ctg")).unwrap();
    let moved = other.dir.path().join("ctg/CTG-047-2024-CD47.toml");
    std::fs::rename(other.dir.path().join("CTG-047-2024-CD47.toml"), &moved).unwrap();
    let again = upload(&book.body).json();
    let files: Vec<&str> = (again["rows"].as_array().unwrap().iter())
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["ctg/CTG-047-2024-CD47.toml", "CTG-057-2021-HOUVE.toml"]
    );
    assert_eq!(again["written"], json!([]));
    assert_eq!(upload(b"not a workbook").status, 422);
}

#[test]
fn the_page_offers_the_signature_platforms_tags() {
    let server = serve();
    let dir = tempdir();
    for (query, tag) in [
        ("?tags=ixparapheur", "#signature1#"),
        ("?draft=1&tags=yousign", "{{s1|signature|"),
    ] {
        let pdf = server.get(&format!("{HOUVE}.pdf{query}"));
        assert_eq!(pdf.status, 200, "{query}");
        let path = dir.path().join("tagged.pdf");
        std::fs::write(&path, &pdf.body).unwrap();
        assert!(pdf_text(&path).contains(tag), "{query}");
    }
    assert_eq!(
        server.get(&format!("{HOUVE}.pdf?tags=docusign")).status,
        400
    );
}

#[test]
fn values_are_typed_as_the_format_says_whatever_way_they_are_typed() {
    let server = serve();
    let siren =
        json!({ "etag": server.etag(HOUVE), "key": "partners[1].siren", "value": "200 067 502" });
    assert_eq!(server.patch(HOUVE, &siren).status, 200);
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("siren = \"200067502\"")
    );
    let amount = json!({ "etag": server.etag(HOUVE), "key": "funding[1].amounts.2022", "value": "27 840,5" });
    let answer = server.patch(HOUVE, &amount).json();
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("2022 = 27840.5,")
    );
    assert_eq!(answer["values"]["funding[1].amounts.2022"], "27 840,50");
    let total = &answer["totals"]["lines"][0]["total"];
    assert_eq!(
        total, "111\u{202f}360,50\u{a0}€",
        "the server adds, exactly"
    );
    let place = json!({ "etag": server.etag(HOUVE), "key": "signature.copies", "value": "3" });
    assert_eq!(server.patch(HOUVE, &place).status, 200);
    assert!(
        server
            .file("CTG-057-2021-HOUVE.toml")
            .contains("copies = 3")
    );
}
