//! What an avenant does to the text a file adds to the standard one: each free article
//! inserted, rewritten or deleted, restated whole as the convention reads after it; each
//! annex added to, replaced in or removed from the « Pièces contractuelles ».

use std::collections::BTreeMap;

use serde::Serialize;

use super::articles::{AnnexView, Slot, annexes, slots, title};
use crate::diff::same_title;
use crate::french;
use crate::model::*;

/// A free article the avenant inserts, rewrites or deletes: its own article of the avenant.
#[derive(Serialize)]
pub struct ClauseChange<'a> {
    /// The avenant's article heading: « Insertion d’un article « Communication » ».
    pub heading: String,
    /// What it does, as the object of « a pour objet ».
    pub object: String,
    /// What it says: « Il est inséré, après l’article 9 « Litiges » de la convention, un
    /// article ainsi rédigé : ».
    pub sentence: String,
    /// The article as the convention reads after the avenant, restated whole; none when
    /// deleted.
    pub restated: Option<RestatedClause<'a>>,
}

/// A free article restated whole: its number as the avenant cites it (« 6 », « 6 bis »),
/// and its text.
#[derive(Serialize)]
pub struct RestatedClause<'a> {
    pub number: String,
    pub article: Slot<'a>,
}

/// The free articles the avenant inserts, rewrites or deletes, matched by title: each
/// cited by its number in the convention as signed (`numbers`), restated whole as it reads
/// after the avenant; one inserted numbered after the article it follows (« 6 bis »).
pub(super) fn clause_changes<'a>(
    before: &'a Convention,
    after: &'a Convention,
    numbers: &BTreeMap<&'static str, usize>,
    of_the: String,
) -> Vec<ClauseChange<'a>> {
    let nature = after.kind;
    let numbered = |c: &'a Convention| -> Vec<(usize, Slot<'a>)> {
        (slots(c).into_iter().enumerate())
            .filter(|(_, slot)| slot.id == "clause")
            .map(|(i, slot)| (i + 1, slot))
            .collect()
    };
    let (old, new) = (numbered(before), numbered(after));
    let clause = |c: &'a Convention, title: &str| -> Option<&'a Clause> {
        c.clauses.iter().find(|k| same_title(&k.title, title))
    };
    let cited_as = amended_numbers(before, after);
    let inserted = |k: &Clause, n: &str| inserted(k, n, numbers, nature, &of_the);
    let mut changes = Vec::new();
    for (n, slot) in &old {
        if clause(after, &slot.title).is_none() {
            let cited = format!("l’article {n} « {} »", slot.title.trim());
            changes.push(ClauseChange {
                heading: format!("Suppression de {cited}"),
                object: format!("la suppression de {cited}"),
                sentence: format!("{} {of_the} est supprimé.", french::capitalize(&cited)),
                restated: None,
            });
        }
    }
    for (position, article) in new {
        let title = article.title.trim().to_string();
        let now = clause(after, &title).expect("a slot of its clauses");
        let number = cited_as[position - 1].clone();
        let was = old.iter().find(|(_, s)| same_title(&s.title, &title));
        let (heading, object, sentence) = match was {
            None => (
                format!("Insertion d’un article {number} « {title} »"),
                format!("l’insertion d’un article {number} « {title} »"),
                inserted(now, &number),
            ),
            Some(_) if clause(before, &title) == Some(now) => continue,
            Some((n, _)) => {
                let cited = format!("l’article {n} « {title} »");
                let moved = clause(before, &title).map(Clause::anchor) != Some(now.anchor());
                let sentence = match moved {
                    // Moved: deleted where it stood, inserted where it goes.
                    true => format!(
                        "{} {of_the} est supprimé. {}",
                        french::capitalize(&cited),
                        inserted(now, &number)
                    ),
                    false => format!("{} {of_the} est ainsi rédigé :", french::capitalize(&cited)),
                };
                (
                    format!("Modification de {cited}"),
                    format!("la modification de {cited}"),
                    sentence,
                )
            }
        };
        changes.push(ClauseChange {
            heading,
            object,
            sentence,
            restated: Some(RestatedClause { number, article }),
        });
    }
    changes
}

