//! The jurist's third read of the rendered fixtures (step 20): each point it left « à
//! corriger », read back from the PDFs with pdftotext; and the attached source without the
//! signatories' e-mails, which `diff` and `avenant` still read.

use std::path::Path;

use crate::render::rendered;
use crate::wording::{assert_has, assert_lacks};
use crate::*;

const VAL_DE_L_EYRE: &str = "CTG-033-2020-VALDELEYRE";
const CEJS: [&str; 3] = [
    "CEJ-042-2014-LOIRE",
    "CEJ-042-2019-CHARLIEU",
    "CEJ-042-2019-FEURS",
];

fn text_of(reference: &str) -> String {
    pdf_text(&rendered().join(format!("{reference}.pdf")))
}

/// The jurist's third read: what each document had left « à corriger ».
#[test]
fn the_third_read_finds_nothing_left_to_correct() {
    // No invented SIREN in a document a jurist signs.
    for reference in [
        "CTG-057-2021-HOUVE",
        "CTG-057-2021-HOUVE-AV1",
        "CEJ-042-2019-CHARLIEU",
    ] {
        assert_lacks(&text_of(reference), "SIREN");
    }
    // One signature mode per document: on paper the PDF's fields are said unused.
    for (reference, signed) in [
        "CTG-057-2021-HOUVE",
        "CTG-063-2021-RLV",
        "CTG-047-2024-CD47",
    ]
    .into_iter()
    .map(|r| (r, "La présente convention est signée"))
    .chain(CEJS.map(|r| (r, "Le présent contrat est signé")))
    {
        let said = format!(
            "exemplaires originaux. {signed} à la main ; les champs de signature électronique de son fichier PDF ne sont pas utilisés."
        );
        assert_has(&text_of(reference), &said);
    }
    let avenant = text_of("CTG-057-2021-HOUVE-AV1");
    assert_has(
        &avenant,
        "Le présent avenant est signé électroniquement par les parties",
    );
    assert_lacks(&avenant, "exemplaires originaux");
    // The Caf board's délibération.
    assert_has(
        &text_of("CTG-057-2021-HOUVE"),
        "dûment autorisés à signer la présente convention par délibération du Conseil d’administration en date du 15 décembre 2020",
    );
    for reference in CEJS {
        assert_has(
            &text_of(reference),
            "dûment autorisés à signer le présent contrat par délibération du Conseil d’administration en date du",
        );
    }
    // The coordinator post: 24 000 € as the source says, not a year.
    let cd47 = text_of("CTG-047-2024-CD47");
    assert_has(&cd47, "s’élève à 24 000,00 € (vingt-quatre mille euros)");
    // A line's label names its beneficiary.
    assert_has(
        &text_of(VAL_DE_L_EYRE),
        "Bonus territoire ALSH : accueil de loisirs de la Commune de Salles",
    );
    // « les partenaires signataires » defined where the parties are.
    assert_has(
        &text_of("CTG-063-2021-RLV"),
        "d’autre part, Les parties autres que la Caf sont ci-après dénommées ensemble « les partenaires signataires ».",
    );
    assert_lacks(&text_of("CTG-057-2021-HOUVE"), "partenaires signataires");
    // A CEJ's financial article in two numbered sub-articles.
    for reference in CEJS {
        let text = text_of(reference);
        assert_has(
            &text,
            "Article 7 – Engagements financiers 7.1 – Montants prévisionnels",
        );
        assert_has(&text, "7.2 – Calcul, versement et contrôle");
    }
}

#[test]
fn without_signature_fields_a_paper_convention_does_not_speak_of_them() {
    let feurs = Path::new("fixtures/cej/CEJ-042-2019-FEURS.toml");
    let text = rendered_text(feurs, "CEJ-042-2019-FEURS", &["--no-signature-fields"]);
    assert_has(&text, "en deux exemplaires originaux.");
    assert_lacks(&text, "champs de signature");
}

#[test]
fn a_pdf_carries_no_e_mail_and_diff_and_avenant_still_read_it() {
    let dir = tempdir();
    let houve = "fixtures/ctg/CTG-057-2021-HOUVE.toml";
    let pdf = pdf_of_fixture(houve, dir.path());
    assert!(!attached_source(&pdf).contains('@'));
    // The e-mails the file has and the PDF lacks are no change to the convention.
    let diff = convgen(&["diff", pdf.to_str().unwrap(), houve]);
    assert_eq!(code(&diff), 0, "{}", stderr(&diff));
    assert!(!stdout(&diff).contains('@'), "{}", stdout(&diff));
    assert!(!stdout(&diff).contains("Signat"), "{}", stdout(&diff));
    // An avenant from the PDF restates no party that did not change.
    let new = dir.path().join("new.toml");
    std::fs::write(
        &new,
        fixture("ctg/CTG-057-2021-HOUVE.toml").replacen("2023 = 5200", "2023 = 5600", 1),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = convgen(&[
        "avenant",
        pdf.to_str().unwrap(),
        new.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let avenant = std::fs::read_to_string(out.join("CTG-057-2021-HOUVE-AV1.toml")).unwrap();
    assert!(!avenant.contains("[[previous.partners]]"), "{avenant}");
}

/// Renders a fixture into `dir`; its PDF.
fn pdf_of_fixture(input: &str, dir: &Path) -> std::path::PathBuf {
    let run = convgen(&["render", input, "-o", dir.to_str().unwrap()]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let name = Path::new(input).file_stem().unwrap().to_str().unwrap();
    dir.join(format!("{name}.pdf"))
}
