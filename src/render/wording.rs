//! The wording that depends on the data: how the act names itself, the cover, each party
//! with its article, lists of parties as the subject of a sentence, the fields of the axes.

use serde::Serialize;

use crate::french::{self, Gender, capitalize, of, with_article};
use crate::model::*;

/// How the text names the act: a CTG is a convention, a CEJ a contract, with « axes » and
/// « objectifs » respectively.
#[derive(Serialize)]
pub struct Act {
    /// « convention », « contrat ».
    pub noun: &'static str,
    /// « la présente convention », « le présent contrat ».
    pub this: &'static str,
    /// « La présente convention », « Le présent contrat ».
    pub this_cap: &'static str,
    /// « à la présente convention », « au présent contrat ».
    pub to_this: &'static str,
    /// « de la convention », « du contrat ».
    pub of_the: &'static str,
    /// « de la présente convention », « du présent contrat ».
    pub of_this: &'static str,
    /// « Elle », « Il ».
    pub it: &'static str,
    /// The agreement of a past participle: « conclue », « conclu ».
    pub e: &'static str,
    /// « axe », « objectif ».
    pub item: &'static str,
    /// « Axe », « Objectif ».
    pub item_cap: &'static str,
}

impl Act {
    pub fn of(kind: Kind) -> Act {
        match kind {
            Kind::Ctg | Kind::Avenant => Act {
                noun: "convention",
                this: "la présente convention",
                this_cap: "La présente convention",
                to_this: "à la présente convention",
                of_the: "de la convention",
                of_this: "de la présente convention",
                it: "Elle",
                e: "e",
                item: "axe",
                item_cap: "Axe",
            },
            Kind::Cej => Act {
                noun: "contrat",
                this: "le présent contrat",
                this_cap: "Le présent contrat",
                to_this: "au présent contrat",
                of_the: "du contrat",
                of_this: "du présent contrat",
                it: "Il",
                e: "",
                item: "objectif",
                item_cap: "Objectif",
            },
        }
    }
}

/// The cover: a heading and an optional subtitle, so that a title that already says the
/// kind of act is not printed under it a second time.
#[derive(Serialize)]
pub struct Cover {
    pub heading: String,
    pub subtitle: String,
}

impl Cover {
    pub fn of(c: &Convention) -> Cover {
        let kind = c.kind.label();
        match &c.title {
            Some(title) if title.to_lowercase().contains(&kind.to_lowercase()) => Cover {
                heading: title.clone(),
                subtitle: String::new(),
            },
            title => Cover {
                heading: kind.to_string(),
                subtitle: title.clone().unwrap_or_default(),
            },
        }
    }
}

/// A party as the text names it.
#[derive(Serialize)]
pub struct PartyView<'a> {
    pub name: &'a str,
    /// Grouped as French usage writes it: « 200 071 165 ».
    pub siren: Option<String>,
    /// After « dont le siège est situé »: « à Clermont-Ferrand », « 3 rue … ».
    pub address: Option<String>,
    /// With its article, in running text: « la Communauté de communes … », « la commune
    /// d'Enval », « le Département de Lot-et-Garonne ».
    pub designation: String,
    /// The same, opening a sentence.
    pub subject: String,
    /// How the rest of the text calls it: « la Caf », « le Département », « la
    /// Communauté de communes », « la Commune de Feurs ».
    pub defined_term: String,
    /// Whether its participles agree in the feminine (« représentée »).
    pub feminine: bool,
    /// « délibération n° 2021-041 du Conseil municipal en date du 14 septembre 2021 ».
    pub deliberation: Option<String>,
    pub signatories: &'a [Signatory],
    /// For a CEJ: a Département, a MSA, a Région or the État co-funds; the others contract.
    #[serde(skip)]
    kind: Option<PartnerKind>,
}

