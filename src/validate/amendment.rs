//! The rules of an avenant: it names the convention it amends and how it stood, it
//! changes something, it never prolongs a CEJ, nor changes a year before it takes effect.

use super::rules::Checker;
use crate::diag::Diagnostic;
use crate::diff::Diff;
use crate::format::fields::{AVENANT, AVENANT_OPTIONAL};
use crate::i18n::Message;
use crate::model::*;

impl Checker<'_> {
    pub(super) fn amendment(&mut self, c: &Convention) {
        let kind = KeyPath::top("kind");
        if self.spans.is_broken(&kind) {
            return;
        }
        if c.kind != Kind::Avenant {
            for key in AVENANT.iter().chain(AVENANT_OPTIONAL) {
                if self.spans.has(&KeyPath::top(key)) {
                    let message = Message::OnlyAnAvenantHas {
                        key: key.to_string(),
                    };
                    let diagnostic = Diagnostic::error(message).help(Message::WriteKindAvenant);
                    self.report(&KeyPath::top(key), diagnostic);
                }
            }
            return;
        }
        let missing: Vec<String> = (AVENANT.iter())
            .filter(|key| !self.spans.has(&KeyPath::top(key)))
            .map(|key| format!("`{key}`"))
            .collect();
        if !missing.is_empty() {
            let message = Message::AvenantMustGive {
                keys: missing.join(", "),
            };
            self.report(
                &kind,
                Diagnostic::error(message).help(Message::AvenantCommand),
            );
        }
        let Some(amendment) = &c.amendment else {
            return;
        };
        if self.spans.has(&KeyPath::top("base")) && amendment.base == c.reference {
            let reference = format!("{}-AV{}", c.reference, amendment.number.max(1));
            let help = Message::ForExampleReference { reference };
            let diagnostic = Diagnostic::error(Message::AvenantOwnReference).help(help);
            self.report(&KeyPath::top("reference"), diagnostic);
        }
        let previous_kind = KeyPath::top("previous").key("kind");
        if amendment.previous.kind == Kind::Avenant {
            self.error(&previous_kind, Message::AmendedIsCtgOrCej);
            return;
        }
        self.cej_not_prolonged(c, amendment);
        self.prolonged_with_funding(c, amendment);
        // An avenant cited is signed before this one: one not yet is its draft, perhaps never.
        for (i, earlier) in amendment.amended_by.iter().enumerate() {
            if earlier.signed.is_none() {
                let number = earlier.number;
                let key = KeyPath::top("amended_by").item(i);
                self.warning(&key, Message::EarlierAvenantUnsigned { number });
            }
        }
        self.deliberations_of_its_own(c, amendment);
        if let Some(effective) = amendment.effective
            && (effective < c.period.start || effective > c.period.end)
        {
            self.warning(&KeyPath::top("effective"), Message::AvenantOutsideThePeriod);
        }
        let diff = c
            .amended()
            .map(|(before, after)| crate::diff::diff(&before, &after));
        self.no_earlier_year(c, amendment, diff.as_ref());
        self.no_joining_before_deliberation(c, amendment);
        self.not_back_in_time(c, amendment);
        let unchanged = diff.is_some_and(|d| d.identical);
        if unchanged && self.spans.has(&KeyPath::top("previous")) {
            let diagnostic = Diagnostic::error(Message::AvenantChangesNothing)
                .help(Message::GiveEachPartChanged);
            self.report(&KeyPath::top("previous"), diagnostic);
        }
    }

    /// An avenant that takes effect in a year does not change the amounts of an earlier one:
    /// its « Prise d'effet » would contradict its financial article (an error). Without one, it takes
    /// effect when signed: its signature date, when given, counts instead.
    fn no_earlier_year(&mut self, c: &Convention, amendment: &Amendment, diff: Option<&Diff>) {
        let signed = c.signature.as_ref().and_then(|s| s.date);
        let (key, effective) = match (amendment.effective, signed) {
            (Some(effective), _) => (KeyPath::top("effective"), effective.year),
            (None, Some(signed)) => (KeyPath::top("signature").key("date"), signed.year),
            (None, None) => return,
        };
        let Some(diff) = diff else {
            return;
        };
        for year in changed_years(diff).into_iter().filter(|y| *y < effective) {
            let message = match amendment.effective {
                Some(_) => Message::AvenantChangesAnEarlierYear { effective, year },
                None => Message::AvenantSignedAfterAYear {
                    signed: effective,
                    year,
                },
            };
            let help = earlier_year_help(c, year);
            // Its articles would say « à compter de l’exercice N » and change N − 3: an error.
            // Signed later than a year it changes, it may still be meant to go back (give its
            // « Prise d'effet »): a warning.
            let said = match amendment.effective {
                Some(_) => Diagnostic::error(message),
                None => Diagnostic::warning(message),
            };
            self.report(&key, said.help(help));
        }
    }

    /// A partner the avenant makes join is bound from its « Prise d'effet »: never before its
    /// deliberating body authorised it (money may go back; a joining may not).
    fn no_joining_before_deliberation(&mut self, c: &Convention, amendment: &Amendment) {
        let Some(effective) = amendment.effective else {
            return;
        };
        for (i, partner, deliberation) in joining_deliberations(c) {
            if deliberation > effective {
                let message = Message::JoiningBeforeDeliberation {
                    partner: crate::render::partner_designation(partner),
                    deliberation,
                    effective,
                };
                let help = Message::MoveEffectiveOrSplitJoining { deliberation };
                let key = KeyPath::top("partners")
                    .item(i)
                    .key("deliberation")
                    .key("date");
                self.report(&key, Diagnostic::warning(message).help(help));
            }
        }
    }

    /// An avenant whose « Prise d'effet » falls in a year before a party was authorised to
    /// sign it goes back to an exercise past: not refused (a settlement may), but said, with
    /// the earliest such délibération. An effect from 1 January of the year the parties
    /// deliberate is common, not said; a partner joining is said apart, at its délibération.
    fn not_back_in_time(&mut self, c: &Convention, amendment: &Amendment) {
        let Some(effective) = amendment.effective else {
            return;
        };
        let joining: Vec<usize> = joining_deliberations(c).iter().map(|j| j.0).collect();
        let parties = std::iter::once(&c.caf.deliberation).chain(
            (c.partners.iter().enumerate())
                .filter(|(i, _)| !joining.contains(i))
                .map(|(_, p)| &p.deliberation),
        );
        let later = parties
            .flatten()
            .filter_map(|d| d.date.given())
            .filter(|d| d.year > effective.year)
            .min();
        if let Some(deliberation) = later {
            let message = Message::EffectiveBeforeDeliberation {
                effective,
                deliberation,
            };
            let help = Message::JustifyOrMoveEffective { deliberation };
            self.report(
                &KeyPath::top("effective"),
                Diagnostic::warning(message).help(help),
            );
        }
    }

    /// Each party signs an avenant under a délibération of its own: one that predates the
    /// signature of the convention amended authorised that convention, not the avenant.
    fn deliberations_of_its_own(&mut self, c: &Convention, amendment: &Amendment) {
        let Some(signed) = (amendment.previous.signature.as_ref()).and_then(|s| s.date) else {
            return;
        };
        for (key, deliberation) in super::rules::party_deliberations(c) {
            if deliberation
                .and_then(|d| d.date.given())
                .is_some_and(|d| d < signed)
            {
                let key = key.key("deliberation").key("date");
                let diagnostic = Diagnostic::warning(Message::DeliberationBeforeBase { signed })
                    .help(Message::NewDeliberation);
                self.report(&key, diagnostic);
            }
        }
    }

    /// A convention prolonged into years no funding line gives an amount for: the parties
    /// would sign a year of commitments without money (a CEJ is never prolonged: said apart).
    fn prolonged_with_funding(&mut self, c: &Convention, amendment: &Amendment) {
        let previous = &amendment.previous;
        let Some(before) = previous.period.filter(|_| previous.kind != Kind::Cej) else {
            return;
        };
        let added: Vec<i32> = (before.end.year + 1..=c.period.end.year)
            .filter(|year| {
                let funds =
                    |line: &FundingLine| line.amounts.get(year).is_some_and(|a| *a != Money::ZERO);
                !c.funding.iter().any(funds)
            })
            .collect();
        if let (Some(first), Some(last)) = (added.first(), added.last()) {
            let years = match first == last {
                true => first.to_string(),
                false => format!("{first}-{last}"),
            };
            let message = Message::ProlongedWithoutFunding { years };
            self.warning(&KeyPath::top("period").key("end"), message);
        }
    }

    /// A CEJ that expires is replaced by a CTG (Cnaf circular n° 2020-01): an avenant may
    /// change it, never move its end later.
    fn cej_not_prolonged(&mut self, c: &Convention, amendment: &Amendment) {
        let previous = &amendment.previous;
        let Some(original) = previous.period.filter(|_| previous.kind == Kind::Cej) else {
            return;
        };
        if c.period.end <= original.end {
            return;
        }
        let end = original.end;
        let message = Message::CejNotProlonged {
            end: end.to_string(),
        };
        let key = KeyPath::top("period").key("end");
        self.report(
            &key,
            Diagnostic::error(message).help(Message::RenewReplacesACej),
        );
    }
}

