//! The rules of what a file adds to the standard text — groups of partners, free articles,
//! annexes, the way it is signed — and the CEJ's split between accueil and pilotage.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::rules::Checker;
use crate::diag::Diagnostic;
use crate::i18n::Message;
use crate::model::*;

/// Most free articles and annexes a convention may hold: far above a real one's.
const MOST_CLAUSES: usize = 100;
const MOST_ANNEXES: usize = 20;

impl Checker<'_> {
    pub(super) fn added_text(&mut self, c: &Convention) {
        self.signature_mode(c);
        self.groups(c);
        self.clauses(c);
        self.annex_files(c);
        self.pilotage(c);
        self.seats(c);
    }

    /// Every party's seat, or none: told once, at the first party without one.
    fn seats(&mut self, c: &Convention) {
        let parties = 1 + c.partners.len();
        let given = usize::from(c.caf.address.is_some())
            + c.partners.iter().filter(|p| p.address.is_some()).count();
        if given == 0 || given == parties {
            return;
        }
        let key = match c.partners.iter().position(|p| p.address.is_none()) {
            _ if c.caf.address.is_none() => KeyPath::top("caf").key("address"),
            Some(i) => KeyPath::top("partners").item(i).key("address"),
            None => return,
        };
        let message = Message::SeatMissing { given, parties };
        let diagnostic = Diagnostic::warning(message).help(Message::EverySeatOrNone);
        self.report(&key, diagnostic);
    }

    /// Originals are counted on paper only.
    fn signature_mode(&mut self, c: &Convention) {
        if let Some(signature) = &c.signature
            && signature.is_electronic()
            && signature.copies.is_some()
        {
            let key = KeyPath::top("signature").key("copies");
            self.warning(&key, Message::CopiesOnPaperOnly);
        }
    }

    /// The partners of a group follow one another, and a group holds more than one.
    fn groups(&mut self, c: &Convention) {
        let mut seen: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, partner) in c.partners.iter().enumerate() {
            let Some(group) = partner.group.as_deref() else {
                continue;
            };
            let key = KeyPath::top("partners").item(i).key("group");
            match seen.get_mut(group) {
                Some((first, last)) if *last + 1 != i => {
                    let message = Message::GroupNotConsecutive {
                        group: group.to_string(),
                        first: *first + 1,
                    };
                    let diagnostic = Diagnostic::error(message).help(Message::KeepGroupTogether);
                    self.report(&key, diagnostic);
                    *last = i;
                }
                Some((_, last)) => *last = i,
                None => {
                    seen.insert(group, (i, i));
                }
            }
        }
        for (group, (first, last)) in seen {
            if first == last {
                let key = KeyPath::top("partners").item(first).key("group");
                let group = group.to_string();
                self.warning(&key, Message::GroupOfOne { group });
            }
        }
    }

    /// Each free article follows or replaces one standard article, and no article that
    /// carries what the convention needs is replaced.
    fn clauses(&mut self, c: &Convention) {
        self.most("clauses", c.clauses.len(), MOST_CLAUSES);
        let mut replaced: Vec<ArticleId> = Vec::new();
        for (i, clause) in c.clauses.iter().enumerate() {
            let key = KeyPath::top("clauses").item(i).key("replace");
            let Some(article) = clause.replace else {
                continue;
            };
            let name = article.as_str().to_string();
            if clause.after.is_some() {
                let diagnostic =
                    Diagnostic::error(Message::AfterAndReplace).help(Message::KeepAfterOrReplace);
                self.report(&key, diagnostic);
            } else if replaced.contains(&article) {
                self.error(&key, Message::ReplacedTwice { article: name });
            } else if article == ArticleId::Pieces
                || (article == ArticleId::Financement && !c.funding.is_empty())
            {
                let help = Message::WriteAfterInstead {
                    article: name.clone(),
                };
                let diagnostic = Diagnostic::error(Message::CannotReplace { article: name });
                self.report(&key, diagnostic.help(help));
            }
            replaced.push(article);
        }
    }

    /// An annex's file is a PDF found from the convention file's folder, never above it.
    fn annex_files(&mut self, c: &Convention) {
        self.most("annexes", c.annexes.len(), MOST_ANNEXES);
        for (i, annex) in c.annexes.iter().enumerate() {
            let Some(file) = &annex.file else { continue };
            let path = std::path::Path::new(file);
            let inside = path
                .components()
                .all(|part| matches!(part, std::path::Component::Normal(_)));
            let pdf = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            if !inside || !pdf || file.contains('\\') {
                let key = KeyPath::top("annexes").item(i).key("file");
                let diagnostic = Diagnostic::error(Message::AnnexPath { file: file.clone() });
                self.report(&key, diagnostic.help(Message::AnnexBesideTheFile));
            }
        }
    }

    fn most(&mut self, key: &str, count: usize, limit: usize) {
        if count > limit {
            let what = key.to_string();
            let diagnostic = Diagnostic::error(Message::TooManyItems { count, what, limit });
            self.report(&KeyPath::top(key), diagnostic);
        }
    }

    /// In a CEJ, the accueil of children and young people takes at least 85 % of the Caf's
    /// PSEJ, pilotage (coordination, diagnostic) at most 15 % (the CEJ's conditions
    /// générales): checked year by year, told at the largest pilotage line of the first
    /// year over.
    fn pilotage(&mut self, c: &Convention) {
        if c.nature() != Kind::Cej || self.spans.is_broken(&KeyPath::top("funding")) {
            return;
        }
        let over: Vec<(i32, Decimal, Decimal)> = (c.period.years())
            .filter_map(|year| {
                let (pilotage, psej) = psej_shares(c, year);
                let limit = psej * Decimal::new(15, 2);
                (pilotage > limit).then_some((year, pilotage, psej))
            })
            .collect();
        let Some(&(year, pilotage, psej)) = over.first() else {
            return;
        };
        let largest = (c.funding.iter().enumerate())
            .filter(|(_, l)| is_pilotage(l) && l.funder == Funder::Caf)
            .max_by_key(|(_, l)| l.amounts.get(&year).copied().unwrap_or_default())
            .map(|(i, _)| i)
            .unwrap_or_default();
        let key = (KeyPath::top("funding").item(largest))
            .key("amounts")
            .key(&year.to_string());
        let message = Message::PilotageOver15 {
            year,
            pilotage,
            psej,
            others: over.len() - 1,
        };
        self.report(
            &key,
            Diagnostic::warning(message).help(Message::LowerPilotage),
        );
    }
}

/// Whether a CEJ line pays pilotage rather than accueil: coordination and diagnostic, under
/// their own kind or as PSEJ of the coordination équipement.
pub fn is_pilotage(line: &FundingLine) -> bool {
    matches!(
        line.kind,
        FundingKind::Coordination | FundingKind::Diagnostic
    ) || (line.kind == FundingKind::Psej && line.equipment == Some(Equipment::Coordination))
}

/// The Caf's pilotage and its whole PSEJ in `year`.
fn psej_shares(c: &Convention, year: i32) -> (Decimal, Decimal) {
    let psej = |l: &&FundingLine| {
        l.funder == Funder::Caf
            && matches!(
                l.kind,
                FundingKind::Psej | FundingKind::Coordination | FundingKind::Diagnostic
            )
    };
    let amount = |l: &FundingLine| l.amounts.get(&year).map(|m| m.value()).unwrap_or_default();
    let lines = c.funding.iter().filter(psej);
    let (pilotage, all) = lines.fold((Decimal::ZERO, Decimal::ZERO), |(p, a), l| {
        let value = amount(l);
        let p = if is_pilotage(l) { p + value } else { p };
        (p, a + value)
    });
    (pilotage, all)
}
