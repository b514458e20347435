//! What an avenant does to the text a file adds to the standard one: each free article
//! inserted, rewritten or deleted, restated whole as the convention reads after it; each
//! annex added to, replaced in or removed from the « Pièces contractuelles ».

use std::collections::BTreeMap;

use serde::Serialize;

use super::articles::{AnnexView, Slot, annex_source_path, annexes, slots, title};
use crate::diff::{paired_clauses, same_title};
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

/// The free articles the avenant inserts, rewrites or deletes, paired by
/// [`paired_clauses`] (a renamed article is the same one): each cited by its number in the
/// convention as signed (`numbers`), restated whole as it reads after the avenant; one
/// inserted numbered after the article it follows (« 6 bis »).
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
    let pairs = paired_clauses(&before.clauses, &after.clauses);
    let cited_as = amended_numbers(before, after);
    let inserted = |k: &Clause, n: &str| inserted(k, n, numbers, nature, &of_the);
    let mut changes = Vec::new();
    for (n, slot) in &old {
        if was_paired(before, &pairs, &slot.title).is_none() {
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
        let i = clause_index(after, &title).expect("a slot of its clauses");
        let now = &after.clauses[i];
        let number = cited_as[position - 1].clone();
        let was = pairs[i].map(|j| &before.clauses[j]);
        let (heading, object, sentence) = match was {
            None => (
                format!("Insertion d’un article {number} « {title} »"),
                format!("l’insertion d’un article {number} « {title} »"),
                inserted(now, &number),
            ),
            Some(was) if was == now => continue,
            Some(was) => {
                let n = old.iter().find(|(_, s)| same_title(&s.title, &was.title));
                let n = n.map_or(0, |(n, _)| *n);
                let cited = format!("l’article {n} « {} »", was.title.trim());
                let sentence = match (was.anchor() != now.anchor(), was.title.trim() != title) {
                    // Moved: deleted where it stood, inserted where it goes.
                    (true, _) => format!(
                        "{} {of_the} est supprimé. {}",
                        french::capitalize(&cited),
                        inserted(now, &number)
                    ),
                    (false, true) => format!(
                        "L’intitulé de {cited} {of_the} est remplacé par « {title} » ; l’article {n} est ainsi rédigé :"
                    ),
                    (false, false) => {
                        format!("{} {of_the} est ainsi rédigé :", french::capitalize(&cited))
                    }
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

/// The index of the free article of `c` titled `title`.
fn clause_index(c: &Convention, title: &str) -> Option<usize> {
    c.clauses.iter().position(|k| same_title(&k.title, title))
}

/// The free article of `after` that the one of `before` titled `title` became, by `pairs`.
fn was_paired(before: &Convention, pairs: &[Option<usize>], title: &str) -> Option<usize> {
    let j = clause_index(before, title)?;
    pairs.iter().position(|p| *p == Some(j))
}

/// The annexes of `c` (by index) whose PDF its document carries, its pages after the
/// signatures and the file attached: each one of a convention; of an avenant, only those it
/// adds or replaces — the others are in the convention already.
pub fn carried_annexes(c: &Convention) -> Vec<usize> {
    let read = (0..c.annexes.len()).filter(|&i| c.annexes[i].content.is_some());
    match c.amended() {
        None => read.collect(),
        Some((before, _)) => read.filter(|&i| renewed(&before, &c.annexes[i])).collect(),
    }
}

/// Whether `annex` is new to `before`: added, or a new version of one it had (another
/// file, version, date or number of pages).
fn renewed(before: &Convention, annex: &Appendix) -> bool {
    let was = (before.annexes.iter()).find(|a| same_title(&a.title, &annex.title));
    was != Some(annex)
}

/// The annexes of the convention after the avenant that the avenant carries, numbered as
/// the convention numbers them.
pub(super) fn carried_views(before: &Convention, after: &Convention) -> Vec<AnnexView> {
    let carried: Vec<Option<String>> = (after.annexes.iter().enumerate())
        .filter(|(_, a)| a.content.is_some() && renewed(before, a))
        .map(|(i, _)| Some(annex_source_path(i)))
        .collect();
    (annexes(after).into_iter())
        .filter(|x| x.source.is_some() && carried.contains(&x.source))
        .collect()
}

/// Each annex added to, replaced in or removed from the « Pièces contractuelles », matched
/// by title, named by its number where it stands (« l’annexe 2 – Diagnostic »); one the
/// avenant carries said joined to it.
pub(super) fn piece_sentences(before: &Convention, after: &Convention) -> Vec<String> {
    let (old, new) = (annexes(before), annexes(after));
    let named = |x: &AnnexView| format!("l’annexe {} – {}", x.number, x.title);
    let identity =
        |x: &AnnexView| (x.identity.as_ref()).map_or_else(String::new, |i| format!(" ({i})"));
    // Its pages are those the avenant carries: new or replaced, with its PDF read.
    let joined = |x: &AnnexView| match x.pages.len() {
        0 => String::new(),
        1 => " ; elle est jointe au présent avenant, à la suite de ses signatures (1\u{a0}page)"
            .into(),
        n => format!(
            " ; elle est jointe au présent avenant, à la suite de ses signatures ({n}\u{a0}pages)"
        ),
    };
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
                "{}{} est ajoutée à la liste des pièces contractuelles{}",
                named(y),
                identity(y),
                joined(y)
            )),
            Some(was) if Some(was) != now => said.push(format!(
                "{} est remplacée par sa nouvelle version{}{}",
                named(y),
                identity(y),
                joined(y)
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
    let pairs = paired_clauses(&before.clauses, &after.clauses);
    let position = |id: &str| old.iter().position(|s| s.id == id).map(|i| i + 1);
    let kept = |slot: &Slot| -> Option<usize> {
        if slot.id != "clause" {
            return position(slot.id);
        }
        let i = clause_index(after, &slot.title)?;
        let now = &after.clauses[i];
        let was = pairs[i].map(|j| &before.clauses[j]);
        match (was, now.replace) {
            (Some(was), _) if was.anchor() == now.anchor() => (old.iter())
                .position(|s| s.id == "clause" && same_title(&s.title, &was.title))
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

/// The changes no article of the convention holds apart — a partner's new name, the title,
/// the visas, the court — said together in one article of the avenant.
#[derive(Serialize)]
pub struct OtherChanges {
    /// « Dénomination d’une partie » when only names change; « Autres modifications » after
    /// other articles of the avenant, « Modifications diverses » alone.
    pub heading: String,
    /// Whether the avenant amends the convention in articles before this one: « est en
    /// outre modifiée » then, never when it is the only change.
    pub besides: bool,
    /// Each change, as a sentence.
    pub sentences: Vec<String>,
    /// What it does, as the object of « a pour objet ».
    #[serde(skip)]
    pub object: String,
}

impl OtherChanges {
    /// `renamed`: each partner's name before and after; `mentions`: the other changes, as
    /// sentences; `besides`: whether other changes come before; `the`: « la convention ».
    pub fn new(
        renamed: &[(String, String)],
        mentions: Vec<String>,
        besides: bool,
        the: &str,
    ) -> Option<OtherChanges> {
        let renames = renamed
            .iter()
            .map(|(q, p)| format!("la dénomination de la partie « {q} » devient « {p} »"));
        let sentences: Vec<String> = renames.chain(mentions.iter().cloned()).collect();
        let (heading, object) = match (renamed, mentions.is_empty()) {
            ([], true) => return None,
            ([(q, _)], true) => (
                "Dénomination d’une partie",
                format!("la modification de la dénomination de la partie « {q} »"),
            ),
            (_, true) => {
                let names = renamed.iter().map(|(q, _)| format!("« {q} »")).collect();
                let (names, _) = super::wording::enumerate(names, usize::MAX).unwrap_or_default();
                let object = format!("la modification de la dénomination des parties {names}");
                ("Dénomination des parties", object)
            }
            _ => {
                // Named in the object clause when they are few, so that it says what changes.
                let which = match sentences.len() {
                    1 | 2 => format!(" ({})", sentences.join(" ; ")),
                    _ => String::new(),
                };
                let (heading, some) = match besides {
                    true => ("Autres modifications", "d’autres mentions"),
                    false => ("Modifications diverses", "de certaines mentions"),
                };
                let object = format!("la mise à jour {some} {}{which}", french::de(the));
                (heading, object)
            }
        };
        let heading = heading.to_string();
        Some(OtherChanges {
            heading,
            besides,
            sentences,
            object,
        })
    }
}