/// The years whose amounts an avenant changes: those a line kept changes, and those whose
/// total changes (a line renamed — removed, added — with the same amounts changes none).
pub fn changed_years(diff: &Diff) -> std::collections::BTreeSet<i32> {
    let kept = (diff.funding.iter()).filter(|line| line.change == "changed");
    (kept.flat_map(|line| &line.years))
        .chain(&diff.totals)
        .filter_map(|y| y.year)
        .collect()
}

/// The partners an avenant makes join that give a délibération: their index, themselves and
/// its date.
fn joining_deliberations(c: &Convention) -> Vec<(usize, &Partner, Date)> {
    let Some((before, _)) = c.amended() else {
        return Vec::new();
    };
    let pairs = crate::diff::paired_partners(&before.partners, &c.partners);
    (c.partners.iter().enumerate().zip(pairs))
        .filter(|(_, pair)| pair.is_none())
        .filter_map(|((i, p), _)| Some((i, p, p.deliberation.as_ref()?.date.given()?)))
        .collect()
}

/// What to do of an avenant changing `year`, before it takes effect: take effect in `year`,
/// unless a partner it makes join cannot be bound that early; else keep the year's amounts.
pub fn earlier_year_help(c: &Convention, year: i32) -> Message {
    let later = joining_deliberations(c)
        .into_iter()
        .find(|(_, _, d)| d.year > year);
    match later {
        Some((_, partner, _)) => Message::KeepYearOrSplitJoining {
            year,
            partner: crate::render::partner_designation(partner),
        },
        None => Message::MoveEffectiveOrKeepYear { year },
    }
}
