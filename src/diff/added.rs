//! What a file adds to the standard text, compared: its visas, the way it is signed, its
//! free articles with their sub-articles, and its annexes.

use super::{Changes, day};
use crate::format::fields;
use crate::model::{Appendix, Clause, Convention, Section, SignatureMode};

impl Changes {
    pub(super) fn added_text(&mut self, old: &Convention, new: &Convention) {
        self.list("visas", "visa", &old.visas, &new.visas);
        // Paper unless the file says otherwise: `mode = "paper"` written out changes nothing.
        let mode = |c: &Convention| {
            let mode = c.signature.as_ref().and_then(|s| s.mode);
            match mode.unwrap_or(SignatureMode::Paper) {
                SignatureMode::Paper => Some("sur papier, en exemplaires originaux".to_string()),
                SignatureMode::Electronic => Some("électronique".to_string()),
            }
        };
        self.value("signature", "mode de signature", mode(old), mode(new));
        self.clauses(&old.clauses, &new.clauses);
        self.annexes(&old.annexes, &new.annexes);
    }

    /// Free articles paired by [`paired_clauses`]: added, removed, or renamed, moved,
    /// reworded, their sub-articles likewise.
    fn clauses(&mut self, old: &[Clause], new: &[Clause]) {
        let article = "articles libres";
        let named = |c: &Clause| format!("article « {} »", c.title.trim());
        let pairs = paired_clauses(old, new);
        for (j, gone) in old.iter().enumerate() {
            if !pairs.contains(&Some(j)) {
                self.push(article, "removed", named(gone)).before = Some(clause_text(gone));
            }
        }
        for (c, was) in new.iter().zip(&pairs) {
            let Some(before) = was.map(|j| &old[j]) else {
                self.push(article, "added", named(c)).after = Some(clause_text(c));
                continue;
            };
            let title = |c: &Clause| Some(c.title.trim().to_string());
            let subject = format!("intitulé de l’{}", named(before));
            self.value(article, &subject, title(before), title(c));
            let of = named(c);
            self.value(
                article,
                &format!("place de l’{of}"),
                place(before),
                place(c),
            );
            let text = |c: &Clause| c.text.as_deref().map(one_line);
            self.value(article, &format!("texte de l’{of}"), text(before), text(c));
            self.sections(&of, &before.sections, &c.sections);
        }
    }

    fn sections(&mut self, of: &str, old: &[Section], new: &[Section]) {
        let article = "articles libres";
        let named = |s: &Section| format!("{of}, sous-article « {} »", s.title.trim());
        let same = |a: &Section, b: &Section| same_title(&a.title, &b.title);
        for gone in old.iter().filter(|s| !new.iter().any(|t| same(s, t))) {
            self.push(article, "removed", named(gone)).before = Some(one_line(&gone.text));
        }
        for s in new {
            match old.iter().find(|t| same(s, t)) {
                None => self.push(article, "added", named(s)).after = Some(one_line(&s.text)),
                Some(before) => {
                    let subject = format!("{}, texte", named(s));
                    let text = |s: &Section| Some(one_line(&s.text));
                    self.value(article, &subject, text(before), text(s));
                }
            }
        }
    }

    /// Annexes matched by title: added, removed, or what identifies them changed.
    fn annexes(&mut self, old: &[Appendix], new: &[Appendix]) {
        let named = |a: &Appendix| format!("annexe « {} »", a.title.trim());
        let same = |a: &Appendix, b: &Appendix| same_title(&a.title, &b.title);
        for gone in old.iter().filter(|a| !new.iter().any(|b| same(a, b))) {
            self.push("annexes", "removed", named(gone)).before = Some(identity(gone));
        }
        for a in new {
            match old.iter().find(|b| same(a, b)) {
                None => self.push("annexes", "added", named(a)).after = Some(identity(a)),
                Some(before) => {
                    let of = format!("l’{}", named(a));
                    let skip = ["title"];
                    self.values("annexes", &of, (before, a), &fields::APPENDIX, &skip);
                }
            }
        }
    }
}

/// Whether two free articles, sub-articles or annexes are the same: by their title.
pub fn same_title(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The free article of `old` that each of `new` is, by its index: the one of the same
/// title; failing that, one renamed and nothing else — at the same place, with the same text
/// and sub-articles — which is the same article under a new title, modified, not deleted and
/// another inserted. A new title with a new text or place is another article: nothing then
/// says which it replaced. Each article of `old` is paired once.
pub fn paired_clauses(old: &[Clause], new: &[Clause]) -> Vec<Option<usize>> {
    let titled = |c: &Clause| old.iter().position(|d| same_title(&c.title, &d.title));
    let mut pairs: Vec<Option<usize>> = new.iter().map(titled).collect();
    let kept_title = |d: &Clause| new.iter().any(|c| same_title(&c.title, &d.title));
    let renamed = |d: &Clause, c: &Clause| {
        (d.after, d.replace, &d.text, &d.sections) == (c.after, c.replace, &c.text, &c.sections)
    };
    for i in 0..new.len() {
        if pairs[i].is_none() {
            pairs[i] = (0..old.len()).find(|&j| {
                !pairs.contains(&Some(j)) && !kept_title(&old[j]) && renamed(&old[j], &new[i])
            });
        }
    }
    pairs
}

/// A text on one line: its paragraphs joined, for a summary.
fn one_line(text: &str) -> String {
    crate::model::paragraphs(text).join(" ")
}

/// Where a free article stands: « après l’article Durée », « à la place de l’article
/// Financement », or after « Litiges » when the file says nothing.
fn place(c: &Clause) -> Option<String> {
    Some(match (c.replace, c.after) {
        (Some(id), _) => format!("à la place de l’article « {} »", id.label()),
        (None, Some(id)) => format!("après l’article « {} »", id.label()),
        (None, None) => "après l’article « Litiges »".to_string(),
    })
}

/// A free article in a few words: where it stands, its text, its sub-articles' titles.
fn clause_text(c: &Clause) -> String {
    let mut parts = vec![place(c).unwrap_or_default()];
    parts.extend(c.text.as_deref().map(one_line));
    let sections: Vec<&str> = c.sections.iter().map(|s| s.title.trim()).collect();
    if !sections.is_empty() {
        parts.push(format!("sous-articles : {}", sections.join(" ; ")));
    }
    parts.join(" ; ")
}

/// What identifies an annex: its PDF, or the document held apart, its version, date and
/// pages.
fn identity(a: &Appendix) -> String {
    let mut parts = vec![match &a.file {
        Some(file) => format!("PDF « {file} »"),
        None => "document établi séparément".to_string(),
    }];
    parts.extend(a.version.clone());
    parts.extend(a.date.map(|d| format!("du {}", day(d))));
    parts.extend(a.pages.map(|n| format!("{n}\u{a0}pages")));
    parts.join(", ")
}
