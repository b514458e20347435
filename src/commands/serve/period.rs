//! A funding line's years follow the convention's period: one amount a year of it, in the
//! file, as the form sets the period's dates.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Value};

use super::edit::EditError;
use crate::deliver::history;
use crate::model::{Date, Money, Period};

/// The file's period, when both its dates are given.
fn period_of(document: &DocumentMut) -> Option<Period> {
    let date = |key: &str| {
        let date = document.get("period")?.get(key)?.as_datetime()?.date?;
        Date::new(i32::from(date.year), date.month, date.day)
    };
    Some(Period {
        start: date("start")?,
        end: date("end")?,
    })
}

/// The years of the file's period (none until both its dates are given, or past ten
/// years), for a funding line's amounts.
pub(super) fn years(document: &DocumentMut) -> Vec<i32> {
    match period_of(document) {
        Some(p) if p.start <= p.end && p.end.year - p.start.year < 10 => p.years().collect(),
        _ => Vec::new(),
    }
}

/// The funding lines' tables, in a list of tables or an inline array.
fn lines(document: &mut DocumentMut) -> Vec<&mut dyn toml_edit::TableLike> {
    match document.get_mut("funding") {
        Some(Item::ArrayOfTables(tables)) => tables
            .iter_mut()
            .map(|t| t as &mut dyn toml_edit::TableLike)
            .collect(),
        Some(Item::Value(Value::Array(array))) => (array.iter_mut())
            .filter_map(|v| v.as_inline_table_mut())
            .map(|t| t as &mut dyn toml_edit::TableLike)
            .collect(),
        _ => Vec::new(),
    }
}

