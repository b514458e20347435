//! Electronic signature fields: one unsigned field per signatory, on that signatory's box.

use std::path::Path;

use crate::*;

/// A field as the PDF holds it: name, tooltip, page (1-based) and rectangle (PDF units, y up).
struct Field {
    name: String,
    tooltip: String,
    page: usize,
    rect: [f64; 4],
}

/// The references of the form fields the catalog's AcroForm lists.
fn form_fields(doc: &lopdf::Document) -> Vec<lopdf::Object> {
    let catalog = doc.catalog().unwrap();
    let acroform = catalog.get(b"AcroForm").unwrap().as_dict().unwrap();
    acroform.get(b"Fields").unwrap().as_array().unwrap().clone()
}

fn fields(pdf: &Path) -> Vec<Field> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    form_fields(&doc)
        .iter()
        .map(|r| {
            let field = doc.get_dictionary(r.as_reference().unwrap()).unwrap();
            assert_eq!(field.get(b"FT").unwrap().as_name().unwrap(), b"Sig");
            assert_eq!(
                field.get(b"F").unwrap().as_i64().unwrap(),
                4,
                "printable, as PDF/A wants"
            );
            assert!(
                field
                    .get(b"AP")
                    .unwrap()
                    .as_dict()
                    .unwrap()
                    .get(b"N")
                    .is_ok(),
                "appearance stream"
            );
            let page = field.get(b"P").unwrap().as_reference().unwrap();
            let rect: Vec<f64> = field
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap() as f64)
                .collect();
            let tooltip = field.get(b"TU").unwrap().as_str().unwrap();
            let tooltip = String::from_utf16(
                &tooltip[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect::<Vec<_>>(),
            )
            .unwrap();
            Field {
                name: String::from_utf8(field.get(b"T").unwrap().as_str().unwrap().to_vec())
                    .unwrap(),
                tooltip,
                page: pages.iter().position(|&p| p == page).unwrap() + 1,
                rect: [rect[0], rect[1], rect[2], rect[3]],
            }
        })
        .collect()
}

/// Words of a page with their boxes (top-based y), from `pdftotext -bbox`.
fn words(pdf: &Path, page: usize) -> Vec<(String, f64, f64, f64, f64)> {
    let n = page.to_string();
    let html = tool(
        "pdftotext",
        &["-bbox", "-f", &n, "-l", &n, pdf.to_str().unwrap(), "-"],
    );
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let attr = |name: &str| -> f64 {
                let start = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                l[start..start + l[start..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            };
            let text = &l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()];
            (
                text.to_string(),
                attr("xMin"),
                attr("yMin"),
                attr("xMax"),
                attr("yMax"),
            )
        })
        .collect()
}

