//! `convgen render`: real PDFs read back with poppler-utils and qpdf.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use convgen::format::Source;
use convgen::model::Convention;
use convgen::pipeline::load;
use convgen::render::View;

use crate::*;

/// The fixtures rendered once for all tests of this module.
fn rendered() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempdir();
        let output = convgen(&["render", "fixtures", "-o", dir.path().to_str().unwrap()]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        dir
    })
    .path()
}

fn fixtures() -> Vec<(PathBuf, Convention)> {
    let mut found = Vec::new();
    for dir in ["fixtures/ctg", "fixtures/cej"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let loaded = load(&Source::read(&path).unwrap());
            assert!(loaded.is_valid(), "{}", path.display());
            found.push((path, loaded.convention));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found.len(), 6);
    found
}

/// Every string a reader must find in the convention, as the file writes it.
fn strings_of(c: &Convention) -> Vec<String> {
    let mut strings = vec![c.reference.clone(), c.territory.clone(), c.caf.name.clone()];
    for (_, s) in c.signatories() {
        strings.push(s.name.clone());
        strings.push(s.role.clone());
    }
    for p in &c.partners {
        strings.push(p.name.clone());
        strings.extend(p.deliberation.iter().map(|d| d.body.clone()));
    }
    for a in &c.axes {
        strings.push(a.title.clone());
        strings.extend(a.actions.iter().cloned());
    }
    for f in &c.funding {
        strings.push(f.label.clone());
        strings.extend(f.beneficiary.clone());
    }
    strings
}

fn pdf_of(c: &Convention) -> PathBuf {
    rendered().join(format!("{}.pdf", c.reference))
}

fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("Pages line");
    line[6..].trim().parse().unwrap()
}

#[test]
fn every_string_of_every_fixture_appears_verbatim() {
    for (_, c) in fixtures() {
        let text = pdf_text(&pdf_of(&c));
        for s in strings_of(&c) {
            assert!(
                text.contains(&normalize(&s)),
                "{}: `{s}` missing",
                c.reference
            );
        }
    }
}

#[test]
fn every_page_carries_the_reference_and_its_number() {
    for (_, c) in fixtures() {
        let pdf = pdf_of(&c);
        let pages = page_count(&pdf);
        assert!(pages >= 4, "{}: {pages} pages", c.reference);
        for page in 1..=pages {
            let n = page.to_string();
            let text = normalize(&tool(
                "pdftotext",
                &["-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
            ));
            assert!(
                text.contains(&format!("page {page} / {pages}")),
                "{} page {page}",
                c.reference
            );
            assert!(text.contains(&c.reference), "{} page {page}", c.reference);
        }
    }
}

#[test]
fn dates_amounts_and_totals_are_french_and_exact() {
    let (_, rlv) = fixtures()
        .into_iter()
        .find(|(_, c)| c.reference == "CTG-063-2021-RLV")
        .unwrap();
    let text = pdf_text(&pdf_of(&rlv));
    assert!(text.contains("du 1er janvier 2021 au 31 décembre 2025"));
    assert!(
        text.contains("Fait à Riom, le 18 octobre 2021, en 16 exemplaires originaux."),
        "{text}"
    );
    let annex = View::new(&rlv, false).annex;
    let total = convgen::french::money(annex.total.value());
    assert!(
        total.contains('\u{202F}') && total.ends_with("\u{A0}€"),
        "{total}"
    );
    let words = convgen::french::amount_words(annex.total.value()).unwrap();
    assert!(
        text.contains(&normalize(&format!("s’élève à {total} ({words})"))),
        "{total} ({words})"
    );
    for amount in annex.year_totals {
        assert!(text.contains(&normalize(&convgen::french::money(amount.value()))));
    }
    let (_, loire) = fixtures()
        .into_iter()
        .find(|(_, c)| c.reference == "CEJ-042-2014-LOIRE")
        .unwrap();
    let text = pdf_text(&pdf_of(&loire));
    // poppler writes the narrow and plain no-break spaces as spaces.
    assert!(
        text.contains("198 000,00 €"),
        "yearly total of the Loire CEJ"
    );
    assert!(text.contains("792 000,00 € (sept cent quatre-vingt-douze mille euros)"));
}

#[test]
fn pdfs_are_pdf_a_with_embedded_fonts_metadata_and_the_source_attached() {
    for (path, c) in fixtures() {
        let pdf = pdf_of(&c);
        let p = pdf.to_str().unwrap();
        let fonts = tool("pdffonts", &[p]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let columns: Vec<&str> = row.split_whitespace().collect();
            let emb = columns[columns.len() - 5];
            assert_eq!(emb, "yes", "font not embedded in {}: {row}", c.reference);
        }
        let meta = tool("pdfinfo", &["-meta", p]);
        assert!(
            meta.contains("<pdfaid:part>3</pdfaid:part>") || meta.contains("pdfaid:part=\"3\""),
            "{meta}"
        );
        assert!(
            meta.contains("<pdfaid:conformance>B</pdfaid:conformance>")
                || meta.contains("pdfaid:conformance=\"B\"")
        );
        let info = tool("pdfinfo", &[p]);
        let title = View::new(&c, false).title;
        assert!(
            info.contains(&format!("Title:           {title}")),
            "{info}"
        );
        assert!(info.contains(&c.caf.name), "author: {info}");
        assert!(
            info.contains(&format!(
                "Keywords:        {}, {}",
                View::new(&c, false).kind_short,
                c.reference
            )),
            "{info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Subject:") && l.contains(&c.territory)),
            "{info}"
        );
        let list = tool("pdfdetach", &["-list", p]);
        assert!(list.contains(&format!("1: {}.toml", c.reference)), "{list}");
        let extracted = tempdir();
        let saved = extracted.path().join("source.toml");
        tool(
            "pdfdetach",
            &["-save", "1", "-o", saved.to_str().unwrap(), p],
        );
        assert_eq!(
            std::fs::read(saved).unwrap(),
            std::fs::read(&path).unwrap(),
            "attached TOML"
        );
        let check = tool("qpdf", &["--check", p]);
        assert!(
            check.contains("No syntax or stream encoding errors found"),
            "{check}"
        );
    }
}

