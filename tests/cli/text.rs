//! Signable as written (step 20): each point of the jurist's second reading, and each key a
//! convention adds to the standard text, read back from the rendered fixtures with
//! pdftotext.

use std::path::Path;

use crate::render::rendered;
use crate::*;

const VAL_DE_L_EYRE: &str = "CTG-033-2020-VALDELEYRE";
const CTGS: [&str; 4] = [
    "CTG-047-2024-CD47",
    "CTG-057-2021-HOUVE",
    "CTG-063-2021-RLV",
    VAL_DE_L_EYRE,
];
const CEJS: [&str; 3] = [
    "CEJ-042-2014-LOIRE",
    "CEJ-042-2019-CHARLIEU",
    "CEJ-042-2019-FEURS",
];

fn pdf(reference: &str) -> std::path::PathBuf {
    rendered().join(format!("{reference}.pdf"))
}

fn text_of(reference: &str) -> String {
    pdf_text(&pdf(reference))
}

/// The text of a PDF line by line, as pdftotext lays it out: to see where lines break.
fn raw_lines(reference: &str) -> String {
    tool(
        "pdftotext",
        &[
            "-raw",
            "-enc",
            "UTF-8",
            pdf(reference).to_str().unwrap(),
            "-",
        ],
    )
}

use crate::wording::{assert_has, assert_lacks};

/// Which page of a PDF first says `wanted`.
fn page_of(reference: &str, wanted: &str) -> usize {
    (1..=page_count(&pdf(reference)))
        .find(|&p| page_text(&pdf(reference), p).contains(wanted))
        .unwrap_or_else(|| panic!("{reference}: no page says « {wanted} »"))
}

#[test]
fn funding_reads_as_provisional_and_paid_under_other_decisions() {
    for reference in CTGS {
        let text = text_of(reference);
        assert_has(
            &text,
            "Les financements inscrits au tableau ci-dessous, par ligne de financement et par année, le sont à titre prévisionnel. La présente convention n’est pas un instrument de financement",
        );
        // In two parts: a page may break the sentence, and its text holds the running header.
        assert_has(
            &text,
            "par la convention d’objectifs et de financement conclue avec le gestionnaire de l’équipement ou, pour une aide ponctuelle (investissement,",
        );
        assert_has(
            &text,
            "poste de coordination), après décision de l’instance compétente du financeur",
        );
    }
}

#[test]
fn collectivites_keep_co_funding_the_equipements_of_the_bonus() {
    assert_has(
        &text_of("CTG-063-2021-RLV"),
        "Les partenaires signataires s’engagent en outre, chacun pour les équipements qu’il cofinance, à maintenir son cofinancement pendant toute la durée de la convention lorsque ces équipements bénéficient des bonus territoire CTG",
    );
    assert_has(
        &text_of("CTG-057-2021-HOUVE"),
        "La Communauté de communes Houve-Pays Boulageois s’engage en outre à maintenir, pendant toute la durée de la convention, son cofinancement",
    );
    // A Caf/Département CTG pays no bonus territoire.
    assert_lacks(
        &text_of("CTG-047-2024-CD47"),
        "cofinancement des équipements",
    );
}

#[test]
fn every_convention_has_an_article_on_personal_data() {
    for reference in CTGS.iter().chain(&CEJS) {
        let text = text_of(reference);
        assert_has(&text, "– Données à caractère personnel");
        assert_has(&text, "loi n° 78-17 du 6 janvier 1978");
        // A convention signed before 25 May 2018 cannot refer to the GDPR, which did not apply.
        let signed_before_the_gdpr = reference.contains("-2014-");
        if signed_before_the_gdpr {
            assert_lacks(&text, "2016/679");
        } else {
            assert_has(&text, "règlement (UE) 2016/679 du 27 avril 2016");
        }
        assert_has(
            &text,
            "les parties sont conjointement responsables de leur traitement",
        );
        assert_has(&text, "ne les utilisent à aucune autre fin");
        assert_has(&text, "des durées légales de conservation et d’archivage");
    }
}

#[test]
fn pieces_contractuelles_list_the_convention_then_its_annexes() {
    assert_has(
        &text_of("CTG-057-2021-HOUVE"),
        "Article 12 – Pièces contractuelles La présente convention est constituée des pièces contractuelles suivantes, qui prévalent dans cet ordre en cas de contradiction : – la présente convention ; – l’annexe 1 – Fiches action, établie à partir du plan d’actions.",
    );
    assert_has(
        &text_of("CTG-063-2021-RLV"),
        "Article 12 – Pièces contractuelles La présente convention est constituée du présent document ; elle ne comporte pas d’annexe.",
    );
    // The conditions générales, identified, are the CEJ's annex held apart.
    for reference in CEJS {
        assert_has(
            &text_of(reference),
            "– Pièces contractuelles Le présent contrat est constitué des pièces contractuelles suivantes, qui prévalent dans cet ordre en cas de contradiction : – les présentes conditions particulières ; – l’annexe 1 – Conditions générales de la prestation de service enfance et jeunesse établies par la Cnaf (version",
        );
    }
}

