//! An avenant's délibérations and when it takes effect: each party's new délibération is
//! given, number and date, and an effect years before them is said.

use crate::avenant::{HOUVE, avenant_of, has};
use crate::*;

/// Walk 28: a party signs an avenant under a new délibération, whose number and date are
/// both to give — the convention's date kept printed « n° 2024-CA-50 … en date du 15
/// décembre 2020 » once the number alone was given. The draft says both are to give; a
/// number without its date is still refused; both given, the avenant cites them.
#[test]
fn an_avenants_deliberations_are_given_number_and_date() {
    let dir = tempdir();
    let edit = |t: String| t.replacen("2024 = 27840 }", "2024 = 28500 }", 1);
    let (toml, draft) = avenant_of(dir.path(), HOUVE, edit);
    assert_eq!(
        toml.matches("date = \"(date à compléter)\"").count(),
        2,
        "{toml}"
    );
    assert!(
        !toml.contains("2020-12-10"),
        "the convention's délibération date: {toml}"
    );
    let cited = "délibération n° (numéro à compléter) du Conseil communautaire en date du (date à compléter)";
    assert!(has(&draft, cited), "{draft}");

    let file = dir.path().join("out/CTG-057-2021-HOUVE-AV1.toml");
    let numbered = toml.replace("(numéro à compléter)", "2024-CA-50");
    std::fs::write(&file, &numbered).unwrap();
    let check = convgen(&["check", file.to_str().unwrap()]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    let said = stderr(&check);
    assert_eq!(
        said.matches("« (date à compléter) » is still to be completed")
            .count(),
        2,
        "{said}"
    );

    std::fs::write(
        &file,
        deliberations_given(&toml, "2024-CA-50", "2024-11-28"),
    )
    .unwrap();
    let text = rendered_text(&file, "CTG-057-2021-HOUVE-AV1-projet", &["--draft"]);
    let cited = "délibération n° 2024-CA-50 du Conseil communautaire en date du 28 novembre 2024";
    assert!(has(&text, cited), "{text}");
}

/// Walk 29: an avenant taking effect in June 2024 under délibérations of November 2026
/// goes back to an exercise past: said at « Prise d'effet », with the délibération. One
/// taking effect in the year its parties deliberate is not.
#[test]
fn an_avenant_taking_effect_years_before_its_deliberations_is_said() {
    let dir = tempdir();
    let edit = |t: String| {
        t.replacen(
            "amounts = { 2024 = 24000 }",
            "amounts = { 2024 = 30000 }",
            1,
        )
    };
    let (toml, _) = avenant_of(dir.path(), "fixtures/ctg/CTG-047-2024-CD47.toml", edit);
    let file = dir.path().join("out/CTG-047-2024-CD47-AV1.toml");
    let said = |deliberated: &str| {
        let effective = toml.replacen(
            "\nnumber = 1\n",
            "\nnumber = 1\neffective = 2024-06-01\n",
            1,
        );
        std::fs::write(
            &file,
            deliberations_given(&effective, "CA-2026-118", deliberated),
        )
        .unwrap();
        stderr(&convgen(&["check", file.to_str().unwrap()]))
    };
    let back = said("2026-11-20");
    assert!(
        has(
            &back,
            "takes effect on 1 June 2024, in a year before a délibération that authorises it (20 November 2026): it goes back to an exercise past"
        ),
        "{back}"
    );
    assert!(!said("2024-11-20").contains("exercise past"));
}
