//! The rules within one file, beyond types: each finding names its key and span.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::diag::Diagnostic;
use crate::format::KeySpans;
use crate::i18n::Message;
use crate::model::*;

/// Most items of each kind a convention may hold: far above any real one (a CTG of a large
/// intercommunalité has a few dozen partners and a few hundred actions), low enough that
/// every accepted file renders in seconds and bounded memory.
pub const LIMITS: [(&str, usize); 4] = [
    ("partners", 1000),
    ("axes", 500),
    ("actions", 10_000),
    ("funding", 5000),
];

/// Checks every rule and returns all findings, errors and warnings.
pub fn validate(convention: &Convention, spans: &KeySpans) -> Vec<Diagnostic> {
    let mut check = Checker {
        spans,
        found: Vec::new(),
    };
    check.limits(convention);
    check.period(convention);
    check.reference_year(convention);
    check.title_years(convention);
    check.label_years(convention);
    check.signature(convention);
    for (i, partner) in convention.partners.iter().enumerate() {
        check.partner(&KeyPath::top("partners").item(i), partner, convention);
    }
    for (i, line) in convention.funding.iter().enumerate() {
        check.funding_line(&KeyPath::top("funding").item(i), line, convention);
    }
    check.carried_over_deliberations(convention);
    check.domains(convention);
    check.other_fields(convention);
    check.cej_after_2019(convention);
    check.amendment(convention);
    check.added_text(convention);
    check.found
}

/// Each party's délibération, at its key (`caf.deliberation`, `partners[2].deliberation`).
pub(super) fn party_deliberations(
    c: &Convention,
) -> impl Iterator<Item = (KeyPath, Option<&Deliberation>)> {
    let caf = (KeyPath::top("caf"), c.caf.deliberation.as_ref());
    let partners = (c.partners.iter().enumerate())
        .map(|(i, p)| (KeyPath::top("partners").item(i), p.deliberation.as_ref()));
    std::iter::once(caf).chain(partners)
}

/// What to say of a draft's period on `today`: already over, or already begun.
pub fn period_passed(period: Period, today: Date) -> Option<Message> {
    let Period { start, end } = period;
    if end < today {
        Some(Message::PeriodAlreadyOver { end })
    } else if start < today {
        Some(Message::PeriodAlreadyStarted { start })
    } else {
        None
    }
}

