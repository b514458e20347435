//! What a legal assistant's walk through the workspace found (issue 30): the export says
//! what it leaves out, the import what became of each row and which comments a replacement
//! loses, an avenant made from the page cites the convention's signature date (so `check`'s
//! warnings on its délibérations show), versions are named in French, the icon asked for by
//! every browser needs no token, and an avenant's mail speaks of it as masculine.

use serde_json::json;

use crate::serve::{Server, serve_with};

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

/// `book` (an `.xlsx` the workspace exported) written again with each sheet's rows, as text,
/// changed by `edit`.
fn rewritten(book: &[u8], edit: impl Fn(&str, &mut Vec<Vec<String>>)) -> Vec<u8> {
    let book = convgen::sheets::Book::from_bytes("book.xlsx".into(), book.to_vec()).unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for sheet in book.sheets.iter().filter(|s| s.name != "annexe") {
        let mut rows: Vec<Vec<String>> = (sheet.rows.iter())
            .map(|row| row.iter().map(|cell| cell.shown()).collect())
            .collect();
        edit(&sheet.name, &mut rows);
        let worksheet = workbook.add_worksheet().set_name(&sheet.name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                worksheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn import(server: &Server, book: &[u8], query: &str) -> serde_json::Value {
    let kind = [("Content-Type", "application/octet-stream")];
    let path = format!("/api/import?name=book.xlsx&{query}");
    let answer = server.request_bytes("POST", &path, &kind, book);
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()
}

/// The row of `reference` in an import's answer (the first, when several rows give it).
fn row<'a>(report: &'a serde_json::Value, reference: &str) -> &'a serde_json::Value {
    let rows = report["rows"].as_array().unwrap();
    (rows.iter().find(|r| r["reference"] == reference))
        .unwrap_or_else(|| panic!("no row {reference} in {report}"))
}

#[test]
fn the_export_names_each_file_it_leaves_out_and_why() {
    let server = serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "ctg/CTG-047-2024-CD47.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    std::fs::write(server.dir.path().join("brouillon.toml"), "kind = \"ctg\"\n").unwrap();
    let plan = server.get("/api/export").json();
    assert_eq!(plan["conventions"], 2, "{plan}");
    let left_out = plan["left_out"].as_array().unwrap();
    let why: Vec<(&str, &str)> = (left_out.iter())
        .map(|f| (f["file"].as_str().unwrap(), f["why"].as_str().unwrap()))
        .collect();
    assert_eq!(
        why,
        [
            ("CTG-057-2021-HOUVE-AV1.toml", "avenant"),
            ("brouillon.toml", "errors")
        ]
    );
    assert!(left_out[1]["errors"].as_u64().unwrap() > 0);
}

#[test]
fn the_import_says_what_became_of_each_row_and_asks_before_losing_comments() {
    let source = serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "ctg/CTG-047-2024-CD47.toml",
            "ctg/CTG-033-2020-VALDELEYRE.toml",
        ],
        &[],
    );
    let exported = source.get("/api/export.xlsx").body;
    // An avenant's row, and a second row of CD47.
    let book = rewritten(&exported, |sheet, rows| {
        if sheet == "conventions" {
            let cd47 = (rows.iter())
                .find(|r| r[0] == "CTG-047-2024-CD47")
                .unwrap()
                .clone();
            let mut avenant = cd47.clone();
            (avenant[0], avenant[1]) = ("CTG-047-2024-CD47-AV1".into(), "avenant".into());
            rows.extend([avenant, cd47]);
        }
    });
    let target = serve_with(
        &["ctg/CTG-057-2021-HOUVE.toml", "ctg/CTG-047-2024-CD47.toml"],
        &[],
    );
    let cd47 = target.dir.path().join("CTG-047-2024-CD47.toml");
    let text = std::fs::read_to_string(&cd47).unwrap();
    let edited = text.replacen(
        "territory = \"Lot-et-Garonne\"",
        "# à revoir avec le Département\nterritory = \"Lot et Garonne\"",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&cd47, &edited).unwrap();
    let houve = target.file("CTG-057-2021-HOUVE.toml");
    assert!(houve.contains("\n#"), "HOUVE's file has comments");

    // A trial writes nothing, and says what importing would do.
    let trial = import(&target, &book, "force=true&trial=true");
    let fate = |report: &serde_json::Value, reference| row(report, reference)["fate"].clone();
    assert_eq!(fate(&trial, "CTG-033-2020-VALDELEYRE"), "created");
    assert_eq!(fate(&trial, "CTG-047-2024-CD47"), "replaced");
    // Its six comment lines, and the one added.
    assert_eq!(row(&trial, "CTG-047-2024-CD47")["comments"], 7);
    assert_eq!(fate(&trial, "CTG-057-2021-HOUVE"), "unchanged");
    assert_eq!(fate(&trial, "CTG-047-2024-CD47-AV1"), "left-out");
    let rows = trial["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5, "every row of `conventions`: {trial}");
    let refused = rows.iter().find(|r| r["fate"] == "refused").unwrap();
    assert!(
        refused["why"][0]
            .as_str()
            .unwrap()
            .contains("CTG-047-2024-CD47")
    );
    assert!(
        !target
            .dir
            .path()
            .join("CTG-033-2020-VALDELEYRE.toml")
            .exists()
    );
    assert_eq!(target.file("CTG-047-2024-CD47.toml"), edited);

    // Then for real: a file that says the same is not rewritten, its comments kept.
    let done = import(&target, &book, "force=true");
    assert_eq!(fate(&done, "CTG-047-2024-CD47"), "replaced");
    assert_eq!(
        row(&done, "CTG-033-2020-VALDELEYRE")["file"],
        "CTG-033-2020-VALDELEYRE.toml"
    );
    assert_eq!(target.file("CTG-057-2021-HOUVE.toml"), houve);
    assert!(
        target
            .file("CTG-047-2024-CD47.toml")
            .contains("Lot-et-Garonne")
    );
    let history = target
        .get("/api/conventions/CTG-047-2024-CD47/history")
        .json();
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        1,
        "{history}"
    );

    // Without « remplacer », a file the workbook says the same as is unchanged, not « kept ».
    let kept = import(&target, &book, "force=false");
    assert_eq!(fate(&kept, "CTG-047-2024-CD47"), "unchanged");
}

