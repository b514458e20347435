//! The typed convention, as one TOML file describes it.

mod amendment;
mod clauses;
mod date;
mod key_path;
mod money;
mod proration;

use std::collections::BTreeMap;

pub use amendment::{Amendment, EarlierAvenant, Previous};
pub use clauses::{Appendix, AppendixFile, Clause, Section, paragraphs};
pub use date::{Date, DateToGive};
pub use key_path::{KeyPath, Part};
pub use money::{Money, MoneyError, TypedError};

/// One name of a closed list, as the file spells it, with its labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Choice {
    pub value: &'static str,
    /// As a convention prints it, in French.
    pub label: &'static str,
    /// In English, for an English reader of the form and of messages.
    pub label_en: &'static str,
}

/// Declares a closed set of names as the file spells them, each with its French label (as
/// printed in a convention) and its English one.
macro_rules! names {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal, $label:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub enum $name {
            #[default]
            $(#[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in the order the contract lists them.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// Every value with its labels, for the format's definition.
            pub const CHOICES: &[Choice] =
                &[$(Choice { value: $text, label: $label, label_en: $en }),+];

            /// The name as written in a file.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// The value with its labels.
            pub fn choice(self) -> Choice {
                Self::CHOICES[self as usize]
            }

            /// The French label printed in a convention.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The value a file's name stands for.
            pub fn parse(text: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

names! {
    /// Which kind of convention a file describes.
    Kind {
        Ctg = "ctg", "Convention territoriale globale", "Global territorial agreement";
        Cej = "cej", "Contrat enfance et jeunesse", "Childhood and youth contract";
        Avenant = "avenant", "Avenant", "Amendment";
    }
}

names! {
    /// What kind of body a partner is.
    PartnerKind {
        Commune = "commune", "Commune", "Municipality";
        Epci = "epci", "Établissement public de coopération intercommunale", "Intermunicipal body (EPCI)";
        Departement = "departement", "Département", "Département";
        Region = "region", "Région", "Region";
        Msa = "msa", "Mutualité sociale agricole", "Agricultural social insurance (MSA)";
        Etat = "etat", "État", "The State";
        Syndicat = "syndicat", "Syndicat", "Joint authority (syndicat)";
        Association = "association", "Association", "Association";
        Autre = "autre", "Autre", "Other";
    }
}

names! {
    /// A field of the Caf's social action that an axis works on.
    Domain {
        PetiteEnfance = "petite-enfance", "Petite enfance", "Early childhood";
        Enfance = "enfance", "Enfance", "Childhood";
        Jeunesse = "jeunesse", "Jeunesse", "Youth";
        Parentalite = "parentalite", "Parentalité", "Parenting support";
        AnimationVieSociale = "animation-vie-sociale", "Animation de la vie sociale", "Community life";
        AccesAuxDroits = "acces-aux-droits", "Accès aux droits", "Access to rights";
        Logement = "logement", "Logement", "Housing";
        Handicap = "handicap", "Handicap", "Disability";
        InclusionNumerique = "inclusion-numerique", "Inclusion numérique", "Digital inclusion";
        AccompagnementSocial = "accompagnement-social", "Accompagnement social", "Social support";
        Autre = "autre", "Autre", "Other";
    }
}

names! {
    /// The article a party's name takes in running text, when its name does not say.
    Article {
        Le = "le", "le", "le";
        La = "la", "la", "la";
        L = "l'", "l'", "l'";
        Les = "les", "les", "les";
        Aucun = "aucun", "", "(none)";
    }
}

names! {
    /// Who pays a funding line.
    Funder {
        Caf = "caf", "Caf", "Caf";
        Msa = "msa", "MSA", "MSA";
        Departement = "departement", "Département", "Département";
        Region = "region", "Région", "Region";
        Etat = "etat", "État", "The State";
        Partner = "partner", "Partenaire", "Partner";
    }
}

names! {
    /// What a funding line pays for.
    FundingKind {
        BonusTerritoireEaje = "bonus-territoire-eaje", "Bonus territoire EAJE", "Territory bonus, childcare centre (EAJE)";
        BonusTerritoireAlsh = "bonus-territoire-alsh", "Bonus territoire ALSH", "Territory bonus, leisure centre (ALSH)";
        BonusTerritoireLaep = "bonus-territoire-laep", "Bonus territoire LAEP", "Territory bonus, parent-child centre (LAEP)";
        BonusTerritoireRpe = "bonus-territoire-rpe", "Bonus territoire RPE", "Territory bonus, childminders' network (RPE)";
        Psej = "psej", "Prestation de service enfance jeunesse", "Childhood and youth service benefit (PSEJ)";
        Coordination = "coordination", "Coordination", "Coordination";
        Diagnostic = "diagnostic", "Diagnostic", "Shared assessment";
        Investissement = "investissement", "Investissement", "Investment";
        Autre = "autre", "Autre", "Other";
    }
}

names! {
    /// The équipement a funding line supports.
    Equipment {
        Eaje = "eaje", "Établissement d'accueil du jeune enfant", "Childcare centre (EAJE)";
        Alsh = "alsh", "Accueil de loisirs sans hébergement", "Leisure centre (ALSH)";
        Laep = "laep", "Lieu d'accueil enfants-parents", "Parent-child centre (LAEP)";
        Rpe = "rpe", "Relais petite enfance", "Childminders' network (RPE)";
        Ludotheque = "ludotheque", "Ludothèque", "Toy library";
        Coordination = "coordination", "Coordination", "Coordination";
        Autre = "autre", "Autre", "Other";
    }
}

names! {
    /// How the parties sign: on paper, each keeping an original, or electronically.
    SignatureMode {
        Paper = "paper", "Papier", "Paper";
        Electronic = "electronic", "Électronique", "Electronic";
    }
}

names! {
    /// A standard article of a convention, as a free clause names it to follow or replace it.
    ArticleId {
        Objet = "objet", "Objet", "Purpose";
        Champs = "champs", "Champs d’intervention", "Fields of intervention";
        Duree = "duree", "Durée", "Term";
        Plan = "plan", "Plan d’actions", "Action plan";
        Engagements = "engagements", "Engagements des parties", "Commitments of the parties";
        Pilotage = "pilotage", "Pilotage et évaluation", "Steering and evaluation";
        Financement = "financement", "Engagements financiers", "Financial commitments";
        Donnees = "donnees", "Données à caractère personnel", "Personal data";
        Modification = "modification", "Modification", "Amendment";
        Resiliation = "resiliation", "Résiliation", "Termination";
        Litiges = "litiges", "Litiges", "Disputes";
        Pieces = "pieces", "Pièces contractuelles", "Contract documents";
    }
}

/// One convention: the whole content of one file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Convention {
    pub kind: Kind,
    pub reference: String,
    pub territory: String,
    pub title: Option<String>,
    /// The administrative court competent for disputes (« tribunal administratif de
    /// Clermont-Ferrand »).
    pub court: Option<String>,
    /// The schéma départemental des services aux familles the convention declines.
    pub sdsf: Option<String>,
    /// Visas the file adds after the standard ones, each printed as written (« Vu … »).
    pub visas: Vec<String>,
    pub period: Period,
    pub signature: Option<Signature>,
    pub caf: Caf,
    pub partners: Vec<Partner>,
    pub axes: Vec<Axis>,
    pub funding: Vec<FundingLine>,
    /// Free articles, each placed after or instead of a standard one.
    pub clauses: Vec<Clause>,
    /// The annexes the file adds after the generated ones, listed in « Pièces
    /// contractuelles ».
    pub annexes: Vec<Appendix>,
    /// For an avenant: the convention it amends and how that convention stood before.
    pub amendment: Option<Amendment>,
}

impl Convention {
    /// The convention without its signatories' e-mail addresses, which only `send` needs:
    /// what a PDF's attached source carries, and what two versions are compared on.
    pub fn without_emails(&self) -> Convention {
        let mut shared = self.clone();
        let previous =
            (shared.amendment.iter_mut()).flat_map(|a| a.previous.partners.iter_mut().flatten());
        let signatories = (shared.caf.signatories.iter_mut())
            .chain(shared.partners.iter_mut().flat_map(|p| &mut p.signatories))
            .chain(previous.flat_map(|p| &mut p.signatories));
        for s in signatories {
            s.email = None;
        }
        shared
    }

    /// Flags each party's délibération that `stale` says authorised another document (a CEJ
    /// renewed, the convention an avenant amends): same body, its number and date « à
    /// compléter », which `check` refuses to send until the new délibération is given — the
    /// former date kept would print beside the new number once that alone is given.
    pub fn flag_deliberations(&mut self, stale: impl Fn(&Deliberation) -> bool) {
        let parties = std::iter::once(&mut self.caf.deliberation)
            .chain(self.partners.iter_mut().map(|p| &mut p.deliberation));
        for deliberation in parties.flatten().filter(|d| stale(d)) {
            deliberation.number = Some(Deliberation::NUMBER_TO_COMPLETE.to_string());
            deliberation.date = DateToGive::ToComplete;
        }
    }

    /// Each party's délibération.
    pub fn deliberations(&self) -> impl Iterator<Item = &Deliberation> {
        std::iter::once(&self.caf.deliberation)
            .chain(self.partners.iter().map(|p| &p.deliberation))
            .flatten()
    }

    /// Every person who signs, with the name of their party: the Caf first, then the
    /// partners, in signing order.
    pub fn signatories(&self) -> impl Iterator<Item = (&str, &Signatory)> {
        let caf = self
            .caf
            .signatories
            .iter()
            .map(|s| (self.caf.name.as_str(), s));
        let partners = (self.partners.iter())
            .flat_map(|p| p.signatories.iter().map(move |s| (p.name.as_str(), s)));
        caf.chain(partners)
    }

    /// Its title as the document prints it: `title`, else « Convention territoriale globale
    /// 2024-2026 — TERRITORY ».
    pub fn document_title(&self) -> String {
        let (first, last) = (self.period.start.year, self.period.end.year);
        (self.title.clone())
            .unwrap_or_else(|| format!("{} {first}-{last} — {}", self.kind.label(), self.territory))
    }
}

/// First and last day the convention is in force, both inclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// Every calendar year the period touches.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.start.year..=self.end.year
    }

    /// How many months of `year` the period covers, a month begun counting whole: 12 for
    /// a year within it, 6 for 2023 in a period from 1 July 2023.
    pub fn months_in(&self, year: i32) -> u32 {
        if !self.years().contains(&year) {
            return 0;
        }
        let first = if year == self.start.year {
            self.start.month
        } else {
            1
        };
        let last = if year == self.end.year {
            self.end.month
        } else {
            12
        };
        u32::from(last.saturating_sub(first)) + 1
    }
}

/// Where, when and in how many copies the convention is signed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Signature {
    pub place: String,
    pub date: Option<Date>,
    pub copies: Option<u32>,
    /// Paper (the default: « en N exemplaires originaux ») or electronic.
    pub mode: Option<SignatureMode>,
}

