//! A funding line's years follow the convention's period: one amount a year of it, in the
//! file, as the form sets the period's dates.

use toml_edit::{DocumentMut, Item, Value};

/// The years of the file's period (none until both its dates are given, or past ten
/// years), for a funding line's amounts.
pub(super) fn years(document: &DocumentMut) -> Vec<i32> {
    let year = |key: &str| {
        let date = document.get("period")?.get(key)?.as_datetime()?.date?;
        Some(i32::from(date.year))
    };
    match (year("start"), year("end")) {
        (Some(start), Some(end)) if start <= end && end - start < 10 => (start..=end).collect(),
        _ => Vec::new(),
    }
}

/// Each funding line's amounts after the period changed: a line none of whose years is in
/// the new period moves with it, year by year in order (a renewal's draft moved to
/// 2027-2031 keeps its constant funding); then a year of the period the line lacks is added
/// at 0 (a field to fill in), a year outside it whose amount is 0 goes (it says nothing);
/// an amount given outside the period stays, for the checker to point at. A period not
/// whole yet changes nothing.
pub(super) fn follow(mut document: DocumentMut) -> String {
    let years = years(&document);
    let lines = document.get_mut("funding");
    let lines: Vec<&mut dyn toml_edit::TableLike> = match lines {
        _ if years.is_empty() => Vec::new(),
        Some(Item::ArrayOfTables(tables)) => tables
            .iter_mut()
            .map(|t| t as &mut dyn toml_edit::TableLike)
            .collect(),
        Some(Item::Value(Value::Array(array))) => (array.iter_mut())
            .filter_map(|v| v.as_inline_table_mut())
            .map(|t| t as &mut dyn toml_edit::TableLike)
            .collect(),
        _ => Vec::new(),
    };
    for line in lines {
        let Some(amounts) = line.get_mut("amounts").and_then(Item::as_table_like_mut) else {
            continue;
        };
        let mut changed = moved_along(amounts, &years);
        let zero = |item: &Item| {
            matches!(item.as_integer(), Some(0)) || item.as_float().is_some_and(|f| f == 0.0)
        };
        let outside: Vec<String> = (amounts.iter())
            .filter(|(year, item)| {
                !year.parse::<i32>().is_ok_and(|y| years.contains(&y)) && zero(item)
            })
            .map(|(year, _)| year.to_string())
            .collect();
        changed |= !outside.is_empty();
        for year in outside {
            amounts.remove(&year);
        }
        for year in &years {
            if !amounts.contains_key(&year.to_string()) {
                amounts.insert(&year.to_string(), toml_edit::value(0));
                changed = true;
            }
        }
        // Changed: the years in order, spaced as an inline table is (`{ 2024 = 0, … }`).
        if changed {
            amounts.sort_values();
            amounts.fmt();
        }
    }
    document.to_string()
}

/// Moves a line's amounts to the period's years, in order, when none is in the period
/// (those beyond its last year stay where they were); whether it did.
fn moved_along(amounts: &mut dyn toml_edit::TableLike, years: &[i32]) -> bool {
    let given: Vec<i32> = (amounts.iter())
        .filter_map(|(year, _)| year.parse().ok())
        .collect();
    if given.is_empty() || given.iter().any(|year| years.contains(year)) {
        return false;
    }
    let mut given = given;
    given.sort_unstable();
    for (old, new) in given.iter().zip(years) {
        if let Some(item) = amounts.remove(&old.to_string()) {
            amounts.insert(&new.to_string(), item);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use serde_json::Value as Json;

    use super::super::edit::set;

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
        // Moved past every year given (a renewal's draft re-dated): the amounts move along,
        // in order, whichever date is set last.
        let renewed = "[period]\nstart = 2018-01-01\nend = 2022-12-31\n\n[[funding]]\namounts = { 2018 = 100, 2019 = 200, 2020 = 300, 2021 = 400, 2022 = 500 }\n";
        let inverted = set(renewed, "period.start", &"2027-01-01".into()).unwrap();
        let moved = set(&inverted, "period.end", &"2031-12-31".into()).unwrap();
        assert!(
            moved.contains(
                "amounts = { 2027 = 100, 2028 = 200, 2029 = 300, 2030 = 400, 2031 = 500 }"
            ),
            "{moved}"
        );
        let shorter = set(&inverted, "period.end", &"2029-12-31".into()).unwrap();
        assert!(
            shorter.contains(
                "amounts = { 2021 = 400, 2022 = 500, 2027 = 100, 2028 = 200, 2029 = 300 }"
            ),
            "{shorter}"
        );
        let open = set(TEXT, "period.end", &Json::Null).unwrap();
        assert!(
            open.contains("amounts = { 2024 = 100, 2025 = \"200,50\" }"),
            "{open}"
        );
    }
}
