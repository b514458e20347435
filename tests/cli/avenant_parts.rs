//! Avenants: what each part a convention adds to the standard text reads as when the avenant
//! adds the first of it or removes the last (`[previous]` then says there was none), a free
//! article renamed, an annex's PDF the avenant carries, a funding line's nature changed, a partner joining
//! (« du Département ») and a partner renamed.

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
        "l’annexe 2 – Diagnostic territorial partagé est ajoutée à la liste des pièces contractuelles ; elle est jointe au présent avenant, à la suite de ses signatures (2 pages).",
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
        "l’annexe 2 – Diagnostic territorial partagé est retirée de la liste des pièces contractuelles.",
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

/// The Commune d’Agen, joining the CTG of Lot-et-Garonne ([`CD47`]) before its axes.
const AGEN: &str = "[[partners]]\nkind = \"commune\"\nname = \"Commune d’Agen\"\ndeliberation = { body = \"Conseil municipal\", date = 2025-03-10 }\n\n[[partners.signatories]]\nname = \"Jean Dionis\"\nrole = \"Maire\"\nemail = \"maire@agen.example.fr\"\n\n[[axes]]";

/// [`CD47`], signed with the Département alone; after its avenant n° 1, which renames the
/// Département and makes the Commune d’Agen join; and after an axis renamed.
fn cd47_amended() -> (String, String, String) {
    let old = std::fs::read_to_string(root().join(CD47)).unwrap();
    let joined =
        (old.replace("Département de Lot", "Département du Lot")).replacen("[[axes]]", AGEN, 1);
    let axis = joined.replace("Accompagner la parentalité", "Soutenir la parentalité");
    (old, joined, axis)
}

/// The préambule names the parties as the convention stands, in one enumeration (« la Caf, A
/// et B », never « la Caf et A et B »); after earlier avenants, it says the convention was
/// concluded, then whom it binds as they modified it: not today's parties as if they had
/// concluded it.
#[test]
fn a_second_avenant_says_whom_the_convention_binds_since_the_first() {
    let (old, joined, axis) = cd47_amended();
    // Avenant n° 1: the convention as signed.
    let dir = tempdir();
    let out = avenant_into(dir.path(), old, joined.clone());
    let first = pdf_text(&only(&out, "pdf"));
    // Dated as avenant n° 2 dates it: one wording of the same fact.
    let expected = "(CTG-047-2024-CD47) a été conclue le 16 octobre 2024 entre la Caf et le Département de Lot-et-Garonne pour la période du 1er janvier 2024 au 31 décembre 2026.";
    assert!(has(&first, expected), "{expected:?} in:\n{first}");
    // Avenant n° 2, the first beside it: concluded, then binding as avenant n° 1 left it.
    assert_eq!(avenant_into(dir.path(), joined.clone(), axis.clone()), out);
    let second = pdf_text(&out.join("CTG-047-2024-CD47-AV2-projet.pdf"));
    let expected = "(CTG-047-2024-CD47) a été conclue le 16 octobre 2024 ; telle que modifiée par l’avenant n° 1, elle lie la Caf, le Département du Lot-et-Garonne et la Commune d’Agen pour la période du 1er janvier 2024 au 31 décembre 2026.";
    assert!(has(&second, expected), "{expected:?} in:\n{second}");
    assert!(!has(&second, "conclue entre"), "{second}");
    // Without avenant n° 1 beside it, the same parties in one enumeration.
    let (_, alone) = avenant_between(tempdir().path(), joined, axis);
    let expected = "a été conclue le 16 octobre 2024 entre la Caf, le Département du Lot-et-Garonne et la Commune d’Agen pour la période";
    assert!(has(&alone, expected), "{expected:?} in:\n{alone}");
}

/// [`COMMUNICATION`]'s annex alone, as `[[annexes]]` says it.
const DIAGNOSTIC: &str = "\n[[annexes]]\ntitle = \"Diagnostic territorial partagé\"\nfile = \"annexes/diagnostic.pdf\"\n";

/// The names `pdfdetach` lists as attached to `pdf`.
fn attached(pdf: &Path) -> String {
    tool("pdfdetach", &["-list", pdf.to_str().unwrap()])
}