impl Signature {
    /// Whether the parties sign electronically.
    pub fn is_electronic(&self) -> bool {
        self.mode == Some(SignatureMode::Electronic)
    }
}

/// A person who signs for a party.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Signatory {
    pub name: String,
    pub role: String,
    /// « par délégation du Maire »: printed after the role.
    pub delegation: Option<String>,
    pub email: Option<String>,
}

/// The Caisse d'allocations familiales.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Caf {
    pub name: String,
    pub short_name: Option<String>,
    pub address: Option<String>,
    /// The board's decision authorising the signature.
    pub deliberation: Option<Deliberation>,
    pub signatories: Vec<Signatory>,
}

/// The decision of a partner's assembly authorising the signature.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Deliberation {
    pub body: String,
    pub date: DateToGive,
    pub number: Option<String>,
}

impl Deliberation {
    /// The number of a délibération still to be taken (a placeholder `check` refuses to send).
    pub const NUMBER_TO_COMPLETE: &str = "(numéro à compléter)";

    /// Its number as the text cites it after « n° »: one typed with its own « n° »
    /// (« n° 2026-118 ») is not printed « n° n° 2026-118 » (walk 38).
    pub fn number_cited(&self) -> Option<&str> {
        let number = self.number.as_deref()?.trim();
        let spaces = [' ', '\u{a0}', '\u{202f}'];
        let bare = ["n°", "N°", "nº", "Nº"]
            .iter()
            .find_map(|mark| number.strip_prefix(mark))
            .map_or(number, |rest| rest.trim_start_matches(spaces));
        Some(bare)
    }