/// Each funding line's amounts after the period changed: a year of the period the line
/// lacks is added at 0 (a field to fill in), a year outside it whose amount is 0 goes (it
/// says nothing); an amount given outside the period stays, for the checker to point at.
/// A period not whole yet changes nothing.
pub(super) fn follow(mut document: DocumentMut) -> String {
    let years = years(&document);
    let lines = if years.is_empty() {
        Vec::new()
    } else {
        lines(&mut document)
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

/// « Recalculer les montants sur la nouvelle période », offered when a period was re-dated
/// (a renewal's draft from 1 July 2023 moved to 1 January 2027, `by` 4 years): each funding
/// line's amounts, given for the former period (see [`former_period`]), made those of the
/// new one, so that none is typed again.
pub(super) fn move_amounts(path: &Path, text: &str, asked: &Json) -> Result<String, EditError> {
    let (by, seen) = asked_move(asked)?;
    let mut document: DocumentMut = text.parse()?;
    let given = given_amounts(&mut document)?;
    let former = former_period(path, &given, period_of(&document), seen);
    moved(document, by, former)
}

/// What the page asks: how many years the amounts move (a whole number, within a
/// century), alone or as `{by, written_for: {start, end}}` with the period the page saw the
/// amounts written for (the history may not tell it: a burst of edits is one version).
fn asked_move(asked: &Json) -> Result<(i32, Option<Period>), EditError> {
    let by = (asked.get("by").unwrap_or(asked).as_i64())
        .and_then(|by| i32::try_from(by).ok())
        .filter(|by| (-100..=100).contains(by))
        .ok_or_else(|| EditError::BadValue("funding".into()))?;
    let seen = asked.get("written_for").and_then(|period| {
        let date = |key: &str| Date::parse(period.get(key)?.as_str()?);
        Some(Period {
            start: date("start")?,
            end: date("end")?,
        })
    });
    Ok((by, seen.filter(|p| p.start <= p.end)))
}

/// What [`move_amounts`] would do, said for the page before it is applied: the period the
/// amounts were written for, and for each funding line (`line`, from 1) each new year's
/// amount with the months of it the period covers and where it comes from — a share of a
/// yearly amount (`yearly`), or a former year's amount for its months (`from`) —, the
/// former amounts no year receives (`dropped`), and the line's total before and after.
pub(super) fn explain_move(path: &Path, text: &str, asked: &Json) -> Option<Json> {
    let (by, seen) = asked_move(asked).ok()?;
    let mut document: DocumentMut = text.parse().ok()?;
    let given = given_amounts(&mut document).ok()?;
    let former = former_period(path, &given, period_of(&document), seen)?;
    let new = period_of(&document)?;
    let said = |amount: Money| super::form::amount_text(amount);
    let total = |amounts: &mut dyn Iterator<Item = Money>| {
        said(Money::new(amounts.map(Money::value).sum()).unwrap_or(Money::ZERO))
    };
    let mut explained = Vec::new();
    for (n, line) in lines(&mut document).into_iter().enumerate() {
        let Some(amounts) = line.get("amounts").and_then(Item::as_table_like) else {
            continue;
        };
        let given = read(amounts, n).ok()?;
        let anchored = anchored(line);
        let recomputed = recompute(&given, former, new, by, anchored);
        let years: Vec<Json> = (recomputed.iter())
            .map(|(year, (amount, origin))| {
                let mut year = serde_json::json!({
                    "year": year, "amount": said(*amount), "months": new.months_in(*year),
                });
                year[origin.name()] = origin.said(said);
                year
            })
            .collect();
        let received =
            |from: i32| (recomputed.iter()).any(|(year, (_, o))| o.is_from(from, *year - by));
        let dropped: Vec<Json> = (given.iter())
            .filter(|(year, amount)| **amount != Money::ZERO && !received(**year))
            .map(|(year, amount)| serde_json::json!({ "year": year, "amount": said(*amount) }))
            .collect();
        explained.push(serde_json::json!({
            "line": n + 1,
            "anchored": anchored,
            "years": years,
            "dropped": dropped,
            "before": total(&mut given.values().copied()),
            "after": total(&mut recomputed.values().map(|(amount, _)| *amount)),
        }));
    }
    let former =
        serde_json::json!({ "start": former.start.to_string(), "end": former.end.to_string() });
    Some(serde_json::json!({ "former": former, "lines": explained }))
}

/// Where an amount of the new period comes from.
#[derive(Clone, Copy)]
enum Origin {
    /// A share of the line's yearly amount, the months of its year.
    Yearly(Money),
    /// A year of the former period: its amount, for the months it covered of it.
    Year {
        year: i32,
        amount: Money,
        months: u32,
    },
}

impl Origin {
    fn name(&self) -> &'static str {
        match self {
            Origin::Yearly(_) => "yearly",
            Origin::Year { .. } => "from",
        }
    }

    fn said(&self, said: impl Fn(Money) -> String) -> Json {
        match *self {
            Origin::Yearly(yearly) => Json::String(said(yearly)),
            Origin::Year {
                year,
                amount,
                months,
            } => {
                serde_json::json!({ "year": year, "amount": said(amount), "months": months })
            }
        }
    }

    /// Whether the amount of the former year `from` went into it, `moved_from` the year it
    /// is moved from: a yearly amount's share takes the place of the former year's.
    fn is_from(&self, from: i32, moved_from: i32) -> bool {
        match self {
            Origin::Yearly(_) => moved_from == from,
            Origin::Year { year, .. } => *year == from,
        }
    }
}

/// Whether a funding line's amounts belong to their calendar years whatever the period: a
/// one-off, a diagnostic or an investment (« Diagnostic partagé 2022 », moved with the
/// period, would fund another year than it says). A label naming a year is no sign of it
/// (« en fonction depuis janvier 2024 »).
fn anchored(line: &dyn toml_edit::TableLike) -> bool {
    let kind = line.get("kind").and_then(Item::as_str);
    matches!(kind, Some("diagnostic" | "investissement"))
}

/// Each funding line's amounts other than 0 (a field left to fill in), by year.
fn given_amounts(document: &mut DocumentMut) -> Result<Vec<BTreeMap<i32, Money>>, EditError> {
    let lines = lines(document).into_iter().enumerate();
    (lines.filter_map(|(n, line)| Some(read(line.get("amounts")?.as_table_like()?, n))))
        .map(|amounts| {
            Ok(amounts?
                .into_iter()
                .filter(|(_, a)| *a != Money::ZERO)
                .collect())
        })
        .collect()
}

/// The period the amounts `given` were written for: the one the page `seen` them written
/// for, else that of the oldest of the newest saved versions of `path` holding these very
/// amounts (re-dating the period since changed none) — when it spans their years and is
/// not the `new` one; else their years taken whole.
fn former_period(
    path: &Path,
    given: &[BTreeMap<i32, Money>],
    new: Option<Period>,
    seen: Option<Period>,
) -> Option<Period> {
    let years = given.iter().flat_map(|amounts| amounts.keys().copied());
    let (first, last) = (years.clone().min()?, years.max()?);
    let spans = |p: &Period| p.start.year == first && p.end.year == last && Some(*p) != new;
    // The page's period may hold years still to fill in (an amount given for 2026 only).
    let holds = |p: &Period| p.start.year <= first && p.end.year >= last && Some(*p) != new;
    if let Some(seen) = seen.filter(holds) {
        return Some(seen);
    }
    (periods_holding(path, given).filter(spans).last()).or_else(|| {
        let start = Date::new(first, 1, 1)?;
        Some(Period {
            start,
            end: Date::new(last, 12, 31)?,
        })
    })
}

/// The periods of the newest saved versions of `path` holding the very amounts `given`,
/// newest first, up to the first version whose amounts differ.
fn periods_holding<'a>(
    path: &'a Path,
    given: &'a [BTreeMap<i32, Money>],
) -> impl Iterator<Item = Period> + 'a {
    let versions = history::versions(path).into_iter();
    let texts = versions.filter_map(move |name| history::version(path, &name));
    let same = texts.map_while(move |text| {
        let mut document: DocumentMut = text.parse().ok()?;
        (given_amounts(&mut document).ok()?.as_slice() == given).then(|| period_of(&document))
    });
    same.flatten()
}