/// Renders `text` as `name.toml` in `dir` and returns the PDF.
fn render(dir: &Path, name: &str, text: &str, extra: &[&str]) -> std::path::PathBuf {
    let input = dir.join(format!("{name}.toml"));
    std::fs::write(&input, text).unwrap();
    let out = dir.join("out");
    let mut args = vec![
        "render",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = convgen(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let reference = text
        .lines()
        .find(|l| l.starts_with("reference"))
        .unwrap()
        .split('"')
        .nth(1)
        .unwrap()
        .to_string();
    out.join(format!("{reference}.pdf"))
}

/// The file without the `[[caf.signatories]]` block of the Caf's director.
fn without_director(text: &str, director: &str) -> String {
    let at = text.find(&format!("name = \"{director}\"")).unwrap();
    let start = text[..at].rfind("[[caf.signatories]]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn every_signatory_gets_an_unsigned_field_on_their_box() {
    let dir = tempdir();
    let example = include_str!("../../src/examples/ctg.toml");
    let rlv = fixture("ctg/CTG-063-2021-RLV.toml");
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    let cases = [
        (
            render(
                dir.path(),
                "two",
                &without_director(example, "Paul Durand"),
                &[],
            ),
            2,
        ),
        (render(dir.path(), "three", &houve, &[]), 3),
        (
            render(
                dir.path(),
                "sixteen",
                &without_director(&rlv, "Olivier Bessière"),
                &[],
            ),
            16,
        ),
    ];
    for (pdf, count) in cases {
        let p = pdf.to_str().unwrap();
        let sig = tool("pdfsig", &[p]);
        assert_eq!(
            sig.matches("The signature form field is not signed")
                .count(),
            count,
            "{sig}"
        );
        let check = tool("qpdf", &["--check", p]);
        assert!(
            check.contains("No syntax or stream encoding errors found"),
            "{check}"
        );
        assert!(
            tool("pdfinfo", &["-meta", p]).contains("pdfaid:part"),
            "still claims PDF/A"
        );
        let fields = fields(&pdf);
        assert_eq!(fields.len(), count);
        let media_height = 841.89;
        for (i, field) in fields.iter().enumerate() {
            assert!(
                field.name.starts_with(&format!("signature-{}-", i + 1)),
                "{}",
                field.name
            );
            let name = field
                .tooltip
                .trim_start_matches("Signature de ")
                .split(" (")
                .next()
                .unwrap()
                .to_string();
            let [x0, y0, x1, y1] = field.rect;
            let (top, bottom) = (media_height - y1, media_height - y0);
            assert!(
                (bottom - top - 76.54).abs() < 0.5,
                "{name}: the box is 2.7 cm high, got {}",
                bottom - top
            );
            assert!(x1 - x0 > 150.0, "{name}: the box spans its column");
            // The field's top edge lies just under the signatory's name, at the same left edge.
            let first_word = name.split_whitespace().next().unwrap();
            let under_name = words(&pdf, field.page)
                .iter()
                .any(|(text, wx0, _, _, wy1)| {
                    text == first_word && (wx0 - x0).abs() < 1.0 && top > *wy1 && top - wy1 < 12.0
                });
            assert!(
                under_name,
                "{}: field at {:?} on page {} is not on {name}'s box",
                pdf.display(),
                field.rect,
                field.page
            );
        }
    }
}

#[test]
fn fields_can_be_left_out_and_output_stays_reproducible() {
    let dir = tempdir();
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    let pdf = render(
        dir.path(),
        "houve",
        &houve,
        &["--no-signature-fields", "--force"],
    );
    let sig = std::process::Command::new("pdfsig")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&sig.stdout).contains("Signature #1"),
        "no field"
    );
    let with_fields = render(dir.path(), "houve", &houve, &["--force"]);
    let first = std::fs::read(&with_fields).unwrap();
    let again = render(dir.path(), "houve", &houve, &["--force"]);
    assert!(
        first == std::fs::read(again).unwrap(),
        "byte-identical with fields"
    );
}

#[test]
fn fields_join_the_links_a_template_already_put_on_the_page() {
    let dir = tempdir();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let shared = std::fs::read_to_string(root().join("templates/convgen.typ")).unwrap();
    let with_link = shared.replace(
        "  set par(justify: false, spacing: 0.45em)\n",
        "  set par(justify: false, spacing: 0.45em)\n  link(\"https://www.caf.fr\")[caf.fr]\n  parbreak()\n",
    );
    assert_ne!(with_link, shared, "the template changed");
    std::fs::write(templates.join("convgen.typ"), with_link).unwrap();
    let houve = fixture("ctg/CTG-057-2021-HOUVE.toml");
    let pdf = render(
        dir.path(),
        "houve",
        &houve,
        &["--templates", templates.to_str().unwrap()],
    );
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors found"),
        "{check}"
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let mut subtypes = Vec::new();
    for page in doc.get_pages().into_values() {
        for annotation in doc.get_page_annotations(page).unwrap() {
            subtypes.push(
                annotation
                    .get(b"Subtype")
                    .unwrap()
                    .as_name()
                    .unwrap()
                    .to_vec(),
            );
        }
    }
    let count = |name: &[u8]| subtypes.iter().filter(|s| s.as_slice() == name).count();
    assert_eq!(count(b"Link"), 3, "one link per signatory");
    assert_eq!(count(b"Widget"), 3, "one field per signatory");
    assert_eq!(fields(&pdf).len(), 3);
}

#[test]
fn signature_platform_tags_sit_in_each_box_in_signing_order_and_only_when_asked() {
    let dir = tempdir();
    let text =
        std::fs::read_to_string(root().join("fixtures/ctg/CTG-057-2021-HOUVE.toml")).unwrap();
    for (platform, tag) in [
        ("ixparapheur", "#signature{n}#"),
        ("yousign", "{{s{n}|signature|"),
    ] {
        let pdf = render(dir.path(), platform, &text, &["--signature-tags", platform]);
        let fields = fields(&pdf);
        assert_eq!(fields.len(), 3);
        for (index, field) in fields.iter().enumerate() {
            let n = index + 1;
            assert!(
                field.name.starts_with(&format!("signature-{n}-")),
                "{}",
                field.name
            );
            let wanted = tag.replace("{n}", &n.to_string());
            let found: Vec<_> = (words(&pdf, field.page).into_iter())
                .filter(|(word, ..)| word.starts_with(&wanted))
                .collect();
            assert_eq!(
                found.len(),
                1,
                "{platform}: one `{wanted}` on page {}",
                field.page
            );
            // pdftotext counts y from the top of the A4 page; the field's rectangle from the bottom.
            let (word, x0, top, x1, bottom) = found[0].clone();
            let [left, low, right, high] = field.rect;
            let (y0, y1) = (841.89 - bottom, 841.89 - top);
            assert!(
                left <= x0 && x1 <= right && low <= y0 && y1 <= high,
                "{platform}: `{word}` at {x0},{y0}–{x1},{y1} outside {:?}",
                field.rect
            );
            if platform == "yousign" {
                let size = format!("|{}|{}}}}}", (right - left).round(), (high - low).round());
                assert!(word.ends_with(&size), "{word} sized to the box {size}");
            }
        }
    }
    let plain = render(dir.path(), "plain", &text, &[]);
    let all = tool("pdftotext", &[plain.to_str().unwrap(), "-"]);
    assert!(
        !all.contains("#signature") && !all.contains("{{s1"),
        "no tag unless asked"
    );
}

#[test]
fn every_pdf_is_pdf_ua_1_its_signature_fields_in_the_structure_tree() {
    let pdf = crate::render::rendered().join("CTG-057-2021-HOUVE.pdf");
    let doc = lopdf::Document::load(&pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let root = doc.get_dictionary(root).unwrap();
    let parent_tree = root.get(b"ParentTree").unwrap().as_dict().unwrap();
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let fields = form_fields(&doc);
    assert_eq!(fields.len(), 3);
    for field_ref in &fields {
        let field_id = field_ref.as_reference().unwrap();
        let field = doc.get_dictionary(field_id).unwrap();
        let key = field.get(b"StructParent").unwrap().as_i64().unwrap();
        // The parent tree leads from the widget's key to its `Form` element, which holds it.
        let at = nums
            .iter()
            .position(|n| n.as_i64().ok() == Some(key))
            .unwrap();
        let form = doc
            .get_dictionary(nums[at + 1].as_reference().unwrap())
            .unwrap();
        assert_eq!(form.get(b"S").unwrap().as_name().unwrap(), b"Form");
        let content = form.get(b"K").unwrap().as_dict().unwrap();
        assert_eq!(content.get(b"Type").unwrap().as_name().unwrap(), b"OBJR");
        assert_eq!(
            content.get(b"Obj").unwrap().as_reference().unwrap(),
            field_id
        );
        assert!(
            field.get(b"TU").is_ok(),
            "a tooltip names the field (7.18.4)"
        );
        let page = doc
            .get_dictionary(field.get(b"P").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(
            page.get(b"Tabs").unwrap().as_name().unwrap(),
            b"S",
            "tab order (7.18.3)"
        );
    }
    let text = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).into_owned();
    assert!(
        text.contains("<pdfaid:part>3</pdfaid:part>")
            && text.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "claims PDF/A-3b and PDF/UA-1"
    );
    assert!(
        tool("qpdf", &["--check", pdf.to_str().unwrap()])
            .contains("No syntax or stream encoding errors")
    );

    // pdfua (PyPI), the machine-checkable part of PDF/UA-1, finds nothing in any fixture.
    let pdfua = crate::root().join("target/pdfua-venv/bin/pdfua");
    assert!(
        pdfua.exists(),
        "pdfua is missing: run scripts/test, which installs it"
    );
    let all: Vec<String> = std::fs::read_dir(crate::render::rendered())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| p.display().to_string())
        .collect();
    let checked = std::process::Command::new(pdfua)
        .arg("check")
        .args(&all)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{report}");
    assert_eq!(
        report.matches("result: PASS (no findings)").count(),
        all.len(),
        "{report}"
    );
}