    /// Whether it was carried over from the document it authorised, to be taken anew.
    pub fn is_carried_over(&self) -> bool {
        self.number.as_deref() == Some(Self::NUMBER_TO_COMPLETE)
    }
}

/// A collectivité or body that signs with the Caf.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Partner {
    pub kind: PartnerKind,
    pub name: String,
    /// The article of its name in running text (« la », « le », « l' »), when neither its
    /// name nor its kind settles it.
    pub article: Option<Article>,
    pub siren: Option<String>,
    pub address: Option<String>,
    pub deliberation: Option<Deliberation>,
    /// For a commune: the intercommunalité it belongs to.
    pub epci: Option<String>,
    /// The name under which consecutive partners sign as one party (« les cinq communes du
    /// Val de l'Eyre »).
    pub group: Option<String>,
    pub signatories: Vec<Signatory>,
}

/// An axis of the plan d'actions.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Axis {
    pub title: String,
    pub domains: Vec<AxisDomain>,
    pub actions: Vec<Action>,
}

/// An action of the plan: a line of text, or a line with its fiche action.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Action {
    pub title: String,
    /// Present when the file describes the action as a table.
    pub fiche: Option<Fiche>,
}

impl Action {
    /// Its fiche, when it says something beyond the title.
    pub fn sheet(&self) -> Option<&Fiche> {
        self.fiche.as_ref().filter(|f| !f.is_empty())
    }
}

