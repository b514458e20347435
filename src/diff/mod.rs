//! What changed between two versions of a convention, in the words of the convention: parties
//! and signatories (groups, delegations), délibérations, the period, the axes and their
//! actions (rewordings word by word), the visas, the way it is signed, the free articles and
//! their sub-articles, the annexes, each funding line year by year, and the totals. Amounts and dates are written as in
//! the PDF.

mod added;
mod avenant;
mod money;
mod parties;
mod summary;
mod text;

use serde::Serialize;

use crate::format::fields::Table;
use crate::format::{Plain, View};
use crate::french;
use crate::model::{Convention, Date};
pub use added::{paired_clauses, same_title};
pub use avenant::{Refusal, avenant, earlier, stated};
pub use money::{AmountChange, LineChange, paired_lines};
pub use parties::paired_partners;
pub use summary::summary;
pub use text::text;

/// Every change from one version to the next.
#[derive(Debug, Default, Serialize)]
pub struct Diff {
    /// Whether nothing a reader of the convention would see changed.
    pub identical: bool,
    pub changes: Vec<Change>,
    /// The funding lines added, removed or whose amounts changed.
    pub funding: Vec<LineChange>,
    /// The totals of every year, before and after, where they changed.
    pub totals: Vec<AmountChange>,
    /// The total over the period, when it changed.
    pub total: Option<AmountChange>,
}

/// One change outside the amounts.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The part of the convention: `parties`, `signataires`, `durée`, `plan d'actions`, …
    pub article: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// What changed, in French: « la Commune d'Enval », « axe 2, action 3 ».
    pub subject: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// For a rewording: the new text with `[-removed-]` and `{+added+}` words.
    pub words: Option<String>,
}

impl Change {
    /// What became of it, agreeing with its subject: « période modifiée », « axe 2 ajouté »,
    /// « axe 1, action 2 retirée », « Commune d’Enval ajoutée ».
    pub fn participle(&self) -> &'static str {
        match (self.change, self.is_feminine()) {
            ("added", false) => "ajouté",
            ("added", true) => "ajoutée",
            ("removed", false) => "retiré",
            ("removed", true) => "retirée",
            (_, false) => "modifié",
            (_, true) => "modifiée",
        }
    }

    /// What became of it, for a message to agree with (`added`, `added-feminine`, …).
    pub fn agreement(&self) -> String {
        match self.is_feminine() {
            true => format!("{}-feminine", self.change),
            false => self.change.to_string(),
        }
    }

    fn is_feminine(&self) -> bool {
        // A signatory added or removed is named by its party, but it is the signatory.
        let signatory = self.article == "signataires" && self.change != "changed";
        !signatory && is_feminine(&self.subject)
    }
}

/// The feminine nouns a change's subject opens with (the others are masculine, as a
/// signatory's name is taken to be), beyond the names of bodies `french` knows.
const FEMININE: &[&str] = &[
    "action",
    "annexe",
    "date",
    "délégation",
    "délibération",
    "juridiction",
    "ligne",
    "nature",
    "période",
    "place",
    "qualité",
    "version",
];

