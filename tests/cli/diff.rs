//! `convgen diff`: each kind of change between two versions of a convention, named in the
//! words of the convention, from TOML files or from the PDFs convgen made of them.

use std::path::Path;

use crate::*;

const RLV: &str = "fixtures/ctg/CTG-063-2021-RLV.toml";

/// RLV as it is, and as `edit` changes it, written into `dir`.
fn versions(dir: &Path, edit: impl Fn(String) -> String) -> (String, String) {
    versions_of(RLV, dir, edit)
}

/// The convention a file states.
fn loaded(file: &str) -> convgen::model::Convention {
    let source = convgen::format::Source::read(Path::new(file)).unwrap();
    convgen::pipeline::load(&source).convention
}

/// A fixture as it is, and as `edit` changes it, written into `dir`.
fn versions_of(fixture: &str, dir: &Path, edit: impl Fn(String) -> String) -> (String, String) {
    let old = std::fs::read_to_string(root().join(fixture)).unwrap();
    let new = edit(old.clone());
    assert_ne!(new, old, "the edit changes the file");
    let (a, b) = (dir.join("old.toml"), dir.join("new.toml"));
    std::fs::write(&a, old).unwrap();
    std::fs::write(&b, new).unwrap();
    (a.display().to_string(), b.display().to_string())
}

fn diff_of(edit: impl Fn(String) -> String) -> String {
    diff_of_fixture(RLV, edit)
}