impl From<&str> for Action {
    fn from(title: &str) -> Action {
        Action {
            title: title.to_string(),
            fiche: None,
        }
    }
}

/// What a fiche action says of its action, beyond its title.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Fiche {
    /// The need the diagnostic found.
    pub need: Option<String>,
    pub objectives: Vec<String>,
    /// Who the action is for.
    pub public: Option<String>,
    /// Who leads it.
    pub pilot: Option<String>,
    pub partners: Vec<String>,
    pub calendar: Option<String>,
    pub means: Option<String>,
    pub budget: Option<Money>,
    /// How it will be evaluated.
    pub indicators: Vec<String>,
}

impl Fiche {
    /// Whether it says nothing beyond the title: no sheet is printed for it.
    pub fn is_empty(&self) -> bool {
        *self == Fiche::default()
    }
}

/// A field an axis works on: one of the list, or, for `autre`, a field the file names
/// (`{ autre = "Sport et loisirs" }`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct AxisDomain {
    pub domain: Domain,
    /// The name of an `autre` field.
    pub label: Option<String>,
}

impl From<Domain> for AxisDomain {
    fn from(domain: Domain) -> AxisDomain {
        AxisDomain {
            domain,
            label: None,
        }
    }
}

/// One line of the financial annex.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FundingLine {
    pub label: String,
    pub funder: Funder,
    pub funder_name: Option<String>,
    pub kind: FundingKind,
    pub equipment: Option<Equipment>,
    pub beneficiary: Option<String>,
    /// 1-based index into the axes.
    pub axis: Option<usize>,
    pub amounts: BTreeMap<i32, Money>,
}

impl FundingLine {
    /// The name of who pays, as printed.
    pub fn funder_label(&self) -> &str {
        match (&self.funder, &self.funder_name) {
            (Funder::Partner, Some(name)) => name,
            (funder, _) => funder.label(),
        }
    }
}
