//! Avenants: `convgen avenant OLD NEW` writes the file and its PDF for each kind of change,
//! refuses what is no avenant (nothing changed, a CEJ prolonged), and an avenant file is
//! checked, rendered and sent like any convention.

use std::path::{Path, PathBuf};

use crate::*;

pub(crate) const HOUVE: &str = "fixtures/ctg/CTG-057-2021-HOUVE.toml";
const AVENANT: &str = "fixtures/avenant/CTG-057-2021-HOUVE-AV1.toml";

/// `base` as it is and as `edit` changes it, in `dir`; then `convgen avenant` of the two
/// into `dir/out`. Returns the avenant's TOML and the text of its PDF.
pub(crate) fn avenant_of(
    dir: &Path,
    base: &str,
    edit: impl Fn(String) -> String,
) -> (String, String) {
    let old = std::fs::read_to_string(root().join(base)).unwrap();
    let new = edit(old.clone());
    avenant_between(dir, old, new)
}

/// `convgen avenant` of two texts, written into `dir`, into `dir/out`: that folder.
pub(crate) fn avenant_into(dir: &Path, old: String, new: String) -> PathBuf {
    assert_ne!(new, old, "the edit changes the file");
    let (a, b) = (dir.join("old.toml"), dir.join("new.toml"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    let out = dir.join("out");
    let run = convgen(&["avenant", path(&a), path(&b), "-o", path(&out)]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    out
}

/// `convgen avenant` of two texts, written into `dir`, into `dir/out`: the avenant's TOML
/// and the text of its PDF.
pub(crate) fn avenant_between(dir: &Path, old: String, new: String) -> (String, String) {
    let out = avenant_into(dir, old, new);
    let toml = only(&out, "toml");
    let pdf = only(&out, "pdf");
    tool("qpdf", &["--check", path(&pdf)]);
    (std::fs::read_to_string(toml).unwrap(), pdf_text(&pdf))
}

/// Whether the PDF's text says `expected`, spaces aside: pdftotext keeps or drops the thin
/// space of an amount depending on the font.
pub(crate) fn has(text: &str, expected: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(text).contains(&squeeze(expected))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The one file of `dir` with this extension.
pub(crate) fn only(dir: &Path, extension: &str) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files.into_iter().next().unwrap()
}

/// The names of the signature fields of a PDF, as pdfsig lists them.
fn signature_fields(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdfsig")
        .arg(pdf)
        .output()
        .expect("pdfsig (scripts/test installs poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    (text.lines())
        .filter_map(|l| l.trim().strip_prefix("- Signature Field Name: "))
        .map(str::to_string)
        .collect()
}

const JOINING: &str = "\n[[partners]]\nkind = \"commune\"\nname = \"Commune de Boulay-Moselle\"\ndeliberation = { body = \"Conseil municipal\", date = 2022-03-01, number = \"2022-14\" }\n\n[[partners.signatories]]\nname = \"Marie Dupuy\"\nrole = \"Maire\"\n\n[[axes]]";

#[test]
fn a_commune_joining_is_an_article_of_its_own_and_signs() {
    let dir = tempdir();
    let (toml, text) = avenant_of(dir.path(), HOUVE, |t| t.replacen("\n[[axes]]", JOINING, 1));
    assert!(toml.contains("kind = \"avenant\"\nreference = \"CTG-057-2021-HOUVE-AV1\"\nbase = \"CTG-057-2021-HOUVE\"\nnumber = 1\n"), "{toml}");
    assert!(toml.contains("[previous]\nkind = \"ctg\"\n"), "{toml}");
    assert!(toml.contains("[[previous.partners]]"), "{toml}");
    assert!(
        !toml.contains("[[previous.funding]]"),
        "only what changed: {toml}"
    );
    for expected in [
        "Avenant n° 1 Houve et Pays Boulageois à la convention territoriale globale 2021-2024",
        "Vu la convention territoriale globale 2021-2024, référence CTG-057-2021-HOUVE, signée à Boulay-Moselle le 12 janvier 2021 ;",
        "signer le présent avenant",
        "le présent avenant a pour objet l’adhésion de la Commune de Boulay-Moselle à la convention.",
        "Article 1 – Objet de l’avenant",
        "Article 2 – Parties à la convention La Commune de Boulay-Moselle adhère à la convention",
        "Les autres dispositions de la convention demeurent inchangées.",
    ] {
        assert!(has(&text, expected), "{expected}\n{text}");
    }
    let fields = signature_fields(&only(&dir.path().join("out"), "pdf"));
    assert_eq!(fields.len(), 4, "{fields:?}");
    assert!(
        fields[3].contains("commune-de-boulay-moselle-marie-dupuy"),
        "{fields:?}"
    );
}

#[test]
fn an_amount_changed_in_one_year_gives_the_new_annex_with_the_amount_it_replaces() {
    let dir = tempdir();
    let (toml, text) = avenant_of(dir.path(), HOUVE, |t| {
        t.replacen("2023 = 5200, 2024 = 5200", "2023 = 6400.5, 2024 = 5200", 1)
    });
    assert!(toml.contains("[[previous.funding]]"), "{toml}");
    for expected in [
        // The convention's articles by their numbers in the signed convention.
        "le présent avenant a pour objet la modification de l’article 7 « Engagements financiers ».",
        "Vu l’article 9 « Modification » de la convention",
        "Article 2 – Engagements financiers L’article 7 de la convention est remplacé par les dispositions suivantes : « Article 7 – Engagements financiers Les financements inscrits au tableau ci-dessous",
        // The article restated whole: every column, the recap, the total in words.
        "Caf · Bonus territoire LAEP · bénéficiaire : Communauté de communes Houve-Pays Boulageois · axe 4",
        "Récapitulatif par financeur",
        "s’élève à 299 412,70 € (deux cent quatre-vingt-dix-neuf mille quatre cent douze euros et soixante-dix centimes)",
        // Superseded amounts, outside the contractual text.
        "Pour information : montants avant et après l’avenant Ce tableau, établi pour information, ne fait pas partie du présent avenant",
        "6 400,50 € avant : 5 200,00 €",
        "ligne modifiée",
        "passe de 298 212,20 € à 299 412,70 €.",
    ] {
        assert!(has(&text, expected), "{expected}\n{text}");
    }
    let signatures = text.find("Signatures").unwrap();
    assert!(
        text.find("avant :").unwrap() > signatures,
        "no superseded amount in the contract: {text}"
    );
    assert!(!text.contains("Plan d’actions"), "{text}");
}

#[test]
fn actions_added_reworded_and_removed_are_each_said_then_the_new_plan() {
    let dir = tempdir();
    let (_, text) = avenant_of(dir.path(), HOUVE, |t| {
        t.replacen("(BAFA, BAFD)", "(BAFA, BAFD) et des directeurs", 1)
            .replacen(
                "  \"Réaliser un état des lieux des attentes des jeunes de 12 à 17 ans\",\n",
                "",
                1,
            )
            .replacen(
                "(Promeneurs du Net)\",\n",
                "(Promeneurs du Net)\",\n  \"Ouvrir un espace jeunes à Boulay-Moselle\",\n",
                1,
            )
    });
    for expected in [
        // Each action by its number in the plan: « l'action 2.3 ».
        "l’action 2.3 « Soutenir la formation des animateurs (BAFA, BAFD) » est ainsi rédigée : « Soutenir la formation des animateurs (BAFA, BAFD) et des directeurs » ;",
        "l’action 3.1 « Réaliser un état des lieux des attentes des jeunes de 12 à 17 ans » est supprimée ;",
        "est ajoutée l’action 3.3 : « Ouvrir un espace jeunes à Boulay-Moselle ».",
        "En conséquence, l’article 4 de la convention est remplacé par les dispositions suivantes : « Article 4 – Plan d’actions",
        "3.3 Ouvrir un espace jeunes à Boulay-Moselle",
        // Restated whole: the champs, the funding lines, the fiches of the convention's annex.
        "Champ : Jeunesse.",
        "Financement : ligne 3 du tableau de l’article « Engagements financiers ».",
        "(fiche action 4.1, annexe 1 de la convention)",
    ] {
        assert!(has(&text, expected), "{expected}\n{text}");
    }
}

#[test]
fn the_period_prolonged_gets_its_article() {
    let dir = tempdir();
    let (toml, text) = avenant_of(dir.path(), HOUVE, |t| {
        t.replacen("end = 2024-12-31", "end = 2025-12-31", 1)
    });
    assert!(
        toml.contains("[previous.period]\nstart = 2021-01-01\nend = 2024-12-31\n"),
        "{toml}"
    );
    for expected in [
        "a pour objet la prolongation de la convention jusqu’au 31 décembre 2025.",
        "L’article 3 « Durée de la convention » est ainsi rédigé : « La convention est conclue pour la période du 1er janvier 2021 au 31 décembre 2025.",
    ] {
        assert!(has(&text, expected), "{expected}\n{text}");
    }
}

#[test]
fn nothing_changed_or_a_cej_prolonged_is_refused_and_nothing_is_written() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let same = convgen(&["avenant", HOUVE, HOUVE, "-o", path(&out)]);
    assert_eq!(code(&same), 1);
    assert!(
        stderr(&same).contains("nothing changed"),
        "{}",
        stderr(&same)
    );

    // FEURS signed to end in March 2023, then the same CEJ to end in June.
    let cej = std::fs::read_to_string(root().join("fixtures/cej/CEJ-042-2019-FEURS.toml")).unwrap();
    let shorter = dir.path().join("shorter.toml");
    std::fs::write(
        &shorter,
        cej.replacen("end = 2023-06-30", "end = 2023-03-31", 1),
    )
    .unwrap();
    let longer = "fixtures/cej/CEJ-042-2019-FEURS.toml";
    let run = convgen(&["avenant", path(&shorter), longer, "-o", path(&out)]);
    assert_eq!(code(&run), 1);
    assert!(
        stderr(&run).contains("a CEJ cannot be prolonged by avenant"),
        "{}",
        stderr(&run)
    );
    assert!(stderr(&run).contains("convgen renew"), "{}", stderr(&run));
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());

    // Written by hand, such an avenant is refused by `check`, at the end of the period.
    let text = std::fs::read_to_string(root().join(AVENANT)).unwrap();
    let hand = dir.path().join("hand.toml");
    let text = text.replacen(
        "[previous]\nkind = \"ctg\"",
        "[previous]\nkind = \"cej\"\n\n[previous.period]\nstart = 2021-01-01\nend = 2023-12-31",
        1,
    );
    std::fs::write(&hand, text).unwrap();
    let checked = convgen(&["check", path(&hand)]);
    assert_eq!(code(&checked), 1);
    let err = stderr(&checked);
    assert!(
        err.contains("a CEJ cannot be prolonged by avenant: this one ends on 2023-12-31"),
        "{err}"
    );
    assert!(
        err.contains("hand.toml:18:7"),
        "names the line of `period.end`: {err}"
    );
}

#[test]
fn an_avenant_needs_its_keys_and_only_an_avenant_has_them() {
    let dir = tempdir();
    let text = std::fs::read_to_string(root().join(AVENANT)).unwrap();
    let cut = text.find("\n# La convention telle qu").unwrap();
    let file = dir.path().join("no-previous.toml");
    std::fs::write(&file, &text[..cut]).unwrap();
    let out = convgen(&["check", path(&file)]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("an avenant must give `previous`"),
        "{}",
        stderr(&out)
    );

    // `[previous]` saying nothing the avenant changes: nothing to sign, refused.
    let cut = text.find("\n[[previous.axes]]").unwrap();
    let file = dir.path().join("changes-nothing.toml");
    std::fs::write(&file, &text[..cut]).unwrap();
    let out = convgen(&["check", path(&file)]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("changes nothing"), "{}", stderr(&out));

    let ctg = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    let file = dir.path().join("ctg-with-base.toml");
    std::fs::write(
        &file,
        ctg.replacen("territory =", "base = \"X\"\nterritory =", 1),
    )
    .unwrap();
    let out = convgen(&["check", path(&file)]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("only an avenant has `base`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_same_avenant_from_the_pdfs_and_the_next_number_when_one_exists() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let render = convgen(&["render", HOUVE, "-o", path(&dir.path().join("pdf"))]);
    assert_eq!(code(&render), 0, "{}", stderr(&render));
    let pdf = dir.path().join("pdf/CTG-057-2021-HOUVE.pdf");
    let new = dir.path().join("new.toml");
    let text = std::fs::read_to_string(root().join(HOUVE)).unwrap();
    std::fs::write(&new, text.replacen("2023 = 5200", "2023 = 5600", 1)).unwrap();
    let first = convgen(&["avenant", path(&pdf), path(&new), "-o", path(&out)]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let from_pdf = std::fs::read_to_string(out.join("CTG-057-2021-HOUVE-AV1.toml")).unwrap();
    let again = convgen(&["avenant", HOUVE, path(&new), "-o", path(&out)]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    let second = std::fs::read_to_string(out.join("CTG-057-2021-HOUVE-AV2.toml")).unwrap();
    // The same, but for the first it cites.
    let cites = "\n[[amended_by]]\nnumber = 1\n";
    assert!(second.contains(cites), "{second}");
    assert_eq!(
        second
            .replacen(cites, "", 1)
            .replace("AV2", "AV1")
            .replace("number = 2", "number = 1"),
        from_pdf
    );
    let taken = convgen(&[
        "avenant",
        HOUVE,
        path(&new),
        "-o",
        path(&out),
        "--number",
        "1",
    ]);
    assert_eq!(code(&taken), 1);
    assert!(stderr(&taken).contains("--force"), "{}", stderr(&taken));
}

#[test]
fn an_avenant_is_rendered_and_sent_like_any_convention() {
    let dir = tempdir();
    let (out, eml) = (dir.path().join("out"), dir.path().join("eml"));
    let sent = send_dry_run(AVENANT, &out, &eml, "caf@example.fr");
    assert_eq!(code(&sent), 0, "{}", stderr(&sent));
    let message = std::fs::read_to_string(only(&eml, "eml")).unwrap();
    let subject = message.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(subject.contains("Avenant"), "{subject}");
    let pdf = out.join("CTG-057-2021-HOUVE-AV1-projet.pdf");
    let text = pdf_text(&pdf);
    assert!(
        has(
            &text,
            "Le présent avenant prend effet le 1er juillet 2023 ; les montants qu’il fixe s’appliquent à compter de l’exercice 2023, pour l’année entière, sans prorata."
        ),
        "{text}"
    );
    assert!(
        text.contains("ce document n’a pas valeur d’avenant signé"),
        "{text}"
    );
    assert_eq!(signature_fields(&pdf).len(), 3);
}

#[test]
fn diff_reads_an_avenant_as_the_convention_it_leaves_in_force() {
    let out = convgen(&["diff", HOUVE, AVENANT]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    // Each party signs the avenant under a délibération of its own.
    assert!(
        text.starts_with("Délibérations\n"),
        "the signature of the convention is unchanged: {text}"
    );
    assert!(text.contains("Plan d'actions\n"), "{text}");
    assert!(
        text.contains(
            "  ajoutée — axe 3, action 4 : Ouvrir un espace jeunes intercommunal à Boulay-Moselle\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "    2023 : 5\u{202f}200,00\u{a0}€ → 6\u{202f}400,00\u{a0}€ (+1\u{202f}200,00\u{a0}€)\n"
        ),
        "{text}"
    );
}

#[test]
fn the_workspace_lists_an_avenant_and_makes_its_pdf() {
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-057-2021-HOUVE.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    let list = server.get("/api/conventions").json();
    let avenant = (list.as_array().unwrap().iter())
        .find(|c| c["reference"] == "CTG-057-2021-HOUVE-AV1")
        .expect("the avenant is listed");
    assert_eq!(avenant["kind"], "avenant");
    assert_eq!(avenant["valid"], true);
    let pdf = server.get("/api/conventions/CTG-057-2021-HOUVE-AV1.pdf?draft=1");
    assert_eq!(pdf.status, 200);
    let file = server.dir.path().join("avenant.pdf");
    std::fs::write(&file, &pdf.body).unwrap();
    let text = pdf_text(&file);
    assert!(has(&text, "Article 1 – Objet de l’avenant"), "{text}");
}

#[test]
fn renew_renews_a_cej_as_its_latest_avenant_leaves_it() {
    let dir = tempdir();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let feurs = "fixtures/cej/CEJ-042-2019-FEURS.toml";
    std::fs::copy(root().join(feurs), input.join("CEJ-042-2019-FEURS.toml")).unwrap();
    let text = std::fs::read_to_string(root().join(feurs)).unwrap();
    let new = dir.path().join("new.toml");
    std::fs::write(
        &new,
        text.replacen("2022 = \"44 120,60\"", "2022 = 46000", 1),
    )
    .unwrap();
    let made = convgen(&["avenant", feurs, path(&new), "-o", path(&input)]);
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    // Each party's délibération is flagged until the avenant's own is given.
    let written = input.join("CEJ-042-2019-FEURS-AV1.toml");
    let avenant = std::fs::read_to_string(&written).unwrap();
    let flagged = "number = \"(numéro à compléter)\"";
    assert_eq!(avenant.matches(flagged).count(), 2, "{avenant}");
    std::fs::write(
        &written,
        deliberations_given(&avenant, "2023-41", "2023-03-30"),
    )
    .unwrap();

    let out = dir.path().join("out");
    let renew = convgen(&[
        "renew",
        path(&input),
        "--expiring-before",
        "2024-01-01",
        "-o",
        path(&out),
    ]);
    assert_eq!(code(&renew), 0, "{}", stderr(&renew));
    let ctg = std::fs::read_to_string(out.join("CTG-042-2023-FEURS.toml")).unwrap();
    assert!(
        ctg.contains("amounts = { 2023 = \"23000.00\", 2024 = \"46000.00\""),
        "the amended last whole year, for half of 2023 then each year: {ctg}"
    );
    let report = std::fs::read_to_string(out.join("renew-report.csv")).unwrap();
    assert!(
        report
            .contains("CEJ-042-2019-FEURS-AV1.toml,CEJ-042-2019-FEURS,renewed,CTG-042-2023-FEURS"),
        "{report}"
    );
    assert!(report.contains("CEJ-042-2019-FEURS.toml,CEJ-042-2019-FEURS,skipped,,the CEJ as signed: its latest version `"), "{report}");
}

#[test]
fn an_avenant_written_back_reads_the_same() {
    use convgen::format::Source;
    let source = Source::read(&root().join(AVENANT)).unwrap();
    let loaded = convgen::pipeline::load(&source);
    assert!(loaded.is_valid(), "{:?}", loaded.diagnostics);
    let text = loaded.convention.to_toml();
    let again = convgen::pipeline::load(&Source::from_bytes(
        Path::new("again.toml"),
        text.into_bytes(),
    ));
    assert!(again.is_valid(), "{:?}", again.diagnostics);
    assert_eq!(again.convention, loaded.convention);
    assert!(
        loaded
            .convention
            .amendment
            .as_ref()
            .unwrap()
            .previous
            .funding
            .is_some()
    );
    // Keys of `[previous]` after its sub-tables in the format's order (visas, an empty list)
    // are written before them: below `[[previous.funding]]` they would be the line's.
    for visas in [vec![], vec!["Vu le schéma départemental".to_string()]] {
        let mut avenant = loaded.convention.clone();
        let previous = &mut avenant.amendment.as_mut().unwrap().previous;
        previous.visas = Some(visas);
        previous.clauses = Some(Vec::new());
        let text = avenant.to_toml();
        let again = convgen::pipeline::load(&Source::from_bytes(
            Path::new("again.toml"),
            text.clone().into_bytes(),
        ));
        assert_eq!(again.convention, avenant, "{text}");
    }
}

/// Amounts moved between years, the total kept: it « reste », it does not « passe de X à X ».
#[test]
fn a_total_kept_is_said_to_stay() {
    let dir = tempdir();
    let (_, text) = avenant_of(dir.path(), HOUVE, |t| {
        t.replacen("2023 = 5200, 2024 = 5200", "2023 = 6200, 2024 = 4200", 1)
    });
    assert!(has(&text, "reste de 298 212,20 €."), "{text}");
    assert!(!text.contains("passe de"), "{text}");
}
