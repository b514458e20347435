//! Expiring CEJs turned into CTG drafts at constant funding, as Circ. Cnaf n° 2020-01
//! requires: the transition rules, on the model alone.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::i18n::{Lang, Message};
use crate::model::*;

/// How the new CTGs are drawn up.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// Length of each CTG, in years.
    pub years: i32,
    /// First day of every CTG (default: the day after its CEJ ends).
    pub start: Option<Date>,
    /// One CTG per EPCI for the CEJs of communes that name it.
    pub group_by_epci: bool,
}

/// A CEJ to renew, and the file it came from.
pub struct Expiring {
    pub input: String,
    pub cej: Convention,
}

/// A CTG drafted from one or more CEJs, with what the reviewer must know.
pub struct Draft {
    pub ctg: Convention,
    /// The indexes of the CEJs it replaces.
    pub from: Vec<usize>,
    pub warnings: Vec<Message>,
}

/// Drafts one CTG per CEJ, or per EPCI with `group_by_epci`; references made unique.
pub fn draft_all(expiring: &[Expiring], args: &Rules) -> Vec<Draft> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut drafts = Vec::new();
    for (i, e) in expiring.iter().enumerate() {
        match epci_of(&e.cej).filter(|_| args.group_by_epci) {
            Some(epci) => groups.entry(epci).or_default().push(i),
            None => drafts.push(renew_one(expiring, &[i], args, None)),
        }
    }
    for (epci, members) in &groups {
        drafts.push(renew_one(expiring, members, args, Some(epci)));
    }
    drafts.sort_by_key(|d| d.from[0]);
    let mut used = BTreeSet::new();
    for draft in &mut drafts {
        let base = draft.ctg.reference.clone();
        let mut n = 1;
        while !used.insert(draft.ctg.reference.clone()) {
            n += 1;
            draft.ctg.reference = format!("{base}-{n}");
        }
    }
    drafts
}

/// The EPCI a CEJ's communes all name, if they name one.
fn epci_of(cej: &Convention) -> Option<String> {
    let communes: Vec<&Partner> = cej
        .partners
        .iter()
        .filter(|p| p.kind == PartnerKind::Commune)
        .collect();
    let first = communes.first()?.epci.clone()?;
    communes
        .iter()
        .all(|p| p.epci.as_ref() == Some(&first))
        .then_some(first)
}

/// The CTG replacing the CEJs `members` (one, or the communes of `epci`).
fn renew_one(expiring: &[Expiring], members: &[usize], args: &Rules, epci: Option<&str>) -> Draft {
    let cejs: Vec<&Convention> = members.iter().map(|&i| &expiring[i].cej).collect();
    let first = cejs[0];
    let earliest_end = (cejs.iter().map(|c| c.period.end).min()).unwrap_or(first.period.end);
    let start = args.start.or(earliest_end.succ()).unwrap_or(earliest_end);
    let end = (start.add_years(args.years).and_then(Date::pred)).unwrap_or(start);
    let mut warnings = Vec::new();
    let mut ctg = Convention {
        kind: Kind::Ctg,
        reference: ctg_reference(&first.reference, first.period.start.year, start.year, epci),
        territory: epci.map_or_else(|| first.territory.clone(), str::to_string),
        title: None,
        // The tribunal administratif is the territory's: the same for the CTG, unless the
        // CEJs merged name different ones (then the PDF's « territorialement compétent »).
        court: (cejs.iter().map(|c| &c.court))
            .all(|court| *court == first.court)
            .then(|| first.court.clone())
            .flatten(),
        period: Period { start, end },
        signature: first.signature.as_ref().map(|s| Signature {
            place: s.place.clone(),
            date: None,
            copies: None,
            mode: s.mode,
        }),
        caf: first.caf.clone(),
        ..Convention::default()
    };
    if let Some(epci) = epci {
        ctg.partners.push(Partner {
            kind: PartnerKind::Epci,
            name: epci.to_string(),
            signatories: vec![Signatory {
                name: "À compléter".into(),
                role: "Président".into(),
                delegation: None,
                email: None,
            }],
            ..Partner::default()
        });
        let epci = epci.to_string();
        warnings.push(Message::NameTheSignatory { epci });
    }
    for cej in &cejs {
        carry_over(cej, &mut ctg, &mut warnings);
    }
    stale_facts(&mut ctg, &mut warnings);
    let covered: BTreeSet<Domain> = (ctg.axes.iter())
        .flat_map(|a| a.domains.iter().map(|d| d.domain))
        .collect();
    for domain in [Domain::PetiteEnfance, Domain::Jeunesse, Domain::Parentalite] {
        if !covered.contains(&domain) {
            let domain = crate::i18n::choice_label(domain.choice(), Lang::current()).to_lowercase();
            warnings.push(Message::CtgCoversDomain { domain });
        }
    }
    Draft {
        ctg,
        from: members.to_vec(),
        warnings,
    }
}

