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
    // No amount and 0,00 € are the same money (the annex prints both « – »).
    let difference = after.unwrap_or_default() - before.unwrap_or_default();
    if difference.is_zero() {
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

/// Each of `new`'s funding lines' former one in `old`, by index: the line of the same label;
/// else — a line renamed (« RAM » become « RPE ») — the first one left unpaired that says
/// the same of itself (who pays, its nature, equipment, beneficiary and axis). Each line of
/// `old` is paired once.
pub fn paired_lines(old: &[FundingLine], new: &[FundingLine]) -> Vec<Option<usize>> {
    let label = |l: &FundingLine| l.label.trim().to_lowercase();
    fn said(l: &FundingLine) -> impl PartialEq + '_ {
        let FundingLine {
            funder,
            funder_name,
            kind,
            equipment,
            beneficiary,
            axis,
            ..
        } = l;
        (funder, funder_name, kind, equipment, beneficiary, axis)
    }
    let mut pairs: Vec<Option<usize>> = (new.iter())
        .map(|n| old.iter().position(|o| label(o) == label(n)))
        .collect();
    for (i, line) in new.iter().enumerate() {
        if pairs[i].is_some() {
            continue;
        }
        let renamed = (0..old.len())
            .filter(|j| !pairs.contains(&Some(*j)))
            .find(|&j| said(&old[j]) == said(line));
        pairs[i] = renamed;
    }
    pairs
}

/// The funding lines that changed, the totals per year that changed, and the total.
pub fn funding(
    old: &Convention,
    new: &Convention,
) -> (Vec<LineChange>, Vec<AmountChange>, Option<AmountChange>) {
    let pairs = paired_lines(&old.funding, &new.funding);
    let mut lines = Vec::new();
    for (j, line) in old.funding.iter().enumerate() {
        let after = (pairs.iter().position(|p| *p == Some(j))).map(|i| &new.funding[i]);
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
        let mut parts = after.map(|a| parts(line, a)).unwrap_or_default();
        // Renamed: said as such, not as a line removed and another added.
        if let Some(after) = after.filter(|a| a.label.trim() != line.label.trim()) {
            let renamed = Change {
                article: "financement",
                change: "changed",
                subject: "intitulé".to_string(),
                before: Some(line.label.clone()),
                after: Some(after.label.clone()),
                words: None,
            };
            parts.insert(0, renamed);
        }
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
    for (line, _) in (new.funding.iter().zip(&pairs)).filter(|(_, p)| p.is_none()) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Funder, Money};

    fn line(label: &str, funder: Funder, amounts: &[(i32, i64)]) -> FundingLine {
        FundingLine {
            label: label.into(),
            funder,
            amounts: (amounts.iter())
                .map(|&(y, a)| (y, Money::from_integer(a).unwrap()))
                .collect(),
            ..FundingLine::default()
        }
    }

    #[test]
    fn a_renamed_line_is_the_same_line_and_no_amount_is_zero() {
        let ram = line("Bonus territoire RAM", Funder::Caf, &[(2023, 100)]);
        let other = line("Coordination", Funder::Msa, &[(2023, 50)]);
        let rpe = line("Bonus territoire RPE", Funder::Caf, &[(2023, 100)]);
        let old = [ram.clone(), other.clone()];
        assert_eq!(
            paired_lines(&old, &[other.clone(), rpe.clone()]),
            [Some(1), Some(0)]
        );
        let (lines, _, _) = funding(
            &Convention {
                funding: old.to_vec(),
                ..Convention::default()
            },
            &Convention {
                funding: vec![rpe, other.clone()],
                ..Convention::default()
            },
        );
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(
            (lines[0].change, lines[0].parts[0].subject.as_str()),
            ("changed", "intitulé")
        );
        // Said by another funder, it is another line.
        let departement = line("Bonus territoire RPE", Funder::Departement, &[(2023, 100)]);
        assert_eq!(paired_lines(&[ram], &[departement]), [None]);
        // A year at 0,00 € where there was none changes no money.
        let zero = line("Coordination", Funder::Msa, &[(2022, 0), (2023, 50)]);
        let (lines, years, total) = funding(
            &Convention {
                funding: vec![other],
                ..Convention::default()
            },
            &Convention {
                funding: vec![zero],
                ..Convention::default()
            },
        );
        assert!(
            lines.is_empty() && years.is_empty() && total.is_none(),
            "{lines:?}"
        );
    }
}
