//! A diff as a reader of the convention wants it: grouped by article, in French, amounts and
//! dates as the PDF writes them.

use std::fmt::Write as _;

use super::{AmountChange, Change, Diff};

/// The diff as text.
pub fn text(diff: &Diff) -> String {
    if diff.identical {
        return "Aucun changement : les deux versions disent la même chose.\n".to_string();
    }
    let mut out = String::new();
    let mut articles: Vec<&str> = Vec::new();
    for change in &diff.changes {
        if !articles.contains(&change.article) {
            articles.push(change.article);
        }
    }
    for article in articles {
        let _ = writeln!(out, "{}", capitalized(article));
        for c in diff.changes.iter().filter(|c| c.article == article) {
            let what = c.participle();
            let detail = detail(c).unwrap_or_default();
            let _ = writeln!(out, "  {what} — {} : {detail}", c.subject);
        }
    }
    if !diff.funding.is_empty() || diff.total.is_some() {
        let _ = writeln!(out, "Annexe financière");
        for line in &diff.funding {
            let what = match line.change {
                "added" => "ligne ajoutée",
                "removed" => "ligne retirée",
                _ => "ligne modifiée",
            };
            let _ = writeln!(out, "  {what} — {} ({})", line.line, line.funder);
            for part in &line.parts {
                let _ = writeln!(out, "    {}", part_said(part));
            }
            for year in &line.years {
                let _ = writeln!(out, "    {}", amount(year));
            }
        }
        if !diff.totals.is_empty() {
            let _ = writeln!(out, "  Total par année");
            for year in &diff.totals {
                let _ = writeln!(out, "    {}", amount(year));
            }
        }
        if let Some(total) = &diff.total {
            let _ = writeln!(out, "  Total de la convention : {}", amount(total));
        }
    }
    out
}

/// What a change was and becomes: « before → after » when short, else the reworded text.
pub(super) fn detail(c: &Change) -> Option<String> {
    match (&c.before, &c.after, &c.words) {
        (Some(before), Some(after), _) if before.chars().count() + after.chars().count() < 100 => {
            Some(format!("{before} → {after}"))
        }
        (_, _, Some(words)) => Some(words.clone()),
        // Two long texts (a délibération cited): what differs, a word around it (walk 38: an
        // import said only the number it replaced).
        (Some(before), Some(after), None) => Some(differing(before, after)),
        (None, Some(after), None) => Some(after.clone()),
        (Some(before), None, None) => Some(before.clone()),
        _ => None,
    }
}

/// Two long texts said by the words that differ, with one word of context on each side:
/// « … n° 2026-117 du … → … n° 2026-118 du … ».
fn differing(before: &str, after: &str) -> String {
    let (b, a): (Vec<&str>, Vec<&str>) = (before.split(' ').collect(), after.split(' ').collect());
    let head = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let rest = |w: &[&str]| w.len() - head;
    let tail = (b.iter().rev().zip(a.iter().rev()))
        .take_while(|(x, y)| x == y)
        .count()
        .min(rest(&b))
        .min(rest(&a));
    let from = head.saturating_sub(1);
    let said = |w: &[&str]| {
        let to = (w.len() - tail + 1).min(w.len());
        let mut text = w[from..to].join(" ");
        if from > 0 {
            text.insert_str(0, "… ");
        }
        if to < w.len() {
            text.push_str(" …");
        }
        text
    };
    format!("{} → {}", said(&b), said(&a))
}

/// A funding line's part that changed: « nature : PSEJ → Bonus territoire ALSH ».
pub(super) fn part_said(part: &Change) -> String {
    let absent = "—".to_string();
    let before = part.before.as_ref().unwrap_or(&absent);
    let after = part.after.as_ref().unwrap_or(&absent);
    format!("{} : {before} → {after}", part.subject)
}

/// An amount's change: « 2030 : 15 000,00 € → 18 500,50 € (+3 500,50 €) ».
pub(super) fn amount(change: &AmountChange) -> String {
    let absent = "—".to_string();
    let year = change.year.map(|y| format!("{y} : ")).unwrap_or_default();
    let before = change.before.as_ref().unwrap_or(&absent);
    let after = change.after.as_ref().unwrap_or(&absent);
    format!("{year}{before} → {after} ({})", change.difference)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
