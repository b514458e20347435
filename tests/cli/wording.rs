//! The wording a Caf jurist signs (step 9): each correction read back from the rendered
//! fixtures with pdftotext, or from `check`.

use std::path::Path;

use crate::render::rendered;
use crate::*;

/// The text of a rendered fixture, white space collapsed.
fn text_of(reference: &str) -> String {
    pdf_text(&rendered().join(format!("{reference}.pdf")))
}

const CTG_DEPARTEMENT: &str = "CTG-047-2024-CD47";
const CTG_EPCI: &str = "CTG-063-2021-RLV";
const CTG_HOUVE: &str = "CTG-057-2021-HOUVE";
const CEJ: &str = "CEJ-042-2014-LOIRE";
const ALL: [&str; 6] = [
    CTG_DEPARTEMENT,
    CTG_EPCI,
    CTG_HOUVE,
    CEJ,
    "CEJ-042-2019-CHARLIEU",
    "CEJ-042-2019-FEURS",
];

#[track_caller]
pub fn assert_has(text: &str, wanted: &str) {
    assert!(text.contains(wanted), "expected « {wanted} » in:\n{text}");
}

#[track_caller]
pub fn assert_lacks(text: &str, unwanted: &str) {
    assert!(
        !text.contains(unwanted),
        "unexpected « {unwanted} » in:\n{text}"
    );
}

#[test]
fn the_convention_takes_effect_at_the_start_of_its_period_and_is_dated_where_it_is_signed() {
    let text = text_of(CTG_DEPARTEMENT);
    assert_has(
        &text,
        "La présente convention est conclue pour la période du 1er janvier 2024 au 31 décembre 2026. Elle prend effet au 1er janvier 2024.",
    );
    assert_lacks(&text, "date de signature");
    assert_eq!(
        text.matches("16 octobre 2024").count(),
        1,
        "the signature date, once"
    );
    assert_has(&text, "Fait à Agen, le 16 octobre 2024");
    let text = text_of(CEJ);
    assert_has(
        &text,
        "Le présent contrat est conclu pour la période du 1er janvier 2014 au 31 décembre 2017. Il prend effet au 1er janvier 2014.",
    );
}

#[test]
fn every_reference_resolves_inside_the_document() {
    for reference in ALL {
        let text = text_of(reference);
        if reference != CTG_HOUVE {
            // The only fixture with fiches action (tests/cli/fiches.rs reads them).
            assert_lacks(&text, "fiche");
        }
        // A CEJ's annex 1 is its conditions générales, which « Pièces contractuelles » lists.
        if reference != CTG_HOUVE && !reference.starts_with("CEJ") {
            assert_lacks(&text, "annexe 1");
        }
        assert_lacks(&text, "annexe financière");
        assert_lacks(&text, "l’article 4");
        assert_has(&text, "– Engagements financiers");
        assert_has(&text, "tableau ci-dessous");
    }
    let text = text_of(CTG_HOUVE);
    assert_has(
        &text,
        "Financement : ligne 3 du tableau de l’article « Engagements financiers ».",
    );
    assert_has(&text, "Le plan d’actions figurant ci-après précise");
}

#[test]
fn no_field_of_intervention_reads_a_bare_autre() {
    let text = text_of(CTG_DEPARTEMENT);
    assert_has(
        &text,
        "– Citoyenneté et laïcité – Animation des réseaux d’acteurs",
    );
    assert_has(
        &text,
        "Champs : Enfance, Jeunesse, Animation des réseaux d’acteurs.",
    );
    // A bare `autre` borrows its axis's title, and `check` says so at its line.
    let dir = tempdir();
    let file = dir.path().join("bare.toml");
    let bare = fixture("ctg/CTG-047-2024-CD47.toml").replace(
        "domains = [{ autre = \"Citoyenneté et laïcité\" }]",
        "domains = [\"autre\"]",
    );
    std::fs::write(&file, &bare).unwrap();
    let check = convgen(&["check", file.to_str().unwrap()]);
    let err = stderr(&check);
    assert_eq!(code(&check), 0, "a warning: {err}");
    let line = bare
        .lines()
        .position(|l| l == "domains = [\"autre\"]")
        .unwrap()
        + 1;
    assert_has(&err, &format!("bare.toml:{line}:12"));
    assert_has(&err, "a bare `autre` field is named after its axis");
    let text = rendered_text(&file, CTG_DEPARTEMENT, &[]);
    assert_lacks(&text, "Autre");
    assert_has(
        &text,
        "– Promouvoir le vivre ensemble et les valeurs de la République –",
    );
}

