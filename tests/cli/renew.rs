//! `convgen renew`: expiring CEJs into CTG drafts that pass `check` and render.

use std::path::{Path, PathBuf};

use convgen::format::Source;
use convgen::model::{Convention, FundingKind, PartnerKind};
use convgen::pipeline::load;

use crate::*;

/// Report lines by input file name: (cej_reference, status, ctg_reference, message).
fn report(dir: &Path) -> Vec<(String, [String; 4])> {
    let text = std::fs::read_to_string(dir.join("renew-report.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("input,cej_reference,status,ctg_reference,message")
    );
    lines
        .map(|line| {
            let fields = split_csv(line);
            assert_eq!(fields.len(), 5, "{line}");
            let name = Path::new(&fields[0])
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                [
                    fields[1].clone(),
                    fields[2].clone(),
                    fields[3].clone(),
                    fields[4].clone(),
                ],
            )
        })
        .collect()
}

/// One CSV record with RFC 4180 quoting.
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

/// A drafted CTG, valid but for the names left « À compléter » (an EPCI's signatory), which
/// `check` refuses until they are given.
fn read_ctg(path: &Path) -> Convention {
    let loaded = load(&Source::read(path).unwrap());
    let errors: Vec<_> = (loaded.diagnostics.iter())
        .filter(|d| d.is_error() && d.message.id() != "still-to-complete")
        .collect();
    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    loaded.convention
}

fn copy_fixture(dir: &Path, relative: &str) -> PathBuf {
    let target = dir.join(Path::new(relative).file_name().unwrap());
    std::fs::copy(root().join(relative), &target).unwrap();
    target
}

