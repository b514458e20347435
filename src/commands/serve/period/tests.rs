//! The period's amounts: following it, moved and prorated anew, one-offs kept.

use serde_json::Value as Json;

use super::super::edit::set;
use crate::model::{Date, Period};

const TEXT: &str = "reference = \"X\"   # la référence\n\n[period]\nstart = 2024-01-01\nend = 2026-12-31\n\n[[funding]]\namounts = { 2024 = 100, 2025 = \"200,50\" }\n";

#[test]
fn the_funding_lines_amounts_follow_the_period() {
    let later = set(TEXT, "period.end", &"2027-06-30".into()).unwrap();
    let amounts = "amounts = { 2024 = 100, 2025 = \"200,50\" }";
    let expected = (TEXT.replace("end = 2026-12-31", "end = 2027-06-30")).replace(
        amounts,
        "amounts = { 2024 = 100, 2025 = \"200,50\", 2026 = 0, 2027 = 0 }",
    );
    assert_eq!(later, expected, "the rest as written");
    // Moved later: an amount given before it stays (the checker points at it), a 0 goes.
    let text = TEXT.replace("2024 = 100", "2023 = 0, 2024 = 100");
    let moved = set(&text, "period.start", &"2025-01-01".into()).unwrap();
    assert!(
        moved.contains("amounts = { 2024 = 100, 2025 = \"200,50\", 2026 = 0 }"),
        "{moved}"
    );
    // Earlier: the year comes first. A period not whole changes nothing.
    let earlier = set(TEXT, "period.start", &"2023-01-01".into()).unwrap();
    assert!(
        earlier.contains("amounts = { 2023 = 0, 2024 = 100, 2025 = \"200,50\", 2026 = 0 }"),
        "{earlier}"
    );
    let open = set(TEXT, "period.end", &Json::Null).unwrap();
    assert!(
        open.contains("amounts = { 2024 = 100, 2025 = \"200,50\" }"),
        "{open}"
    );
}

fn period(text: &str) -> Period {
    let (start, end) = text.split_once(" → ").unwrap();
    let date = |d: &str| Date::parse(d).unwrap();
    Period {
        start: date(start),
        end: date(end),
    }
}

/// `amounts` given for the period `former`, recomputed for the file's `new` one.
fn moved(new: &str, amounts: &str, by: i32, former: &str) -> String {
    let (start, end) = new.split_once(" → ").unwrap();
    let text =
        format!("[period]\nstart = {start}\nend = {end}\n\n[[funding]]\namounts = {amounts}\n");
    let moved = super::moved(text.parse().unwrap(), by, Some(period(former))).unwrap();
    let at = moved.find("amounts = ").unwrap() + "amounts = ".len();
    moved[at..].trim_end().to_string()
}

/// Walk 30: a one-off line (a diagnostic, an investment) keeps its amounts on their years
/// (those the new period covers) while the others move with the period.
#[test]
fn one_off_amounts_stay_on_their_years() {
    let moved = |label: &str, kind: &str| {
        let text = format!(
            "[period]\nstart = 2022-01-01\nend = 2026-12-31\n\n[[funding]]\nlabel = \"{label}\"\nkind = \"{kind}\"\namounts = {{ 2021 = 100, 2022 = 200 }}\n"
        );
        let former = Some(period("2021-01-01 → 2025-12-31"));
        super::moved(text.parse().unwrap(), 1, former).unwrap()
    };
    let kept = "amounts = { 2022 = 200, 2023 = 0, 2024 = 0, 2025 = 0, 2026 = 0 }";
    assert!(moved("Diagnostic partagé 2022", "diagnostic").contains(kept));
    assert!(moved("Salle de motricité", "investissement").contains(kept));
    let shifted = moved("Ludothèque 2022", "autre");
    assert!(
        shifted.contains("amounts = { 2022 = 100, 2023 = 200, 2024 = 0"),
        "{shifted}"
    );
}

#[test]
fn a_re_dated_periods_amounts_are_prorated_anew() {
    // A renewal from 1 July 2023 re-dated to whole years: half years become whole, none
    // is left outside the period; and back (a 0 outside, a field left empty, goes).
    let halves =
        "{ 2023 = 50, 2024 = 100, 2025 = 100, 2026 = 100, 2027 = 100, 2028 = 50, 2029 = 0 }";
    let (july, january) = ("2023-07-01 → 2028-06-30", "2027-01-01 → 2031-12-31");
    let whole = moved(january, halves, 4, july);
    assert_eq!(
        whole,
        "{ 2027 = 100, 2028 = 100, 2029 = 100, 2030 = 100, 2031 = 100 }"
    );
    let back = moved(july, &whole, -4, january);
    assert_eq!(
        back,
        "{ 2023 = 50, 2024 = 100, 2025 = 100, 2026 = 100, 2027 = 100, 2028 = 50 }"
    );
    // To the cent: 1 000 € for 7 months, 583,33 €.
    let seven = moved(
        "2027-06-01 → 2028-12-31",
        "{ 2023 = 1000, 2024 = 1000 }",
        4,
        "2023-01-01 → 2024-12-31",
    );
    assert_eq!(seven, "{ 2027 = 583.33, 2028 = 1000 }");
}

#[test]
fn irregular_amounts_move_year_by_year_prorated_at_the_ends() {
    // 60 € for six months of 2023 is 120 € a year: 90 € for nine months of 2027; 70 € for
    // six months of 2026, 35 € for three of 2030. An amount written as text is read exactly.
    let given = "{ 2023 = 60, 2024 = 100, 2025 = \"130,50\", 2026 = 70 }";
    let new = moved(
        "2027-04-01 → 2030-03-31",
        given,
        4,
        "2023-07-01 → 2026-06-30",
    );
    assert_eq!(new, "{ 2027 = 90, 2028 = 100, 2029 = 130.5, 2030 = 35 }");
    // Moved by one year only: what would fall past the new period is not written.
    let new = moved(
        "2024-01-01 → 2025-12-31",
        "{ 2023 = 10, 2024 = 20, 2025 = 30 }",
        1,
        "2023-01-01 → 2025-12-31",
    );
    assert_eq!(new, "{ 2024 = 10, 2025 = 20 }");
    let text = "[period]\nstart = 2027-01-01\nend = 2027-12-31\n\n[[funding]]\namounts = { 2023 = \"beaucoup\" }\n";
    let refused = super::moved(
        text.parse().unwrap(),
        4,
        Some(period("2023-01-01 → 2023-12-31")),
    );
    assert!(
        matches!(refused, Err(super::EditError::BadValue(key)) if key == "funding[1].amounts.2023")
    );
}
