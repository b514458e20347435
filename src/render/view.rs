//! What templates see: the convention as the file says it, plus what every template would
//! otherwise compute for itself (labels, defaults, the financial annex and its totals).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::*;

/// The template context for one convention.
#[derive(Serialize)]
pub struct View<'a> {
    /// The convention as read from the file.
    pub c: &'a Convention,
    /// The title, given or built from kind, territory and period.
    pub title: String,
    pub kind_label: &'static str,
    /// "CTG" or "CEJ".
    pub kind_short: String,
    /// Copies to sign: given, or one per signing party.
    pub copies: u32,
    /// Every domain the axes cover, in the contract's order.
    pub domains: Vec<Labelled>,
    pub partners: Vec<PartnerView<'a>>,
    pub axes: Vec<AxisView<'a>>,
    pub annex: Annex,
    /// Every person who signs, Caf first, in signing order.
    pub signatories: Vec<SignatoryView<'a>>,
    /// "PROJET" watermark and wording.
    pub draft: bool,
    /// The PDF's date: the signature date, or else the start of the period. PDF/A-3 needs a
    /// date to attach the source, and it must not be the clock's, for reproducible output.
    pub document_date: Date,
    /// Name of the attached TOML file.
    pub attachment_name: String,
    pub generator: String,
}

/// A name from the format with its French label.
#[derive(Serialize)]
pub struct Labelled {
    pub name: &'static str,
    pub label: &'static str,
}

fn labelled(name: &'static str, label: &'static str) -> Labelled {
    Labelled { name, label }
}

#[derive(Serialize)]
pub struct PartnerView<'a> {
    #[serde(flatten)]
    pub partner: &'a Partner,
    pub kind_label: &'static str,
    /// Whether French agreement is feminine ("représentée") for this kind of body.
    pub feminine: bool,
}

#[derive(Serialize)]
pub struct AxisView<'a> {
    pub number: usize,
    pub title: &'a str,
    pub domains: Vec<Labelled>,
    pub actions: &'a [String],
    /// Funding lines attached to this axis, by 1-based line number.
    pub funding_lines: Vec<usize>,
}

#[derive(Serialize)]
pub struct SignatoryView<'a> {
    /// The party's name.
    pub party: &'a str,
    pub name: &'a str,
    pub role: &'a str,
}

/// The financial annex: one column per year, one row per funding line.
#[derive(Serialize)]
pub struct Annex {
    pub years: Vec<i32>,
    pub rows: Vec<AnnexRow>,
    /// Per year, the sum of all lines.
    pub year_totals: Vec<Money>,
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
    pub axis: Option<usize>,
    pub amounts: Vec<Option<Money>>,
    pub total: Money,
}

impl<'a> View<'a> {
    /// Builds the context; amounts are validated, so sums cannot overflow.
    pub fn new(c: &'a Convention, draft: bool) -> View<'a> {
        let first = c.period.start.year;
        let last = c.period.end.year;
        let title = c
            .title
            .clone()
            .unwrap_or_else(|| format!("{} {first}-{last} — {}", c.kind.label(), c.territory));
        let copies = c
            .signature
            .as_ref()
            .and_then(|s| s.copies)
            .unwrap_or(1 + c.partners.len() as u32);
        let domains = Domain::ALL
            .iter()
            .filter(|d| c.axes.iter().any(|a| a.domains.contains(d)))
            .map(|d| labelled(d.as_str(), d.label()))
            .collect();
        let partners = c
            .partners
            .iter()
            .map(|p| PartnerView {
                partner: p,
                kind_label: p.kind.label(),
                feminine: is_feminine(p.kind),
            })
            .collect();
        let axes = c
            .axes
            .iter()
            .enumerate()
            .map(|(i, a)| AxisView {
                number: i + 1,
                title: &a.title,
                domains: a
                    .domains
                    .iter()
                    .map(|d| labelled(d.as_str(), d.label()))
                    .collect(),
                actions: &a.actions,
                funding_lines: (c.funding.iter().enumerate())
                    .filter(|(_, l)| l.axis == Some(i + 1))
                    .map(|(n, _)| n + 1)
                    .collect(),
            })
            .collect();
        let signatories = c
            .signatories()
            .map(|(party, s)| SignatoryView {
                party,
                name: &s.name,
                role: &s.role,
            })
            .collect();
        View {
            c,
            title,
            kind_label: c.kind.label(),
            kind_short: c.kind.as_str().to_uppercase(),
            copies,
            domains,
            partners,
            axes,
            annex: Annex::new(c),
            signatories,
            draft,
            document_date: c
                .signature
                .as_ref()
                .and_then(|s| s.date)
                .unwrap_or(c.period.start),
            attachment_name: format!("{}.toml", c.reference),
            generator: format!("convgen {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Grammatical gender of the usual name of each kind of body (la commune, le département).
fn is_feminine(kind: PartnerKind) -> bool {
    !matches!(
        kind,
        PartnerKind::Departement | PartnerKind::Etat | PartnerKind::Syndicat
    )
}

impl Annex {
    fn new(c: &Convention) -> Annex {
        let years: Vec<i32> = c.period.years().collect();
        let row =
            |number: usize, label: &str, line: &FundingLine, amounts: &BTreeMap<i32, Money>| {
                let amounts: Vec<Option<Money>> =
                    years.iter().map(|y| amounts.get(y).copied()).collect();
                AnnexRow {
                    number,
                    label: label.to_string(),
                    funder: line.funder_label().to_string(),
                    kind_label: line.kind.label(),
                    beneficiary: line.beneficiary.clone(),
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
            .map(|i| sum(rows.iter().filter_map(|r| r.amounts[i])))
            .collect();
        // One row per funder, in order of first appearance, summing its lines year by year.
        let mut by_funder: Vec<(&FundingLine, BTreeMap<i32, Money>)> = Vec::new();
        for line in &c.funding {
            let index = match by_funder
                .iter()
                .position(|(l, _)| l.funder_label() == line.funder_label())
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
            .map(|(i, (line, amounts))| row(i + 1, line.funder_label(), line, amounts))
            .collect();
        let total = sum(rows.iter().map(|r| r.total));
        Annex {
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
