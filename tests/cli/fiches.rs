//! Fiches action (step 10): an action may be a table, its fiche, printed as one sheet in the
//! annex « Fiches action » and referred to from its line of the plan.

use convgen::format::Source;
use convgen::pipeline::load;

use crate::render::rendered;
use crate::*;

const HOUVE: &str = "CTG-057-2021-HOUVE";

/// The text of each page of a rendered fixture.
fn pages(reference: &str) -> Vec<String> {
    let pdf = rendered().join(format!("{reference}.pdf"));
    (1..=page_count(&pdf))
        .map(|page| page_text(&pdf, page))
        .collect()
}

#[test]
fn every_field_of_a_fiche_reads_back_on_its_own_sheet() {
    let text = fixture("ctg/CTG-057-2021-HOUVE.toml");
    let c = load(&Source::from_bytes(
        "houve.toml".as_ref(),
        text.into_bytes(),
    ))
    .convention;
    let action = &c.axes[3].actions[0];
    let fiche = action.fiche.as_ref().expect("the fixture's first fiche");
    let pages = pages(HOUVE);
    let sheet = (pages.iter())
        .find(|p| p.contains("Fiche action 4.1 –"))
        .expect("a sheet for fiche 4.1");
    assert!(sheet.starts_with(&format!("Convention territoriale globale — Houve et Pays Boulageois {HOUVE} Annexe 1 – Fiches action")), "{sheet}");
    let mut expected = vec![
        normalize("AXE 4 – FAIRE DE LA PARENTALITÉ UNE PRIORITÉ DE L’ACTION INTERCOMMUNALE"),
        normalize(&format!("Fiche action 4.1 – {}", action.title)),
    ];
    let labelled = [
        ("Besoin identifié", fiche.need.iter().collect::<Vec<_>>()),
        ("Objectifs", fiche.objectives.iter().collect()),
        ("Public visé", fiche.public.iter().collect()),
        ("Pilote", fiche.pilot.iter().collect()),
        ("Partenaires", fiche.partners.iter().collect()),
        ("Calendrier", fiche.calendar.iter().collect()),
        ("Moyens", fiche.means.iter().collect()),
        (
            "Indicateurs d’évaluation",
            fiche.indicators.iter().collect(),
        ),
    ];
    for (label, values) in labelled {
        assert!(!values.is_empty(), "the fixture fills `{label}`");
        expected.push(label.to_string());
        expected.extend(values.into_iter().map(|v| normalize(v)));
    }
    for wanted in &expected {
        assert!(
            sheet.contains(wanted.as_str()),
            "« {wanted} » on the sheet:\n{sheet}"
        );
    }
    // pdftotext drops the narrow no-break space between thousands: compare without spaces,
    // and read the exact French spelling in the generated source.
    let compact = |t: &str| t.split_whitespace().collect::<String>();
    assert!(
        compact(sheet).contains("Budgetprévisionnel42000,50€"),
        "{sheet}"
    );
    let dir = tempdir();
    let out = dir.path().to_str().unwrap();
    let typ = convgen(&[
        "render",
        "fixtures/ctg/CTG-057-2021-HOUVE.toml",
        "--format",
        "typ",
        "-o",
        out,
    ]);
    assert_eq!(code(&typ), 0, "{}", stderr(&typ));
    let source = std::fs::read_to_string(dir.path().join(format!("{HOUVE}.typ"))).unwrap();
    assert!(
        source.contains("([Budget prévisionnel], [#\"42\u{202f}000,50\u{a0}€\";])"),
        "{source}"
    );
    // In order, as a form reads.
    let positions: Vec<usize> = expected
        .iter()
        .map(|w| sheet.find(w.as_str()).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{expected:?} in order in:\n{sheet}"
    );
    let second = (pages.iter())
        .position(|p| p.contains("Fiche action 4.2 –"))
        .unwrap();
    let first = (pages.iter())
        .position(|p| p.contains("Fiche action 4.1 –"))
        .unwrap();
    assert_eq!(second, first + 1, "one sheet per fiche");
    assert!(compact(&pages[second]).contains("Budgetprévisionnel6000,00€"));
}

#[test]
fn the_plan_refers_to_each_fiche_and_lists_the_annex() {
    let text = pdf_text(&rendered().join(format!("{HOUVE}.pdf")));
    assert!(text.contains("4.1 Créer un lieu d’accueil enfants-parents itinérant à l’échelle de l’intercommunalité (fiche action 4.1, annexe 1)"), "{text}");
    assert!(text.contains("(fiche action 4.2, annexe 1)"));
    // A fiche with its title only is a line of the plan, with no sheet.
    assert!(!text.contains("fiche action 4.3") && !text.contains("Fiche action 4.3"));
    assert!(text.contains("Article 12 – Pièces contractuelles La présente convention est constituée des pièces contractuelles suivantes, qui prévalent dans cet ordre en cas de contradiction : – la présente convention ; – l’annexe 1 – Fiches action, établie à partir du plan d’actions. L’annexe fait partie intégrante de la présente convention."), "{text}");
    assert!(text.contains("figurent dans sa fiche action (annexe 1)"));
}