#[test]
fn an_avenant_adding_an_annex_carries_its_pages_and_its_pdf() {
    let dir = with_annex();
    let old = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    let new = format!("{old}{DIAGNOSTIC}");
    let pdf = only(&avenant_into(dir.path(), old.clone(), new.clone()), "pdf");
    // The annex's two pages, after the avenant's signatures, carrying the parties' paraphs.
    let text = pdf_text(&pdf);
    let signed = text.find("Signatures").expect("signatures");
    let pages = text.find("Annexe 2 – Diagnostic territorial partagé — page 1 sur 2");
    assert!(pages.is_some_and(|at| at > signed), "{text}");
    assert!(has(&text, "page 2 sur 2"), "{text}");
    // « … est modifié comme suit : » on the page of its first item, never left at a foot.
    let raw = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let lead_in = raw
        .split('\u{c}')
        .find(|page| page.contains("comme suit :"));
    assert!(
        lead_in.is_some_and(|page| page.contains("l’annexe 2")),
        "{raw}"
    );
    // Its PDF attached, whole, beside the avenant's source.
    let list = attached(&pdf);
    assert!(
        list.contains("annexe-2-diagnostic-territorial-partage.pdf"),
        "{list}"
    );
    let saved = detach_all(&pdf, dir.path());
    let original = std::fs::read(root().join("tests/data/annexe-diagnostic.pdf")).unwrap();
    let copy = saved.join("annexe-2-diagnostic-territorial-partage.pdf");
    assert_eq!(std::fs::read(copy).unwrap(), original);
    // Still clean PDF/A-3b (krilla checks at export) and PDF/UA-1, the same bytes again.
    let checked = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        checked.contains("No syntax or stream encoding errors"),
        "{checked}"
    );
    let report = pdfua_report(&pdf);
    assert!(report.contains("result: PASS (no findings)"), "{report}");
    let again = with_annex();
    let twice = only(&avenant_into(again.path(), old.clone(), new.clone()), "pdf");
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(twice).unwrap(),
        "byte-identical"
    );

    // An avenant that leaves the annex as it was carries none of it: it is the convention's.
    let other = with_annex();
    let moved = new.replacen("de Strasbourg", "de Nancy", 1);
    let pdf = only(&avenant_into(other.path(), new.clone(), moved), "pdf");
    let (text, list) = (pdf_text(&pdf), attached(&pdf));
    assert!(!text.contains("page 1 sur 2"), "{text}");
    assert!(!list.contains("annexe-2"), "{list}");
    assert!(list.contains("1 embedded files"), "its source only: {list}");

    // One whose PDF is replaced by another file is carried again, its new version.
    let replaced = with_annex();
    let v2 = replaced.path().join("annexes/diagnostic-v2.pdf");
    std::fs::copy(replaced.path().join("annexes/diagnostic.pdf"), v2).unwrap();
    let newer = new.replacen("diagnostic.pdf", "diagnostic-v2.pdf", 1);
    let pdf = only(&avenant_into(replaced.path(), new, newer), "pdf");
    let text = pdf_text(&pdf);
    let said = "l’annexe 2 – Diagnostic territorial partagé est remplacée par sa nouvelle version ; elle est jointe au présent avenant, à la suite de ses signatures (2 pages).";
    assert!(has(&text, said), "{text}");
    assert!(text.contains("page 2 sur 2"), "{text}");
    assert!(attached(&pdf).contains("annexe-2-diagnostic-territorial-partage.pdf"));
}

