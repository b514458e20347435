//! What an avenant's template sees beyond the amended convention: its number and
//! reference, what the convention was, what the avenant changes, said as an avenant says it,
//! and the financial annex with each amount before and after.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::amended::{ClauseChange, OtherChanges, carried_views, clause_changes, piece_sentences};
use super::annex::{Annex, AnnexRow};
use super::articles::AnnexView;
use super::wording::{PARTNERS_TOGETHER, PartyView, enumerate};
use crate::diff::{Change, Diff};
use crate::french;
use crate::model::*;

#[derive(Serialize)]
pub struct AvenantView<'a> {
    pub number: u32,
    /// The avenant's own reference (it names its files).
    pub reference: String,
    /// The reference of the convention amended.
    pub base: String,
    /// The convention's kind (« Convention territoriale globale ») and title as it stood.
    pub base_kind: &'static str,
    pub base_title: String,
    /// The convention as the text names it: « la convention territoriale globale
    /// 2021-2025 », « le contrat « CEJ de Feurs » »; and after « à »: « à la convention … ».
    pub base_named: String,
    pub to_base: String,
    /// « la convention », « le contrat »; « à la convention », « au contrat ».
    pub the: &'static str,
    pub to_the: &'static str,
    /// Where and when the convention was signed, when the file says.
    pub base_signature: Option<Signature>,
    /// The avenants before this one, cited after the convention: « modifiée par l’avenant
    /// n° 1 prenant effet le … ».
    pub amended_by: Vec<EarlierAvenant>,
    pub effective: Option<Date>,
    /// The year whose amounts the avenant sets whole when it takes effect after its first
    /// day: they apply « à compter de l'exercice 2023 », not prorated.
    pub effective_year: Option<i32>,
    /// Why the parties amend the convention, in the préambule.
    pub reason: Option<String>,
    /// The period and the parties as the convention stands before the avenant: as signed,
    /// or as the earlier avenants left it.
    pub previous_period: Period,
    /// « la Caf, la Commune de Feurs et le Département de la Loire ».
    pub signed_with: String,
    /// The earlier avenants as the préambule names them: « l’avenant n° 1 », « les avenants
    /// n° 1 et 2 »; none: the parties above are those that concluded the convention.
    pub amended_named: Option<String>,
    /// What the avenant does, each as the object of « a pour objet » (« l'adhésion de la
    /// Commune d'Enval à la convention »).
    pub objects: Vec<String>,
    /// The partners that join and those that leave, with their articles.
    pub joined: Vec<String>,
    pub left: Vec<String>,
    pub period_changed: bool,
    /// Each change of the plan d'actions, as a sentence.
    pub plan: Vec<String>,
    /// The annex with every amount before and after, when the money changed.
    pub annex: Option<AmendedAnnex>,
    /// Each free article the avenant inserts, rewrites or deletes, in the new order.
    pub clauses: Vec<ClauseChange<'a>>,
    /// Each annex added to, replaced in or removed from the « Pièces contractuelles », as a
    /// sentence.
    pub pieces: Vec<String>,
    /// The annexes it adds or replaces whose PDF it carries, pages and attachment.
    pub carried: Vec<AnnexView>,
    /// The other changes (a partner's new name, the title, the visas, the court).
    pub others: Option<OtherChanges>,
    /// The number of each standard article in the convention as it was signed
    /// (`plan` → 4), so that the avenant cites « l'article 4 « Plan d'actions » ».
    pub base_articles: BTreeMap<&'static str, usize>,
}

/// An amount of the annex, before and after the avenant.
#[derive(Clone, Copy, Default, Serialize)]
pub struct Cell {
    pub after: Option<Money>,
    pub before: Option<Money>,
    pub changed: bool,
}

impl Cell {
    fn new(before: Option<Money>, after: Option<Money>) -> Cell {
        let value = |m: Option<Money>| m.map(Money::value).unwrap_or_default();
        Cell {
            after,
            before,
            changed: value(before) != value(after),
        }
    }
}

#[derive(Serialize)]
pub struct AmendedRow {
    /// Its number in the new annex; none for a line the avenant removes.
    pub number: Option<usize>,
    pub label: String,
    pub funder: String,
    pub kind_label: &'static str,
    /// `added`, `removed`, `changed` or `same`.
    pub change: &'static str,
    /// A line renamed: its former label.
    pub former: Option<String>,
    pub cells: Vec<Cell>,
    pub total: Cell,
}

/// The financial annex after the avenant, each amount with the one it replaces.
#[derive(Serialize)]
pub struct AmendedAnnex {
    pub years: Vec<i32>,
    pub rows: Vec<AmendedRow>,
    pub year_totals: Vec<Cell>,
    pub total: Cell,
}