/// Whether a subject is feminine: by its last part (« axe 1, action 2 »: the action), by
/// its first word.
fn is_feminine(subject: &str) -> bool {
    let last = subject.rsplit(", ").next().unwrap_or(subject);
    let first = last
        .split([' ', '\'', '’'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    FEMININE.contains(&first.as_str()) || french::gender_of(last) == Some(french::Gender::Feminine)
}

/// The changes from `old` to `new`.
pub fn diff(old: &Convention, new: &Convention) -> Diff {
    let mut changes = Changes::default();
    changes.front(old, new);
    changes.parties(old, new);
    changes.plan(old, new);
    changes.added_text(old, new);
    let (funding, totals, total) = money::funding(old, new);
    let identical = changes.0.is_empty() && funding.is_empty() && total.is_none();
    Diff {
        identical,
        changes: changes.0,
        funding,
        totals,
        total,
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

/// A value as the convention writes it: dates and amounts in French, names by their label;
/// the tables a value holds (a délibération) are compared on their own.
fn shown(value: Plain<'_>) -> Option<String> {
    match value {
        Plain::Text(text) => Some(text.to_string()),
        Plain::Date(date) => Some(day(date)),
        Plain::Integer(n) => Some(n.to_string()),
        Plain::Amount(amount) => Some(french::money(amount.value())),
        Plain::Choice(_, label) => Some(label.to_string()),
        Plain::Lines(items) if !items.is_empty() => Some(items.join(" ; ")),
        Plain::Lines(_) | Plain::Domains(_) | Plain::Table(_) | Plain::None => None,
        Plain::Items(_) | Plain::Amounts(_) => None,
    }
}

/// A date as the convention writes it.
fn day(date: Date) -> String {
    french::date(date.year, date.month, date.day)
}

impl Changes {
    fn push(
        &mut self,
        article: &'static str,
        change: &'static str,
        subject: String,
    ) -> &mut Change {
        self.0.push(Change {
            article,
            change,
            subject,
            before: None,
            after: None,
            words: None,
        });
        self.0.last_mut().expect("just pushed")
    }

    /// A value that may change: recorded when it did.
    fn value(
        &mut self,
        article: &'static str,
        subject: &str,
        before: Option<String>,
        after: Option<String>,
    ) {
        if before == after {
            return;
        }
        let change = match (&before, &after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        };
        let words = match (&before, &after) {
            (Some(b), Some(a)) => Some(words(b, a)),
            _ => None,
        };
        let entry = self.push(article, change, subject.to_string());
        (entry.before, entry.after, entry.words) = (before, after, words);
    }

    fn front(&mut self, old: &Convention, new: &Convention) {
        let text = |s: &str| Some(s.to_string());
        self.value(
            "titre",
            "territoire",
            text(&old.territory),
            text(&new.territory),
        );
        self.value("titre", "intitulé", old.title.clone(), new.title.clone());
        let period = |c: &Convention| {
            Some(format!(
                "du {} au {}",
                day(c.period.start),
                day(c.period.end)
            ))
        };
        self.value("durée", "période", period(old), period(new));
        self.value(
            "litiges",
            "juridiction",
            old.court.clone(),
            new.court.clone(),
        );
        self.value(
            "visas",
            "schéma départemental",
            old.sdsf.clone(),
            new.sdsf.clone(),
        );
        let place = |c: &Convention| c.signature.as_ref().map(|s| s.place.clone());
        let date = |c: &Convention| c.signature.as_ref().and_then(|s| s.date).map(day);
        let copies =
            |c: &Convention| (c.signature.as_ref().and_then(|s| s.copies)).map(|n| n.to_string());
        self.value("signature", "lieu de signature", place(old), place(new));
        self.value("signature", "date de signature", date(old), date(new));
        self.value(
            "signature",
            "nombre d'exemplaires",
            copies(old),
            copies(new),
        );
    }

    /// Every value of a table that is one key's (not its lists, nor the tables it holds):
    /// « siège de la Caf », « SIREN de la Commune d’Enval », « nom d’Agen ».
    fn values(
        &mut self,
        article: &'static str,
        of: &str,
        (old, new): (&dyn View, &dyn View),
        table: &Table,
        skip: &[&str],
    ) {
        let subject = |label: &str| format!("{label} {}", french::de(of));
        self.values_named(article, (old, new), table, skip, subject);
    }

    /// Every value of a table that is one key's, each named by `subject` from its label.
    fn values_named(
        &mut self,
        article: &'static str,
        (old, new): (&dyn View, &dyn View),
        table: &Table,
        skip: &[&str],
        subject: impl Fn(&str) -> String,
    ) {
        for field in table.fields.iter().filter(|f| !skip.contains(&f.name)) {
            let subject = subject(&french::lowercase_first(field.label.fr));
            self.value(
                article,
                &subject,
                shown(old.plain(field.name)),
                shown(new.plain(field.name)),
            );
        }
    }

    fn plan(&mut self, old: &Convention, new: &Convention) {
        let axis = if new.kind == crate::model::Kind::Cej {
            "objectif"
        } else {
            "axe"
        };
        for index in 0..old.axes.len().max(new.axes.len()) {
            let subject = format!("{axis} {}", index + 1);
            match (old.axes.get(index), new.axes.get(index)) {
                (Some(a), None) => {
                    self.push("plan d'actions", "removed", subject).before = Some(a.title.clone())
                }
                (None, Some(b)) => {
                    let actions: Vec<&str> = b.actions.iter().map(|a| a.title.as_str()).collect();
                    let entry = self.push("plan d'actions", "added", subject);
                    entry.after = Some(format!("{} ({})", b.title, actions.join(" ; ")));
                }
                (Some(a), Some(b)) => {
                    self.value(
                        "plan d'actions",
                        &subject,
                        Some(a.title.clone()),
                        Some(b.title.clone()),
                    );
                    let domains = |x: &crate::model::Axis| {
                        let names: Vec<String> = (x.domains.iter())
                            .map(|d| {
                                d.label
                                    .clone()
                                    .unwrap_or_else(|| d.domain.label().to_string())
                            })
                            .collect();
                        Some(names.join(", "))
                    };
                    self.value("champs d'intervention", &subject, domains(a), domains(b));
                    self.actions(&subject, a, b);
                }
                (None, None) => {}
            }
        }
    }

    /// Actions matched in order (see [`Changes::list`]).
    fn actions(&mut self, axis: &str, old: &crate::model::Axis, new: &crate::model::Axis) {
        let titles = |x: &crate::model::Axis| -> Vec<String> {
            x.actions.iter().map(|a| a.title.clone()).collect()
        };
        let item = format!("{axis}, action");
        self.list("plan d'actions", &item, &titles(old), &titles(new));
    }

    /// Texts of a list matched in order: kept, removed, added; a removed one followed by an
    /// added one is a rewording. Each is named `item` and its number: « visa 2 ».
    fn list(&mut self, article: &'static str, item: &str, before: &[String], after: &[String]) {
        use similar::{DiffOp, capture_diff_slices};
        for op in capture_diff_slices(similar::Algorithm::Myers, before, after) {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            let paired = match op {
                DiffOp::Replace { .. } => old_range.len().min(new_range.len()),
                _ => 0,
            };
            for k in 0..paired {
                let subject = format!("{item} {}", new_range.start + k + 1);
                self.value(
                    article,
                    &subject,
                    Some(before[old_range.start + k].clone()),
                    Some(after[new_range.start + k].clone()),
                );
            }
            if matches!(op, DiffOp::Equal { .. }) {
                continue;
            }
            for i in old_range.clone().skip(paired) {
                let entry = self.push(article, "removed", format!("{item} {}", i + 1));
                entry.before = Some(before[i].clone());
            }
            for i in new_range.clone().skip(paired) {
                let entry = self.push(article, "added", format!("{item} {}", i + 1));
                entry.after = Some(after[i].clone());
            }
        }
    }
}

/// `new` with the words `old` had and it has not as `[-…-]`, and its own as `{+…+}`.
pub fn words(old: &str, new: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(old, new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal => out.push_str(value),
            ChangeTag::Delete => out.push_str(&format!("[-{value}-]")),
            ChangeTag::Insert => out.push_str(&format!("{{+{value}+}}")),
        }
    }
    out.replace("-][-", "").replace("+}{+", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Message};

    fn change(change: &'static str, subject: &str) -> Change {
        Change {
            article: "x",
            change,
            subject: subject.into(),
            before: None,
            after: None,
            words: None,
        }
    }

    /// Walk 38: a délibération's number typed with its own « n° » is cited once; two long
    /// citations are said by what differs, not by the one replaced alone.
    #[test]
    fn a_deliberation_is_cited_once_numbered_and_its_change_said_both_ways() {
        let number = |n: &str| crate::model::Deliberation {
            body: "Conseil d’administration".into(),
            date: crate::model::DateToGive::ToComplete,
            number: Some(n.into()),
        };
        assert_eq!(number("n° 2026-118").number_cited(), Some("2026-118"));
        assert_eq!(number("N°\u{a0}2026-118").number_cited(), Some("2026-118"));
        assert_eq!(number("2026-118").number_cited(), Some("2026-118"));
        let long = |n: &str| {
            format!(
                "délibération n° {n} du conseil d’administration de la Caisse d’allocations familiales en date du 12 septembre 2024"
            )
        };
        let mut c = change("changed", "délibération de la Caf");
        (c.before, c.after) = (Some(long("2026-117")), Some(long("2026-118")));
        assert_eq!(
            text::detail(&c).as_deref(),
            Some("… n° 2026-117 du … → … n° 2026-118 du …")
        );
    }

    #[test]
    fn each_change_agrees_with_its_subject() {
        let said =
            |what, subject: &str| format!("{subject} {}", change(what, subject).participle());
        assert_eq!(said("changed", "période"), "période modifiée");
        assert_eq!(said("added", "axe 1, action 2"), "axe 1, action 2 ajoutée");
        assert_eq!(said("added", "axe 3"), "axe 3 ajouté");
        assert_eq!(
            said("removed", "Commune d’Enval"),
            "Commune d’Enval retirée"
        );
        assert_eq!(
            said("changed", "siège de la Caf"),
            "siège de la Caf modifié"
        );
        assert_eq!(
            said("changed", "délibération de la Caf"),
            "délibération de la Caf modifiée"
        );
        // The versions list says it in a message, agreeing too.
        let label = |what, subject: &str, lang| {
            let change = change(what, subject);
            let (article, subject) = ("annexes".to_string(), subject.to_string());
            let change = change.agreement();
            (Message::VersionChange {
                article,
                subject,
                change,
            })
            .text(lang)
        };
        for (what, subject, lang, said) in [
            (
                "added",
                "annexe « A »",
                Lang::Fr,
                "annexes : annexe « A » ajoutée",
            ),
            (
                "removed",
                "article « B »",
                Lang::Fr,
                "annexes : article « B » retiré",
            ),
            ("changed", "période", Lang::Fr, "annexes : période modifiée"),
            (
                "added",
                "annexe « A »",
                Lang::En,
                "annexes: annexe « A » added",
            ),
        ] {
            assert_eq!(label(what, subject, lang), said);
        }
    }

    #[test]
    fn a_rewording_shows_the_words_that_changed() {
        assert_eq!(
            words(
                "Harmoniser les règlements du territoire",
                "Harmoniser les règles du territoire"
            ),
            "Harmoniser les [-règlements-]{+règles+} du territoire"
        );
        assert_eq!(words("a b c", "a b c"), "a b c");
    }
}