#[test]
fn expiring_cejs_become_ctgs_that_pass_check_and_render() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    copy_fixture(&inputs, "fixtures/cej/CEJ-042-2019-CHARLIEU.toml");
    // LOIRE with a PSEJ line of an équipement that has no bonus territoire.
    std::fs::write(
        inputs.join("CEJ-042-2014-LOIRE.toml"),
        fixture("cej/CEJ-042-2014-LOIRE.toml").replacen(
            "equipment = \"rpe\"",
            "equipment = \"autre\"",
            1,
        ),
    )
    .unwrap();
    copy_fixture(&inputs, "fixtures/cej/CEJ-042-2019-FEURS.toml");
    copy_fixture(&inputs, "fixtures/ctg/CTG-057-2021-HOUVE.toml");
    std::fs::write(
        inputs.join("invalid.toml"),
        "kind = \"cej\"\nreference = \"../x\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = convgen(&[
        "renew",
        inputs.to_str().unwrap(),
        "--expiring-before",
        "2023-01-01",
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "an invalid input fails the run: {err}");
    assert!(err.contains("invalid.toml:2:"), "{err}");

    let report = report(&out);
    let status: Vec<(&str, &str, &str)> = report
        .iter()
        .map(|(name, f)| (name.as_str(), f[1].as_str(), f[2].as_str()))
        .collect();
    assert_eq!(
        status,
        [
            ("CEJ-042-2014-LOIRE.toml", "renewed", "CTG-042-2018-LOIRE"),
            (
                "CEJ-042-2019-CHARLIEU.toml",
                "renewed",
                "CTG-042-2023-CHARLIEU"
            ),
            ("CEJ-042-2019-FEURS.toml", "skipped", ""),
            ("CTG-057-2021-HOUVE.toml", "skipped", ""),
            ("invalid.toml", "error", ""),
        ]
    );
    let message = |name: &str| report.iter().find(|(n, _)| n == name).unwrap().1[3].clone();
    assert_eq!(
        message("CEJ-042-2019-FEURS.toml"),
        "expires on 30 June 2023, not before 1 January 2023"
    );
    assert_eq!(message("CTG-057-2021-HOUVE.toml"), "not a CEJ (ctg)");
    assert!(
        message("CEJ-042-2019-CHARLIEU.toml").contains("a CTG must cover « parenting support »"),
        "no parentalité in that CEJ"
    );
    // Said in words, not in the file's codes.
    let loire = message("CEJ-042-2014-LOIRE.toml");
    assert!(
        loire.contains("équipement « Other »") && loire.contains("carried as « Other »"),
        "{loire}"
    );
    assert!(!loire.contains('`'), "{loire}");

    let ctg = read_ctg(&out.join("CTG-042-2023-CHARLIEU.toml"));
    assert_eq!(
        (ctg.period.start.to_string(), ctg.period.end.to_string()),
        ("2023-01-01".into(), "2027-12-31".into())
    );
    let cej = read_ctg(&inputs.join("CEJ-042-2019-CHARLIEU.toml"));
    assert_eq!(
        ctg.partners.iter().map(|p| &p.name).collect::<Vec<_>>(),
        cej.partners.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    // A CEJ's délibération does not authorise the CTG: kept for its body, number to complete.
    let deliberations =
        std::iter::once(&ctg.caf.deliberation).chain(ctg.partners.iter().map(|p| &p.deliberation));
    for (i, deliberation) in deliberations.enumerate() {
        let deliberation = deliberation.as_ref().expect("kept, flagged");
        assert_eq!(
            deliberation.number.as_deref(),
            Some("(numéro à compléter)"),
            "party {i}"
        );
    }
    assert!(
        message("CEJ-042-2014-LOIRE.toml")
            .contains("the period of this draft is already over (on 31 December 2022): adjust it"),
        "{loire}"
    );
    assert!(
        message("CEJ-042-2019-CHARLIEU.toml").contains(
            "the period of this draft has already started (on 1 January 2023): adjust it"
        ),
        "a period begun before today"
    );
    assert_eq!(ctg.axes.len(), cej.axes.len());
    let lines: Vec<(FundingKind, String)> = ctg
        .funding
        .iter()
        .map(|l| (l.kind, l.label.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                FundingKind::BonusTerritoireEaje,
                "Bonus territoire EAJE : multi-accueils de Charlieu et de Belmont-de-la-Loire"
                    .into()
            ),
            (
                FundingKind::BonusTerritoireAlsh,
                "Bonus territoire ALSH : accueils de loisirs intercommunaux".into()
            ),
            (
                FundingKind::Coordination,
                "Coordination : poste de coordonnateur enfance-jeunesse".into()
            ),
        ]
    );
    for (line, last) in ctg.funding.iter().zip(["39120.75", "22010.40", "10700.00"]) {
        let amounts: Vec<(i32, String)> = line
            .amounts
            .iter()
            .map(|(y, m)| (*y, m.to_string()))
            .collect();
        let expected: Vec<(i32, String)> = (2023..=2027).map(|y| (y, last.to_string())).collect();
        assert_eq!(amounts, expected, "{}", line.label);
    }

    // Held back until each new délibération is given; then it passes and renders.
    let check = convgen(&["check", out.to_str().unwrap()]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    let said = stderr(&check);
    assert!(said.contains("» is still to be completed"), "{said}");
    assert!(said.contains("« (date à compléter) » is still"), "{said}");
    for reference in ["CTG-042-2023-CHARLIEU", "CTG-042-2018-LOIRE"] {
        let file = out.join(format!("{reference}.toml"));
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, deliberations_given(&text, "2023-07", "2023-06-29")).unwrap();
    }
    let check = convgen(&["check", out.to_str().unwrap()]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    for reference in ["CTG-042-2023-CHARLIEU", "CTG-042-2018-LOIRE"] {
        let pdf = out.join(format!("{reference}-projet.pdf"));
        assert!(pdf_text(&pdf).contains(reference));
        let rendered = dir.path().join("rendered");
        let render = convgen(&[
            "render",
            out.join(format!("{reference}.toml")).to_str().unwrap(),
            "-o",
            rendered.to_str().unwrap(),
        ]);
        assert_eq!(code(&render), 0, "{}", stderr(&render));
    }
}

