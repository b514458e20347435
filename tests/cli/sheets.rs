//! `convgen import` and `convgen export`: the fixtures out to a workbook and back, the same
//! Typst every time, from `.xlsx`, `.ods` and `.csv`; every refusal named at its cell.

use std::path::Path;

use crate::*;

/// The fixtures exported as `.csv` files into `dir/csv`, and as `dir/book.xlsx`: the
/// conventions with their free articles and annexes, not the avenant, which stays a file
/// of its own.
fn exported(dir: &Path) {
    for target in ["csv", "book.xlsx"] {
        let out = convgen_in(
            dir,
            &[
                "export",
                &root().join("fixtures").display().to_string(),
                "-o",
                target,
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(
            stderr(&out).contains("exported 7 conventions to `")
                && stderr(&out).contains(", 1 avenant left out, 0 failed"),
            "{}",
            stderr(&out)
        );
    }
}

/// The generated Typst of every convention file of `dir`, by file name.
fn typst_of(dir: &Path) -> Vec<(String, String)> {
    let out_dir = tempdir();
    let out = convgen(&[
        "render",
        dir.to_str().unwrap(),
        "--format",
        "typ",
        "-o",
        out_dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut files: Vec<(String, String)> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "typ"))
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn import(dir: &Path, book: &str, into: &str) -> std::process::Output {
    convgen_in(dir, &["import", book, "-o", into])
}

#[test]
fn the_fixtures_go_out_to_a_workbook_and_come_back_the_same() {
    let dir = tempdir();
    exported(dir.path());
    let ods = dir.path().join("book.ods");
    let made = std::process::Command::new("python3")
        .arg(root().join("tests/data/csv-to-ods.py"))
        .arg(dir.path().join("csv"))
        .arg(&ods)
        .status()
        .expect("python3 runs");
    assert!(made.success());
    let mut original = typst_of(&root().join("fixtures"));
    // Avenants stay out of workbooks.
    original.retain(|(name, _)| !name.contains("-AV"));
    assert_eq!(original.len(), 7);
    for book in ["book.xlsx", "book.ods", "csv"] {
        let into = format!("from-{book}");
        let out = import(dir.path(), book, &into);
        assert_eq!(code(&out), 0, "{book}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("imported 7 conventions"),
            "{}",
            stderr(&out)
        );
        let back = typst_of(&dir.path().join(&into));
        assert_eq!(back, original, "{book}");
    }
    let imported =
        std::fs::read_to_string(dir.path().join("from-book.xlsx/CTG-057-2021-HOUVE.toml")).unwrap();
    assert!(imported.starts_with("# Imported from `book.xlsx` (sheet `conventions`, row 7)."));
    assert_eq!(
        code(&convgen_in(dir.path(), &["check", "from-book.ods"])),
        0
    );
}

/// Every convention of the fixtures comes back from a workbook as the very file the writer
/// writes of it: every key, the free articles with their sub-articles and the annexes
/// included — replacing a file from its own export loses nothing.
#[test]
fn a_workbook_carries_every_key_of_a_convention() {
    use convgen::format::Source;
    let dir = tempdir();
    exported(dir.path());
    let out = import(dir.path(), "book.xlsx", "back");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let fixtures = ["cej", "ctg"].map(|kind| root().join("fixtures").join(kind));
    let files = fixtures
        .iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap().flatten());
    let mut compared = 0;
    for file in files {
        let path = file.path();
        let mut written = convgen::pipeline::load(&Source::read(&path).unwrap()).convention;
        // An action written as a table with its title only is the same action as its line.
        let actions = written.axes.iter_mut().flat_map(|a| a.actions.iter_mut());
        for action in actions.filter(|a| a.fiche == Some(Default::default())) {
            action.fiche = None;
        }
        let back = std::fs::read_to_string(dir.path().join("back").join(file.file_name())).unwrap();
        let (_, back) = back.split_once("\n\n").unwrap();
        assert_eq!(back, written.to_toml(), "{}", path.display());
        compared += 1;
    }
    assert_eq!(compared, 7);
    let valdeleyre = std::fs::read_to_string(dir.path().join("back/CTG-033-2020-VALDELEYRE.toml"));
    let valdeleyre = valdeleyre.unwrap();
    assert!(valdeleyre.contains("[[clauses.sections]]") && valdeleyre.contains("[[annexes]]"));
}

/// A workbook without the sheets `articles` and `annexes` (made by an older convgen)
/// replacing a file keeps the file's free articles and annexes, and says so.
#[test]
fn replacing_from_a_workbook_without_articles_keeps_the_files_own() {
    let dir = tempdir();
    exported(dir.path());
    let into = dir.path().join("out");
    std::fs::create_dir(&into).unwrap();
    let file = "CTG-033-2020-VALDELEYRE.toml";
    // Changed since the export: the workbook replaces it (one that says the same is left).
    let text = std::fs::read_to_string(root().join("fixtures/ctg").join(file)).unwrap();
    let changed = text.replacen("territory = \"", "territory = \"Le ", 1);
    std::fs::write(into.join(file), changed).unwrap();
    for sheet in ["articles", "sous-articles", "annexes"] {
        std::fs::remove_file(dir.path().join(format!("csv/{sheet}.csv"))).unwrap();
    }
    let out = convgen_in(dir.path(), &["import", "csv", "-o", "out", "--force"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    for sheet in ["articles", "annexes"] {
        let said = format!(
            "{file}: the workbook has no sheet `{sheet}`: what the file held there is kept as it was"
        );
        assert!(stderr(&out).contains(&said), "{}", stderr(&out));
    }
    let text = std::fs::read_to_string(into.join(file)).unwrap();
    assert!(
        text.contains("[[clauses.sections]]") && text.contains("[[annexes]]"),
        "{text}"
    );
}

/// An avenant's row in a workbook (exported by an older convgen, or typed in) is skipped
/// with a word, never refused: the other conventions are imported.
#[test]
fn an_avenants_row_is_skipped_and_said() {
    let (status, printed, dir) = import_edited(|csv| {
        let file = csv.join("conventions.csv");
        let text = std::fs::read_to_string(&file).unwrap();
        let row = (text.lines())
            .find(|l| l.starts_with("CTG-057-2021-HOUVE,"))
            .unwrap();
        let avenant = row.replacen(
            "CTG-057-2021-HOUVE,ctg",
            "CTG-057-2021-HOUVE-AV1,avenant",
            1,
        );
        std::fs::write(&file, format!("{text}{avenant}\n")).unwrap();
        let file = csv.join("partenaires.csv");
        let text = std::fs::read_to_string(&file).unwrap();
        let row = (text.lines())
            .find(|l| l.starts_with("CTG-057-2021-HOUVE,"))
            .unwrap();
        let row = row.replacen("CTG-057-2021-HOUVE,", "CTG-057-2021-HOUVE-AV1,", 1);
        std::fs::write(&file, format!("{text}{row}\n")).unwrap();
    });
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.contains("`CTG-057-2021-HOUVE-AV1` is an avenant: it stays a file of its own"),
        "{printed}"
    );
    assert!(printed.contains("imported 7 conventions"), "{printed}");
    assert!(!dir.path().join("out/CTG-057-2021-HOUVE-AV1.toml").exists());
}

/// The exported `.csv` folder with one sheet changed by `edit`, imported.
fn import_edited(edit: impl FnOnce(&Path)) -> (i32, String, tempfile::TempDir) {
    let dir = tempdir();
    exported(dir.path());
    edit(&dir.path().join("csv"));
    let out = import(dir.path(), "csv", "out");
    (code(&out), stderr(&out), dir)
}

fn replace_in(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{from} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// A case: its name, the change to the exported `.csv`, the message, the files written.
type Refusal = (&'static str, fn(&Path), &'static str, usize);

#[test]
fn each_refusal_names_its_sheet_and_cell_and_spares_the_other_conventions() {
    let cases: [Refusal; 6] = [
        (
            "text in an amount cell",
            |csv| replace_in(&csv.join("financements.csv"), ",15000.00,", ",beaucoup,"),
            "csv:financements!I2 (column `2014`, value `beaucoup`): ",
            6,
        ),
        (
            "a bad date",
            |csv| replace_in(&csv.join("conventions.csv"), ",2019-07-01,", ",2019-13-01,"),
            "csv:conventions!H4 (column `Période – Début`, value `2019-13-01`): ",
            6,
        ),
        (
            "an unknown column",
            |csv| replace_in(&csv.join("conventions.csv"), ",Territoire,", ",Teritoire,"),
            "csv:conventions!C1 (column `Teritoire`): unknown column `Teritoire` (did you mean `Territoire`?)",
            0,
        ),
        (
            "a missing sheet",
            |csv| std::fs::remove_file(csv.join("partenaires.csv")).unwrap(),
            "csv: missing sheet `partenaires`",
            0,
        ),
        (
            "a partner of no convention",
            |csv| {
                replace_in(
                    &csv.join("partenaires.csv"),
                    "CEJ-042-2014-LOIRE,2,",
                    "CEJ-042-2014-LORE,2,",
                )
            },
            "csv:partenaires!A3 (column `Référence`, value `CEJ-042-2014-LORE`): no row of `conventions` has this reference",
            6,
        ),
        (
            "a duplicate reference",
            |csv| {
                let file = csv.join("conventions.csv");
                let text = std::fs::read_to_string(&file).unwrap();
                let second = text.lines().nth(2).unwrap().to_string();
                std::fs::write(&file, format!("{text}{second}\n")).unwrap();
            },
            "csv:conventions!A9 (column `Référence`, value `CEJ-042-2019-CHARLIEU`): reference `CEJ-042-2019-CHARLIEU` is used by row 3 too",
            7,
        ),
    ];
    for (case, edit, message, imported) in cases {
        let (status, printed, dir) = import_edited(edit);
        assert_eq!(status, 1, "{case}: {printed}");
        assert!(printed.contains(message), "{case}:\n{printed}");
        let written = std::fs::read_dir(dir.path().join("out"))
            .map_or(0, |d| d.flatten().filter(|e| e.path().is_file()).count());
        assert_eq!(
            written, imported,
            "{case}: the other conventions are imported\n{printed}"
        );
    }
}

#[test]
fn a_number_cell_is_an_amount_to_the_cent_or_refused() {
    use rust_xlsxwriter::Workbook;
    let dir = tempdir();
    exported(dir.path());
    let book = convgen::sheets::Book::read(&dir.path().join("csv")).unwrap();
    let mut workbook = Workbook::new();
    for sheet in book.sheets.iter().filter(|s| s.name != "annexe") {
        let worksheet = workbook.add_worksheet().set_name(&sheet.name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = cell.shown();
                let amount = sheet.name == "financements" && r > 0 && c >= 8 && !text.is_empty();
                match (amount, text.parse::<f64>()) {
                    (true, Ok(n)) => drop(worksheet.write_number(r as u32, c as u16, n).unwrap()),
                    _ => drop(worksheet.write_string(r as u32, c as u16, &text).unwrap()),
                }
            }
        }
    }
    // RLV's first amount as a sum leaves it (a float a hair off), and a third decimal.
    let funding = book
        .sheets
        .iter()
        .find(|s| s.name == "financements")
        .unwrap();
    let (row, column, amount) = (funding.rows.iter().enumerate())
        .filter(|(_, r)| r[0].shown() == "CTG-063-2021-RLV")
        .flat_map(|(i, r)| (8..r.len()).map(move |c| (i, c, r[c].shown())))
        .find(|(_, _, text)| !text.is_empty())
        .unwrap();
    let noisy = amount.parse::<f64>().unwrap() * 0.1 * 10.0 + 1e-9;
    let sheet = workbook.worksheet_from_name("financements").unwrap();
    sheet
        .write_number(row as u32, column as u16, noisy)
        .unwrap();
    sheet.write_number(3, 8, 1.005).unwrap();
    workbook.save(dir.path().join("numbers.xlsx")).unwrap();
    let out = import(dir.path(), "numbers.xlsx", "out");
    let printed = stderr(&out);
    assert!(
        printed.contains("numbers.xlsx:financements!I4 (column `2014`, value `1.005`): 1.005 is not an amount in euros and cents"),
        "{printed}"
    );
    let loire = std::fs::read_to_string(dir.path().join("out/CEJ-042-2014-LOIRE.toml"));
    assert!(
        loire.is_err(),
        "the convention with the bad cell is not written"
    );
    let rlv = std::fs::read_to_string(dir.path().join("out/CTG-063-2021-RLV.toml")).unwrap();
    assert!(
        rlv.contains(&format!("\"{amount}\"")),
        "{noisy} is {amount}: {rlv}"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempdir();
    exported(dir.path());
    assert_eq!(code(&import(dir.path(), "csv", "out")), 0);
    let path = dir.path().join("out/CTG-063-2021-RLV.toml");
    std::fs::write(&path, "# mine\n").unwrap();
    let again = import(dir.path(), "csv", "out");
    assert_eq!(code(&again), 0);
    assert!(
        stderr(&again).contains("skipped `out/CTG-063-2021-RLV.toml`: it exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
    let forced = convgen_in(dir.path(), &["import", "csv", "-o", "out", "--force"]);
    assert_eq!(code(&forced), 0);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# Imported from `csv`")
    );
    // Forced again: each file already says what its row says, and is left as it is.
    std::fs::write(
        &path,
        format!("# relu\n{}", std::fs::read_to_string(&path).unwrap()),
    )
    .unwrap();
    let again = convgen_in(dir.path(), &["import", "csv", "-o", "out", "--force"]);
    let said = "`out/CTG-063-2021-RLV.toml` left as it is: it already says what its row says";
    assert!(stderr(&again).contains(said), "{}", stderr(&again));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("# relu\n")
    );
}

#[test]
fn the_annex_sums_every_line_year_by_year_and_the_template_imports() {
    let dir = tempdir();
    exported(dir.path());
    let bytes = std::fs::read(dir.path().join("book.xlsx")).unwrap();
    let book = convgen::sheets::Book::from_bytes("book.xlsx".into(), bytes.clone()).unwrap();
    let annex = book.sheets.iter().find(|s| s.name == "annexe").unwrap();
    let headers: Vec<String> = annex.rows[0].iter().map(|c| c.shown()).collect();
    assert_eq!(headers[..3], ["Référence", "Territoire", "Ligne"]);
    assert_eq!(headers.last().unwrap(), "Total");
    let total = annex.rows.last().unwrap();
    assert_eq!(total[0].shown(), "Total");
    let column = headers.iter().position(|h| h == "2022").unwrap();
    let lines: f64 = (annex.rows[1..annex.rows.len() - 2].iter())
        .filter_map(|r| match r.get(column) {
            Some(convgen::sheets::book::Cell::Number(n)) => Some(*n),
            _ => None,
        })
        .sum();
    let shown: f64 = total[column].shown().parse().unwrap();
    assert!(
        lines > 0.0 && (shown - lines).abs() < 0.001,
        "{shown} ≠ {lines}"
    );
    let again = std::fs::read(dir.path().join("book.xlsx")).unwrap();
    exported(dir.path());
    assert_eq!(
        std::fs::read(dir.path().join("book.xlsx")).unwrap(),
        again,
        "reproducible"
    );

    let out = convgen_in(dir.path(), &["new", "--xlsx", "template.xlsx"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = import(dir.path(), "template.xlsx", "from-template");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        dir.path()
            .join("from-template/CTG-063-2026-EXEMPLE.toml")
            .exists()
    );
}

/// Headers are the keys' French labels; a workbook made before, its headers the keys
/// themselves (`period.start`), is read the same.
#[test]
fn headers_are_french_and_the_keys_are_read_too() {
    let (status, printed, dir) = import_edited(|csv| {
        let file = csv.join("conventions.csv");
        let text = std::fs::read_to_string(&file).unwrap();
        let (header, rows) = text.split_once('\n').unwrap();
        assert!(
            header.starts_with("Référence,Type,Territoire,Titre"),
            "{header}"
        );
        assert!(header.contains("Période – Début"), "{header}");
        let keys = header
            .replace("Référence", "reference")
            .replace("Territoire", "territory")
            .replace("Période – Début", "period.start")
            .replace("Période – Fin", "period.end")
            .replace("La Caf – Délibération – Date", "caf.deliberation.date");
        std::fs::write(&file, format!("{keys}\n{rows}")).unwrap();
    });
    assert_eq!(status, 0, "{printed}");
    let out = dir.path().join("out");
    assert!(printed.contains("imported 7 conventions"), "{printed}");
    let rlv = std::fs::read_to_string(out.join("CTG-063-2021-RLV.toml")).unwrap();
    assert!(rlv.contains("start = 2021-01-01"), "{rlv}");
}

/// The workspace's own export, imported over it with « remplacer », loses nothing: the free
/// articles with their sub-articles and the annexes come back, and the avenant, which a
/// workbook does not carry, is neither exported nor refused.
#[test]
fn replacing_from_the_workspaces_own_export_loses_nothing() {
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-033-2020-VALDELEYRE.toml",
            "ctg/CTG-057-2021-HOUVE.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    let book = server.get("/api/export.xlsx");
    assert_eq!(book.status, 200);
    let kind = [("Content-Type", "application/octet-stream")];
    let path = "/api/import?name=book.xlsx&force=true";
    let imported = server.request_bytes("POST", path, &kind, &book.body);
    assert_eq!(
        imported.status,
        200,
        "{}",
        String::from_utf8_lossy(&imported.body)
    );
    let report = imported.json();
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    assert_eq!(report["refused"], 0);
    // Each file already says what its row says: left as it is, comments included.
    assert_eq!(report["written"], serde_json::json!([]));
    let fates: Vec<_> = (report["rows"].as_array().unwrap().iter())
        .map(|r| {
            (
                r["reference"].as_str().unwrap(),
                r["fate"].as_str().unwrap(),
            )
        })
        .collect();
    let unchanged = [
        ("CTG-033-2020-VALDELEYRE", "unchanged"),
        ("CTG-057-2021-HOUVE", "unchanged"),
    ];
    assert_eq!(fates, unchanged);
    let text = server.file("CTG-033-2020-VALDELEYRE.toml");
    for kept in ["[[clauses]]", "[[clauses.sections]]", "[[annexes]]"] {
        assert!(text.contains(kept), "{kept} lost: {text}");
    }
    let listed = server.get("/api/conventions").json();
    for entry in listed.as_array().unwrap() {
        assert_eq!(entry["errors"], 0, "{entry}");
    }
}