#[test]
fn rendering_twice_gives_byte_identical_pdfs() {
    let dir = tempdir();
    let output = convgen(&[
        "render",
        "fixtures",
        "-o",
        dir.path().to_str().unwrap(),
        "--jobs",
        "1",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for (_, c) in fixtures() {
        let name = format!("{}.pdf", c.reference);
        let again = std::fs::read(dir.path().join(&name)).unwrap();
        assert!(
            again == std::fs::read(rendered().join(&name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn draft_is_watermarked_and_named_projet() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let output = convgen(&[
        "render",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        "-o",
        out,
        "--draft",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let pdf = dir.path().join("CTG-057-2021-HOUVE-projet.pdf");
    let pages = page_count(&pdf);
    for page in 1..=pages {
        let n = page.to_string();
        let text = tool(
            "pdftotext",
            &["-raw", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
        );
        // The diagonal watermark comes out one letter per line.
        let letters: String = text.split_whitespace().collect();
        assert!(letters.contains("PROJET"), "page {page} has no watermark");
    }
    assert!(!dir.path().join("CTG-057-2021-HOUVE.pdf").exists());
}

#[test]
fn format_typ_writes_the_generated_source() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let output = convgen(&[
        "render",
        "fixtures/cej/CEJ-042-2014-LOIRE.toml",
        "-o",
        out,
        "--format",
        "typ",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let source = std::fs::read_to_string(dir.path().join("CEJ-042-2014-LOIRE.typ")).unwrap();
    assert!(source.contains("#import \"/convgen.typ\""));
    assert!(source.contains("\"CEJ-042-2014-LOIRE\""));
}

#[test]
fn a_bad_file_is_reported_and_the_others_are_written() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["CTG-057-2021-HOUVE.toml", "CTG-047-2024-CD47.toml"] {
        std::fs::copy(root().join("fixtures/ctg").join(name), inputs.join(name)).unwrap();
    }
    std::fs::write(
        inputs.join("broken.toml"),
        "kind = \"ctg\"\nreference = 42\n",
    )
    .unwrap();
    let duplicate = std::fs::read_to_string(inputs.join("CTG-057-2021-HOUVE.toml")).unwrap();
    std::fs::write(inputs.join("zz-duplicate.toml"), duplicate).unwrap();
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains("broken.toml:2:"), "{err}");
    assert!(
        err.contains("duplicate reference \"CTG-057-2021-HOUVE\""),
        "{err}"
    );
    assert!(err.contains("zz-duplicate.toml:"), "{err}");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "CTG-047-2024-CD47.pdf",
            "CTG-057-2021-HOUVE.pdf",
            "manifest.json"
        ]
    );
    let manifest = manifest(&out);
    let entry = |name: &str| manifest_entry(&manifest, name);
    let broken = entry("broken.toml");
    assert_eq!(broken["status"], "failed");
    let error = broken["error"].as_str().unwrap();
    assert!(
        error.contains("broken.toml:1:1: `territory`: missing key")
            && error.contains("more problems"),
        "{broken}"
    );
    let duplicate = entry("zz-duplicate.toml");
    assert_eq!(duplicate["status"], "failed");
    assert!(
        duplicate["error"]
            .as_str()
            .unwrap()
            .contains("duplicate reference")
    );
    let good = entry("CTG-057-2021-HOUVE.toml");
    assert_eq!(good["status"], "rendered");
    assert_eq!(good["outputs"][0], "CTG-057-2021-HOUVE.pdf");
    let bytes = std::fs::read(out.join("CTG-057-2021-HOUVE.pdf")).unwrap();
    assert_eq!(good["sha256"][0], convgen::digest::sha256_hex(&bytes));
    assert_eq!(
        good["pages"],
        page_count(&out.join("CTG-057-2021-HOUVE.pdf"))
    );
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The manifest entry of the input whose path ends with `name`.
fn manifest_entry(manifest: &serde_json::Value, name: &str) -> serde_json::Value {
    manifest["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["input"].as_str().unwrap().ends_with(name))
        .cloned()
        .unwrap()
}

#[test]
fn unchanged_inputs_are_skipped_and_changed_ones_rendered_again() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["CTG-057-2021-HOUVE.toml", "CTG-047-2024-CD47.toml"] {
        std::fs::copy(root().join("fixtures/ctg").join(name), inputs.join(name)).unwrap();
    }
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "render",
            inputs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let output = convgen(&args);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        stderr(&output)
    };
    assert!(run(&[]).contains("rendered 2, skipped 0"));
    assert!(run(&[]).contains("rendered 0, skipped 2"));
    let houve = inputs.join("CTG-057-2021-HOUVE.toml");
    let text = std::fs::read_to_string(&houve).unwrap();
    std::fs::write(
        &houve,
        text.replacen(
            "Houve et Pays Boulageois",
            "Houve et Pays Boulageois (2)",
            1,
        ),
    )
    .unwrap();
    assert!(run(&[]).contains("rendered 1, skipped 1"));
    assert!(pdf_text(&out.join("CTG-057-2021-HOUVE.pdf")).contains("Houve et Pays Boulageois (2)"));
    std::fs::write(out.join("CTG-047-2024-CD47.pdf"), b"tampered").unwrap();
    assert!(
        run(&[]).contains("rendered 1, skipped 1"),
        "a changed output is rendered again"
    );
    assert!(
        run(&["--draft"]).contains("rendered 2, skipped 0"),
        "a draft is another output"
    );
    assert!(run(&["--force"]).contains("rendered 2, skipped 0"));
}

#[test]
fn a_killed_batch_leaves_no_partial_pdf_and_a_rerun_completes_it() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let fixture = fixture("ctg/CTG-063-2021-RLV.toml");
    let count = 40;
    for i in 0..count {
        let text = fixture.replace(
            "reference = \"CTG-063-2021-RLV\"",
            &format!("reference = \"CTG-063-2021-RLV-{i:02}\""),
        );
        std::fs::write(inputs.join(format!("{i:02}.toml")), text).unwrap();
    }
    let out = dir.path().join("out");
    let args = [
        "render",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_convgen"))
        .args(args)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill once some documents are written and others are being written.
    let started = std::time::Instant::now();
    while pdfs_in(&out).len() < 5 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = pdfs_in(&out);
    assert!(
        !written.is_empty() && written.len() < count,
        "killed midway: {} PDFs",
        written.len()
    );
    for pdf in &written {
        let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            check.contains("No syntax or stream encoding errors found"),
            "{}",
            pdf.display()
        );
    }
    // As a killed run leaves it: a temporary file of a process that is gone.
    std::fs::write(out.join(".convgen-999999-AbCdEf.tmp"), b"%PDF-1.7 partial").unwrap();
    let output = convgen(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(pdfs_in(&out).len(), count);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    assert_eq!(manifest(&out)["entries"].as_array().unwrap().len(), count);
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

#[test]
fn a_bad_template_is_reported_with_its_file_and_line() {
    let dir = tempdir();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let shared = std::fs::read_to_string(root().join("templates/convgen.typ")).unwrap();
    let broken = shared.replacen("#let ink", "#let ink = oops(\n#let ink", 1);
    std::fs::write(templates.join("convgen.typ"), &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("oops(")).unwrap() + 1;
    let out = dir.path().join("out");
    let args = [
        "render",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        "-o",
        out.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ];
    let output = convgen(&args);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains(&format!("convgen.typ:{line}:")),
        "line {line} in:\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.join("CTG-057-2021-HOUVE.pdf").exists());

    std::fs::write(templates.join("convgen.typ"), &shared).unwrap();
    std::fs::write(templates.join("ctg.typ.j2"), "{% extends \"convention.typ.j2\" %}\n{% block object %}{{ c.nothing.here }}{% endblock %}\n").unwrap();
    let output = convgen(&args);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(err.contains("ctg.typ.j2:2"), "{err}");
}

#[test]
fn templates_cannot_read_outside_their_root_nor_import_packages() {
    let dir = tempdir();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let out = dir.path().join("out");
    let cases = [
        ("#read(\"../secret.txt\")", "secret.txt"),
        ("#read(\"/../secret.txt\")", "secret.txt"),
        (
            "#import \"@preview/cetz:0.3.0\"",
            "packages are not available",
        ),
    ];
    for (line, message) in cases {
        let shared = std::fs::read_to_string(root().join("templates/convgen.typ")).unwrap();
        std::fs::write(templates.join("convgen.typ"), format!("{shared}\n{line}\n")).unwrap();
        let args = [
            "render",
            "fixtures/ctg/CTG-057-2021-HOUVE.toml",
            "-o",
            out.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ];
        let output = convgen(&args);
        let err = stderr(&output);
        assert_eq!(code(&output), 1, "{line}: {err}");
        assert!(err.contains(message), "{line}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn format_png_writes_one_image_per_page() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let output = convgen(&[
        "render",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        "-o",
        out,
        "--format",
        "png",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let pages = page_count(&rendered().join("CTG-057-2021-HOUVE.pdf"));
    for page in 1..=pages {
        let png = std::fs::read(dir.path().join(format!("CTG-057-2021-HOUVE-{page}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n"), "page {page} is a PNG");
    }
    let pngs = std::fs::read_dir(dir.path()).unwrap().filter(|e| {
        e.as_ref()
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "png")
    });
    assert_eq!(pngs.count(), pages);
}

#[test]
fn a_typst_error_in_a_template_line_names_that_line() {
    let dir = tempdir();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let common = std::fs::read_to_string(root().join("templates/convention.typ.j2")).unwrap();
    let broken = common.replacen("– Résiliation", "– Résiliation\n#undefined-function(1)", 1);
    std::fs::write(templates.join("convention.typ.j2"), &broken).unwrap();
    let line = broken
        .lines()
        .position(|l| l.contains("#undefined-function"))
        .unwrap()
        + 1;
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        "-o",
        out.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("unknown variable: undefined-function"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "this line comes from `{}:{line}`",
            templates.join("convention.typ.j2").display()
        )),
        "{err}"
    );
}

#[test]
fn huge_conventions_render_in_bounded_time_or_get_a_clear_limit_error() {
    let dir = tempdir();
    let example = include_str!("../../src/examples/ctg.toml");
    let partners: String = (0..200)
        .map(|i| format!("\n[[partners]]\nkind = \"commune\"\nname = \"Commune n° {i}\"\n\n[[partners.signatories]]\nname = \"Maire {i}\"\nrole = \"Maire\"\n"))
        .collect();
    let at = example.find("[[axes]]").unwrap();
    let with_partners = format!("{}{partners}{}", &example[..at], &example[at..]);
    let actions = |n: usize| {
        (0..n)
            .map(|k| format!("  \"Action {k} : réunir les acteurs du territoire\",\n"))
            .collect::<String>()
    };
    let at = example.find("actions = [\n").unwrap() + "actions = [\n".len();
    let with_actions = |n| format!("{}{}{}", &example[..at], actions(n), &example[at..]);
    let out = dir.path().join("out");
    for (name, text) in [("partners", with_partners), ("actions", with_actions(5000))] {
        let input = dir.path().join(format!("{name}.toml"));
        std::fs::write(
            &input,
            text.replace("CTG-063-2026-EXEMPLE", &format!("CTG-{name}")),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let output = convgen(&[
            "render",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 0, "{name}: {}", stderr(&output));
        assert!(
            started.elapsed().as_secs() < 60,
            "{name}: {:?}",
            started.elapsed()
        );
    }
    assert!(page_count(&out.join("CTG-partners.pdf")) > 10);
    let input = dir.path().join("too-many.toml");
    std::fs::write(&input, with_actions(10_001)).unwrap();
    let output = convgen(&["check", input.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("10004 actions in all: a convention holds at most 10000"),
        "{}",
        stderr(&output)
    );
}

/// Article headings of a PDF's text, in order.
fn articles(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"])
        .lines()
        .filter(|l| l.starts_with("Article "))
        .map(str::to_string)
        .collect()
}

#[test]
fn articles_are_numbered_in_order_and_an_added_article_renumbers_the_next() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let render = |extra: &[&str]| {
        let mut args = vec![
            "render",
            "fixtures/ctg/CTG-057-2021-HOUVE.toml",
            "-o",
            out.to_str().unwrap(),
            "--force",
        ];
        args.extend_from_slice(extra);
        let output = convgen(&args);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        articles(&out.join("CTG-057-2021-HOUVE.pdf"))
    };
    let built_in = render(&[]);
    assert_eq!(built_in.len(), 9, "{built_in:?}");
    for (i, heading) in built_in.iter().enumerate() {
        assert!(
            heading.starts_with(&format!("Article {} – ", i + 1)),
            "{heading}"
        );
    }
    assert_eq!(built_in[4], "Article 5 – Engagements des parties");

    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let ctg = std::fs::read_to_string(root().join("templates/ctg.typ.j2")).unwrap();
    let with_clause = ctg.replacen(
        "{% block steering -%}",
        "{% block steering -%}\n= Article {{ next_article() }} – Clause locale\n\nTexte.\n\n= Article {{ next_article() }} – Pilotage et évaluation\n",
        1,
    );
    std::fs::write(templates.join("ctg.typ.j2"), with_clause).unwrap();
    let added = render(&["--templates", templates.to_str().unwrap()]);
    assert_eq!(added[5], "Article 6 – Pilotage et évaluation");
    assert_eq!(added[6], "Article 7 – Clause locale");
    assert_eq!(added[7], "Article 8 – Pilotage et évaluation");
    assert_eq!(added.last().unwrap(), "Article 11 – Litiges");
}

#[test]
fn the_first_file_keeps_its_reference_even_when_a_later_one_loads_first() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    // Megabytes of comments make the first file slow to load: the second, on the other
    // job, registers its reference first.
    let padding = "# commentaire de remplissage\n".repeat(150_000);
    std::fs::write(inputs.join("a-slow.toml"), format!("{padding}{houve}")).unwrap();
    std::fs::write(inputs.join("b-fast.toml"), &houve).unwrap();
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("b-fast.toml:") && err.contains("duplicate reference"),
        "{err}"
    );
    assert!(err.contains("a-slow.toml` already uses it"), "{err}");
    let manifest = manifest(&out);
    assert_eq!(
        manifest_entry(&manifest, "a-slow.toml")["status"],
        "rendered"
    );
    assert_eq!(manifest_entry(&manifest, "b-fast.toml")["status"], "failed");
}

#[test]
fn timings_account_for_all_of_the_jobs_time() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let output = convgen(&[
        "render",
        "fixtures/ctg",
        "-o",
        out.to_str().unwrap(),
        "--jobs",
        "2",
        "--timings",
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 0, "{err}");
    let line = err.lines().find(|l| l.starts_with("timings")).unwrap();
    // "timings over 2 jobs × 0.31 s: load and validate 4 ms (0.6 %), …; write 3 ms beside the jobs"
    let (head, rest) = line.split_once(": ").unwrap();
    let wall: f64 = head
        .split(" × ")
        .nth(1)
        .unwrap()
        .trim_end_matches(" s")
        .parse()
        .unwrap();
    let (phases, write) = rest.split_once("; ").unwrap();
    assert!(
        write.starts_with("write ") && write.ends_with(" ms beside the jobs"),
        "{line}"
    );
    let names = [
        "load and validate",
        "template",
        "typst compile",
        "pdf export",
        "elsewhere",
    ];
    let parts: Vec<&str> = phases.split(", ").collect();
    assert_eq!(parts.len(), names.len(), "{line}");
    let (mut milliseconds, mut percent) = (0.0, 0.0);
    for (part, name) in parts.iter().zip(names) {
        let figures = part.strip_prefix(name).unwrap_or_else(|| panic!("{line}"));
        let (ms, share) = figures.trim().split_once(" ms (").unwrap();
        milliseconds += ms.parse::<f64>().unwrap();
        percent += share.trim_end_matches(" %)").parse::<f64>().unwrap();
    }
    assert!(
        (percent - 100.0).abs() < 0.5,
        "shares add up to the whole: {line}"
    );
    let jobs_time = 2.0 * wall * 1000.0;
    assert!(
        (milliseconds - jobs_time).abs() < 0.02 * jobs_time + 5.0,
        "the phases and elsewhere fill 2 jobs × the wall time: {line}"
    );
}
