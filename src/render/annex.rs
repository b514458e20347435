//! The financial annex: one column per year, one row per funding line, totals per year,
//! per funder and overall, all exact.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::*;

/// The financial annex: one column per year, one row per funding line.
#[derive(Serialize)]
pub struct Annex {
    pub years: Vec<i32>,
    /// For each year, the part of it the period covers when it is not the whole year:
    /// (« 1er juillet », « 31 décembre »).
    pub year_parts: Vec<Option<(String, String)>>,
    /// Whether the table is too wide for a portrait page: more than five years.
    pub landscape: bool,
    pub rows: Vec<AnnexRow>,
    /// Per year, the sum of all lines.
    /// `None` for a year without any amount.
    pub year_totals: Vec<Option<Money>>,
    pub funders: Vec<AnnexRow>,
    pub total: Money,
}

/// A row of the annex: a label and an amount per year (`None`: nothing that year).
#[derive(Serialize)]
pub struct AnnexRow {
    pub number: usize,
    pub label: String,
    pub funder: String,
    pub kind_label: &'static str,
    pub beneficiary: Option<String>,
    /// Paid by its own beneficiary: its share of an action, not a payment.
    pub self_funded: bool,
    pub axis: Option<usize>,
    pub amounts: Vec<Option<Money>>,
    pub total: Money,
}

/// Who pays a line, named as the parties are: the Département that signs is « Conseil
/// général de la Loire » in the annex too, not « Département ».
fn funder_name(c: &Convention, line: &FundingLine) -> String {
    let kind = match line.funder {
        Funder::Departement => Some(PartnerKind::Departement),
        Funder::Msa => Some(PartnerKind::Msa),
        Funder::Region => Some(PartnerKind::Region),
        Funder::Etat => Some(PartnerKind::Etat),
        Funder::Caf | Funder::Partner => None,
    };
    let partners = kind.map(|k| c.partners.iter().filter(move |p| p.kind == k));
    match partners.map(|p| p.collect::<Vec<_>>()).as_deref() {
        Some([only]) => only.name.clone(),
        _ => line.funder_label().to_string(),
    }
}

/// A funding kind by the name it had on the day the convention was signed: the relais
/// assistants maternels became relais petite enfance on 1 September 2021 (décret n° 2021-1115
/// du 25 août 2021), their bonus territoire with them. Undated, it is signed from now on.
fn kind_label(c: &Convention, kind: FundingKind) -> &'static str {
    const RELAIS_PETITE_ENFANCE_SINCE: Date = Date {
        year: 2021,
        month: 9,
        day: 1,
    };
    let signed = c.signature.as_ref().and_then(|s| s.date);
    match kind {
        FundingKind::BonusTerritoireRpe
            if signed.is_some_and(|d| d < RELAIS_PETITE_ENFANCE_SINCE) =>
        {
            "Bonus territoire RAM"
        }
        kind => kind.label(),
    }
}

impl Annex {
    pub fn new(c: &Convention) -> Annex {
        let years: Vec<i32> = c.period.years().collect();
        let row =
            |number: usize, label: &str, line: &FundingLine, amounts: &BTreeMap<i32, Money>| {
                // A year at 0,00 € has no amount: « – », as a year not given.
                let amounts: Vec<Option<Money>> = (years.iter())
                    .map(|y| amounts.get(y).copied().filter(|m| *m != Money::ZERO))
                    .collect();
                AnnexRow {
                    number,
                    label: label.to_string(),
                    funder: funder_name(c, line),
                    kind_label: kind_label(c, line.kind),
                    beneficiary: line.beneficiary.clone(),
                    self_funded: (line.beneficiary.as_deref())
                        .is_some_and(|b| same_name(b, &funder_name(c, line))),
                    axis: line.axis,
                    total: sum(amounts.iter().flatten().copied()),
                    amounts,
                }
            };
        let rows: Vec<AnnexRow> = c
            .funding
            .iter()
            .enumerate()
            .map(|(i, l)| row(i + 1, &l.label, l, &l.amounts))
            .collect();
        let year_totals = (0..years.len())
            .map(|i| {
                let mut amounts = rows.iter().filter_map(|r| r.amounts[i]).peekable();
                amounts.peek().is_some().then(|| sum(amounts))
            })
            .collect();
        // One row per funder, in order of first appearance, summing its lines year by year.
        let mut by_funder: Vec<(&FundingLine, BTreeMap<i32, Money>)> = Vec::new();
        for line in &c.funding {
            let index = match by_funder
                .iter()
                .position(|(l, _)| funder_name(c, l) == funder_name(c, line))
            {
                Some(index) => index,
                None => {
                    by_funder.push((line, BTreeMap::new()));
                    by_funder.len() - 1
                }
            };
            for (&year, &amount) in &line.amounts {
                let entry = by_funder[index].1.entry(year).or_insert(Money::ZERO);
                *entry = sum([*entry, amount].into_iter());
            }
        }
        let funders = (by_funder.iter().enumerate())
            .map(|(i, (line, amounts))| row(i + 1, &funder_name(c, line), line, amounts))
            .collect();
        let total = sum(rows.iter().map(|r| r.total));
        Annex {
            year_parts: years.iter().map(|&y| year_part(c.period, y)).collect(),
            landscape: years.len() > 5,
            years,
            rows,
            year_totals,
            funders,
            total,
        }
    }
}

/// Exact sum. Amounts are below 10^9 and a file below 16 MiB holds fewer than 10^7 of
/// them, so a sum stays below 10^16, far from the decimal type's 7.9 × 10^28.
fn sum(amounts: impl Iterator<Item = Money>) -> Money {
    amounts.fold(Money::ZERO, |acc, m| acc.checked_add(m).unwrap_or(acc))
}

/// Whether two names are the same body's, whatever their case and spacing.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// The part of `year` the period covers, when not all of it: its first and last days.
fn year_part(period: Period, year: i32) -> Option<(String, String)> {
    let first = if period.start.year == year {
        period.start
    } else {
        Date::new(year, 1, 1)?
    };
    let last = if period.end.year == year {
        period.end
    } else {
        Date::new(year, 12, 31)?
    };
    let whole = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31);
    let day = |d: Date| {
        let full = crate::french::date(d.year, d.month, d.day);
        full.trim_end_matches(&d.year.to_string())
            .trim_end()
            .to_string()
    };
    (!whole).then(|| (day(first), day(last)))
}