#[test]
fn bonus_territoire_only_in_a_ctg_that_can_pay_it() {
    let departement = text_of(CTG_DEPARTEMENT);
    assert_lacks(&departement, "bonus territoire");
    assert_has(
        &departement,
        "organise la coordination des politiques de la Caf et de ses partenaires en direction des familles et décline les orientations du schéma départemental des services aux familles de Lot-et-Garonne",
    );
    for reference in [CTG_EPCI, CTG_HOUVE] {
        let text = text_of(reference);
        assert_has(
            &text,
            "Sa signature conditionne le versement des bonus territoire CTG",
        );
        assert_has(
            &text,
            "Les bonus territoire CTG sont versés directement aux gestionnaires",
        );
    }
}

#[test]
fn a_cej_starting_after_2019_gets_a_warning_and_fails_strict() {
    let dir = tempdir();
    let file = dir.path().join("cej.toml");
    // The same CEJ, signed a year later: 2020 to 2023, its 2019 amounts dropped.
    let drop_2019 = |line: &str| match line.split_once("{ 2019 = ") {
        Some((head, rest)) => format!("{head}{{ {}", rest.split_once(", ").unwrap().1),
        None => line.to_string(),
    };
    let text: String = fixture("cej/CEJ-042-2019-FEURS.toml")
        .replace("start = 2019-07-01", "start = 2020-01-01")
        .replace("end = 2023-06-30", "end = 2023-12-31")
        .lines()
        .map(|l| drop_2019(l) + "\n")
        .collect();
    std::fs::write(&file, &text).unwrap();
    let check = convgen(&["check", file.to_str().unwrap()]);
    let err = stderr(&check);
    assert_eq!(code(&check), 0, "{err}");
    let line = text
        .lines()
        .position(|l| l.starts_with("start = 2020"))
        .unwrap()
        + 1;
    assert_has(&err, &format!("cej.toml:{line}:9"));
    assert_has(
        &err,
        "no CEJ starts after 2019: since the Cnaf circular n° 2020-01 of 16 January 2020",
    );
    let strict = convgen(&["check", file.to_str().unwrap(), "--strict"]);
    assert_eq!(code(&strict), 1, "{}", stderr(&strict));
}

#[test]
fn parties_take_their_articles_and_bodies_their_contractions() {
    let cej = text_of(CEJ);
    assert_has(
        &cej,
        "Le Département de la Loire, ci-après dénommé « le Département », représenté par Robert Montagnon",
    );
    assert_has(
        &cej,
        "délibération n° CP-2014-09-042 de la Commission permanente du Conseil général en date du 15 septembre 2014",
    );
    assert_has(
        &cej,
        "délibération n° CA-2014-06-12 du Conseil d’administration",
    );
    assert_has(
        &cej,
        "Pour la Caisse de mutualité sociale agricole Ardèche Drôme Loire",
    );
    let rlv = text_of(CTG_EPCI);
    assert_has(
        &rlv,
        "La Communauté d’agglomération Riom Limagne et Volcans, dont le siège est situé",
    );
    assert_has(
        &rlv,
        "La Commune d’Enval, dont le siège est situé à la mairie, 63530 Enval, ci-après dénommée « la Commune d’Enval », représentée par Jean-Luc Tixier",
    );
    assert_has(&rlv, "délibération n° 2021-041 du Conseil municipal");
    assert_has(
        &rlv,
        "Pour la Caisse d’allocations familiales du Puy-de-Dôme",
    );
    assert_has(&rlv, "Pour la Commune d’Enval");
    let houve = text_of(CTG_HOUVE);
    assert_has(
        &houve,
        "La Communauté de communes Houve-Pays Boulageois s’engage",
    );
}