pub(super) struct Checker<'a> {
    pub(super) spans: &'a KeySpans,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn limits(&mut self, c: &Convention) {
        let actions = c.axes.iter().map(|a| a.actions.len()).sum();
        let counts = [c.partners.len(), c.axes.len(), actions, c.funding.len()];
        for ((key, limit), count) in LIMITS.into_iter().zip(counts) {
            if count > limit {
                let (message, at) = if key == "actions" {
                    (Message::TooManyActions { count, limit }, "axes")
                } else {
                    let what = key.to_string();
                    (Message::TooManyItems { count, what, limit }, key)
                };
                let diagnostic = Diagnostic::error(message).help(Message::SplitTheConvention);
                self.report(&KeyPath::top(at), diagnostic);
            }
        }
    }

    /// Records a finding on `key`, unless that key already has an error of its own.
    pub(super) fn report(&mut self, key: &KeyPath, diagnostic: Diagnostic) {
        if !self.spans.is_broken(key) {
            let span = self.spans.get(key);
            self.found.push(diagnostic.key(key.clone()).span(span));
        }
    }

    pub(super) fn error(&mut self, key: &KeyPath, message: Message) {
        self.report(key, Diagnostic::error(message));
    }

    pub(super) fn warning(&mut self, key: &KeyPath, message: Message) {
        self.report(key, Diagnostic::warning(message));
    }

    fn period(&mut self, convention: &Convention) {
        let Period { start, end } = convention.period;
        let end_key = KeyPath::top("period").key("end");
        let start_key = KeyPath::top("period").key("start");
        if self.spans.is_broken(&start_key) {
            return;
        }
        if end <= start {
            let message = Message::PeriodEndsBeforeItStarts { start };
            self.report(&end_key, Diagnostic::error(message).also(start_key));
            return;
        }
        if self.spans.is_broken(&KeyPath::top("kind")) {
            return;
        }
        let years = match convention.nature() {
            Kind::Ctg | Kind::Avenant => 5,
            Kind::Cej => 4,
        };
        if start.add_years(years).is_none_or(|limit| end >= limit) {
            let kind = convention.nature().as_str().to_uppercase();
            let last = start.add_years(years).and_then(Date::pred);
            let message = Message::LastsAtMost { kind, years };
            let help = last.map(|end| Message::MustEndBy { start, end });
            let mut diagnostic = Diagnostic::error(message).also(start_key);
            if let Some(help) = help {
                diagnostic = diagnostic.help(help);
            }
            self.report(&end_key, diagnostic);
        }
    }

    /// A reference written the Caf's way (`CTG-042-2023-FEURS`) carries the year its period
    /// starts: a draft whose period was moved (a renewal re-dated) keeps the old one.
    fn reference_year(&mut self, convention: &Convention) {
        let start = convention.period.start.year;
        let key = KeyPath::top("reference");
        let broken = ["kind", "reference"].map(|k| self.spans.is_broken(&KeyPath::top(k)));
        if convention.nature() == Kind::Avenant || broken.contains(&true) {
            return;
        }
        let mut parts = convention.reference.split('-');
        let year = (parts.nth(2))
            .filter(|part| part.len() == 4)
            .and_then(|part| part.parse::<i32>().ok());
        // A period not given yet (a new convention's) has no year to compare with.
        let plausible = |year: &i32| (1990..2100).contains(year);
        if let Some(year) =
            year.filter(|year| *year != start && plausible(year) && plausible(&start))
        {
            let message = Message::ReferenceYear { year, start };
            let help = Message::RenameTheReference { start };
            self.report(&key, Diagnostic::warning(message).help(help));
        }
    }

    /// A title that names years (« Convention territoriale globale 2021-2025 ») keeps them
    /// when the period is moved (a renewal re-dated): the cover and the message that sends
    /// the convention would say the old years next to the new dates. A range is the
    /// period's first and last years; a year alone, one of the period's. An avenant's title
    /// is the amended convention's, as it was signed: left as it is.
    fn title_years(&mut self, convention: &Convention) {
        let Some(title) = &convention.title else {
            return;
        };
        let Period { start, end } = convention.period;
        let ends = ["start", "end"].map(|end| KeyPath::top("period").key(end));
        let (first, last) = (start.year, end.year);
        // A period not given yet (a new convention's) has no year to compare with.
        let plausible = |year: i32| (1990..2100).contains(&year);
        if convention.kind == Kind::Avenant
            || ends.iter().any(|end| self.spans.is_broken(end))
            || end < start
            || !plausible(first)
            || !plausible(last)
        {
            return;
        }
        let stale = years_named(title).into_iter().find(|(from, to, _)| {
            if from == to {
                !convention.period.years().contains(from)
            } else {
                (*from, *to) != (first, last)
            }
        });
        if let Some((_, _, at)) = stale {
            let said = title[at].to_string();
            let message = Message::TitleYears { said, first, last };
            let help = Message::TitleFollowsThePeriod { first, last };
            self.report(
                &KeyPath::top("title"),
                Diagnostic::warning(message).help(help),
            );
        }
    }

    /// A funding line whose label names a year (« Diagnostic partagé 2022 ») and funds other
    /// years, not that one: its amounts moved with a re-dated period, the label stayed.
    fn label_years(&mut self, convention: &Convention) {
        for (i, line) in convention.funding.iter().enumerate() {
            let funded: Vec<i32> = (line.amounts.iter())
                .filter(|(_, amount)| **amount != Money::ZERO)
                .map(|(year, _)| *year)
                .collect();
            let named = years_named(&line.label)
                .into_iter()
                .filter(|(from, to, _)| from == to);
            let Some((year, _, _)) = named
                .into_iter()
                .find(|(year, _, _)| !funded.contains(year))
            else {
                continue;
            };
            let Some(&funds) = funded.first().filter(|_| funded.len() == 1) else {
                continue;
            };
            let key = KeyPath::top("funding").item(i).key("label");
            self.warning(&key, Message::LabelYear { year, funds });
        }
    }

    fn signature(&mut self, convention: &Convention) {
        let Some(signature) = &convention.signature else {
            return;
        };
        let parties = 1 + convention.partners.len() as u32;
        if let Some(copies) = signature.copies
            && copies < parties
        {
            let message = Message::FewerCopies { copies, parties };
            self.warning(&KeyPath::top("signature").key("copies"), message);
        }
        // Not before the period's end is given (a new convention's, still to give).
        let end = KeyPath::top("period").key("end");
        if let Some(date) = signature.date
            && self.spans.has(&end)
            && !self.spans.is_broken(&end)
            && date > convention.period.end
        {
            let key = KeyPath::top("signature").key("date");
            self.warning(&key, Message::SignedAfterThePeriod);
        }
    }

    /// A délibération carried over (a CEJ renewed, the convention an avenant amends: its
    /// number « à compléter ») by an older convgen, which kept its date, still has the former
    /// one's date: said at the date, which the new délibération changes too (its date is now
    /// « à compléter » as well). Its number given, a date more than two years before the
    /// period is still most likely the former one's (a CEJ's 2019 délibération in a CTG
    /// from 2023: a CEJ lasts four years), not one taken early: said too.
    fn carried_over_deliberations(&mut self, c: &Convention) {
        // An avenant's older than the convention's signature is said so (amendment.rs).
        let base_signed = (c.amendment.as_ref()).and_then(|a| a.previous.signature.as_ref()?.date);
        let long_before = (c.amendment.is_none())
            .then(|| c.period.start.add_years(-2))
            .flatten();
        for (key, deliberation) in party_deliberations(c) {
            // A date still to give is refused as such (`StillToComplete`).
            let Some((d, date)) = deliberation.and_then(|d| Some((d, d.date.given()?))) else {
                continue;
            };
            if base_signed.is_some_and(|signed| date < signed) {
                continue;
            }
            let key = key.key("deliberation").key("date");
            if d.is_carried_over() {
                self.warning(&key, Message::DateOfTheFormerDeliberation);
            } else if long_before.is_some_and(|before| date < before) {
                let start = c.period.start;
                self.warning(&key, Message::DeliberationLongBeforePeriod { start });
            }
        }
    }

    fn partner(&mut self, key: &KeyPath, partner: &Partner, convention: &Convention) {
        if let (Some(deliberation), Some(signed)) = (
            &partner.deliberation,
            convention.signature.as_ref().and_then(|s| s.date),
        ) && deliberation.date.given().is_some_and(|d| d > signed)
        {
            let message = Message::DeliberationAfterSignature;
            self.warning(&key.key("deliberation").key("date"), message);
        }
    }

    fn funding_line(&mut self, key: &KeyPath, line: &FundingLine, convention: &Convention) {
        let period = convention.period;
        // A period missing a day (a new convention's, still to give) or ending before it
        // starts (refused at its end) bounds no year.
        let ends = ["start", "end"].map(|end| KeyPath::top("period").key(end));
        if !ends.iter().any(|end| self.spans.is_broken(end)) && period.start <= period.end {
            for &year in line.amounts.keys() {
                if !period.years().contains(&year) {
                    let (first, last) = (period.start.year, period.end.year);
                    let message = Message::YearOutsideThePeriod { year, first, last };
                    self.error(&key.key("amounts").key(&year.to_string()), message);
                }
            }
        }
        if let Some(axis) = line.axis
            && axis > convention.axes.len()
        {
            let count = convention.axes.len();
            self.error(&key.key("axis"), Message::NoSuchAxis { axis, count });
        }
        match (line.funder, &line.funder_name) {
            (Funder::Partner, None) => {
                let diagnostic =
                    Diagnostic::error(Message::PartnerFunderUnnamed).help(Message::AddFunderName);
                self.report(&key.key("funder"), diagnostic);
            }
            (funder, Some(_)) if funder != Funder::Partner => {
                let message = Message::FunderNameOnlyForPartners;
                self.error(&key.key("funder_name"), message);
            }
            _ => {}
        }
        if convention.nature() == Kind::Cej && line.beneficiary.is_none() {
            let message = Message::CejLineNamesWhoIsPaid;
            self.report(
                key,
                Diagnostic::warning(message).help(Message::AddBeneficiary),
            );
        }
        let kind_key = key.key("kind");
        match (convention.nature(), line.kind) {
            (Kind::Ctg, FundingKind::Psej) => self.warning(&kind_key, Message::PsejInACtg),
            (Kind::Cej, kind) if kind.as_str().starts_with("bonus-territoire") => {
                self.warning(&kind_key, Message::BonusInACej)
            }
            _ => {}
        }
        if let (Some(bonus), Some(equipment)) = (bonus_equipment(line.kind), line.equipment)
            && bonus != equipment
        {
            // Named as the convention prints them: the person reads labels, not the file's codes.
            let message = Message::BonusEquipment {
                kind: line.kind.label().into(),
                bonus: bonus.label().into(),
                equipment: equipment.label().into(),
            };
            self.warning(&key.key("equipment"), message);
        }
    }

    /// A bare `autre` field has no name of its own: the PDF borrows its axis's title.
    fn other_fields(&mut self, convention: &Convention) {
        for (i, axis) in convention.axes.iter().enumerate() {
            let bare = axis
                .domains
                .iter()
                .enumerate()
                .filter(|(_, d)| d.domain == Domain::Autre && d.label.is_none());
            for (j, _) in bare {
                let key = KeyPath::top("axes").item(i).key("domains").item(j);
                let message = Message::BareOtherField {
                    title: axis.title.clone(),
                };
                self.report(
                    &key,
                    Diagnostic::warning(message).help(Message::NameTheField),
                );
            }
        }
    }

    /// Since the Cnaf circular n° 2020-01 of 16 January 2020, no CEJ is signed or renewed:
    /// a CTG replaces each one as it ends.
    fn cej_after_2019(&mut self, convention: &Convention) {
        let start = KeyPath::top("period").key("start");
        let circular = Date::new(2020, 1, 1).unwrap_or_default();
        if convention.kind != Kind::Cej
            || self.spans.is_broken(&KeyPath::top("kind"))
            || convention.period.start < circular
        {
            return;
        }
        let diagnostic = Diagnostic::warning(Message::NoCejAfter2019).help(Message::DrawUpACtg);
        self.report(&start, diagnostic);
    }

    fn domains(&mut self, convention: &Convention) {
        let axes = KeyPath::top("axes");
        if convention.kind != Kind::Ctg || self.spans.is_broken(&axes) {
            return;
        }
        let covered: BTreeSet<Domain> = convention
            .axes
            .iter()
            .flat_map(|a| a.domains.iter().map(|d| d.domain))
            .collect();
        let missing: Vec<Choice> = [Domain::PetiteEnfance, Domain::Jeunesse, Domain::Parentalite]
            .into_iter()
            .filter(|d| !covered.contains(d))
            .map(Domain::choice)
            .collect();
        if !missing.is_empty() {
            let message = Message::CtgDomains { missing };
            self.report(
                &axes,
                Diagnostic::warning(message).help(Message::AddTheDomain),
            );
        }
    }
}

