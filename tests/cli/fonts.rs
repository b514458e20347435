//! A character no font can display is refused by `check` at its key, naming it; a font that
//! has it — Debian's `fonts-sil-abyssinica`, installed by `scripts/test` — lets the same file
//! pass and render, given by `--font-path` or in a `fonts/` folder beside the templates.

use crate::*;

const ABYSSINICA: &str = "/usr/share/fonts/truetype/abyssinica/AbyssinicaSIL-Regular.ttf";

#[test]
fn a_character_no_font_has_is_refused_at_its_key_until_a_font_has_it() {
    assert!(
        std::path::Path::new(ABYSSINICA).exists(),
        "fonts-sil-abyssinica is missing: run scripts/test, which installs it"
    );
    let dir = tempdir();
    let text = std::fs::read_to_string(root().join("fixtures/ctg/CTG-063-2021-RLV.toml"))
        .unwrap()
        .replacen(
            "name = \"Commune de Malauzat\"",
            "name = \"Commune de Malauzat ሰላም\"",
            1,
        );
    let file = dir.path().join("ethiopic.toml");
    std::fs::write(&file, &text).unwrap();
    let file = file.to_str().unwrap();

    let refused = convgen(&["check", file]);
    assert_eq!(code(&refused), 1);
    let printed = stderr(&refused);
    assert!(
        printed.contains("error: `partners[7].name`: `ሰ` (U+1230 ETHIOPIC SYLLABLE SA) cannot be displayed by any available font"),
        "{printed}"
    );
    let line = text.lines().position(|l| l.contains("ሰላም")).unwrap() + 1;
    assert!(
        printed.contains(&format!("ethiopic.toml:{line}:")),
        "{printed}"
    );
    let out = dir.path().join("out");
    assert_eq!(
        code(&convgen(&["render", file, "-o", out.to_str().unwrap()])),
        1
    );

    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    std::fs::copy(ABYSSINICA, fonts.join("AbyssinicaSIL-Regular.ttf")).unwrap();
    let fonts = fonts.to_str().unwrap();
    assert_eq!(code(&convgen(&["check", file, "--font-path", fonts])), 0);
    let rendered = convgen(&[
        "render",
        file,
        "-o",
        out.to_str().unwrap(),
        "--font-path",
        fonts,
    ]);
    assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));
    let pdf = out.join("CTG-063-2021-RLV.pdf");
    assert!(pdf_text(&pdf).contains("Commune de Malauzat ሰላም"));
    assert!(tool("pdffonts", &[pdf.to_str().unwrap()]).contains("AbyssinicaSIL-Regular"));

    // The same font in a `fonts/` folder beside the templates.
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("fonts")).unwrap();
    std::fs::copy(
        ABYSSINICA,
        templates.join("fonts/AbyssinicaSIL-Regular.ttf"),
    )
    .unwrap();
    let beside = convgen(&[
        "render",
        file,
        "-o",
        dir.path().join("beside").to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code(&beside), 0, "{}", stderr(&beside));
}