impl AmendedAnnex {
    fn new(before: &Convention, after: &Convention) -> AmendedAnnex {
        let (old, new) = (Annex::new(before), Annex::new(after));
        let years: Vec<i32> = (old.years.iter().chain(&new.years))
            .copied()
            .collect::<BTreeSet<i32>>()
            .into_iter()
            .collect();
        let amount = |annex: &Annex, amounts: &[Option<Money>], year: i32| {
            let at = annex.years.iter().position(|y| *y == year)?;
            amounts[at]
        };
        let cells = |was: Option<&AnnexRow>, now: Option<&AnnexRow>| -> Vec<Cell> {
            (years.iter())
                .map(|&y| {
                    let before = was.and_then(|r| amount(&old, &r.amounts, y));
                    let after = now.and_then(|r| amount(&new, &r.amounts, y));
                    Cell::new(before, after)
                })
                .collect()
        };
        // A line renamed is the same line (see `paired_lines`): rows are the lines, in order.
        let pairs = crate::diff::paired_lines(&before.funding, &after.funding);
        let was_of = |i: usize| {
            pairs
                .get(i)
                .copied()
                .flatten()
                .and_then(|j| old.rows.get(j))
        };
        let mut rows = Vec::new();
        for (i, row) in new.rows.iter().enumerate() {
            let was = was_of(i);
            rows.push(AmendedRow::amended(row, was, cells(was, Some(row))));
        }
        for (_, row) in (old.rows.iter().enumerate()).filter(|(j, _)| !pairs.contains(&Some(*j))) {
            let total = Cell::new(Some(row.total), None);
            rows.push(AmendedRow::of(
                row,
                None,
                "removed",
                cells(Some(row), None),
                total,
            ));
        }
        let year_totals = (years.iter())
            .map(|&y| {
                let before = amount(&old, &old.year_totals, y);
                Cell::new(before, amount(&new, &new.year_totals, y))
            })
            .collect();
        AmendedAnnex {
            years,
            rows,
            year_totals,
            total: Cell::new(Some(old.total), Some(new.total)),
        }
    }
}

impl AmendedRow {
    /// A row of the new annex, `was` the one it replaces (none: a line added).
    fn amended(row: &AnnexRow, was: Option<&AnnexRow>, cells: Vec<Cell>) -> AmendedRow {
        // What the row says of itself (who pays, its nature) changed too, or its label.
        let said = |r: &AnnexRow| {
            (
                r.funder.clone(),
                r.kind_label,
                r.beneficiary.clone(),
                r.axis,
            )
        };
        let former = (was.map(|w| &w.label))
            .filter(|w| w.trim().to_lowercase() != row.label.trim().to_lowercase());
        let change = match was {
            None => "added",
            Some(was)
                if cells.iter().any(|c| c.changed)
                    || said(was) != said(row)
                    || former.is_some() =>
            {
                "changed"
            }
            Some(_) => "same",
        };
        let total = Cell::new(was.map(|r| r.total), Some(row.total));
        let mut amended = AmendedRow::of(row, Some(row.number), change, cells, total);
        amended.former = former.cloned();
        amended
    }

    fn of(
        row: &AnnexRow,
        number: Option<usize>,
        change: &'static str,
        cells: Vec<Cell>,
        total: Cell,
    ) -> AmendedRow {
        AmendedRow {
            number,
            label: row.label.clone(),
            funder: row.funder.clone(),
            kind_label: row.kind_label,
            change,
            former: None,
            cells,
            total,
        }
    }
}