/// The changes an import's row carries, spaces as plain spaces.
fn changes(report: &serde_json::Value, reference: &str) -> String {
    let changes = row(report, reference)["changes"]
        .as_array()
        .unwrap()
        .clone();
    let said: Vec<&str> = changes.iter().map(|c| c.as_str().unwrap()).collect();
    said.join(" ; ").replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
fn the_import_says_what_a_row_changes_whether_it_replaces_the_file_or_not() {
    let server = serve_with(
        &["ctg/CTG-057-2021-HOUVE.toml", "ctg/CTG-047-2024-CD47.toml"],
        &[],
    );
    let exported = server.get("/api/export.xlsx").body;
    // HOUVE's first amount of 2021 raised in the workbook.
    let book = rewritten(&exported, |sheet, rows| {
        if sheet == "financements" {
            let cell = (rows.iter_mut())
                .filter(|r| r[0] == "CTG-057-2021-HOUVE")
                .flat_map(|r| r.iter_mut())
                .find(|c| c.starts_with("27840"))
                .expect("HOUVE's amount of 27 840");
            *cell = "30000.5".into();
        }
    });
    let houve = "CTG-057-2021-HOUVE";
    let said = "2021 : 27 840,00 € → 30 000,50 € (+2 160,50 €)";

    // Replacing: the trial says what would change, before « Confirmer ».
    let trial = import(&server, &book, "force=true&trial=true");
    assert_eq!(row(&trial, houve)["fate"], "replaced");
    assert!(changes(&trial, houve).contains(said), "{trial}");
    // Walk 14: HOUVE is signed: its file changes, not what was signed (the page says so).
    assert_eq!(row(&trial, houve)["signed_on"], "2021-01-12");
    assert_eq!(row(&trial, "CTG-047-2024-CD47")["fate"], "unchanged");
    assert_eq!(
        row(&trial, "CTG-047-2024-CD47")["signed_on"],
        serde_json::Value::Null
    );
    assert_eq!(changes(&trial, "CTG-047-2024-CD47"), "");

    // Not replacing: kept, and the difference said, unlike a file that says the same.
    let kept = import(&server, &book, "force=false");
    assert_eq!(row(&kept, houve)["fate"], "kept");
    assert!(changes(&kept, houve).contains(said), "{kept}");
    assert_eq!(row(&kept, "CTG-047-2024-CD47")["fate"], "unchanged");
    assert!(server.file("CTG-057-2021-HOUVE.toml").contains("27840"));

    // Walk 11: a file with errors (a date cleared) has no values to compare: said so, not
    // « en date du 0 0 0 ».
    let path = server.dir.path().join("CTG-057-2021-HOUVE.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("date = 2020-12-10, ", "", 1)).unwrap();
    let trial = import(&server, &book, "force=true&trial=true");
    let said = "le fichier a des erreurs : la ligne du classeur le remplace entièrement";
    assert_eq!(changes(&trial, houve), said, "{trial}");
}

/// A text with `from` replaced by `to`, which must be in it.
fn with(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

fn put(server: &Server, text: &str) {
    let etag = server.etag(HOUVE);
    let headers = [("If-Match", etag.as_str())];
    let answer = server.request("PUT", HOUVE, &headers, text);
    assert_eq!(answer.status, 200, "{}", answer.text());
}

#[test]
fn an_avenant_from_the_page_cites_the_signature_date_and_its_refusals_name_versions_in_french() {
    let server = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &[]);
    let signed = server.file("CTG-057-2021-HOUVE.toml");
    let dated = "date = 2021-01-12\n";
    // Sent before its date was known; the date written in once signed, with a change.
    let unsigned = with(&signed, dated, "");
    put(&server, &unsigned);
    let invalid = with(&unsigned, "end = 2024-12-31", "end = 2019-12-31");
    put(&server, &invalid);
    put(
        &server,
        &with(&signed, "end = 2024-12-31", "end = 2025-06-30"),
    );
    let versions = server.get(&format!("{HOUVE}/history")).json()["versions"].clone();
    let [newest, sent, _] = [0, 1, 2].map(|i| versions[i].as_str().unwrap().to_string());
    assert!(!history_text(&server, &sent).contains(dated));

    let french = [
        ("Content-Type", "application/json"),
        ("Accept-Language", "fr"),
    ];
    let ask = |body: serde_json::Value| {
        server.request(
            "POST",
            &format!("{HOUVE}/avenant"),
            &french,
            &body.to_string(),
        )
    };
    let made = ask(json!({ "from": sent, "to": "current" }));
    assert_eq!(made.status, 201, "{}", made.text());
    let avenant = server.file("CTG-057-2021-HOUVE-AV1.toml");
    assert!(
        avenant.contains("[previous.signature]\nplace = \"Boulay-Moselle\"\ndate = 2021-01-12"),
        "{avenant}"
    );
    // Walk 28: the délibérations' dates are to give, not the convention's (a new number
    // beside a 2020 date); one given before the convention's signature is said.
    let page = format!("{HOUVE}-AV1");
    let dated = json!({ "etag": server.etag(&page), "key": "caf.deliberation.date", "value": "2020-12-15" });
    let diagnostics = server.patch(&page, &dated).json()["diagnostics"].clone();
    let said = |kind: &str| -> Vec<String> {
        (diagnostics.as_array().unwrap().iter())
            .filter(|d| d["kind"] == kind)
            .map(|d| d["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(said("deliberation-before-base"), ["caf.deliberation.date"]);
    let to_give = said("still-to-complete");
    assert!(
        to_give.contains(&"partners[1].deliberation.date".to_string()),
        "{to_give:?}"
    );

    // The version at fault, named by its day and time, in Paris time or the page's.
    let refused = ask(json!({ "from": newest, "to": "current" }));
    assert_eq!(refused.status, 422);
    let said = refused.json()["error"]
        .as_str()
        .unwrap()
        .replace('\u{a0}', " ");
    assert!(
        said.starts_with("la version « De » (la version du "),
        "{said}"
    );
    assert!(!said.contains(".toml") && !said.contains('Z'), "{said}");
    let utc = format!(
        "{}:{}:{}",
        &newest[11..13],
        &newest[14..16],
        &newest[17..19]
    );
    let offsets = json!({ "from": newest, "to": "current", "offsets": { &newest: 0 } });
    let said = ask(offsets).json()["error"].as_str().unwrap().to_string();
    assert!(said.contains(&format!(" à {utc})")), "{said}");
}

fn history_text(server: &Server, version: &str) -> String {
    let dir = server
        .dir
        .path()
        .join(".convgen-history/CTG-057-2021-HOUVE.toml");
    std::fs::read_to_string(dir.join(version)).unwrap()
}

#[test]
fn the_icon_needs_no_token_and_an_avenants_mail_speaks_of_it() {
    let server = serve_with(
        &["avenant/CTG-057-2021-HOUVE-AV1.toml"],
        &[("CONVGEN_MAIL_FROM", "caf@example.fr")],
    );
    let icon = server.request("GET", "/favicon.ico", &[("Authorization", "")], "");
    assert_eq!(icon.status, 204);
    // Undated, to a convention over, it would be a draft only (walk 24): dated as signed then.
    let path = "/api/conventions/CTG-057-2021-HOUVE-AV1";
    let dated =
        json!({ "etag": server.etag(path), "key": "signature.date", "value": "2023-06-20" });
    assert_eq!(server.patch(path, &dated).status, 200);
    let preview = server.post(&format!("{path}/preview"), &json!({}));
    let body = preview.json()["messages"][0]["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        body.contains("L’avenant est signé électroniquement par les parties"),
        "{body}"
    );
    assert!(!body.contains("Elle est"), "{body}");
    // Walk 24: the period is the convention's, said so (« qui » would be the avenant).
    assert!(
        body.contains("(référence CTG-057-2021-HOUVE-AV1), la convention couvrant après cet avenant la période du"),
        "{body}"
    );
}

#[test]
fn a_version_closed_on_the_page_is_listed_at_once_and_not_kept_twice() {
    let server = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &[]);
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = with(
        &text,
        "reference = \"CTG-057-2021-HOUVE\"",
        "reference = \"CTG-057-2021-HOUVE\"\n# relu",
    );
    put(&server, &edited);
    let versions =
        |server: &Server| server.get(&format!("{HOUVE}/history")).json()["versions"].clone();
    let before = versions(&server).as_array().unwrap().len();

    // « Enregistrer cette version »: the file as it is, listed now, at this time.
    let closed = server.post(&format!("{HOUVE}/versions"), &json!({}));
    assert_eq!(closed.status, 201, "{}", closed.text());
    let name = closed.json()["version"].as_str().unwrap().to_string();
    let listed = versions(&server);
    assert_eq!(listed.as_array().unwrap().len(), before + 1, "{listed}");
    assert_eq!(listed[0], name.as_str());
    assert_eq!(history_text(&server, &name), edited);
    // Closed twice, one version.
    assert_eq!(
        server.post(&format!("{HOUVE}/versions"), &json!({})).status,
        200
    );

    // The next edit does not keep the same text again; the version says what came after.
    put(&server, &with(&edited, "# relu", "# relu deux fois"));
    let history = server.get(&format!("{HOUVE}/history")).json();
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        before + 1,
        "{history}"
    );
    assert_eq!(history["versions"][0], name.as_str());
}

/// « Préparer un avenant » writes it beside the convention's file (here `ctg/`), not at the
/// top of the folder: the annex PDF the avenant adds (`annexes/…`, relative to that folder)
/// is found, and its pages follow the avenant's signatures.
#[test]
fn an_avenant_from_the_page_is_written_beside_its_convention_with_its_annex() {
    let dir = crate::tempdir();
    let folder = dir.path().join("ctg");
    std::fs::create_dir_all(folder.join("annexes")).unwrap();
    let text = crate::fixture("ctg/CTG-057-2021-HOUVE.toml");
    std::fs::write(folder.join("CTG-057-2021-HOUVE.toml"), &text).unwrap();
    let pdf = crate::root().join("tests/data/annexe-diagnostic.pdf");
    std::fs::copy(pdf, folder.join("annexes/diagnostic.pdf")).unwrap();
    let server = crate::serve::start(dir, &[]);
    let closed = server.post(&format!("{HOUVE}/versions"), &json!({}));
    let signed = closed.json()["version"].as_str().unwrap().to_string();
    let annex = "\n[[annexes]]\ntitle = \"Diagnostic territorial partagé\"\nfile = \"annexes/diagnostic.pdf\"\n";
    put(&server, &format!("{text}{annex}"));

    let made = server.post(
        &format!("{HOUVE}/avenant"),
        &json!({ "from": signed, "to": "current" }),
    );
    assert_eq!(made.status, 201, "{}", made.text());
    assert_eq!(made.json()["file"], "ctg/CTG-057-2021-HOUVE-AV1.toml");
    let folder = server.dir.path().join("ctg");
    assert!(folder.join("CTG-057-2021-HOUVE-AV1.toml").exists());
    assert!(
        !server
            .dir
            .path()
            .join("CTG-057-2021-HOUVE-AV1.toml")
            .exists()
    );
    // The délibérations' numbers given, as the reviewer does.
    let file = folder.join("CTG-057-2021-HOUVE-AV1.toml");
    let toml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        crate::deliberations_given(&toml, "2024-12", "2024-11-28"),
    )
    .unwrap();
    let pdf = server.get(&format!("{HOUVE}-AV1.pdf?draft=1"));
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    let file = server.dir.path().join("avenant.pdf");
    std::fs::write(&file, &pdf.body).unwrap();
    let text = crate::pdf_text(&file);
    let pages = "Annexe 2 – Diagnostic territorial partagé — page 2 sur 2";
    assert!(crate::avenant::has(&text, pages), "{text}");
}

/// Walk 8: the « De » offered for an avenant is the version kept by hand once the file has
/// changed since it — not before (nothing to amend), when an older one is offered.
#[test]
fn an_avenant_starts_from_the_version_kept_by_hand_once_the_file_changed() {
    let server = serve_with(&["ctg/CTG-057-2021-HOUVE.toml"], &[]);
    let text = server.file("CTG-057-2021-HOUVE.toml");
    let edited = with(&text, "de Strasbourg", "de Metz");
    put(&server, &edited);
    let kept = server.post(&format!("{HOUVE}/versions"), &json!({}));
    let kept = kept.json()["version"].as_str().unwrap().to_string();
    let start = |s: &Server| s.get(&format!("{HOUVE}/history")).json()["start"].clone();
    assert_ne!(start(&server), kept.as_str(), "nothing changed since it");
    put(&server, &with(&edited, "de Metz", "de Nancy"));
    assert_eq!(start(&server), kept.as_str());
}