fn diff_of_fixture(fixture: &str, edit: impl Fn(String) -> String) -> String {
    let dir = tempdir();
    let (old, new) = versions_of(fixture, dir.path(), edit);
    let out = convgen(&["diff", &old, &new]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

const JOINING: &str = "\n[[partners]]\nkind = \"commune\"\nname = \"Commune de Pessat-Villeneuve\"\ndeliberation = { body = \"Conseil municipal\", date = 2022-03-01 }\n\n[[partners.signatories]]\nname = \"Marie Dupuy\"\nrole = \"Maire\"\n\n# --- Le plan";

#[test]
fn a_commune_joining_is_a_party_and_a_signatory_added() {
    let text = diff_of(|t| t.replacen("\n# --- Le plan", JOINING, 1));
    assert_eq!(
        text,
        "Parties\n  ajoutée — Commune de Pessat-Villeneuve : Marie Dupuy, Maire ; délibération du Conseil municipal en date du 1er\u{a0}mars\u{a0}2022\n"
    );
}

#[test]
fn a_deliberation_of_a_feminine_body_reads_de_la() {
    let joining = JOINING.replace("Conseil municipal", "Commission permanente");
    let text = diff_of(|t| t.replacen("\n# --- Le plan", &joining, 1));
    assert!(
        text.contains("délibération de la Commission permanente en date du"),
        "{text}"
    );
}

#[test]
fn an_amount_changed_in_one_year_shows_the_line_the_year_and_the_totals() {
    let text = diff_of(|t| t.replacen("2023 = 32000", "2023 = 34160.5", 1));
    assert!(
        text.starts_with("Annexe financière\n  ligne modifiée — Bonus territoire EAJE : crèche de Châtel-Guyon (Caf)\n    2023 : 32\u{202f}000,00\u{a0}€ → 34\u{202f}160,50\u{a0}€ (+2\u{202f}160,50\u{a0}€)\n  Total par année\n    2023 : "),
        "{text}"
    );
    assert!(text.contains("  Total de la convention : 774\u{202f}113,40\u{a0}€ → 776\u{202f}273,90\u{a0}€ (+2\u{202f}160,50\u{a0}€)\n"), "{text}");
}

#[test]
fn actions_added_reworded_and_removed_are_each_named() {
    let first = "  \"Créer un outil de localisation";
    let second = "  \"Créer un protocole d’accueil des porteurs de projets qui permet de mettre en rapport leurs projets avec les besoins du territoire\",\n";
    let text = diff_of(|t| {
        t.replacen(first, "  \"Bâtir un outil de localisation", 1)
            .replacen(second, "", 1)
            .replacen(
                "actions = [\n  \"Réaliser",
                "actions = [\n  \"Ouvrir un accueil de loisirs à Volvic\",\n  \"Réaliser",
                1,
            )
    });
    assert!(text.starts_with("Plan d'actions\n"), "{text}");
    assert!(
        text.contains("  modifiée — axe 1, action 1 : [-Créer-]{+Bâtir+} un outil de localisation"),
        "{text}"
    );
    assert!(
        text.contains("  retirée — axe 1, action 2 : Créer un protocole d’accueil"),
        "{text}"
    );
    assert!(
        text.contains("  ajoutée — axe 2, action 1 : Ouvrir un accueil de loisirs à Volvic\n"),
        "{text}"
    );
}

#[test]
fn the_period_and_nothing_at_all() {
    let text = diff_of(|t| t.replacen("end = 2025-12-31", "end = 2025-06-30", 1));
    assert!(
        text.starts_with("Durée\n  modifiée — période : du 1er\u{a0}janvier\u{a0}2021 au 31\u{a0}décembre\u{a0}2025 → du 1er\u{a0}janvier\u{a0}2021 au 30\u{a0}juin\u{a0}2025\n"),
        "{text}"
    );
    let same = convgen(&["diff", RLV, RLV]);
    assert_eq!(code(&same), 0);
    assert_eq!(
        stdout(&same),
        "Aucun changement : les deux versions disent la même chose.\n"
    );
}

#[test]
fn a_pdf_made_by_convgen_is_read_by_its_attached_source_and_json_says_the_same() {
    let dir = tempdir();
    let (old, new) = versions(dir.path(), |t| {
        t.replacen("2023 = 32000", "2023 = 34000", 1)
    });
    let out = convgen(&["render", &old, "-o", dir.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let pdf = dir.path().join("CTG-063-2021-RLV.pdf");
    let from_pdf = convgen(&["diff", pdf.to_str().unwrap(), &new]);
    let from_toml = convgen(&["diff", &old, &new]);
    assert_eq!(stdout(&from_pdf), stdout(&from_toml));
    assert!(stdout(&from_pdf).contains("(+2\u{202f}000,00\u{a0}€)"));

    let json = convgen(&["diff", pdf.to_str().unwrap(), &new, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(json["identical"], false);
    assert_eq!(json["funding"][0]["years"][0]["year"], 2023);
    assert_eq!(
        json["funding"][0]["years"][0]["difference"],
        "+2\u{202f}000,00\u{a0}€"
    );
    assert_eq!(json["total"]["after"], "776\u{202f}113,40\u{a0}€");

    let not_ours = dir.path().join("other.pdf");
    std::fs::write(&not_ours, b"%PDF-1.7\n1 0 obj << >> endobj\n").unwrap();
    let refused = convgen(&["diff", not_ours.to_str().unwrap(), &new]);
    assert_eq!(code(&refused), 1);
    assert!(
        stderr(&refused).contains("has no attached convention file"),
        "{}",
        stderr(&refused)
    );
}

const VALDELEYRE: &str = "fixtures/ctg/CTG-033-2020-VALDELEYRE.toml";

#[test]
fn visas_and_the_signature_mode_are_compared() {
    let text = diff_of_fixture(VALDELEYRE, |t| {
        t.replacen(
            "visas = [\n",
            "visas = [\n  \"Vu la délibération du conseil communautaire du 2 mars 2020 ;\",\n",
            1,
        )
        .replacen("mode = \"electronic\"", "mode = \"paper\"", 1)
    });
    assert!(
        text.contains("Visas\n  ajouté — visa 1 : Vu la délibération du conseil communautaire du 2 mars 2020 ;\n"),
        "{text}"
    );
    assert!(
        text.contains("Signature\n  modifié — mode de signature : électronique → sur papier, en exemplaires originaux\n"),
        "{text}"
    );
    // `mode = "paper"` written out says what its absence says.
    let text = diff_of(|t| t.replacen("[signature]\n", "[signature]\nmode = \"paper\"\n", 1));
    assert_eq!(
        text,
        "Aucun changement : les deux versions disent la même chose.\n"
    );
}

#[test]
fn a_group_and_a_delegation_are_compared() {
    let text = diff_of_fixture(VALDELEYRE, |t| {
        t.replacen(
            "delegation = \"par délégation du Maire (arrêté n° 2020-A-031 du 2 juin 2020)\"",
            "delegation = \"par délégation du Maire (arrêté n° 2020-A-045 du 3 juillet 2020)\"",
            1,
        )
        .replace(
            "group = \"les cinq communes du Val de l’Eyre\"",
            "group = \"les communes du Val de l’Eyre\"",
        )
    });
    assert!(
        text.contains("Signataires\n  modifiée — délégation de Sandrine Lafon (Commune du Barp) : par délégation du Maire (arrêté n° [-2020-A-031-]{+2020-A-045+} du [-2-]{+3+} [-juin-]{+juillet+} 2020)\n"),
        "{text}"
    );
    assert!(
        text.contains("  modifié — groupe de Commune de Salles : les cinq communes du Val de l’Eyre → les communes du Val de l’Eyre\n"),
        "{text}"
    );
}

#[test]
fn free_articles_their_sub_articles_and_annexes_are_compared() {
    let text = diff_of_fixture(VALDELEYRE, |t| {
        t.replacen("after = \"engagements\"", "after = \"pilotage\"", 1)
            .replacen(
                "[[clauses.sections]]\ntitle = \"Supports communs\"",
                "[[clauses.sections]]\ntitle = \"Supports partagés\"",
                1,
            )
            .replacen("porte son logo,", "porte son logo en couleurs,", 1)
            .replacen("version = \"version 2\"", "version = \"version 3\"", 1)
            + "\n[[clauses]]\ntitle = \"Logement\"\ntext = \"Les parties échangent sur l’offre de logement des jeunes.\"\n\n[[annexes]]\ntitle = \"Diagnostic partagé\"\nfile = \"annexes/diagnostic.pdf\"\n"
    });
    for line in [
        "Articles libres\n",
        "  modifiée — place de l’article « Communication » : après l’article « Engagements des parties » → après l’article « Pilotage et évaluation »\n",
        "  modifié — article « Communication », sous-article « Mention du soutien de la Caf », texte : ",
        "porte son [-logo,-]{+logo en couleurs,+} dans le respect",
        "  retiré — article « Communication », sous-article « Supports communs » : Les supports d’information communs",
        "  ajouté — article « Communication », sous-article « Supports partagés » : Les supports d’information communs",
        "  ajouté — article « Logement » : après l’article « Litiges » ; Les parties échangent sur l’offre de logement des jeunes.\n",
        "Annexes\n  modifiée — version de l’annexe « Schéma de développement du territoire du Val de l’Eyre » : version 2 → version 3\n",
        "  ajoutée — annexe « Diagnostic partagé » : PDF « annexes/diagnostic.pdf »\n",
    ] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
    // The other way round, each is removed.
    let dir = tempdir();
    let (old, new) = versions_of(VALDELEYRE, dir.path(), |t| {
        t.replacen(
            "[[annexes]]",
            "[[annexes]]\ntitle = \"Charte\"\n\n[[annexes]]",
            1,
        )
    });
    let back = stdout(&convgen(&["diff", &new, &old]));
    assert!(
        back.contains("Annexes\n  retirée — annexe « Charte » : document établi séparément\n"),
        "{back}"
    );
}

#[test]
fn a_funding_line_saying_another_nature_funder_or_beneficiary_is_changed() {
    let line = "label = \"Bonus territoire EAJE : multi-accueil de Riom\"\nfunder = \"caf\"\nkind = \"bonus-territoire-eaje\"\nequipment = \"eaje\"\nbeneficiary = \"Communauté d’agglomération Riom Limagne et Volcans\"";
    let dir = tempdir();
    let (old, new) = versions(dir.path(), |t| {
        t.replacen(
            line,
            &line
                .replacen("kind = \"bonus-territoire-eaje\"", "kind = \"psej\"", 1)
                .replacen(
                    "Communauté d’agglomération Riom Limagne et Volcans",
                    "Commune de Riom",
                    1,
                ),
            1,
        )
    });
    let text = stdout(&convgen(&["diff", &old, &new]));
    assert_eq!(
        text,
        "Annexe financière\n  ligne modifiée — Bonus territoire EAJE : multi-accueil de Riom (Caf)\n    nature : Bonus territoire EAJE → Prestation de service enfance jeunesse\n    bénéficiaire : Communauté d’agglomération Riom Limagne et Volcans → Commune de Riom\n"
    );
    // The versions list says it as well, in a few words.
    let diff = convgen::diff::diff(&loaded(&old), &loaded(&new));
    assert_eq!(
        convgen::diff::summary(&diff, false, convgen::i18n::Lang::Fr),
        [
            "financement : Bonus territoire EAJE : multi-accueil de Riom (nature : Bonus territoire EAJE → Prestation de service enfance jeunesse, bénéficiaire : Communauté d’agglomération Riom Limagne et Volcans → Commune de Riom)"
        ]
    );
}

#[test]
fn a_partner_named_with_a_vowel_is_elided_d_apostrophe() {
    let enval = JOINING.replace("Commune de Pessat-Villeneuve", "Enval");
    let dir = tempdir();
    let (old, new) = versions(dir.path(), |t| t.replacen("\n# --- Le plan", &enval, 1));
    std::fs::copy(&new, &old).unwrap();
    let changed = std::fs::read_to_string(&new).unwrap();
    let changed = changed
        .replace(
            "name = \"Enval\"",
            "name = \"Enval\"\nsiren = \"216301465\"",
        )
        .replace(
            "Conseil municipal\", date = 2022-03-01",
            "Conseil municipal\", date = 2022-03-08",
        );
    std::fs::write(&new, changed).unwrap();
    let out = convgen(&["diff", &old, &new]);
    let text = stdout(&out);
    assert!(text.contains("SIREN d’Enval"), "{text}{}", stderr(&out));
    assert!(text.contains("délibération d’Enval"), "{text}");
    assert!(!text.contains("de Enval"), "{text}");
}

/// Walk 15: a signatory replaced is said in the versions list by its name and party, never
/// as the party leaving (« signataires : Département de Lot-et-Garonne retiré »).
#[test]
fn a_signatory_replaced_is_named_in_the_versions_words() {
    let dir = tempdir();
    let (old, new) = versions_of("fixtures/ctg/CTG-047-2024-CD47.toml", dir.path(), |t| {
        t.replace("name = \"Francis Delbès\"", "name = \"Sophie Borderie\"")
    });
    let diff = convgen::diff::diff(&loaded(&old), &loaded(&new));
    assert_eq!(
        convgen::diff::summary(&diff, false, convgen::i18n::Lang::Fr),
        [
            "signataires : Francis Delbès (Département de Lot-et-Garonne) retiré",
            "signataires : Sophie Borderie (Département de Lot-et-Garonne) ajouté"
        ]
    );
}