#[test]
fn a_funder_paying_itself_reads_autofinancement() {
    let loire = text_of("CEJ-042-2014-LOIRE");
    assert_has(
        &loire,
        "4. Coordination : participation du Département Département de la Loire · Coordination · autofinancement",
    );
    assert_lacks(
        &loire,
        "bénéficiaire : Département de la Loire · objectif 3 45",
    );
}

#[test]
fn hyphenated_names_and_numbers_never_break() {
    let words = |toml: &str| -> Vec<String> {
        let mut words: Vec<String> = toml
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| w.contains('-') && !w.starts_with('-') && !w.ends_with('-'))
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .map(str::to_string)
            .collect();
        words.sort();
        words.dedup();
        words
    };
    for (folder, reference) in [
        ("ctg", "CTG-047-2024-CD47"),
        ("ctg", "CTG-063-2021-RLV"),
        ("ctg", VAL_DE_L_EYRE),
        ("cej", "CEJ-042-2019-FEURS"),
    ] {
        let lines = raw_lines(reference);
        let names = words(&fixture(&format!("{folder}/{reference}.toml")));
        assert!(!names.is_empty());
        for name in names {
            for (i, _) in name.match_indices('-') {
                let broken = format!("{}\n{}", &name[..=i], &name[i + 1..]);
                assert!(!lines.contains(&broken), "{reference}: « {name} » broken");
            }
        }
        for line in lines.lines() {
            assert!(!line.trim_end().ends_with("n°"), "{reference}: « {line} »");
        }
    }
    // The names the jurist found broken are whole.
    assert_has(&raw_lines("CTG-047-2024-CD47"), "Lot-et-Garonne");
    assert_has(&raw_lines("CTG-063-2021-RLV"), "n° 2021-DEL-118");
}

#[test]
fn a_lead_in_stays_with_its_list() {
    for reference in CTGS.iter().chain(&CEJS) {
        for (lead_in, first) in [
            ("porte sur les champs d’intervention suivants :", "– "),
            (
                "qui prévalent dans cet ordre en cas de contradiction :",
                "– ",
            ),
        ] {
            if !text_of(reference).contains(lead_in) {
                continue;
            }
            let page = page_text(&pdf(reference), page_of(reference, lead_in));
            let after = page.split(lead_in).nth(1).unwrap_or_default();
            assert!(
                after.trim_start().starts_with(first),
                "{reference}: « {lead_in} » ends its page"
            );
        }
    }
}

#[test]
fn a_table_that_fits_in_portrait_starts_on_the_page_of_its_article() {
    for reference in CTGS.iter().chain(&CEJS) {
        let page = page_of(reference, "– Engagements financiers");
        let text = page_text(&pdf(reference), page);
        assert_has(&text, "Ligne de financement");
        let info = tool(
            "pdfinfo",
            &[
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
                pdf(reference).to_str().unwrap(),
            ],
        );
        assert!(
            info.contains("595.276 x 841.89"),
            "{reference}: five years at most fit in portrait: {info}"
        );
    }
}

#[test]
fn visas_of_the_file_follow_the_standard_ones() {
    assert_has(
        &text_of(VAL_DE_L_EYRE),
        "en remplacement des contrats enfance et jeunesse ; Vu le code général des collectivités territoriales ; Vu le diagnostic partagé du territoire du Val de l’Eyre présenté au comité de pilotage du 14 novembre 2019 ; Entre les soussignés",
    );
}

#[test]
fn an_electronic_signature_keeps_a_copy_on_a_durable_medium() {
    let text = text_of(VAL_DE_L_EYRE);
    assert_has(
        &text,
        "Fait à Belin-Béliet, à la date de la dernière signature électronique. La présente convention est signée électroniquement par les parties ; conformément à l’article 1375 du code civil, chacune dispose d’un exemplaire sur support durable.",
    );
    assert_lacks(&text, "exemplaire original");
    assert_lacks(&text, "exemplaires originaux");
    assert_lacks(&text, "Paraphes des parties");
    // On paper, the annexes' pages carry the parties' paraphs.
    let houve = pdf("CTG-057-2021-HOUVE");
    let annex = page_of("CTG-057-2021-HOUVE", "Annexe 1 – Fiches action");
    assert_has(&page_text(&houve, annex), "Paraphes des parties");
    assert_lacks(&page_text(&houve, 1), "Paraphes des parties");
    assert_has(
        &text_of("CTG-057-2021-HOUVE"),
        "en deux exemplaires originaux.",
    );
}