#[test]
fn years_and_start_set_the_new_period() {
    let dir = tempdir();
    let input = copy_fixture(dir.path(), "fixtures/cej/CEJ-042-2019-CHARLIEU.toml");
    let out = dir.path().join("out");
    let args = [
        "renew",
        input.to_str().unwrap(),
        "--expiring-before",
        "2024-01-01",
        "-o",
        out.to_str().unwrap(),
        "--years",
        "3",
        "--start",
        "2023-07-01",
    ];
    let output = convgen(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let ctg = read_ctg(&out.join("CTG-042-2023-CHARLIEU.toml"));
    assert_eq!(
        (ctg.period.start.to_string(), ctg.period.end.to_string()),
        ("2023-07-01".into(), "2026-06-30".into())
    );
    assert_eq!(
        ctg.funding[0].amounts.keys().copied().collect::<Vec<_>>(),
        [2023, 2024, 2025, 2026]
    );
    assert_eq!(
        code(&convgen(&[
            "renew",
            input.to_str().unwrap(),
            "--expiring-before",
            "2024-01-01",
            "--years",
            "6"
        ])),
        2
    );
}

/// A CEJ of one commune of `epci`, funding one PSEJ line.
fn commune_cej(reference: &str, commune: &str, epci: &str, amount: u32) -> String {
    format!(
        r#"kind = "cej"
reference = "{reference}"
territory = "{commune}"

[period]
start = 2019-01-01
end = 2022-12-31

[caf]
name = "Caisse d'allocations familiales de la Loire"

[[caf.signatories]]
name = "Claire Besson"
role = "Présidente du conseil d'administration"

[[partners]]
kind = "commune"
name = "Commune de {commune}"
epci = "{epci}"

[[partners.signatories]]
name = "Maire de {commune}"
role = "Maire"

[[axes]]
title = "Accueil du jeune enfant"
domains = ["petite-enfance", "jeunesse", "parentalite"]
actions = ["Maintenir le multi-accueil"]

[[funding]]
label = "PSEJ : multi-accueil de {commune}"
funder = "caf"
kind = "psej"
equipment = "eaje"
beneficiary = "Commune de {commune}"
axis = 1
amounts = {{ 2021 = 1000, 2022 = {amount} }}
"#
    )
}

#[test]
fn group_by_epci_makes_one_intercommunal_ctg_per_epci() {
    let dir = tempdir();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    let cejs = [
        ("CEJ-042-2019-FEURS", "Feurs", "Forez-Est", 30000),
        ("CEJ-042-2019-BALBIGNY", "Balbigny", "Forez-Est", 12000),
        ("CEJ-042-2019-PANISSIERES", "Panissières", "Forez-Est", 8000),
        (
            "CEJ-042-2019-MONTBRISON",
            "Montbrison",
            "Loire Forez agglomération",
            45000,
        ),
    ];
    for (reference, commune, epci, amount) in cejs {
        std::fs::write(
            inputs.join(format!("{reference}.toml")),
            commune_cej(reference, commune, epci, amount),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let output = convgen(&[
        "renew",
        inputs.to_str().unwrap(),
        "--expiring-before",
        "2023-01-01",
        "-o",
        out.to_str().unwrap(),
        "--group-by-epci",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));

    let forez = read_ctg(&out.join("CTG-042-2023-FOREZ-EST.toml"));
    assert_eq!(forez.territory, "Forez-Est");
    let partners: Vec<(PartnerKind, &str)> = forez
        .partners
        .iter()
        .map(|p| (p.kind, p.name.as_str()))
        .collect();
    assert_eq!(
        partners,
        [
            (PartnerKind::Epci, "Forez-Est"),
            (PartnerKind::Commune, "Commune de Balbigny"),
            (PartnerKind::Commune, "Commune de Feurs"),
            (PartnerKind::Commune, "Commune de Panissières"),
        ]
    );
    let lines: Vec<(&str, String)> = forez
        .funding
        .iter()
        .map(|l| {
            (
                l.beneficiary.as_deref().unwrap(),
                l.amounts[&2027].to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("Commune de Balbigny", "12000.00".into()),
            ("Commune de Feurs", "30000.00".into()),
            ("Commune de Panissières", "8000.00".into())
        ]
    );
    assert_eq!(forez.axes.len(), 1, "identical axes are merged");
    assert!(forez.funding.iter().all(|l| l.axis == Some(1)));

    let montbrison = read_ctg(&out.join("CTG-042-2023-LOIRE-FOREZ-AGGLOMERATION.toml"));
    assert_eq!(montbrison.partners.len(), 2);
    assert_eq!(montbrison.funding.len(), 1);

    let report = report(&out);
    assert_eq!(report.len(), 4);
    for (name, fields) in &report {
        assert_eq!(fields[1], "renewed", "{name}");
        let expected = if name.contains("MONTBRISON") {
            "CTG-042-2023-LOIRE-FOREZ-AGGLOMERATION"
        } else {
            "CTG-042-2023-FOREZ-EST"
        };
        assert_eq!(fields[2], expected);
    }
    // Valid but for the EPCI's signatory to name, which `check` refuses until it is given.
    let check = convgen(&["check", out.to_str().unwrap()]);
    let printed = stderr(&check);
    assert_eq!(code(&check), 1, "{printed}");
    let errors = printed.lines().filter(|l| l.starts_with("error:"));
    assert!(
        errors.clone().count() > 0
            && errors
                .clone()
                .all(|l| l.contains("is still to be completed")),
        "{printed}"
    );
}

#[test]
fn renewing_twice_gives_identical_files() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let run = || {
        let output = convgen(&[
            "renew",
            "fixtures",
            "--expiring-before",
            "2027-01-01",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let first = run();
    assert_eq!(
        first.len(),
        1 + 2 * 3,
        "report, and a TOML and a PDF for each of the 3 CEJs"
    );
    assert!(first == run(), "a second run changes nothing");
}
