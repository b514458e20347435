//! What templates see: the convention as the file says it, plus what every template would
//! otherwise compute for itself (labels, the wording that depends on the data, the
//! financial annex and its totals).

use serde::Serialize;

use super::annex::Annex;
use super::articles::{AnnexView, Slot, annexes, slots};
use super::wording::{
    Act, Cover, PARTNERS_TOGETHER, PartnerBlock, PartyView, distinct_terms, enumerate,
    enumerate_parties, field_labels, partner_blocks,
};
use crate::french;
use crate::model::*;

/// The template context for one convention.
#[derive(Serialize)]
pub struct View<'a> {
    /// The convention as read from the file.
    pub c: &'a Convention,
    /// The title, given or built from kind, territory and period.
    pub title: String,
    pub kind_label: &'static str,
    /// "CTG" or "CEJ".
    pub kind_short: String,
    /// How the text names the act itself: « la présente convention », « le présent contrat ».
    pub act: Act,
    /// The cover's heading and subtitle, the title shown once.
    pub cover: Cover,
    /// Copies to sign: given, or one per signing party.
    pub copies: u32,
    /// The same in words: « deux ».
    pub copies_words: String,
    /// Every field the axes cover, in the contract's order, an `autre` field by its name.
    pub domains: Vec<String>,
    pub caf: PartyView<'a>,
    pub partners: Vec<PartyView<'a>>,
    /// The partners as the parties block presents them: alone, or in a group signing as
    /// one party.
    pub partner_blocks: Vec<PartnerBlock<'a>>,
    /// Whether the parties sign electronically.
    pub electronic: bool,
    /// The partners as the subject of a sentence (« La commune de Feurs », « Les
    /// partenaires signataires »), and whether the verb takes the plural.
    pub partners_subject: String,
    pub partners_plural: bool,
    /// Whether « chacune » rather than « chacun » refers to each of them: every partner is
    /// feminine and the text names them (not « les partenaires signataires »).
    pub partners_feminine: bool,
    /// The same as the object of a verb (« accompagner la Commune de Feurs »).
    pub partners_object: String,
    /// Whether the text names the partners « les partenaires signataires », which the
    /// parties block then defines.
    pub partners_collective: bool,
    /// For a CEJ: the partners that carry the actions, and those that co-fund them.
    pub contractors: Option<(String, bool)>,
    pub cofunders: Option<(String, bool)>,
    /// Whether bonus territoire CTG can be paid under this convention: a CTG signed with an
    /// intercommunalité or communes, or one that carries bonus territoire lines.
    pub bonus_applies: bool,
    /// Whether an intercommunalité or a commune signs: else a commune cannot simply adhere.
    pub local_partners: bool,
    /// The SDSF with its article, for the visas (« le schéma départemental … »).
    pub sdsf: Option<String>,
    pub axes: Vec<AxisView<'a>>,
    /// The articles in their order, standard and free.
    pub articles: Vec<Slot<'a>>,
    pub annex: Annex,
    /// The fiches action, in the order of the plan: the annex « Fiches action ».
    pub fiches: Vec<FicheView<'a>>,
    /// The annexes, in order, each with its number: the fiches action, then the file's own.
    pub annexes: Vec<AnnexView>,
    /// Every person who signs, Caf first, in signing order.
    pub signatories: Vec<SignatoryView<'a>>,
    /// "PROJET" watermark and wording.
    pub draft: bool,
    /// The PDF's date: the signature date, or else the start of the period. PDF/A-3 needs a
    /// date to attach the source, and it must not be the clock's, for reproducible output.
    pub document_date: Date,
    /// Name of the attached TOML file.
    pub attachment_name: String,
    pub generator: String,
}

#[derive(Serialize)]
pub struct AxisView<'a> {
    pub number: usize,
    pub title: &'a str,
    /// Its fields, an `autre` one by its name or the axis's title.
    pub domains: Vec<String>,
    pub actions: Vec<ActionView<'a>>,
    /// Funding lines attached to this axis, by 1-based line number.
    pub funding_lines: Vec<usize>,
}

/// A line of the plan d'actions.
#[derive(Serialize)]
pub struct ActionView<'a> {
    pub title: &'a str,
    /// The number of its fiche (« 1.2 »), when it has one.
    pub fiche: Option<String>,
}

/// A fiche action of the annex.
#[derive(Serialize)]
pub struct FicheView<'a> {
    /// « 1.2 »: the axis, then the action within it, as in the plan.
    pub number: String,
    pub axis_number: usize,
    pub axis_title: &'a str,
    pub title: &'a str,
    #[serde(flatten)]
    pub fiche: &'a Fiche,
}

#[derive(Serialize)]
pub struct SignatoryView<'a> {
    /// The party's name, as the signature field names it.
    pub party: &'a str,
    /// The party with its article: « la Caisse d’allocations familiales … », « la Commune de Feurs ».
    pub party_label: String,
    pub name: &'a str,
    pub role: &'a str,
    /// « par délégation du Maire ».
    pub delegation: Option<&'a str>,
}