/// The years a title names, each with where it stands: a range (`2021-2025`,
/// `2021 – 2025`, `2021 à 2025`) as its first and last, a year alone as itself. A year is
/// four digits standing alone, from 1990 to 2099 (« 0-6 ans », « 20215 » name none).
fn years_named(title: &str) -> Vec<(i32, i32, Range<usize>)> {
    let bytes = title.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4
            && let Ok(year) = title[start..i].parse::<i32>()
            && (1990..2100).contains(&year)
        {
            runs.push((start..i, year));
        }
        i = i.max(start + 1);
    }
    let mut named = Vec::new();
    let mut runs = runs.into_iter().peekable();
    while let Some((at, first)) = runs.next() {
        // Digits are ASCII: both ends are character boundaries.
        let joined = |(next, _): &(Range<usize>, i32)| {
            matches!(
                title[at.end..next.start].trim(),
                "-" | "–" | "—" | "/" | "à" | "au"
            )
        };
        match runs.next_if(joined) {
            Some((to, last)) => named.push((first, last, at.start..to.end)),
            None => named.push((first, first, at)),
        }
    }
    named
}

/// The équipement a bonus territoire line is for.
pub fn bonus_equipment(kind: FundingKind) -> Option<Equipment> {
    match kind {
        FundingKind::BonusTerritoireEaje => Some(Equipment::Eaje),
        FundingKind::BonusTerritoireAlsh => Some(Equipment::Alsh),
        FundingKind::BonusTerritoireLaep => Some(Equipment::Laep),
        FundingKind::BonusTerritoireRpe => Some(Equipment::Rpe),
        _ => None,
    }
}
