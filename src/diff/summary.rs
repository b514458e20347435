//! A diff in a few words, item by item: what the versions list labels each version with, and
//! what an import says a workbook row would change in its file — detailed there with the
//! values before and after, as `convgen diff` prints them.

use super::Diff;
use crate::i18n::{Lang, Message};

/// Each change in a few words (« signataires : Commune de Testville modifié », « financement :
/// ligne 1 (2030) »), each once; `detailed`, with what it was and becomes (« (2030 : 15 000,00 €
/// → 18 500,50 € (+3 500,50 €)) »).
pub fn summary(diff: &Diff, detailed: bool, lang: Lang) -> Vec<String> {
    let mut said: Vec<String> = Vec::new();
    for c in &diff.changes {
        // A signatory added or removed is named by its party: said by its name too, never
        // read as the party leaving (« Sophie Borderie (Département de …) retiré »).
        let who = (c.after.as_ref().or(c.before.as_ref()))
            .and_then(|shown| shown.split(", ").next())
            .filter(|_| c.article == "signataires" && c.change != "changed");
        let subject = match who {
            Some(who) => format!("{who} ({})", c.subject),
            None => c.subject.clone(),
        };
        let mut item = Message::VersionChange {
            article: c.article.to_string(),
            subject,
            change: c.agreement(),
        }
        .text(lang);
        if detailed && let Some(detail) = super::text::detail(c) {
            item = format!("{item} : {detail}");
        }
        said.push(item);
    }
    for line in &diff.funding {
        // What the line says of itself, before → after even in a few words: « nature » alone
        // would not say what it became.
        let parts = line.parts.iter().map(super::text::part_said);
        let years: Vec<String> = (parts.chain(line.years.iter().filter_map(|y| match detailed {
            true => Some(super::text::amount(y)),
            false => y.year.map(|y| y.to_string()),
        })))
        .collect();
        let line = line.line.clone();
        let item = match years.is_empty() {
            true => Message::VersionFunding { line },
            false => Message::VersionFundingYears {
                line,
                years: years.join(", "),
            },
        };
        said.push(item.text(lang));
    }
    // A change found twice (a signatory's name and its title) is said once.
    let mut seen = std::collections::HashSet::new();
    said.retain(|item| seen.insert(item.clone()));
    said
}