#[test]
fn a_group_of_partners_is_one_party_and_a_delegation_follows_the_role() {
    let text = text_of(VAL_DE_L_EYRE);
    // The members, then the name they take together, said once.
    assert_has(
        &text,
        "en date du 4 février 2020 ; Les cinq communes suivantes, qui signent ensemble comme une seule partie : – la Commune de Belin-Béliet, dont le siège est situé à la mairie, 33830 Belin-Béliet, représentée par Cyrille Duboscq, en qualité de Maire, agissant en vertu de la délibération n° 2020-006 du Conseil municipal en date du 30 janvier 2020 ; – la Commune du Barp, dont le siège est situé à la mairie, 33114 Le Barp, représentée par Sandrine Lafon, en qualité de Première adjointe au Maire, par délégation du Maire (arrêté n° 2020-A-031 du 2 juin 2020), agissant en vertu de la délibération",
    );
    assert_has(
        &text,
        "en date du 10 février 2020, ci-après dénommées ensemble « les cinq communes du Val de l’Eyre », d’autre part,",
    );
    assert_lacks(&text, "Les cinq communes du Val de l’Eyre, ci-après");
    // One member may be released alone.
    assert_has(
        &text,
        "Lorsque la partie défaillante est membre de l’ensemble dénommé « les cinq communes du Val de l’Eyre », la présente convention n’est résiliée qu’à son égard ; elle se poursuit avec les autres membres de cet ensemble",
    );
    assert_has(
        &text,
        "La Communauté de communes du Val de l’Eyre et les cinq communes du Val de l’Eyre s’engagent à mettre en œuvre",
    );
    // Each member signs; the signature page gives the delegation after the role.
    assert_has(
        &text,
        "Pour la Commune du Barp Première adjointe au Maire, par délégation du Maire (arrêté n° 2020-A-031 du 2 juin 2020) Sandrine Lafon",
    );
    // No line break inside a proper name in a signature caption.
    assert!(
        raw_lines(VAL_DE_L_EYRE).contains("Val de l’Eyre\nPrésident"),
        "{}",
        raw_lines(VAL_DE_L_EYRE)
    );
    assert_has(&text, "Pour la Commune de Salles Maire Luc Dartigues");
}

#[test]
fn free_articles_take_their_place_and_number_their_sub_articles() {
    let headings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("Article ") || l.starts_with("6."))
            .map(str::to_string)
            .collect()
    };
    let lines = raw_lines(VAL_DE_L_EYRE);
    let found = headings(&lines);
    for expected in [
        "Article 5 – Engagements des parties",
        "Article 6 – Communication",
        "6.1 – Mention du soutien de la Caf",
        "6.2 – Supports communs",
        "Article 7 – Pilotage et évaluation",
        "Article 13 – Pièces contractuelles",
    ] {
        assert!(
            found.iter().any(|h| h == expected),
            "{expected} in {found:?}"
        );
    }
    let text = text_of(VAL_DE_L_EYRE);
    assert_has(
        &text,
        "Les supports d’information communs aux parties (guide des familles, pages des sites internet des communes) sont soumis pour avis au comité de pilotage avant leur diffusion. Chaque partie peut utiliser",
    );
    // Its own article on communication replaces the standard sentence.
    assert_lacks(
        &text,
        "Les parties s’engagent à communiquer sur la présente convention",
    );

    // Instead of a standard article.
    let dir = tempdir();
    let file = dir.path().join(format!("{VAL_DE_L_EYRE}.toml"));
    let toml = fixture(&format!("ctg/{VAL_DE_L_EYRE}.toml")).replacen(
        "after = \"engagements\"",
        "replace = \"pilotage\"",
        1,
    );
    std::fs::write(&file, toml).unwrap();
    let text = rendered_text(&file, VAL_DE_L_EYRE, &[]);
    assert_has(&text, "Article 6 – Communication");
    assert_has(&text, "Article 7 – Engagements financiers");
    assert_lacks(&text, "Pilotage et évaluation");
    assert_has(&text, "Article 12 – Pièces contractuelles");
}

#[test]
fn an_annex_held_apart_is_identified_and_gets_no_page_of_its_own() {
    let text = text_of(VAL_DE_L_EYRE);
    // Its version, date and pages say which document the parties sign.
    assert_has(
        &text,
        "– la présente convention ; – l’annexe 1 – Schéma de développement du territoire du Val de l’Eyre (version 2 du 3 décembre 2019, 12 pages), document établi séparément, signé électroniquement avec la présente convention. L’annexe fait partie intégrante de la présente convention.",
    );
    // « Pièces contractuelles » says it all: no nearly empty page after the signatures.
    assert_lacks(&text, "Annexe 1 – Schéma");
    assert_eq!(page_count(&pdf(VAL_DE_L_EYRE)), 6);
}