/// What the CEJs leave stale in the draft, flagged: their délibérations do not authorise
/// signing the CTG (each kept for its body, its number and date to complete, so the clause stays in
/// place and `check` holds the draft back); a period already begun or over is said.
fn stale_facts(ctg: &mut Convention, warnings: &mut Vec<Message>) {
    if council_renamed(ctg) {
        warnings.push(Message::CouncilRenamed);
    }
    if ctg.deliberations().next().is_some() {
        ctg.flag_deliberations(|_| true);
        warnings.push(Message::DeliberationsToRenew);
    }
    if let Some(stale) = crate::validate::period_passed(ctg.period, Date::today()) {
        warnings.push(stale);
    }
}

/// The departmental council named as before March 2015 (« Conseil général »), in the
/// partners' names, délibérations and signatories' roles, renamed as the law renamed it;
/// whether it was.
fn council_renamed(ctg: &mut Convention) -> bool {
    let mut renamed = false;
    let mut rename = |text: &mut String| {
        let new = (text.replace("Conseil général", "Conseil départemental"))
            .replace("conseil général", "conseil départemental");
        renamed |= new != *text;
        *text = new;
    };
    for partner in &mut ctg.partners {
        rename(&mut partner.name);
        if let Some(deliberation) = &mut partner.deliberation {
            rename(&mut deliberation.body);
        }
        for signatory in &mut partner.signatories {
            rename(&mut signatory.role);
        }
    }
    renamed
}

/// Adds a CEJ's partners, axes and funding lines to the CTG that replaces it.
fn carry_over(cej: &Convention, ctg: &mut Convention, warnings: &mut Vec<Message>) {
    for partner in &cej.partners {
        if !ctg.partners.iter().any(|p| p.name == partner.name) {
            ctg.partners.push(partner.clone());
        }
    }
    let mut axis_index = Vec::new();
    for axis in &cej.axes {
        let index = match ctg.axes.iter().position(|a| a.title == axis.title) {
            Some(index) => index,
            None => {
                ctg.axes.push(axis.clone());
                ctg.axes.len() - 1
            }
        };
        axis_index.push(index + 1);
    }
    let start = ctg.period.start;
    // A CEJ still running when the CTG starts keeps its funding until it ends.
    let first_year = (cej.period.end.succ()).map_or(start.year, |d| d.year.max(start.year));
    for (n, line) in cej.funding.iter().enumerate() {
        let (renewed, note) = renew_line(line, (cej.period, ctg.period), first_year);
        if let Some(note) = note {
            warnings.push(Message::RenewedLine {
                reference: cej.reference.clone(),
                line: n + 1,
                label: line.label.clone(),
                note: Box::new(note),
            });
        }
        if let Some(mut renewed) = renewed {
            renewed.axis = line.axis.and_then(|a| axis_index.get(a - 1).copied());
            ctg.funding.push(renewed);
        }
    }
}

/// A CEJ funding line as it continues in the CTG: PSEJ becomes the bonus territoire of its
/// équipement, recurring lines carry their last yearly amount to every year from
/// `first_year`, one-off lines stop. The note says what the reviewer must look at.
fn renew_line(
    line: &FundingLine,
    (cej, ctg): (Period, Period),
    first_year: i32,
) -> (Option<FundingLine>, Option<Message>) {
    let (kind, note) = match (line.kind, line.equipment) {
        (FundingKind::Psej, Some(Equipment::Eaje)) => (FundingKind::BonusTerritoireEaje, None),
        (FundingKind::Psej, Some(Equipment::Alsh)) => (FundingKind::BonusTerritoireAlsh, None),
        (FundingKind::Psej, Some(Equipment::Laep)) => (FundingKind::BonusTerritoireLaep, None),
        (FundingKind::Psej, Some(Equipment::Rpe)) => (FundingKind::BonusTerritoireRpe, None),
        (FundingKind::Psej, Some(Equipment::Coordination)) | (FundingKind::Coordination, _) => {
            (FundingKind::Coordination, None)
        }
        (FundingKind::Psej, equipment) => {
            let note = match equipment {
                Some(e) => Message::PsejWithoutBonus {
                    equipment: crate::i18n::choice_label(e.choice(), Lang::current()).to_string(),
                },
                None => Message::PsejWithoutEquipment,
            };
            (FundingKind::Autre, Some(note))
        }
        (FundingKind::Diagnostic | FundingKind::Investissement, _) => {
            return (None, Some(Message::OneOffNotCarried));
        }
        (kind, _) => (kind, Some(Message::CarriedAtConstantAmount)),
    };
    let Some(yearly) = cej.yearly_amount(&line.amounts) else {
        return (None, note);
    };
    let amounts = (ctg.years())
        .filter(|&y| y >= first_year)
        .filter_map(|y| Some((y, ctg.share_of(yearly, y)?)))
        .collect();
    let label = if kind != line.kind {
        renamed_label(&line.label, kind)
    } else {
        line.label.clone()
    };
    (
        Some(FundingLine {
            label,
            kind,
            amounts,
            ..line.clone()
        }),
        note,
    )
}

