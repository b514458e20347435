//! The jurist's fourth read of the rendered fixtures (step 20, issue 28): each point it left
//! « à corriger », read back from the PDFs with pdftotext.

use crate::render::rendered;
use crate::wording::{assert_has, assert_lacks};
use crate::*;

const LOIRE: &str = "CEJ-042-2014-LOIRE";
const AVENANT: &str = "CTG-057-2021-HOUVE-AV1";
const VAL_DE_L_EYRE: &str = "CTG-033-2020-VALDELEYRE";
const RLV: &str = "CTG-063-2021-RLV";

fn text_of(reference: &str) -> String {
    pdf_text(&rendered().join(format!("{reference}.pdf")))
}

/// LOIRE as its source tells it: coordination and communication (the relais assistants
/// maternels that inform families, co-funded by the Département), the handicap device under
/// a convention annexe of its own for 2014, and no warning left for a jurist to fix.
#[test]
fn the_loire_cej_funds_what_its_source_says_and_passes_check() {
    let text = text_of(LOIRE);
    assert_lacks(&text, "120 000,00 €");
    assert_has(
        &text,
        "2. PSEJ : relais assistants maternels départementaux (fonction d’accueil) — information des familles sur les modes d’accueil",
    );
    assert_has(
        &text,
        "Relais assistants maternels départementaux : participation du Département",
    );
    assert_has(
        &text,
        "€ en 2014 aux actions en faveur de la petite enfance",
    );
    assert_has(
        &text,
        "Convention annexe Les parties financent par une convention annexe, distincte du présent contrat, des actions qu’il ne couvre pas, notamment le dispositif pour l’accueil d’enfants handicapés dans les crèches.",
    );
    let run = convgen(&["check", "--strict", "fixtures/cej/CEJ-042-2014-LOIRE.toml"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(stderr(&run).contains("0 warnings"), "{}", stderr(&run));
}

/// An article restated whole in an avenant is set apart, between « and », and refers to the
/// convention's articles by number.
#[test]
fn an_avenant_sets_apart_the_articles_it_restates() {
    let text = text_of(AVENANT);
    assert_has(
        &text,
        "En conséquence, l’article 4 de la convention est remplacé par les dispositions suivantes : « Article 4 – Plan d’actions Les parties retiennent",
    );
    assert_has(
        &text,
        "L’article 7 de la convention est remplacé par les dispositions suivantes : « Article 7 – Engagements financiers Les financements",
    );
    // Each restated article closes before the avenant speaks again.
    assert_has(&text, "(guide des familles) »");
    assert_has(&text, "cette décision fixe. »");
    assert_has(
        &text,
        "ils sont arrêtés par le comité de pilotage prévu à l’article 6 de la convention.",
    );
    assert_lacks(&text, "prévu ci-après");
}

/// The group of communes is a party of its own, after the EPCI; its delegated signatory
/// holds an arrêté of the mandate begun in 2020.
#[test]
fn the_val_de_l_eyre_group_is_its_own_party_under_a_current_delegation() {
    let text = text_of(VAL_DE_L_EYRE);
    assert_has(
        &text,
        "du 4 février 2020 ; Les cinq communes suivantes, qui signent ensemble comme une seule partie : – la Commune de Belin-Béliet",
    );
    assert_has(
        &text,
        "par délégation du Maire (arrêté n° 2020-A-031 du 2 juin 2020)",
    );
    assert_lacks(&text, "2014");
}

/// The CEJ's conditions générales are identified and listed as an annex held apart.
#[test]
fn a_cej_identifies_its_conditions_generales_as_an_annex() {
    for (reference, identity) in [
        (
            LOIRE,
            "(version annexée à la lettre circulaire Cnaf n° 2006-076 du 22 juin 2006)",
        ),
        (
            "CEJ-042-2019-CHARLIEU",
            "(version de novembre 2016, 18 pages)",
        ),
        ("CEJ-042-2019-FEURS", "(version de novembre 2016, 18 pages)"),
    ] {
        let text = text_of(reference);
        assert_has(
            &text,
            &format!(
                "les conditions générales de la prestation de service enfance et jeunesse établies par la Cnaf {identity}, qui en forment l’annexe 1, le complètent"
            ),
        );
        assert_has(
            &text,
            &format!(
                "– les présentes conditions particulières ; – l’annexe 1 – Conditions générales de la prestation de service enfance et jeunesse établies par la Cnaf {identity}, document établi séparément et paraphé par les parties, qui déclarent en avoir pris connaissance."
            ),
        );
        assert_lacks(
            &text,
            "conditions générales du contrat enfance et jeunesse établies",
        );
    }
}

/// Every party has its seat, or none; each collectivité answers for the équipements it
/// co-funds.
#[test]
fn every_party_has_its_seat_and_co_funds_its_own_equipements() {
    let rlv = text_of(RLV);
    assert_eq!(rlv.matches("dont le siège est situé").count(), 16, "{rlv}");
    assert_has(
        &rlv,
        "La Commune de Mozac, dont le siège est situé à la mairie, 63200 Mozac,",
    );
    assert_has(
        &rlv,
        "Les partenaires signataires s’engagent en outre, chacun pour les équipements qu’il cofinance, à maintenir son cofinancement",
    );
    assert_has(
        &text_of(VAL_DE_L_EYRE),
        "s’engagent en outre, chacune pour les équipements qu’elle cofinance, à maintenir son cofinancement",
    );
    assert_has(
        &text_of("CTG-057-2021-HOUVE"),
        "s’engage en outre à maintenir, pendant toute la durée de la convention, son cofinancement",
    );
}

#[test]
fn check_warns_when_only_some_parties_have_a_seat() {
    let dir = tempdir();
    let file = dir.path().join("rlv.toml");
    let text =
        fixture("ctg/CTG-063-2021-RLV.toml").replace("address = \"Mairie, 63720 Chappes\"\n", "");
    std::fs::write(&file, text).unwrap();
    let run = convgen(&["check", file.to_str().unwrap()]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let said = stderr(&run);
    assert!(
        said.contains("warning: `partners[3].address`: this party has no seat, while 15 of the 16 parties have one"),
        "{said}"
    );
    assert!(
        said.contains("give every party its seat, or none"),
        "{said}"
    );
}

/// CD47 commits to what is still to do: what its source says was created since 2016 is
/// consolidated or supported, not created again, and no third party is named in its plan.
#[test]
fn cd47_does_not_promise_to_create_what_exists() {
    let text = text_of("CTG-047-2024-CD47");
    for done in [
        "Création du Pôle",
        "Création de centres sociaux",
        "La Roseraie",
    ] {
        assert_lacks(&text, done);
    }
    assert_has(
        &text,
        "Consolidation du Pôle Ressources Handicap, créé depuis 2016",
    );
    assert_has(
        &text,
        "Soutien aux 4 centres sociaux et aux 11 espaces de vie sociale créés depuis 2016",
    );
}

/// A funding kind reads as it was named the day the convention was signed: HOUVE (January
/// 2021) funds a relais assistants maternels, RLV (October 2021) a relais petite enfance.
#[test]
fn the_relais_bonus_is_named_as_on_the_day_of_signature() {
    let houve = text_of("CTG-057-2021-HOUVE");
    assert_has(&houve, "Caf · Bonus territoire RAM");
    assert_lacks(&houve, "Bonus territoire RPE");
    assert_has(&text_of(RLV), "Bonus territoire RPE");
}
