//! `[[annexes]] file`: a PDF beside the convention file, its pages appended after the
//! generated annexes, each page an image under the annex's heading, the original attached;
//! a PDF that cannot be read, or that lies behind a link, refused at its key.

use std::path::{Path, PathBuf};

use crate::{code, convgen, pdf_text, root, stderr, tempdir, tool};

const REFERENCE: &str = "CTG-033-2020-VALDELEYRE";
const TITLE: &str = "Diagnostic partagé du territoire";

/// `tests/data/annexe-diagnostic.pdf`: two A4 pages of Helvetica text, written by hand.
fn annex_pdf() -> PathBuf {
    root().join("tests/data/annexe-diagnostic.pdf")
}

/// The fixture with every new key, in `dir`, with one more annex: `file`, its PDF at
/// `annexes/diagnostic.pdf` when `pdf` gives its bytes.
fn convention_with_annex(dir: &Path, file: &str, pdf: Option<&[u8]>) -> PathBuf {
    let mut text = crate::fixture(&format!("ctg/{REFERENCE}.toml"));
    text.push_str(&format!(
        "\n[[annexes]]\ntitle = \"{TITLE}\"\nfile = \"{file}\"\n"
    ));
    let path = dir.join(format!("{REFERENCE}.toml"));
    std::fs::write(&path, text).unwrap();
    std::fs::create_dir_all(dir.join("annexes")).unwrap();
    if let Some(pdf) = pdf {
        std::fs::write(dir.join("annexes/diagnostic.pdf"), pdf).unwrap();
    }
    path
}