#[test]
fn a_fiche_is_checked_key_by_key() {
    let text = fixture("ctg/CTG-057-2021-HOUVE.toml")
        .replacen("budget = \"42 000,50\"", "budjet = \"42 000,50\"", 1)
        .replacen("budget = 6000", "budget = 6000.505", 1);
    let dir = tempdir();
    let file = dir.path().join("houve.toml");
    std::fs::write(&file, &text).unwrap();
    let output = convgen(&["check", file.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    let line = |marker: &str| text.lines().position(|l| l.starts_with(marker)).unwrap() + 1;
    assert!(
        err.contains(&format!("houve.toml:{}:1", line("budjet"))),
        "{err}"
    );
    assert!(
        err.contains("`axes[4].actions[1].budjet`: unknown key")
            && err.contains("did you mean `budget`?"),
        "{err}"
    );
    assert!(
        err.contains(&format!("houve.toml:{}:10", line("budget = 6000.505"))),
        "{err}"
    );
    assert!(
        err.contains("`axes[4].actions[2].budget`: an amount has at most two decimals"),
        "{err}"
    );
}

#[test]
fn renew_carries_the_fiches_over() {
    let dir = tempdir();
    let cej = fixture("cej/CEJ-042-2019-CHARLIEU.toml");
    let fiche = "[[axes]]\ntitle = \"Accueillir les enfants le mercredi\"\ndomains = [\"enfance\"]\n\n[[axes.actions]]\ntitle = \"Ouvrir un accueil de loisirs le mercredi\"\npublic = \"Enfants de 3 à 11 ans\"\nbudget = \"12 000,00\"\nindicators = [\"Nombre d’enfants inscrits\"]\n\n[[funding]]";
    let with_fiche = cej.replacen("[[funding]]", fiche, 1);
    assert_ne!(with_fiche, cej);
    let input = dir.path().join("CEJ-042-2019-CHARLIEU.toml");
    std::fs::write(&input, &with_fiche).unwrap();
    let out = dir.path().join("out");
    let output = convgen(&[
        "renew",
        input.to_str().unwrap(),
        "--expiring-before",
        "2023-01-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let read = |path: &std::path::Path| load(&Source::read(path).unwrap()).convention;
    let (cej, ctg) = (read(&input), read(&out.join("CTG-042-2023-CHARLIEU.toml")));
    let fiches = |c: &convgen::model::Convention| -> Vec<convgen::model::Action> {
        c.axes
            .iter()
            .flat_map(|a| a.actions.iter())
            .filter(|a| a.fiche.is_some())
            .cloned()
            .collect()
    };
    assert_eq!(fiches(&ctg), fiches(&cej));
    assert_eq!(fiches(&ctg).len(), 1);
    let text = pdf_text(&out.join("CTG-042-2023-CHARLIEU-projet.pdf"));
    let compact: String = text.split_whitespace().collect();
    assert!(compact.contains("Ficheaction4.1–Ouvrirunaccueil"), "{text}");
    assert!(compact.contains("Budgetprévisionnel12000,00€"), "{text}");
}

#[test]
fn a_fiche_s_labels_are_the_row_headers_of_its_table_for_screen_readers() {
    let pdf = rendered().join(format!("{HOUVE}.pdf"));
    let document = lopdf::Document::load(&pdf).unwrap();
    let name = |dict: &lopdf::Dictionary, key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(<[u8]>::to_vec)
    };
    let mut row_headers = 0;
    for object in document.objects.values() {
        let Ok(element) = object.as_dict() else {
            continue;
        };
        if name(element, b"S").as_deref() != Some(b"TH") {
            continue;
        }
        // `/A`: one attribute dictionary, or an array of them.
        let attributes: Vec<lopdf::Dictionary> = match element.get(b"A") {
            Ok(lopdf::Object::Array(all)) => all
                .iter()
                .filter_map(|a| a.as_dict().ok().cloned())
                .collect(),
            Ok(lopdf::Object::Dictionary(one)) => vec![one.clone()],
            _ => Vec::new(),
        };
        if attributes
            .iter()
            .any(|a| name(a, b"Scope").as_deref() == Some(b"Row"))
        {
            row_headers += 1;
        }
    }
    // HOUVE's two fiches: nine labelled rows and five.
    assert_eq!(
        row_headers,
        9 + 5,
        "each label a row header (/TH, /Scope /Row)"
    );
}