/// The period the amounts of `text` were written for, when the file was re-dated since
/// without them following: that of the oldest of the newest versions holding these very
/// amounts (a change of the period ends a burst of edits, so that the text before it is a
/// version). The page offers « Recalculer » from it again after a reload (walk 33).
pub(super) fn amounts_written_for(path: &Path, text: &str) -> Option<Period> {
    let mut document: DocumentMut = text.parse().ok()?;
    let given = given_amounts(&mut document).ok()?;
    let now = period_of(&document)?;
    if given.iter().all(BTreeMap::is_empty) {
        return None;
    }
    // The newest dozen looked at: every GET of the file asks, and a long history of edits
    // that left the amounts alone takes a while to read (300 versions: 180 ms; 12: 7 ms).
    (periods_holding(path, &given).take(12).last()).filter(|was| *was != now)
}

/// The amounts of the line at index `n`, by year; one not an amount refused, named.
fn read(amounts: &dyn toml_edit::TableLike, n: usize) -> Result<BTreeMap<i32, Money>, EditError> {
    let amount = |item: &Item| match item.as_value()? {
        Value::Integer(n) => Money::from_integer(*n.value()).ok(),
        // Its shortest decimal writing: the literal as written, for two decimals at most.
        Value::Float(f) => Money::from_float_literal(&f.value().to_string()).ok(),
        Value::String(s) => Money::from_text(s.value()).ok(),
        _ => None,
    };
    (amounts.iter())
        .filter_map(|(year, item)| Some((year.parse().ok()?, item)))
        .map(|(year, item)| {
            let refused = || EditError::BadValue(format!("funding[{}].amounts.{year}", n + 1));
            Ok((year, amount(item).ok_or_else(refused)?))
        })
        .collect()
}

/// The document's funding lines' amounts, given for `former`, made those of its period's
/// years (see [`recompute`]), then following it; none outside the period is written.
fn moved(mut document: DocumentMut, by: i32, former: Option<Period>) -> Result<String, EditError> {
    let (Some(new), Some(former)) = (period_of(&document), former) else {
        return Ok(follow(document));
    };
    if years(&document).is_empty() {
        return Ok(follow(document));
    }
    for (n, line) in lines(&mut document).into_iter().enumerate() {
        let anchored = anchored(&*line);
        let Some(amounts) = line.get_mut("amounts").and_then(Item::as_table_like_mut) else {
            continue;
        };
        let given = read(amounts, n)?;
        for year in given.keys() {
            amounts.remove(&year.to_string());
        }
        for (year, (amount, _)) in recompute(&given, former, new, by, anchored) {
            amounts.insert(&year.to_string(), Item::Value(amount.to_toml()));
        }
        amounts.fmt();
    }
    Ok(follow(document))
}

/// The amounts of `new`'s years from those `given` for `former`. When they are a yearly
/// amount prorated (each year's amount its share of it, `Period::yearly_amount`), that
/// amount prorated to the months `new` covers of each year; otherwise each year's amount
/// moved `by` years, made a whole year's, then prorated to the months of its new year.
/// Each share is to the cent, a half cent rounded away from zero, as `renew` does. An
/// `anchored` line's amounts stay on their years, those the new period still covers.
fn recompute(
    given: &BTreeMap<i32, Money>,
    former: Period,
    new: Period,
    by: i32,
    anchored: bool,
) -> BTreeMap<i32, (Money, Origin)> {
    if anchored {
        let kept = |(&year, &amount): (&i32, &Money)| {
            let months = former.months_in(year);
            (new.months_in(year) > 0).then_some((
                year,
                (
                    amount,
                    Origin::Year {
                        year,
                        amount,
                        months,
                    },
                ),
            ))
        };
        return given.iter().filter_map(kept).collect();
    }
    let covered = || {
        given
            .iter()
            .filter(|(year, _)| former.months_in(**year) > 0)
    };
    let yearly = (former.yearly_amount(given)).filter(|&yearly| {
        covered().all(|(&year, &amount)| former.share_of(yearly, year) == Some(amount))
    });
    (new.years())
        .filter_map(|year| {
            let (whole, origin) = match yearly {
                Some(yearly) => (yearly, Origin::Yearly(yearly)),
                None => {
                    let (from, amount) = (year - by, *given.get(&(year - by))?);
                    let months = former.months_in(from);
                    let origin = Origin::Year {
                        year: from,
                        amount,
                        months,
                    };
                    (former.whole_year(amount, from), origin)
                }
            };
            Some((year, (new.share_of(whole, year)?, origin)))
        })
        .collect()
}

#[cfg(test)]
mod tests;