fn render(file: &Path, out: &Path) -> PathBuf {
    let output = convgen(&[
        "render",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    out.join(format!("{REFERENCE}.pdf"))
}

/// What `check` says of a file it refuses.
fn refused(file: &Path) -> String {
    let output = convgen(&["check", file.to_str().unwrap()]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    stderr(&output)
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line["Pages:".len()..].trim().parse().unwrap()
}

#[test]
fn a_pdf_annex_s_pages_follow_the_convention_as_its_annex() {
    let dir = tempdir();
    let original = std::fs::read(annex_pdf()).unwrap();
    let file = convention_with_annex(dir.path(), "annexes/diagnostic.pdf", Some(&original));
    let pdf = render(&file, &dir.path().join("out"));
    let without = render(
        &root().join(format!("fixtures/ctg/{REFERENCE}.toml")),
        &dir.path().join("without"),
    );

    // Two pages more: the annex's two, after the signatures.
    assert_eq!(pages(&pdf), pages(&without) + 2);
    let text = pdf_text(&pdf);
    assert!(
        text.contains(&format!(
            "Annexe 2 – {TITLE} Annexe 2 – {TITLE} — page 1 sur 2"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("Annexe 2 – {TITLE} — page 2 sur 2")),
        "{text}"
    );
    assert!(
        text.contains(&format!("l’annexe 2 – {TITLE}")),
        "listed in « Pièces contractuelles »: {text}"
    );
    let last = pages(&pdf).to_string();
    let first = (pages(&pdf) - 1).to_string();
    let images = tool(
        "pdfimages",
        &["-list", "-f", &first, "-l", &last, pdf.to_str().unwrap()],
    );
    assert_eq!(
        images.lines().skip(2).count(),
        2,
        "one image a page: {images}"
    );

    // The original travels attached, whole: its own text is read back from it.
    let saved = crate::detach_all(&pdf, dir.path());
    let attached = saved.join("annexe-2-diagnostic-partage-du-territoire.pdf");
    assert_eq!(std::fs::read(&attached).unwrap(), original);
    assert!(pdf_text(&attached).contains("Page deux : l'acces aux droits et le logement."));

    // Still a clean PDF/A-3b and PDF/UA-1, the same bytes at each render.
    let checked = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        checked.contains("No syntax or stream encoding errors"),
        "{checked}"
    );
    let report = crate::pdfua_report(&pdf);
    assert!(report.contains("result: PASS (no findings)"), "{report}");
    let again = render(&file, &dir.path().join("again"));
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(again).unwrap(),
        "byte-identical"
    );
}

#[test]
fn a_poster_sized_annex_page_is_drawn_within_bounds() {
    let dir = tempdir();
    // The test PDF with pages of 5 m by 5 m, its cross-reference table rebuilt by qpdf.
    let bytes = std::fs::read(annex_pdf()).unwrap();
    let poster = String::from_utf8(bytes)
        .unwrap()
        .replace("[0 0 595 842]", "[0 0 14400 14400]");
    let (edited, repaired) = (dir.path().join("edited.pdf"), dir.path().join("poster.pdf"));
    std::fs::write(&edited, poster).unwrap();
    let _ = std::process::Command::new("qpdf")
        .args([edited.as_os_str(), repaired.as_os_str()])
        .output();
    let file = convention_with_annex(
        dir.path(),
        "annexes/diagnostic.pdf",
        Some(&std::fs::read(&repaired).unwrap()),
    );
    let pdf = render(&file, &dir.path().join("out"));
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    for line in images.lines().skip(2) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!((columns[3], columns[4]), ("2400", "2400"), "{images}");
    }
    assert_eq!(images.lines().skip(2).count(), 2, "{images}");
}

#[test]
fn an_annex_pdf_that_cannot_be_read_is_an_error_at_its_key() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "damaged",
            b"%PDF-1.7\nnothing of a PDF\n",
            "the PDF cannot be read: it is damaged",
        ),
        ("not a PDF", b"Diagnostic\n", "not a PDF"),
        ("empty", b"", "not a PDF"),
    ];
    for (what, bytes, said) in cases {
        let dir = tempdir();
        let file = convention_with_annex(dir.path(), "annexes/diagnostic.pdf", Some(bytes));
        let output = convgen(&[
            "render",
            file.to_str().unwrap(),
            "-o",
            dir.path().join("out").to_str().unwrap(),
        ]);
        let err = stderr(&output);
        assert_eq!(code(&output), 1, "{what}: {err}");
        assert!(err.contains("`annexes[2].file`"), "{what}: {err}");
        assert!(err.contains(&format!("{REFERENCE}.toml:")), "{what}: {err}");
        assert!(
            err.contains("annexes/diagnostic.pdf`: ") && err.contains(said),
            "{what}: {err}"
        );
        assert!(!dir.path().join(format!("out/{REFERENCE}.pdf")).exists());
    }

    // Encrypted by qpdf, with a user password.
    let dir = tempdir();
    let file = convention_with_annex(dir.path(), "annexes/diagnostic.pdf", None);
    let target = dir.path().join("annexes/diagnostic.pdf");
    tool(
        "qpdf",
        &[
            "--encrypt",
            "u",
            "o",
            "256",
            "--",
            annex_pdf().to_str().unwrap(),
            target.to_str().unwrap(),
        ],
    );
    let err = refused(&file);
    assert!(
        err.contains("`annexes[2].file`")
            && err.contains("the PDF is encrypted or protected by a password"),
        "{err}"
    );

    // Missing, and larger than the workspace accepts (never read).
    std::fs::remove_file(&target).unwrap();
    let err = refused(&file);
    assert!(
        err.contains("`annexes[2].file`") && err.contains("No such file or directory"),
        "{err}"
    );
    std::fs::File::create(&target)
        .unwrap()
        .set_len(21 << 20)
        .unwrap();
    let err = refused(&file);
    assert!(err.contains("larger than 20 MiB"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_annex_pdf_behind_a_link_or_outside_the_folder_is_refused() {
    use std::os::unix::fs::symlink;
    let elsewhere = tempdir();
    std::fs::copy(annex_pdf(), elsewhere.path().join("diagnostic.pdf")).unwrap();

    // The PDF itself a link.
    let dir = tempdir();
    let file = convention_with_annex(dir.path(), "annexes/diagnostic.pdf", None);
    symlink(
        elsewhere.path().join("diagnostic.pdf"),
        dir.path().join("annexes/diagnostic.pdf"),
    )
    .unwrap();
    let err = refused(&file);
    assert!(
        err.contains("`annexes[2].file`: ") && err.contains("a symbolic link"),
        "{err}"
    );

    // A folder on the way a link out of the convention's folder.
    let dir = tempdir();
    let file = convention_with_annex(dir.path(), "pieces/diagnostic.pdf", None);
    symlink(elsewhere.path(), dir.path().join("pieces")).unwrap();
    let err = refused(&file);
    assert!(
        err.contains("`annexes[2].file`: ") && err.contains("a symbolic link"),
        "{err}"
    );

    // A path out of the folder, refused before anything is read.
    let dir = tempdir();
    let file = convention_with_annex(dir.path(), "../diagnostic.pdf", None);
    let err = refused(&file);
    assert!(
        err.contains("is not a PDF in the convention file's folder"),
        "{err}"
    );
}

#[test]
fn the_workspace_preview_shows_the_annex_pages() {
    let dir = tempdir();
    let original = std::fs::read(annex_pdf()).unwrap();
    convention_with_annex(dir.path(), "annexes/diagnostic.pdf", Some(&original));
    let server = crate::serve::start(dir, &[]);
    let url = format!("/api/conventions/{REFERENCE}/pages");
    let hashes = server.get(&url).json();
    let count = hashes["pages"].as_array().map(Vec::len);
    let without = {
        let out = tempdir();
        let file = root().join(format!("fixtures/ctg/{REFERENCE}.toml"));
        let output = convgen(&[
            "render",
            file.to_str().unwrap(),
            "--draft",
            "-o",
            out.path().to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        pages(&out.path().join(format!("{REFERENCE}-projet.pdf")))
    };
    assert_eq!(count, Some(without + 2), "{hashes}");
    let last = server.get(&format!("{url}/{}.png", without + 2));
    assert_eq!(last.status, 200);
    assert!(last.body.starts_with(b"\x89PNG"));
}

#[test]
fn the_same_pdf_sent_twice_is_one_copy_another_under_the_same_name_is_a_second() {
    let dir = tempdir();
    convention_with_annex(dir.path(), "annexes/diagnostic.pdf", None);
    let folder = dir.path().join("annexes");
    let server = crate::serve::start(dir, &[]);
    let url = format!("/api/conventions/{REFERENCE}/annexes?name=Diagnostic.pdf");
    let send = |bytes: &[u8]| {
        let answer = server.request_bytes("POST", &url, &[], bytes);
        (
            answer.status,
            answer.json()["file"].as_str().unwrap().to_string(),
        )
    };
    let original = std::fs::read(annex_pdf()).unwrap();
    let kept = (201, "annexes/diagnostic.pdf".to_string());
    assert_eq!(send(&original), kept);
    assert_eq!(send(&original), (200, kept.1.clone()), "the copy kept");
    let other = [original.as_slice(), b"\n% autre version\n"].concat();
    assert_eq!(send(&other), (201, "annexes/diagnostic-2.pdf".to_string()));
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files, ["diagnostic-2.pdf", "diagnostic.pdf"]);
}