#[test]
fn a_cej_cites_its_circular_and_general_conditions_and_labels_half_years() {
    for reference in CEJS {
        let text = text_of(reference);
        assert_has(
            &text,
            "Vu la lettre circulaire Cnaf n° 2006-076 du 22 juin 2006 relative au contrat enfance et jeunesse et à ses conditions générales ;",
        );
        assert_has(
            &text,
            "La Caf verse chaque année un acompte, plafonné à 70 % du droit prévisionnel",
        );
    }
    let feurs = text_of("CEJ-042-2019-FEURS");
    assert_has(&feurs, "2019 1er juillet – 31 décembre");
    assert_has(&feurs, "2023 1er janvier – 30 juin");
}

#[test]
fn check_warns_when_pilotage_passes_15_percent_of_the_psej() {
    let output = convgen(&["check", "fixtures/cej"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stderr(&output).contains("15 %"), "{}", stderr(&output));
    let dir = tempdir();
    let file = dir.path().join("feurs.toml");
    let toml = fixture("cej/CEJ-042-2019-FEURS.toml").replacen(
        "2019 = 6300.00, 2020 = 12600",
        "2019 = 8400.00, 2020 = 12600",
        1,
    );
    std::fs::write(&file, toml).unwrap();
    let output = convgen(&["check", file.to_str().unwrap()]);
    let err = stderr(&output);
    assert!(
        err.contains(
            "in 2019, pilotage (coordination, diagnostic) takes €8,400.00 of the Caf's PSEJ"
        ),
        "{err}"
    );
    assert!(err.contains("more than 15 %"), "{err}");
}

#[test]
fn an_avenant_says_why_and_each_party_signs_under_its_own_deliberation() {
    let dir = tempdir();
    let av1 = Path::new("fixtures/avenant/CTG-057-2021-HOUVE-AV1.toml");
    let text = rendered_text(av1, "CTG-057-2021-HOUVE-AV1", &[]);
    assert_has(
        &text,
        "la modification de l’article 4 « Plan d’actions » et la modification de l’article 7 « Engagements financiers ». Le présent avenant vise à intégrer au plan d’actions l’ouverture du lieu d’accueil enfants-parents itinérant dans une troisième commune",
    );
    assert_has(
        &text,
        "agissant en vertu de la délibération n° 2023-05-041 du Conseil communautaire en date du 25 mai 2023",
    );
    assert_lacks(&text, "2020-12-086");
    // Written by hand with the convention's délibération, it gets a warning.
    let file = dir.path().join("av.toml");
    let toml = fixture("avenant/CTG-057-2021-HOUVE-AV1.toml").replacen(
        "date = 2023-05-25, number = \"2023-05-041\"",
        "date = 2020-12-10, number = \"2020-12-086\"",
        1,
    );
    std::fs::write(&file, toml).unwrap();
    let output = convgen(&["check", file.to_str().unwrap()]);
    assert!(
        stderr(&output)
            .contains("this délibération predates the signature of the convention amended"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_pdf_carries_the_file_as_written_without_its_comments() {
    let p = pdf("CTG-057-2021-HOUVE");
    let attached = attached_source(&p);
    assert!(fixture("ctg/CTG-057-2021-HOUVE.toml").contains("# "));
    assert!(!attached.contains("# "), "{attached}");
    // `diff` reads it back as the file it came from.
    let output = convgen(&[
        "diff",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let _ = Path::new("");
}

#[test]
fn convgen_avenant_takes_its_reason_into_the_preambule() {
    let dir = tempdir();
    let new = dir.path().join("new.toml");
    let text = fixture("ctg/CTG-057-2021-HOUVE.toml").replacen(
        "2023 = 5200, 2024 = 5200",
        "2023 = 6400, 2024 = 5200",
        1,
    );
    std::fs::write(&new, text).unwrap();
    let out = dir.path().join("out");
    let reason = "Le présent avenant vise à ouvrir le lieu d’accueil enfants-parents dans une troisième commune.";
    let run = convgen(&[
        "avenant",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        new.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--reason",
        reason,
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let toml = std::fs::read_to_string(out.join("CTG-057-2021-HOUVE-AV1.toml")).unwrap();
    assert!(toml.contains(&format!("reason = \"{reason}\"")), "{toml}");
    // A draft until each party's new délibération is given.
    let text = pdf_text(&out.join("CTG-057-2021-HOUVE-AV1-projet.pdf"));
    assert_has(
        &text,
        &format!("la modification de l’article 7 « Engagements financiers ». {reason}"),
    );
}