impl<'a> View<'a> {
    /// Builds the context; amounts are validated, so sums cannot overflow.
    pub fn new(c: &'a Convention, draft: bool) -> View<'a> {
        let copies =
            (c.signature.as_ref().and_then(|s| s.copies)).unwrap_or(1 + c.partners.len() as u32);
        let caf = PartyView::caf(&c.caf);
        let mut partners: Vec<PartyView> = c.partners.iter().map(PartyView::partner).collect();
        distinct_terms(&mut partners);
        let partner_blocks = partner_blocks(&c.partners, &partners);
        let named = (partner_blocks.iter())
            .map(|b| b.designation(&partners))
            .collect();
        let (partners_object, partners_plural) =
            enumerate(named, 3).unwrap_or_else(|| (PARTNERS_TOGETHER.into(), true));
        // In a CEJ, a Département or a MSA co-funds; a party paid for actions carries them.
        let paid: Vec<&str> = c
            .funding
            .iter()
            .filter_map(|l| l.beneficiary.as_deref())
            .collect();
        let cej = c.kind == Kind::Cej;
        let contractors =
            (partners.iter()).filter(|p| cej && (!p.is_cofunder() || paid.contains(&p.name)));
        let cofunders = partners.iter().filter(|p| cej && p.is_cofunder());
        let (contractors, cofunders) = (
            enumerate_parties(contractors, 3),
            enumerate_parties(cofunders, 3),
        );
        let partners_collective = collective(&partners_object, &contractors, &cofunders);
        let partners_feminine =
            partners_object != PARTNERS_TOGETHER && partners.iter().all(|p| p.feminine);
        let sentence = |(text, plural): (String, bool)| (french::capitalize(&text), plural);
        let signatories = (c.signatories())
            .map(|(party, s)| SignatoryView {
                party,
                party_label: party_label(party, &caf, &partners),
                name: &s.name,
                role: &s.role,
                delegation: s.delegation.as_deref(),
            })
            .collect();
        View {
            c,
            title: c.document_title(),
            kind_label: c.kind.label(),
            kind_short: c.kind.as_str().to_uppercase(),
            act: Act::of(c.kind),
            cover: Cover::of(c),
            copies,
            copies_words: french::integer_words(u64::from(copies)),
            domains: field_labels(c.axes.iter()),
            contractors: contractors.map(sentence),
            cofunders: cofunders.map(sentence),
            caf,
            partners,
            partner_blocks,
            electronic: c.signature.as_ref().is_some_and(Signature::is_electronic),
            partners_collective,
            partners_subject: french::capitalize(&partners_object),
            partners_object,
            partners_plural,
            partners_feminine,
            bonus_applies: bonus_applies(c),
            local_partners: local_partners(c),
            sdsf: (c.sdsf.as_deref()).map(|s| french::with_article(s, None)),
            axes: axes(c),
            articles: slots(c),
            annex: Annex::new(c),
            annexes: annexes(c),
            fiches: fiches(c),
            signatories,
            draft,
            document_date: (c.signature.as_ref().and_then(|s| s.date)).unwrap_or(c.period.start),
            attachment_name: format!("{}.toml", c.reference),
            generator: format!("convgen {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Whether a sentence names the partners « les partenaires signataires ».
fn collective(partners: &str, contractors: &Enumerated, cofunders: &Enumerated) -> bool {
    let named = |e: &Enumerated| e.as_ref().is_some_and(|(n, _)| n == PARTNERS_TOGETHER);
    partners == PARTNERS_TOGETHER || named(contractors) || named(cofunders)
}

/// Parties named in a sentence, and whether their verb is plural.
type Enumerated = Option<(String, bool)>;

fn axes(c: &Convention) -> Vec<AxisView<'_>> {
    let axes = c.axes.iter().enumerate();
    axes.map(|(i, a)| AxisView {
        number: i + 1,
        title: &a.title,
        domains: field_labels(std::iter::once(a)),
        actions: (a.actions.iter().enumerate())
            .map(|(j, action)| ActionView {
                title: &action.title,
                fiche: action.sheet().map(|_| format!("{}.{}", i + 1, j + 1)),
            })
            .collect(),
        funding_lines: (c.funding.iter().enumerate())
            .filter(|(_, l)| l.axis == Some(i + 1))
            .map(|(n, _)| n + 1)
            .collect(),
    })
    .collect()
}

/// Every fiche action, numbered as its line of the plan.
fn fiches(c: &Convention) -> Vec<FicheView<'_>> {
    let mut fiches = Vec::new();
    for (i, axis) in c.axes.iter().enumerate() {
        for (j, action) in axis.actions.iter().enumerate() {
            if let Some(fiche) = action.sheet() {
                fiches.push(FicheView {
                    number: format!("{}.{}", i + 1, j + 1),
                    axis_number: i + 1,
                    axis_title: &axis.title,
                    title: &action.title,
                    fiche,
                });
            }
        }
    }
    fiches
}

/// A party as its signature block names it, with its article.
fn party_label(name: &str, caf: &PartyView<'_>, partners: &[PartyView<'_>]) -> String {
    let party = std::iter::once(caf)
        .chain(partners)
        .find(|p| p.name == name);
    party.map_or_else(|| name.to_string(), |p| p.designation.clone())
}

/// Bonus territoire CTG go to équipements on the territory of an intercommunalité or its
/// communes that signed a CTG (caf.fr, « Les bonus territoire »): not to a Caf/Département
/// CTG, unless it carries bonus lines of its own.
fn bonus_applies(c: &Convention) -> bool {
    let bonus_lines = (c.funding.iter()).any(|l| l.kind.as_str().starts_with("bonus-territoire"));
    c.kind == Kind::Ctg && (local_partners(c) || bonus_lines)
}

fn local_partners(c: &Convention) -> bool {
    (c.partners.iter()).any(|p| matches!(p.kind, PartnerKind::Epci | PartnerKind::Commune))
}