/// "PSEJ : multi-accueil" → "Bonus territoire EAJE : multi-accueil".
fn renamed_label(label: &str, kind: FundingKind) -> String {
    let rest = match label.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("psej") => {
            label[4..].trim_start_matches([' ', ':', '-', '–', '—', '\u{A0}', '\u{202F}'])
        }
        _ => label,
    };
    if rest.is_empty() {
        kind.label().to_string()
    } else {
        format!("{} : {rest}", kind.label())
    }
}

/// `CEJ-042-2019-FEURS` → `CTG-042-2023-FEURS`: the kind and the year of the CEJ's start
/// replaced; with an EPCI, its name in place of the last part.
fn ctg_reference(cej: &str, cej_year: i32, ctg_year: i32, epci: Option<&str>) -> String {
    let mut parts: Vec<String> = cej.split('-').map(str::to_string).collect();
    let mut has_kind = false;
    for part in &mut parts {
        if part.eq_ignore_ascii_case("cej") {
            *part = "CTG".into();
            has_kind = true;
        } else if *part == cej_year.to_string() {
            *part = ctg_year.to_string();
        }
    }
    if let Some(epci) = epci {
        let slug = crate::french::slug(epci).to_uppercase();
        match parts.iter().position(|p| *p == ctg_year.to_string()) {
            Some(at) => parts.truncate(at + 1),
            None => parts.truncate(2.min(parts.len())),
        }
        if !slug.is_empty() {
            parts.push(slug);
        }
    }
    let reference = parts.join("-");
    if has_kind {
        reference
    } else {
        format!("CTG-{reference}")
    }
}

/// The comment that opens a drafted CTG: where it comes from and what to review.
pub fn review_header(draft: &Draft, expiring: &[Expiring]) -> String {
    let mut lines = vec![Message::DraftedFrom.to_string()];
    for &i in &draft.from {
        let e = &expiring[i];
        lines.push(
            Message::DraftedFromCej {
                reference: e.cej.reference.clone(),
                file: e.input.clone(),
                start: e.cej.period.start,
                end: e.cej.period.end,
            }
            .to_string(),
        );
    }
    lines.push(Message::ToReview.to_string());
    for warning in &draft.warnings {
        lines.push(format!("- {warning}"));
    }
    let mut out = String::new();
    for line in lines.iter().flat_map(|l| l.lines()) {
        let _ = writeln!(out, "# {}", line.trim_end());
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_follow_the_cej() {
        assert_eq!(
            ctg_reference("CEJ-042-2019-FEURS", 2019, 2023, None),
            "CTG-042-2023-FEURS"
        );
        assert_eq!(ctg_reference("cej-2019", 2019, 2023, None), "CTG-2023");
        assert_eq!(ctg_reference("FEURS", 2019, 2023, None), "CTG-FEURS");
        assert_eq!(
            ctg_reference("CEJ-042-2019-FEURS", 2019, 2023, Some("Forez-Est")),
            "CTG-042-2023-FOREZ-EST"
        );
        assert_eq!(
            ctg_reference("CEJ-042-2019-X", 2019, 2023, Some("Communauté d’agglo")),
            "CTG-042-2023-COMMUNAUTE-D-AGGLO"
        );
    }

    #[test]
    fn psej_labels_are_renamed() {
        let eaje = FundingKind::BonusTerritoireEaje;
        assert_eq!(
            renamed_label("PSEJ : multi-accueil", eaje),
            "Bonus territoire EAJE : multi-accueil"
        );
        assert_eq!(
            renamed_label("Crèche", eaje),
            "Bonus territoire EAJE : Crèche"
        );
        assert_eq!(renamed_label("PSEJ", eaje), "Bonus territoire EAJE");
    }
}
