//! `convgen render`: real PDFs read back with poppler-utils and qpdf.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use convgen::format::Source;
use convgen::model::Convention;
use convgen::pipeline::load;
use convgen::render::View;

use crate::*;

/// The fixtures rendered once for all the tests that read them.
pub fn rendered() -> &'static Path {
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
    assert_eq!(found.len(), 7);
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
        for action in &a.actions {
            strings.push(action.title.clone());
            let Some(fiche) = &action.fiche else { continue };
            let texts = [
                &fiche.need,
                &fiche.public,
                &fiche.pilot,
                &fiche.calendar,
                &fiche.means,
            ];
            strings.extend(texts.into_iter().flatten().cloned());
            strings.extend(
                [&fiche.objectives, &fiche.partners, &fiche.indicators]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
        }
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
        text.contains("Fait à Riom, le 18 octobre 2021, en seize exemplaires originaux."),
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
    for amount in annex.year_totals.into_iter().flatten() {
        assert!(text.contains(&normalize(&convgen::french::money(amount.value()))));
    }
    let (_, loire) = fixtures()
        .into_iter()
        .find(|(_, c)| c.reference == "CEJ-042-2014-LOIRE")
        .unwrap();
    let text = pdf_text(&pdf_of(&loire));
    // poppler writes the narrow and plain no-break spaces as spaces.
    assert!(
        text.contains("177 000,00 €"),
        "yearly total of the Loire CEJ"
    );
    assert!(text.contains("708 000,00 € (sept cent huit mille euros)"));
}

#[test]
fn pdfs_are_pdf_a_with_embedded_fonts_metadata_and_the_source_attached() {
    for (_path, c) in fixtures() {
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
        // The convention as the writer gives it: none of the author's comments, and no
        // signatory's e-mail address (personal data the parties do not need).
        let attached = std::fs::read_to_string(saved).unwrap();
        assert_eq!(attached, c.without_emails().to_toml(), "attached TOML");
        assert!(!attached.contains("email"), "{attached}");
        assert!(!attached.lines().any(|l| l.trim_start().starts_with('#')));
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
    std::fs::write(templates.join("ctg.typ.j2"), "{% extends \"convention.typ.j2\" %}\n{% block visas %}{{ c.nothing.here }}{% endblock %}\n").unwrap();
    let output = convgen(&args);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("ctg.typ.j2:2:22"),
        "the line and column of `c.nothing`: {err}"
    );
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
    let common = std::fs::read_to_string(root().join("templates/articles.typ.j2")).unwrap();
    let resiliation = "{%- elif a.id == \"resiliation\" -%}\n";
    let broken = common.replacen(
        resiliation,
        &format!("{resiliation}#undefined-function(1)\n"),
        1,
    );
    std::fs::write(templates.join("articles.typ.j2"), &broken).unwrap();
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
            templates.join("articles.typ.j2").display()
        )),
        "{err}"
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
    assert_eq!(built_in.len(), 12, "{built_in:?}");
    for (i, heading) in built_in.iter().enumerate() {
        assert!(
            heading.starts_with(&format!("Article {} – ", i + 1)),
            "{heading}"
        );
    }
    assert_eq!(built_in[4], "Article 5 – Engagements des parties");

    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let articles = std::fs::read_to_string(root().join("templates/articles.typ.j2")).unwrap();
    // An article the template adds at the end of « Engagements des parties ».
    let next = "{%- elif a.id == \"pilotage\" and cej -%}";
    let with_clause = articles.replacen(
        next,
        &format!("\n\n= Article {{{{ next_article() }}}} – Clause locale\n\nTexte.\n{next}"),
        1,
    );
    std::fs::write(templates.join("articles.typ.j2"), with_clause).unwrap();
    let added = render(&["--templates", templates.to_str().unwrap()]);
    assert_eq!(added[4], "Article 5 – Engagements des parties");
    assert_eq!(added[5], "Article 6 – Clause locale");
    assert_eq!(added[6], "Article 7 – Pilotage et évaluation");
    assert_eq!(added.last().unwrap(), "Article 13 – Pièces contractuelles");
}