#[test]
fn a_day_and_its_month_are_never_split() {
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let output = convgen(&[
        "render",
        "fixtures/ctg/CTG-063-2021-RLV.toml",
        "--format",
        "typ",
        "-o",
        out,
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let typ = std::fs::read_to_string(Path::new(out).join("CTG-063-2021-RLV.typ")).unwrap();
    assert!(
        typ.contains("1er\u{a0}octobre\u{a0}2021") && typ.contains("18\u{a0}octobre\u{a0}2021")
    );
    assert!(
        !typ.contains("18 octobre") && !typ.contains("octobre 2021"),
        "a breaking space between day and month"
    );
}

#[test]
fn the_caf_is_authorised_and_called_la_caf() {
    let rlv = text_of(CTG_EPCI);
    assert_has(
        &rlv,
        "en qualité de Directeur, dûment autorisés à signer la présente convention par délibération n° 2021-47 du conseil d’administration en date du 20 septembre 2021, d’une part",
    );
    assert_lacks(&rlv, "Caf du Puy-de-Dôme");
    let houve = text_of(CTG_HOUVE);
    assert_has(
        &houve,
        "ci-après dénommée « la Caf », représentée par Gilbert Schmitt",
    );
}

#[test]
fn visas_open_the_convention() {
    let text = text_of(CTG_DEPARTEMENT);
    let visas = "Vu le code de la sécurité sociale, notamment son article L. 263-1 ; Vu le code de l’action sociale et des familles ; Vu la circulaire Cnaf n° 2020-01 du 16 janvier 2020";
    assert_has(&text, visas);
    assert_has(
        &text,
        "Vu le schéma départemental des services aux familles de Lot-et-Garonne 2021-2026 ; Entre les soussignés",
    );
    let cej = text_of(CEJ);
    assert_has(
        &cej,
        "Vu le code de l’action sociale et des familles ; Vu la lettre circulaire Cnaf n° 2006-076 du 22 juin 2006 relative au contrat enfance et jeunesse et à ses conditions générales ; Entre les soussignés",
    );
    assert_lacks(&cej, "2020-01");
}

#[test]
fn termination_releases_the_failing_party_and_the_others_go_on() {
    let rlv = text_of(CTG_EPCI);
    assert_has(
        &rlv,
        "peut être résiliée à l’égard de la partie défaillante par la partie qui l’a mise en demeure ; elle se poursuit entre les autres parties. La résiliation à l’égard de la Caf met fin à la présente convention.",
    );
    assert_has(
        &rlv,
        "Les sommes versées au titre d’actions non réalisées, ou utilisées à d’autres fins que celles prévues, sont restituées à la partie qui les a versées, dans les conditions de l’acte au titre duquel elles l’ont été.",
    );
    let two_parties = text_of(CTG_DEPARTEMENT);
    assert_has(
        &two_parties,
        "la présente convention peut être résiliée de plein droit par l’autre partie.",
    );
}

#[test]
fn the_convention_is_modified_only_by_avenant() {
    let text = text_of(CTG_HOUVE);
    assert_has(
        &text,
        "– Modification La présente convention ne peut être modifiée que par avenant signé par l’ensemble des parties",
    );
    assert_has(
        &text,
        "Une commune ou un autre partenaire peut adhérer à la présente convention en cours d’exécution, par voie d’avenant signé par l’ensemble des parties et précisant ses engagements.",
    );
}

#[test]
fn a_cej_reads_as_a_contract_with_objectives_cofunders_and_payees() {
    let text = text_of(CEJ);
    for word in ["présente convention", "de la convention", "Axe ", "axe "] {
        assert_lacks(&text, word);
    }
    assert_has(&text, "Objectif 1 –");
    // 55 % is the conditions générales' ceiling, not a rate this contract would bind itself to.
    assert_has(
        &text,
        "au taux de cofinancement qu’elles fixent, au plus 55 % du reste à charge des actions",
    );
    assert_lacks(&text, "taux de cofinancement de 55");
    // Département, MSA and Caf sign this CEJ: no commune is there to be joined by another.
    assert_has(
        &text,
        "Un autre partenaire institutionnel peut adhérer au présent contrat",
    );
    assert_has(
        &text,
        "Le Département de la Loire et la Caisse de mutualité sociale agricole Ardèche Drôme Loire participent, en qualité de cofinanceurs, au financement des actions",
    );
    assert_lacks(&text, "Cmsa");
    assert_has(&text, "€ Département de la Loire 65");
    let rows = text.matches("bénéficiaire :").count();
    assert_eq!(rows, 3, "every funding line names its payee");
    // The Département funds its own relais and coordination (lines 3, 4): no « bénéficiaire » but itself.
    assert_has(
        &text,
        "Département de la Loire · Coordination · autofinancement · objectif 3",
    );
    let feurs = text_of("CEJ-042-2019-FEURS");
    assert_has(
        &feurs,
        "La Commune de Feurs s’engage à mettre en œuvre les actions inscrites au présent contrat",
    );
}

#[test]
fn small_things_cover_signature_page_and_court() {
    let cover = page_text(&rendered().join(format!("{CTG_DEPARTEMENT}.pdf")), 1);
    assert_eq!(
        cover.matches("Convention territoriale globale").count(),
        2,
        "heading and preamble: {cover}"
    );
    assert_has(
        &cover,
        "Convention territoriale globale Caf / Département 2024-2026 Lot-et-Garonne",
    );
    for reference in ALL {
        let pages = page_count(&rendered().join(format!("{reference}.pdf")));
        let last = (1..=pages)
            .map(|p| page_text(&rendered().join(format!("{reference}.pdf")), p))
            .find(|t| t.contains("Fait à"));
        let last = last.unwrap_or_else(|| panic!("{reference}: no signature page"));
        assert_has(&last, "– Pièces contractuelles ");
    }
    assert_has(
        &text_of(CTG_EPCI),
        "le litige est porté devant le tribunal administratif de Clermont-Ferrand.",
    );
    assert_has(
        &text_of(CTG_HOUVE),
        "le litige est porté devant le tribunal administratif de Strasbourg.",
    );
}

#[test]
fn corrections_after_the_second_reading() {
    let cej = text_of(CEJ);
    assert_has(
        &cej,
        "La Caisse de mutualité sociale agricole Ardèche Drôme Loire, ci-après dénommée « la MSA », représentée par Henri Vallat",
    );
    // Paid for the coordination, the Département also carries the actions.
    assert_has(
        &cej,
        "Le Département de la Loire s’engage à mettre en œuvre les actions inscrites au présent contrat",
    );
    assert_has(
        &cej,
        "accompagner le Département de la Loire et la Caisse de mutualité sociale agricole Ardèche Drôme Loire dans la mise en œuvre des actions",
    );
    assert_has(
        &cej,
        "à l’exception de l’ajustement annuel des montants de la prestation de service prévu à l’article « Engagements financiers », qui ne donne pas lieu à avenant",
    );
    assert_has(
        &cej,
        "Champ : Petite enfance, Handicap."
            .replace("Champ :", "Champs :")
            .as_str(),
    );
    let rlv = text_of(CTG_EPCI);
    assert_has(
        &rlv,
        "Riom Limagne et Volcans, dont le siège est situé 5 mail Jost Pasquier, 63200 Riom, ci-après dénommée « la Communauté d’agglomération »",
    );
    assert_has(
        &rlv,
        "La Caisse d’allocations familiales du Puy-de-Dôme, dont le siège est situé 3 rue Vaucanson, 63100 Clermont-Ferrand, ci-après dénommée « la Caf », représentée par",
    );
    assert_has(
        &rlv,
        "la Caf ou, si la défaillance est celle de la Caf, toute autre partie peut la mettre en demeure",
    );
    assert_has(
        &rlv,
        "Les parties conduisent ensemble le diagnostic partagé financé par les lignes 9 et 10 du tableau de l’article « Engagements financiers »",
    );
    assert_has(
        &rlv,
        "Communauté d’agglomération Riom Limagne et Volcans · Diagnostic · autofinancement",
    );
    assert_lacks(&rlv, "sous réserve de la signature");
    let departement = text_of(CTG_DEPARTEMENT);
    assert_has(
        &departement,
        "Un autre partenaire institutionnel peut adhérer",
    );
    assert_has(&departement, "Champ : Parentalité.");
    assert_has(&departement, "en deux exemplaires originaux.");
    let feurs = text_of("CEJ-042-2019-FEURS");
    assert_has(
        &feurs,
        "et à accompagner la Commune de Feurs dans la mise en œuvre des actions",
    );
    // Without `court`, the competent court, unnamed.
    let dir = tempdir();
    let file = dir.path().join("no-court.toml");
    let text = fixture("ctg/CTG-057-2021-HOUVE.toml")
        .replace("court = \"tribunal administratif de Strasbourg\"\n", "");
    std::fs::write(&file, text).unwrap();
    let text = rendered_text(&file, CTG_HOUVE, &[]);
    assert_has(
        &text,
        "le litige est porté devant le tribunal administratif territorialement compétent.",
    );
}

/// A seat given as a town alone reads « situé à » it; a SIREN is grouped by three, as
/// French writes it, read back from the PDF.
#[test]
fn a_town_alone_is_where_the_seat_is_and_a_siren_is_grouped() {
    let dir = tempdir();
    let text = fixture("ctg/CTG-057-2021-HOUVE.toml");
    // A SIREN that passes the check digit, for the test only: the fixture has none.
    let town = text.replacen(
        "name = \"Communauté de communes Houve-Pays Boulageois\"",
        "name = \"Communauté de communes Houve-Pays Boulageois\"\nsiren = \"200067502\"\naddress = \"Boulay-Moselle\"",
        1,
    );
    assert_ne!(text, town);
    std::fs::write(dir.path().join("houve.toml"), town).unwrap();
    let out = convgen_in(dir.path(), &["render", "houve.toml", "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = pdf_text(&dir.path().join("out/CTG-057-2021-HOUVE.pdf"));
    assert_has(
        &text,
        "SIREN 200 067 502, dont le siège est situé à Boulay-Moselle, ci-après",
    );
}