impl<'a> PartyView<'a> {
    pub fn caf(caf: &'a Caf) -> PartyView<'a> {
        let designation = with_article(&caf.name, None);
        PartyView {
            name: &caf.name,
            siren: None,
            address: caf.address.as_deref().map(french::seat),
            subject: capitalize(&designation),
            defined_term: "la Caf".into(),
            designation,
            feminine: true,
            deliberation: caf.deliberation.as_ref().map(deliberation),
            signatories: &caf.signatories,
            kind: None,
        }
    }

    pub fn partner(p: &'a Partner) -> PartyView<'a> {
        let designation = match (p.article, p.kind) {
            (None, PartnerKind::Commune) if french::gender_of(&p.name).is_none() => {
                format!("la Commune {}", french::de(&p.name))
            }
            (article, _) => with_article(&p.name, article),
        };
        let feminine = match (p.article, french::gender_of(&p.name)) {
            (Some(Article::La), _) => true,
            (Some(Article::Le), _) => false,
            (_, Some(gender)) => gender == Gender::Feminine,
            (_, None) => is_feminine(p.kind),
        };
        PartyView {
            name: &p.name,
            siren: p.siren.as_deref().map(french::in_groups_of_three),
            address: p.address.as_deref().map(french::seat),
            subject: capitalize(&designation),
            defined_term: defined_term(&p.name).unwrap_or_else(|| designation.clone()),
            designation,
            feminine,
            deliberation: p.deliberation.as_ref().map(deliberation),
            signatories: &p.signatories,
            kind: Some(p.kind),
        }
    }

    /// Whether, in a CEJ, the party co-funds rather than carries the actions.
    pub fn is_cofunder(&self) -> bool {
        use PartnerKind::*;
        matches!(self.kind, Some(Departement | Msa | Region | Etat))
    }
}

/// The short name a body's legal form gives it in the rest of the text, when its name
/// starts with one (« Communauté de communes de … » → « la Communauté de communes »); a
/// commune keeps its whole name, as several may sign.
fn defined_term(name: &str) -> Option<String> {
    const FORMS: &[(&str, &str)] = &[
        ("communauté de communes", "la Communauté de communes"),
        (
            "communauté d’agglomération",
            "la Communauté d’agglomération",
        ),
        (
            "communauté d'agglomération",
            "la Communauté d’agglomération",
        ),
        ("communauté urbaine", "la Communauté urbaine"),
        ("métropole", "la Métropole"),
        ("département", "le Département"),
        ("conseil départemental", "le Département"),
        ("conseil général", "le Département"),
        ("région", "la Région"),
        ("caisse de mutualité sociale agricole", "la MSA"),
        ("mutualité sociale agricole", "la MSA"),
        ("msa", "la MSA"),
    ];
    let lower = name.to_lowercase();
    let starts = |form: &str| {
        lower
            .strip_prefix(form)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',']))
    };
    FORMS
        .iter()
        .find(|(form, _)| starts(form))
        .map(|(_, term)| term.to_string())
}

/// Each party's defined term, unless two parties would share one: those keep their names.
pub fn distinct_terms(parties: &mut [PartyView<'_>]) {
    let terms: Vec<String> = parties.iter().map(|p| p.defined_term.clone()).collect();
    for party in parties.iter_mut() {
        if terms.iter().filter(|t| **t == party.defined_term).count() > 1 {
            party.defined_term = party.designation.clone();
        }
    }
}

/// Grammatical gender of the usual name of each kind of body (la commune, le département).
fn is_feminine(kind: PartnerKind) -> bool {
    !matches!(
        kind,
        PartnerKind::Departement | PartnerKind::Etat | PartnerKind::Syndicat
    )
}

/// « délibération n° 2021-041 du Conseil municipal en date du 14 septembre 2021 ».
fn deliberation(d: &Deliberation) -> String {
    let number = (d.number_cited()).map_or(String::new(), |n| format!("n°\u{a0}{n} "));
    let date = match d.date {
        DateToGive::Given(date) => french::date(date.year, date.month, date.day),
        DateToGive::ToComplete => DateToGive::TO_COMPLETE.to_string(),
    };
    format!("délibération {number}{} en date du {date}", of(&d.body))
}

/// How the text names the partners together when they are too many to list; the parties
/// block defines the term.
pub const PARTNERS_TOGETHER: &str = "les partenaires signataires";

/// How the text names a partner: « la Commune d’Agen », « le Département de la Loire ».
pub fn partner_designation(p: &Partner) -> String {
    PartyView::partner(p).designation
}

/// Up to `most` parties named in a sentence (« la Commune de Feurs et le Département de la
/// Loire »), with whether a verb they govern is plural; more: « les partenaires
/// signataires »; none: `None`.
pub fn enumerate_parties<'p, 'a: 'p>(
    parties: impl Iterator<Item = &'p PartyView<'a>>,
    most: usize,
) -> Option<(String, bool)> {
    enumerate(parties.map(|p| p.designation.clone()).collect(), most)
}

