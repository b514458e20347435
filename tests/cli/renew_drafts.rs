//! What a renewal's draft says beyond the CEJ's terms: the Caf's own templates, and the
//! facts of the territory as they stand now (its tribunal, its departmental council).

use crate::*;

/// Walk 21 and 22: the tribunal stays (not « territorialement compétent »), and the 2014
/// « Conseil général » is renamed « Conseil départemental » (the report says so, see its
/// snapshot).
#[test]
fn a_draft_keeps_the_tribunal_and_renames_the_general_council() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let output = convgen(&[
        "renew",
        "fixtures/cej",
        "--expiring-before",
        "2023-01-01",
        "--start",
        "2027-01-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let draft = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let loire = draft("CTG-042-2027-LOIRE.toml");
    assert!(
        loire.contains("court = \"tribunal administratif de Lyon\""),
        "{loire}"
    );
    assert!(
        loire.contains("role = \"Président du Conseil départemental\""),
        "{loire}"
    );
    assert!(loire.contains("body = \"Commission permanente du Conseil départemental\""));
}

#[test]
fn drafts_use_the_caf_s_own_templates() {
    let dir = tempdir();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let articles = std::fs::read_to_string(root().join("templates/articles.typ.j2")).unwrap();
    let next = "{%- elif a.id == \"pilotage\" and cej -%}";
    let clause = format!(
        "\n\n= Article {{{{ next_article() }}}} – Clause propre à la Caf de la Loire\n\nTexte.\n{next}"
    );
    std::fs::write(
        templates.join("articles.typ.j2"),
        articles.replacen(next, &clause, 1),
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = convgen(&[
        "renew",
        "fixtures/cej/CEJ-042-2019-CHARLIEU.toml",
        "--expiring-before",
        "2026-01-01",
        "-o",
        out.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = pdf_text(&out.join("CTG-042-2023-CHARLIEU-projet.pdf"));
    assert!(
        text.contains("Clause propre à la Caf de la Loire"),
        "{text}"
    );
}