impl<'a> AvenantView<'a> {
    /// The view of `avenant`, the convention being `before` and `after` it.
    pub fn new(
        avenant: &Convention,
        before: &'a Convention,
        after: &'a Convention,
    ) -> AvenantView<'a> {
        let amendment = avenant.amendment.clone().unwrap_or_default();
        let nature = after.kind;
        let (the, to_the) = match nature {
            Kind::Cej => ("le contrat", "au contrat"),
            _ => ("la convention", "à la convention"),
        };
        let diff = crate::diff::diff(before, after);
        let (joined, left, renamed) = partner_changes(before, after);
        let period_changed = before.period != after.period;
        let plan = plan_sentences(&diff, nature);
        let money = !diff.funding.is_empty() || diff.total.is_some();
        let base_articles = article_numbers(before);
        let clauses = clause_changes(before, after, &base_articles, french::de(the));
        let pieces = piece_sentences(before, after);
        let amended = |id: &str, title: &str| match base_articles.get(id) {
            Some(n) => format!("la modification de l’article {n} « {title} »"),
            None => format!("la modification de l’article « {title} »"),
        };
        let mut objects = party_objects(&joined, &left, to_the);
        if period_changed {
            objects.push(period_object(before.period, after.period, the));
        }
        if !plan.is_empty() {
            let title = super::articles::title(ArticleId::Plan, nature);
            objects.push(amended("plan", &title));
        }
        if money {
            objects.push(amended("financement", "Engagements financiers"));
        }
        objects.extend(clauses.iter().map(|k| k.object.clone()));
        if !pieces.is_empty() {
            let title = super::articles::title(ArticleId::Pieces, nature);
            objects.push(amended("pieces", &title));
        }
        let others = OtherChanges::new(&renamed, other_sentences(&diff), !objects.is_empty(), the);
        objects.extend(others.as_ref().map(|o| o.object.clone()));
        let (base_title, base_named, to_base) = names(before, the);
        AvenantView {
            number: amendment.number,
            reference: avenant.reference.clone(),
            base: amendment.base,
            base_kind: nature.label(),
            base_title,
            base_named,
            to_base,
            the,
            to_the,
            base_signature: amendment.previous.signature,
            amended_named: amended_named(&amendment.amended_by),
            amended_by: amendment.amended_by,
            effective: amendment.effective,
            effective_year: (amendment.effective)
                .filter(|d| (d.month, d.day) != (1, 1) && money)
                .map(|d| d.year),
            reason: amendment.reason.as_deref().map(crate::french::sentence),
            previous_period: before.period,
            signed_with: signed_with(before),
            objects,
            joined,
            left,
            period_changed,
            plan,
            annex: money.then(|| AmendedAnnex::new(before, after)),
            clauses,
            pieces,
            carried: carried_views(before, after),
            others,
            base_articles,
        }
    }
}

/// « la Caf, la Commune de Feurs et le Département de la Loire »: one enumeration, never
/// « la Caf et A et B »; beyond three partners, « la Caf et les partenaires signataires ».
fn signed_with(before: &Convention) -> String {
    let partners: Vec<PartyView> = before.partners.iter().map(PartyView::partner).collect();
    if partners.len() > 3 {
        return format!("la Caf et {PARTNERS_TOGETHER}");
    }
    let names =
        std::iter::once("la Caf".to_string()).chain(partners.iter().map(|p| p.designation.clone()));
    enumerate(names.collect(), usize::MAX).map_or_else(String::new, |(text, _)| text)
}

/// « l’avenant n° 1 », « les avenants n° 1, 2 et 3 »; none before: `None`.
fn amended_named(earlier: &[EarlierAvenant]) -> Option<String> {
    let numbers = earlier.iter().map(|e| e.number.to_string()).collect();
    let (numbers, plural) = enumerate(numbers, usize::MAX)?;
    let avenants = if plural {
        "les avenants"
    } else {
        "l’avenant"
    };
    Some(format!("{avenants} n°\u{a0}{numbers}"))
}

/// The partners that join and those that leave, by their designations, and each partner
/// renamed, its name before and after: partners are paired as `diff` pairs them
/// ([`crate::diff::paired_partners`]), so that a partner renamed neither leaves nor joins.
fn partner_changes(
    before: &Convention,
    after: &Convention,
) -> (Vec<String>, Vec<String>, Vec<(String, String)>) {
    let pairs = crate::diff::paired_partners(&before.partners, &after.partners);
    let designation = super::wording::partner_designation;
    let joined = (after.partners.iter().zip(&pairs))
        .filter(|(_, pair)| pair.is_none())
        .map(|(p, _)| designation(p))
        .collect();
    let left = (before.partners.iter().enumerate())
        .filter(|(j, _)| !pairs.contains(&Some(*j)))
        .map(|(_, p)| designation(p))
        .collect();
    let renamed = (after.partners.iter().zip(&pairs))
        .filter_map(|(p, pair)| Some((&before.partners[(*pair)?], p)))
        .filter(|(q, p)| q.name.trim() != p.name.trim())
        .map(|(q, p)| (q.name.trim().to_string(), p.name.trim().to_string()))
        .collect();
    (joined, left, renamed)
}

/// « l’adhésion du Département de … à la convention », « le retrait de la Commune de … ».
fn party_objects(joined: &[String], left: &[String], to_the: &str) -> Vec<String> {
    let joins = joined
        .iter()
        .map(|p| format!("l’adhésion {} {to_the}", french::de(p)));
    joins
        .chain(left.iter().map(|p| format!("le retrait {}", french::de(p))))
        .collect()
}