/// Up to `most` names in a sentence, as [`enumerate_parties`] says them; a single name
/// that is plural (« les cinq communes ») governs a plural verb.
pub fn enumerate(names: Vec<String>, most: usize) -> Option<(String, bool)> {
    let text = match names.as_slice() {
        [] => return None,
        [one] => return Some((one.clone(), one.starts_with("les "))),
        _ if names.len() > most => return Some((PARTNERS_TOGETHER.into(), true)),
        [init @ .., last] => format!("{} et {last}", init.join(", ")),
    };
    Some((text, true))
}

/// Partners as the parties block presents them: one alone, or consecutive partners of one
/// group, signing as one party (« ci-après dénommées « les cinq communes du Val de
/// l'Eyre » »).
#[derive(Serialize)]
pub struct PartnerBlock<'a> {
    pub group: Option<&'a str>,
    /// Whether the group's participles agree in the feminine: all its members do.
    pub feminine: bool,
    /// The partners' indexes, in signing order.
    pub members: Vec<usize>,
    /// What opens a group's block, so that it reads as a party of its own and not as a
    /// list under the partner before it: « Les cinq communes suivantes ».
    pub lead: Option<String>,
}

impl PartnerBlock<'_> {
    /// How a sentence names it: the group's name, or its one partner's designation.
    pub fn designation(&self, partners: &[PartyView<'_>]) -> String {
        match self.group {
            Some(group) => group.to_string(),
            None => (self.members.first())
                .and_then(|&i| partners.get(i))
                .map_or_else(String::new, |p| p.designation.clone()),
        }
    }
}

/// The blocks of the partners: each group of consecutive partners as one.
pub fn partner_blocks<'a>(
    partners: &'a [Partner],
    views: &[PartyView<'_>],
) -> Vec<PartnerBlock<'a>> {
    let mut blocks: Vec<PartnerBlock<'a>> = Vec::new();
    for (i, partner) in partners.iter().enumerate() {
        let group = partner.group.as_deref();
        let feminine = views.get(i).is_some_and(|v| v.feminine);
        match blocks.last_mut() {
            Some(last) if group.is_some() && last.group == group => {
                last.members.push(i);
                last.feminine &= feminine;
            }
            _ => blocks.push(PartnerBlock {
                group,
                feminine,
                members: vec![i],
                lead: None,
            }),
        }
    }
    for block in blocks.iter_mut().filter(|b| b.group.is_some()) {
        let count = crate::french::integer_words(block.members.len() as u64);
        let communes = (block.members.iter()).all(|&i| partners[i].kind == PartnerKind::Commune);
        block.lead = Some(match (communes, block.feminine) {
            (true, _) => format!("Les {count} communes suivantes"),
            (false, true) => format!("Les {count} collectivités suivantes"),
            (false, false) => format!("Les {count} partenaires suivants"),
        });
    }
    blocks
}

/// The fields of some axes, each once, in the contract's order; an `autre` field by the
/// name the file gives it, or else by its axis's title — never a bare « Autre ».
pub fn field_labels<'a>(axes: impl Iterator<Item = &'a Axis> + Clone) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for domain in Domain::ALL {
        for axis in axes.clone() {
            for d in axis.domains.iter().filter(|d| d.domain == *domain) {
                let label = match (d.domain, &d.label) {
                    (Domain::Autre, Some(label)) => label.clone(),
                    (Domain::Autre, None) => axis.title.clone(),
                    (domain, _) => domain.label().to_string(),
                };
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
        }
    }
    labels
}
