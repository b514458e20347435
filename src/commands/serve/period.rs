//! A funding line's years follow the convention's period: one amount a year of it, in the
//! file, as the form sets the period's dates.

use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Value};

use super::edit::EditError;

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

/// Each funding line's amounts after the period changed: a year of the period the line
/// lacks is added at 0 (a field to fill in), a year outside it whose amount is 0 goes (it
/// says nothing); an amount given outside the period stays, for the checker to point at.
/// A period not whole yet changes nothing.
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
        let zero = |item: &Item| {
            matches!(item.as_integer(), Some(0)) || item.as_float().is_some_and(|f| f == 0.0)
        };
        let outside: Vec<String> = (amounts.iter())
            .filter(|(year, item)| {
                !year.parse::<i32>().is_ok_and(|y| years.contains(&y)) && zero(item)
            })
            .map(|(year, _)| year.to_string())
            .collect();
        let mut changed = !outside.is_empty();
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

/// Every funding line's amounts moved `by` years, then following the period: what the page
/// offers when a period moved by whole years (a renewal's draft re-dated from 2023 to 2027)
/// leaves them outside it, so that none is typed again.
pub(super) fn move_amounts(text: &str, by: &Json) -> Result<String, EditError> {
    let by = (by.as_i64())
        .and_then(|by| i32::try_from(by).ok())
        .filter(|by| (-100..=100).contains(by))
        .ok_or_else(|| EditError::BadValue("funding".into()))?;
    let mut document: DocumentMut = text.parse()?;
    if let Some(Item::ArrayOfTables(lines)) = document.get_mut("funding") {
        for line in lines.iter_mut() {
            let Some(amounts) = line.get_mut("amounts").and_then(Item::as_table_like_mut) else {
                continue;
            };
            let years: Vec<i32> = (amounts.iter())
                .filter_map(|(y, _)| y.parse().ok())
                .collect();
            let moved: Vec<(i32, Item)> = (years.iter())
                .filter_map(|y| Some((y + by, amounts.remove(&y.to_string())?)))
                .collect();
            for (year, item) in moved {
                amounts.insert(&year.to_string(), item);
            }
        }
    }
    Ok(follow(document))
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
        // A period re-dated (a renewal's draft): the page moves the amounts on request.
        let renewed = "[period]\nstart = 2027-07-01\nend = 2031-12-31\n\n[[funding]]\namounts = { 2023 = 50, 2024 = 100, 2025 = 100, 2026 = 100, 2027 = 100, 2028 = 50, 2029 = 0 }\n";
        let moved = super::move_amounts(renewed, &Json::from(4)).unwrap();
        let expected = "{ 2027 = 50, 2028 = 100, 2029 = 100, 2030 = 100, 2031 = 100, 2032 = 50 }";
        assert!(moved.contains(expected), "{moved}");
        assert!(super::move_amounts(renewed, &Json::from("4")).is_err());
        let open = set(TEXT, "period.end", &Json::Null).unwrap();
        assert!(
            open.contains("amounts = { 2024 = 100, 2025 = \"200,50\" }"),
            "{open}"
        );
    }
}