/// Each annex added to, replaced in or removed from the « Pièces contractuelles », matched
/// by title, named by its number where it stands (« l’annexe 2 – Diagnostic »).
pub(super) fn piece_sentences(before: &Convention, after: &Convention) -> Vec<String> {
    let (old, new) = (annexes(before), annexes(after));
    let named = |x: &AnnexView| format!("l’annexe {} – {}", x.number, x.title);
    let identity =
        |x: &AnnexView| (x.identity.as_ref()).map_or_else(String::new, |i| format!(" ({i})"));
    let mut said = Vec::new();
    for x in old.iter().filter(|x| !x.fiches) {
        if !new.iter().any(|y| same_title(&x.title, &y.title)) {
            said.push(format!(
                "{} est retirée de la liste des pièces contractuelles",
                named(x)
            ));
        }
    }
    for y in new.iter().filter(|y| !y.fiches) {
        let was = (before.annexes.iter()).find(|a| same_title(&a.title, &y.title));
        let now = (after.annexes.iter()).find(|a| same_title(&a.title, &y.title));
        match was {
            None => said.push(format!(
                "{}{} est ajoutée à la liste des pièces contractuelles",
                named(y),
                identity(y)
            )),
            Some(was) if Some(was) != now => said.push(format!(
                "{} est remplacée par sa nouvelle version{}",
                named(y),
                identity(y)
            )),
            Some(_) => {}
        }
    }
    said
}

/// Each article of `after`, in order, numbered as the avenant cites it. An article of the
/// convention keeps its number, as does a free article taking a standard one's place; one
/// inserted (or moved) takes the number of the article it follows with « bis », « ter »…:
/// the other articles keep theirs, and no two articles bear one number.
fn amended_numbers(before: &Convention, after: &Convention) -> Vec<String> {
    const LATIN: [&str; 9] = [
        "bis",
        "ter",
        "quater",
        "quinquies",
        "sexies",
        "septies",
        "octies",
        "nonies",
        "decies",
    ];
    let old = slots(before);
    let position = |id: &str| old.iter().position(|s| s.id == id).map(|i| i + 1);
    let kept = |slot: &Slot| -> Option<usize> {
        if slot.id != "clause" {
            return position(slot.id);
        }
        let now = after
            .clauses
            .iter()
            .find(|k| same_title(&k.title, &slot.title))?;
        let was = (before.clauses.iter()).find(|k| same_title(&k.title, &slot.title));
        match (was, now.replace) {
            (Some(was), _) if was.anchor() == now.anchor() => (old.iter())
                .position(|s| s.id == "clause" && same_title(&s.title, &slot.title))
                .map(|i| i + 1),
            (None, Some(id)) => position(id.as_str()),
            _ => None,
        }
    };
    let (mut last, mut inserted) = (0, 0);
    let mut cited = Vec::new();
    for slot in slots(after) {
        cited.push(match kept(&slot) {
            Some(n) => {
                (last, inserted) = (n, 0);
                n.to_string()
            }
            None => {
                inserted += 1;
                let suffix = LATIN
                    .get(inserted - 1)
                    .map_or_else(|| inserted.to_string(), |s| s.to_string());
                format!("{last}\u{a0}{suffix}")
            }
        });
    }
    cited
}

/// Where a free article goes, as the avenant says it: « Il est inséré, après l’article 9
/// « Litiges » de la convention, un article 9 bis ainsi rédigé : », or « L’article 4 … est
/// remplacé par un article ainsi rédigé : ».
fn inserted(
    k: &Clause,
    number: &str,
    numbers: &BTreeMap<&'static str, usize>,
    nature: Kind,
    of_the: &str,
) -> String {
    // « l’article 9 « Litiges » », « l’article « Litiges » » when a free article replaced it.
    let standard = |id: ArticleId| {
        let title = title(id, nature);
        match numbers.get(id.as_str()) {
            Some(n) => format!("l’article {n} « {title} »"),
            None => format!("l’article « {title} »"),
        }
    };
    match k.replace {
        Some(id) => format!(
            "{} {of_the} est remplacé par un article ainsi rédigé :",
            french::capitalize(&standard(id))
        ),
        None => format!(
            "Il est inséré, après {} {of_the}, un article {number} ainsi rédigé :",
            standard(k.after.unwrap_or(ArticleId::Litiges))
        ),
    }
}