#[test]
fn a_free_article_renamed_is_modified_not_deleted_and_inserted() {
    let dir = tempdir();
    let old = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    let old = format!(
        "{old}{}",
        COMMUNICATION.split("\n[[annexes]]").next().unwrap()
    );
    let new = old.replacen(
        "title = \"Communication\"",
        "title = \"Communication et visibilité\"",
        1,
    );
    let (toml, text) = avenant_between(dir.path(), old.clone(), new.clone());
    assert!(toml.contains("[[previous.clauses]]"), "{toml}");
    for expected in [
        "le présent avenant a pour objet la modification de l’article 7 « Communication ».",
        "Article 2 – Modification de l’article 7 « Communication »",
        "L’intitulé de l’article 7 « Communication » de la convention est remplacé par « Communication et visibilité » ; l’article 7 est ainsi rédigé :",
        "« Article 7 – Communication et visibilité",
        "7.1 – Logos",
    ] {
        assert!(has(&text, expected), "{expected:?} in:\n{text}");
    }
    for absent in ["bis", "supprimé", "Insertion"] {
        assert!(!has(&text, absent), "{absent:?} in:\n{text}");
    }
    // `diff` says the same: one article modified, its title.
    let (a, b) = (dir.path().join("old.toml"), dir.path().join("new.toml"));
    let diff = convgen(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    let said = stdout(&diff);
    assert!(
        said.contains("Articles libres\n  modifié — intitulé de l’article « Communication » : Communication → Communication et visibilité\n"),
        "{said}"
    );
    assert_eq!(
        said.lines().count(),
        2,
        "one change, no article added or removed: {said}"
    );
}

/// The annex NEW names but that is not beside it: `convgen avenant` refuses at its key,
/// rather than an avenant that says it joins an annex it does not carry.
#[test]
fn an_avenant_whose_new_annex_is_missing_is_refused_at_its_key() {
    let dir = tempdir();
    let old = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    let (a, b) = (dir.path().join("old.toml"), dir.path().join("new.toml"));
    std::fs::write(&a, &old).unwrap();
    std::fs::write(&b, format!("{old}{DIAGNOSTIC}")).unwrap();
    let out = dir.path().join("out");
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let run = convgen(&["avenant", &path(&a), &path(&b), "-o", &path(&out)]);
    assert_eq!(code(&run), 1, "{}", stderr(&run));
    let said = stderr(&run);
    assert!(
        said.contains("annexes/diagnostic.pdf") && said.contains("new.toml:"),
        "{said}"
    );
    assert!(!out.exists(), "nothing written");
}

/// An avenant written elsewhere than NEW's folder takes the annex PDFs its file names along
/// (`annexes/…` is relative to the file's folder): it renders again from there, annex pages
/// included; a different PDF of that name there is refused, and nothing is written.
#[test]
fn an_avenant_written_elsewhere_takes_its_annex_pdfs_along() {
    let dir = with_annex();
    let old = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    let new = format!("{old}{COMMUNICATION}");
    let out = avenant_into(dir.path(), old.clone(), new.clone());
    let pdf = std::fs::read(dir.path().join("annexes/diagnostic.pdf")).unwrap();
    assert_eq!(
        std::fs::read(out.join("annexes/diagnostic.pdf")).unwrap(),
        pdf
    );
    let file = out.join("CTG-057-2021-HOUVE-AV1.toml");
    // The délibérations' numbers given, as the reviewer does: the file renders as it is.
    let toml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, deliberations_given(&toml, "2024-12", "2024-11-28")).unwrap();
    let text = rendered_text(&file, "CTG-057-2021-HOUVE-AV1-projet", &["--draft"]);
    assert!(
        has(
            &text,
            "Annexe 2 – Diagnostic territorial partagé — page 2 sur 2"
        ),
        "{text}"
    );

    let elsewhere = tempdir();
    let out = elsewhere.path().join("out");
    std::fs::create_dir_all(out.join("annexes")).unwrap();
    std::fs::write(out.join("annexes/diagnostic.pdf"), "another").unwrap();
    let (a, b) = (dir.path().join("old.toml"), dir.path().join("new.toml"));
    let run = convgen(&[
        "avenant",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("annexes/diagnostic.pdf` exists already"));
    assert!(!out.join("CTG-057-2021-HOUVE-AV1.toml").exists());
}

/// The CTG of Lot-et-Garonne, whose one partner is the Département.
const CD47: &str = "fixtures/ctg/CTG-047-2024-CD47.toml";

/// A partner of `kind` named `name`, signed by `signer`, before the axes.
fn partner(kind: &str, name: &str, signer: &str) -> String {
    format!(
        "\n[[partners]]\nkind = \"{kind}\"\nname = \"{name}\"\n\n[[partners.signatories]]\nname = \"{signer}\"\nrole = \"Président\"\n\n[[axes]]"
    )
}

#[test]
fn a_departement_joining_reads_du_and_a_commune_de_la() {
    let dir = tempdir();
    let joining = [
        partner("departement", "Département de la Moselle", "Patrick Weiten"),
        partner("commune", "Commune de Boulay-Moselle", "Marie Dupuy"),
    ]
    .concat()
    .replacen("\n[[axes]]", "", 1);
    let (_, text) = avenant_of(dir.path(), HOUVE, |t| t.replacen("\n[[axes]]", &joining, 1));
    for expected in [
        "le présent avenant a pour objet l’adhésion du Département de la Moselle à la convention et l’adhésion de la Commune de Boulay-Moselle à la convention.",
        "– l’adhésion du Département de la Moselle à la convention ;",
    ] {
        assert!(has(&text, expected), "{expected:?} in:\n{text}");
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    assert!(!words.windows(2).any(|w| w == ["de", "le"]), "{text}");
}

#[test]
fn a_partner_renamed_is_named_anew_neither_leaving_nor_joining() {
    let dir = tempdir();
    let old = std::fs::read_to_string(root().join(CD47)).unwrap();
    let (before, after) = (
        "name = \"Département de Lot-et-Garonne\"",
        "name = \"Département de Lot-et-Garonne (modifié)\"",
    );
    let new = old.replacen(before, after, 1);
    let (_, text) = avenant_between(dir.path(), old.clone(), new.clone());
    let renamed = "la dénomination de la partie « Département de Lot-et-Garonne » devient « Département de Lot-et-Garonne (modifié) »";
    assert!(has(&text, renamed), "{text}");
    // Walks 9 and 10: the object clause says what changes; a rename alone is no « autre »
    // change, the convention not « en outre » modified.
    let object = "le présent avenant a pour objet la modification de la dénomination de la partie « Département de Lot-et-Garonne ».";
    assert!(has(&text, object), "{text}");
    assert!(
        has(
            &text,
            "Article 2 – Dénomination d’une partie La convention est modifiée comme suit :"
        ),
        "{text}"
    );
    for absent in ["autres mentions", "Autres modifications", "en outre"] {
        assert!(!has(&text, absent), "{absent:?} in:\n{text}");
    }
    for absent in ["adhésion", "retrait", "cesse d’être partie"] {
        assert!(!has(&text, absent), "{absent:?} in:\n{text}");
    }
    // `diff` says one partner modified, its name, not one removed and another added.
    let (a, b) = (dir.path().join("old.toml"), dir.path().join("new.toml"));
    let said = stdout(&convgen(&[
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]));
    assert_eq!(
        said,
        "Parties\n  modifié — nom de Département de Lot-et-Garonne : Département de Lot-et-Garonne → Département de Lot-et-Garonne (modifié)\n"
    );
    // A partner of another name, kind and signatory joins, renamed or not.
    let dir = tempdir();
    let joining = partner("commune", "Commune d’Agen", "Jean Dionis du Séjour");
    let new = new.replacen("\n[[axes]]", &joining, 1);
    let (_, text) = avenant_between(dir.path(), old, new);
    assert!(
        has(&text, "l’adhésion de la Commune d’Agen à la convention"),
        "{text}"
    );
    assert!(has(&text, renamed), "{text}");
    assert!(!has(&text, "retrait"), "{text}");
    // After an article of its own, the convention is « en outre » modified.
    let besides = "Article 3 – Dénomination d’une partie La convention est en outre modifiée";
    assert!(has(&text, besides), "{text}");
}

/// An avenant changing only a mention (the court) says « la mise à jour de certaines
/// mentions », never « la mise à jour certaines mentions ».
#[test]
fn an_avenant_changing_a_mention_alone_updates_de_certaines_mentions() {
    let dir = tempdir();
    let court = "tribunal administratif de Bordeaux";
    let (_, text) = avenant_of(dir.path(), CD47, |t| {
        t.replace(court, "tribunal administratif de Pau")
    });
    let expected =
        "le présent avenant a pour objet la mise à jour de certaines mentions de la convention";
    assert!(has(&text, expected), "{expected:?} in:\n{text}");
}