/// The number of each standard article in the convention as it was signed: `plan` → 4.
fn article_numbers(before: &Convention) -> BTreeMap<&'static str, usize> {
    (super::articles::slots(before).iter().enumerate())
        .filter(|(_, slot)| slot.id != "clause")
        .map(|(i, slot)| (slot.id, i + 1))
        .collect()
}

/// The convention's title, and how the text names it: « la convention territoriale globale
/// 2021-2025 » or « la convention « CTG de Riom » », and the same after « à ».
fn names(before: &Convention, the: &str) -> (String, String, String) {
    let nature = before.kind;
    let (first, last) = (before.period.start.year, before.period.end.year);
    let title = (before.title.clone())
        .unwrap_or_else(|| format!("{} {first}-{last} — {}", nature.label(), before.territory));
    let (article, noun) = the.split_once(' ').unwrap_or(("la", the));
    let named = match &before.title {
        Some(title) if title.to_lowercase().starts_with(noun) => {
            format!("{article} {}", lower_first(title))
        }
        Some(title) => format!("{the} « {title} »"),
        None => format!("{article} {} {first}-{last}", nature.label().to_lowercase()),
    };
    let to_named = match named.strip_prefix("le ") {
        Some(rest) => format!("au {rest}"),
        None => format!("à {named}"),
    };
    (title, named, to_named)
}

/// « Convention territoriale globale » → « convention territoriale globale ».
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

fn day(date: Date) -> String {
    french::date(date.year, date.month, date.day)
}

/// What an avenant does to the period, as the object of « a pour objet ».
fn period_object(before: Period, after: Period, the: &str) -> String {
    let of_the = french::de(the);
    if before.start == after.start && after.end > before.end {
        format!("la prolongation {of_the} jusqu’au {}", day(after.end))
    } else if before.start == after.start {
        format!("l’avancement du terme {of_the} au {}", day(after.end))
    } else {
        format!(
            "la modification de la durée {of_the}, désormais du {} au {}",
            day(after.start),
            day(after.end)
        )
    }
}

/// Each change of the plan d'actions as an avenant words it.
fn plan_sentences(diff: &Diff, nature: Kind) -> Vec<String> {
    let plan = |c: &&Change| c.article == "plan d'actions" || c.article == "champs d'intervention";
    let item = if nature == Kind::Cej {
        "l’objectif"
    } else {
        "l’axe"
    };
    (diff.changes.iter().filter(plan))
        .map(|c| {
            let quoted = |text: &Option<String>| format!("« {} »", text.as_deref().unwrap_or(""));
            let subject = c
                .subject
                .replacen("axe ", "", 1)
                .replacen("objectif ", "", 1);
            let (axis, action) = match subject.split_once(", action ") {
                Some((axis, action)) => (axis.to_string(), Some(action.to_string())),
                None => (subject, None),
            };
            match (c.article, c.change, action) {
                ("champs d'intervention", _, _) => format!(
                    "les champs d’intervention de {item} {axis} sont désormais : {}",
                    c.after.as_deref().unwrap_or("")
                ),
                // Actions by the number the plan gives them: « action 2.3 ».
                (_, "added", Some(n)) => {
                    format!("est ajoutée l’action {axis}.{n} : {}", quoted(&c.after))
                }
                (_, "removed", Some(n)) => {
                    format!("l’action {axis}.{n} {} est supprimée", quoted(&c.before))
                }
                (_, _, Some(n)) => format!(
                    "l’action {axis}.{n} {} est ainsi rédigée : {}",
                    quoted(&c.before),
                    quoted(&c.after)
                ),
                (_, "added", None) => format!("est ajouté {item} {axis} : {}", quoted(&c.after)),
                (_, "removed", None) => format!("{item} {axis} {} est supprimé", quoted(&c.before)),
                (_, _, None) => {
                    format!("l’intitulé de {item} {axis} devient : {}", quoted(&c.after))
                }
            }
        })
        .collect()
}

/// The changes outside the parties, the period, the plan and the money, as sentences. A
/// new representative is no change to the convention: the avenant's parties name them.
fn other_sentences(diff: &Diff) -> Vec<String> {
    let other = |c: &&Change| matches!(c.article, "titre" | "visas" | "litiges");
    (diff.changes.iter().filter(other))
        .map(|c| match (&c.before, &c.after) {
            (Some(before), Some(after)) => {
                format!("{} : « {before} » devient « {after} »", c.subject)
            }
            (None, Some(after)) => format!("{} : « {after} » est ajouté", c.subject),
            (Some(before), None) => format!("{} : « {before} » est retiré", c.subject),
            (None, None) => c.subject.clone(),
        })
        .collect()
}
