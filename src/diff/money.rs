//! The money of two versions: each funding line year by year, before → after with the
//! difference, and what it says of itself (who pays, its nature…); the totals per year and
//! over the period. Exact: decimals, never floats.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Change, Changes};
use crate::format::fields;
use crate::french;
use crate::model::{Convention, FundingLine};

/// An amount before and after, as the convention writes them, and the difference.
#[derive(Debug, Clone, Serialize)]
pub struct AmountChange {
    /// The year, or none for a total over the period.
    pub year: Option<i32>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// `+2 160,00 €`, `−500,00 €`.
    pub difference: String,
}

/// A funding line added, removed, or whose amounts changed.
#[derive(Debug, Clone, Serialize)]
pub struct LineChange {
    pub line: String,
    pub funder: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The years whose amount changed.
    pub years: Vec<AmountChange>,
    /// What it says beyond its label and amounts that changed (« nature » : « PSEJ » →
    /// « Bonus territoire ALSH »): the annex prints it.
    pub parts: Vec<Change>,
}

/// What a line kept by its label says of itself that changed: who pays, its nature, its
/// facility, its beneficiary, its axis.
fn parts(before: &FundingLine, after: &FundingLine) -> Vec<Change> {
    let mut parts = Changes::default();
    let table = &fields::FUNDING_LINE;
    let skip = ["label", "amounts"];
    parts.values_named("financement", (before, after), table, &skip, str::to_string);
    parts.0
}

fn amount_change(
    year: Option<i32>,
    before: Option<Decimal>,
    after: Option<Decimal>,
) -> Option<AmountChange> {
    let difference = after.unwrap_or_default() - before.unwrap_or_default();
    if before == after || (difference.is_zero() && before.is_some() && after.is_some()) {
        return None;
    }
    let sign = if difference > Decimal::ZERO { "+" } else { "" };
    Some(AmountChange {
        year,
        before: before.map(french::money),
        after: after.map(french::money),
        difference: format!("{sign}{}", french::money(difference)),
    })
}

/// A line's amounts by year, exact.
fn amounts(line: &FundingLine) -> BTreeMap<i32, Decimal> {
    line.amounts.iter().map(|(y, m)| (*y, m.value())).collect()
}

/// The funding lines that changed, the totals per year that changed, and the total.
pub fn funding(
    old: &Convention,
    new: &Convention,
) -> (Vec<LineChange>, Vec<AmountChange>, Option<AmountChange>) {
    let key = |l: &FundingLine| l.label.trim().to_lowercase();
    let mut lines = Vec::new();
    for line in &old.funding {
        let after = new.funding.iter().find(|l| key(l) == key(line));
        let (before, after_amounts) = (amounts(line), after.map(amounts).unwrap_or_default());
        let years: BTreeSet<i32> = before.keys().chain(after_amounts.keys()).copied().collect();
        let changed: Vec<AmountChange> = (years.iter())
            .filter_map(|y| {
                amount_change(
                    Some(*y),
                    before.get(y).copied(),
                    after_amounts.get(y).copied(),
                )
            })
            .collect();
        let change = if after.is_none() {
            "removed"
        } else {
            "changed"
        };
        let parts = after.map(|a| parts(line, a)).unwrap_or_default();
        if !changed.is_empty() || !parts.is_empty() || after.is_none() {
            lines.push(LineChange {
                line: line.label.clone(),
                funder: line.funder_label().to_string(),
                change,
                years: changed,
                parts,
            });
        }
    }
    for line in new
        .funding
        .iter()
        .filter(|l| !old.funding.iter().any(|o| key(o) == key(l)))
    {
        let years = (amounts(line).into_iter())
            .filter_map(|(y, m)| amount_change(Some(y), None, Some(m)))
            .collect();
        lines.push(LineChange {
            line: line.label.clone(),
            funder: line.funder_label().to_string(),
            change: "added",
            years,
            parts: Vec::new(),
        });
    }
    let per_year = |c: &Convention| {
        let mut totals: BTreeMap<i32, Decimal> = BTreeMap::new();
        for line in &c.funding {
            for (year, amount) in amounts(line) {
                *totals.entry(year).or_default() += amount;
            }
        }
        totals
    };
    let (before, after) = (per_year(old), per_year(new));
    let years: BTreeSet<i32> = before.keys().chain(after.keys()).copied().collect();
    let totals = (years.iter())
        .filter_map(|y| amount_change(Some(*y), before.get(y).copied(), after.get(y).copied()))
        .collect();
    let sum = |m: &BTreeMap<i32, Decimal>| (!m.is_empty()).then(|| m.values().sum::<Decimal>());
    let total = amount_change(None, sum(&before), sum(&after));
    (lines, totals, total)
}
