//! Avenants: what each part a convention adds to the standard text reads as when the avenant
//! adds the first of it or removes the last (`[previous]` then says there was none), and a
//! funding line's nature changed.

use std::path::Path;

use crate::avenant::{HOUVE, avenant_between, avenant_into, avenant_of, has, only};
use crate::*;

/// A free article with a sub-article, and an annex (a PDF), added to a CTG that had none.
const COMMUNICATION: &str = "\n[[clauses]]\ntitle = \"Communication\"\nafter = \"pilotage\"\ntext = \"Les parties font mention de leur partenariat dans toute communication.\"\n\n[[clauses.sections]]\ntitle = \"Logos\"\ntext = \"Les logos des parties figurent sur les supports édités.\"\n\n[[annexes]]\ntitle = \"Diagnostic territorial partagé\"\nfile = \"annexes/diagnostic.pdf\"\n";

/// The written avenant read back: what its `[previous]` says of the free articles and the
/// annexes.
fn previous_lists(toml: &str) -> (Option<usize>, Option<usize>) {
    use convgen::format::Source;
    let loaded = convgen::pipeline::load(&Source::from_bytes(
        Path::new("avenant.toml"),
        toml.as_bytes().to_vec(),
    ));
    let previous = &loaded.convention.amendment.as_ref().unwrap().previous;
    let clauses = previous.clauses.as_ref().map(Vec::len);
    (clauses, previous.annexes.as_ref().map(Vec::len))
}

/// A folder holding the annex's PDF where [`COMMUNICATION`] names it.
fn with_annex() -> tempfile::TempDir {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("annexes")).unwrap();
    let pdf = root().join("tests/data/annexe-diagnostic.pdf");
    std::fs::copy(pdf, dir.path().join("annexes/diagnostic.pdf")).unwrap();
    dir
}

#[test]
fn the_first_free_article_and_annex_added_and_the_last_removed_are_stated() {
    let dir = with_annex();
    let old = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    assert!(!old.contains("[[clauses]]") && !old.contains("[[annexes]]"));
    let new = format!("{old}{COMMUNICATION}");
    let (toml, text) = avenant_between(dir.path(), old.clone(), new.clone());
    // `[previous]` says there was none, and is read back so.
    assert!(
        toml.contains("[previous]\nkind = \"ctg\"\nclauses = []\nannexes = []\n"),
        "{toml}"
    );
    assert_eq!(previous_lists(&toml), (Some(0), Some(0)));
    for expected in [
        "le présent avenant a pour objet l’insertion d’un article 6 bis « Communication » et la modification de l’article 12 « Pièces contractuelles ».",
        "Article 2 – Insertion d’un article 6 bis « Communication »",
        // Numbered after the article it follows: the convention's article 7 keeps its number.
        "Il est inséré, après l’article 6 « Pilotage et évaluation » de la convention, un article 6 bis ainsi rédigé :",
        "« Article 6 bis – Communication",
        "Les parties font mention de leur partenariat dans toute communication.",
        "6 bis.1 – Logos",
        "Article 3 – Pièces contractuelles",
        "L’article 12 « Pièces contractuelles » de la convention est modifié comme suit :",
        "L’annexe 2 – Diagnostic territorial partagé est ajoutée à la liste des pièces contractuelles.",
    ] {
        assert!(has(&text, expected), "{expected:?} in:\n{text}");
    }
    assert!(!has(&text, "Article 7 – Communication"), "{text}");
    // The other way round: the last ones removed.
    let back = with_annex();
    let (toml, text) = avenant_between(back.path(), new, old);
    assert!(
        toml.contains("[[previous.clauses]]\ntitle = \"Communication\""),
        "{toml}"
    );
    assert!(!toml.contains("\nclauses = []"), "{toml}");
    assert_eq!(previous_lists(&toml), (Some(1), Some(1)));
    for expected in [
        "le présent avenant a pour objet la suppression de l’article 7 « Communication » et la modification de l’article 13 « Pièces contractuelles ».",
        "Article 2 – Suppression de l’article 7 « Communication »",
        "L’article 7 « Communication » de la convention est supprimé.",
        "L’annexe 2 – Diagnostic territorial partagé est retirée de la liste des pièces contractuelles.",
    ] {
        assert!(has(&text, expected), "{expected:?} in:\n{text}");
    }
}

#[test]
fn a_funding_line_whose_nature_changes_is_an_avenant() {
    let dir = tempdir();
    let (toml, text) = avenant_of(dir.path(), HOUVE, |t| {
        t.replacen("kind = \"bonus-territoire-rpe\"", "kind = \"psej\"", 1)
    });
    assert!(toml.contains("[[previous.funding]]"), "{toml}");
    for expected in [
        "le présent avenant a pour objet la modification de l’article 7 « Engagements financiers ».",
        "Caf · Prestation de service enfance jeunesse · ligne modifiée",
    ] {
        assert!(has(&text, expected), "{expected:?} in:\n{text}");
    }
}

/// A second avenant cites the first, found beside it: « modifiée par l’avenant n° 1 … ».
#[test]
fn a_second_avenant_cites_the_first() {
    let dir = tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let first = root().join("fixtures/avenant/CTG-057-2021-HOUVE-AV1.toml");
    std::fs::copy(first, out.join("CTG-057-2021-HOUVE-AV1.toml")).unwrap();
    let old = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    let new = old.replace("de Strasbourg", "de Nancy");
    assert_eq!(avenant_into(dir.path(), old, new), out);
    let toml = std::fs::read_to_string(out.join("CTG-057-2021-HOUVE-AV2.toml")).unwrap();
    assert!(
        toml.contains("[[amended_by]]\nnumber = 1\neffective = 2023-07-01\n"),
        "{toml}"
    );
    let text = pdf_text(&only(&out, "pdf"));
    let expected = "signée à Boulay-Moselle le 12 janvier 2021, modifiée par l’avenant n° 1 prenant effet le 1er juillet 2023 ;";
    assert!(has(&text, expected), "{expected:?} in:\n{text}");
}
