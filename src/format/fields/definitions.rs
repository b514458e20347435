//! The tables of the format, each key with what it holds, whether it must be given, its
//! label and its help, in French and in English; after each, the model type it is read into
//! and written from (`record!`), key by key.

use super::{APPENDIX, CLAUSE, Shape, Table, optional, required, w};
use crate::format::record::{flat_record, record};
use crate::model::*;

/// The top of a file.
pub static CONVENTION: Table = Table {
    name: "convention",
    item: w("convention", "convention"),
    label: w("Convention", "Convention"),
    help: w(
        "Une convention de la Caf : Convention territoriale globale (CTG), Contrat enfance et jeunesse (CEJ) ou avenant. Un fichier = une convention.",
        "A Caf convention: global territorial agreement (CTG), childhood and youth contract (CEJ) or amendment. One file = one convention.",
    ),
    fields: &[
        required("kind", Shape::Choice(Kind::CHOICES), w("Type", "Kind")).help(
            "« ctg » (5 ans au plus), « cej » (4 ans au plus) ou « avenant » (voir `base`, `number` et `previous`).",
            "`ctg` (5 years at most), `cej` (4 years at most) or `avenant` (see `base`, `number` and `previous`).",
        ),
        required("reference", Shape::Reference, w("Référence", "Reference")).help(
            "Référence unique ; nomme les fichiers produits. Lettres sans accent, chiffres, « . », « _ », « - ». Ex. « CTG-063-2021-RLV ».",
            "Unique reference; names the files made. Letters without accents, digits, `.`, `_`, `-`. E.g. `CTG-063-2021-RLV`.",
        ),
        optional("base", Shape::Reference, w("Convention modifiée", "Amended convention")).help(
            "Avenant seulement : référence de la convention modifiée.",
            "Amendments only: the reference of the convention amended.",
        ),
        optional("number", Shape::Count { min: 1, max: 999 }, w("Numéro de l’avenant", "Amendment number"))
            .help("Avenant seulement : « Avenant n° 1 ».", "Amendments only: « Avenant n° 1 »."),
        optional("effective", Shape::Date, w("Prise d’effet", "Takes effect")).help(
            "Avenant seulement (facultatif) : absente, l’avenant prend effet à sa signature par toutes les parties ; en cours d’année, les montants modifiés s’appliquent à tout l’exercice.",
            "Amendments only (optional): without it, the amendment takes effect once every party signed it; within a year, the amounts changed apply to the whole year.",
        ),
        optional("reason", Shape::Text, w("Motif de l’avenant", "Reason for the amendment")).help(
            "Avenant seulement (facultatif) : pourquoi les parties modifient la convention, en une ou quelques phrases que le préambule reprend (une majuscule et un point final y sont mis s’ils manquent). Ex. « Le présent avenant vise à intégrer l’ouverture d’un troisième site du lieu d’accueil enfants-parents. »",
            "Amendments only (optional): why the parties amend the convention, in a sentence or two the preamble quotes (a capital and a full stop added if missing). E.g. « Le présent avenant vise à intégrer l’ouverture d’un troisième site du lieu d’accueil enfants-parents. »",
        ),
        required("territory", Shape::Line, w("Territoire", "Territory")).help(
            "Nom du territoire couvert (page de titre). Ex. « Riom Limagne et Volcans ».",
            "The territory covered (title page). E.g. « Riom Limagne et Volcans ».",
        ),
        optional("title", Shape::Line, w("Titre", "Title")).help(
            "Facultatif ; absent, construit à partir du type, du territoire et de la période.",
            "Optional; without it, made of the kind, the territory and the period.",
        ),
        optional("court", Shape::Line, w("Tribunal", "Court")).help(
            "Juridiction des litiges, nommée en entier. Ex. « tribunal administratif de Clermont-Ferrand ».",
            "The court for disputes, in full. E.g. « tribunal administratif de Clermont-Ferrand ».",
        ),
        optional("sdsf", Shape::Line, w("Schéma départemental (SDSF)", "Departmental scheme (SDSF)")).help(
            "Schéma départemental des services aux familles que la convention décline, cité dans les visas.",
            "The departmental family services scheme the convention applies, cited in the visas.",
        ),
        optional("visas", Shape::Lines, w("Visas", "Visas")).help(
            "Visas ajoutés après ceux de droit commun, chacun imprimé tel qu’il est écrit. Ex. « Vu la délibération n° 2024-CA-57 du conseil d’administration de la Caf du 12 septembre 2024 ».",
            "Visas added after the standard ones, each printed as written. E.g. « Vu la délibération n° 2024-CA-57 du conseil d’administration de la Caf du 12 septembre 2024 ».",
        )
            .add("Ajouter un visa", "Add a visa"),
        required("period", Shape::Table(&PERIOD), w("Période", "Period")),
        optional("signature", Shape::Table(&SIGNATURE), w("Signature", "Signature")),
        required("caf", Shape::Table(&CAF), w("La Caf", "The Caf")),
        required("partners", Shape::Tables(&PARTNER), w("Partenaires", "Partners"))
            .help("Au moins un, dans l’ordre de signature.", "At least one, in signing order.")
            .add("Ajouter un partenaire", "Add a partner"),
        required("axes", Shape::Tables(&AXIS), w("Plan d’actions", "Action plan")).help(
            "Les axes, numérotés à partir de 1 ; une CTG couvre petite enfance, jeunesse et parentalité.",
            "The axes, numbered from 1; a CTG covers early childhood, youth and parenting support.",
        )
            .add("Ajouter un axe", "Add an axis"),
        optional("funding", Shape::Tables(&FUNDING_LINE), w("Financements", "Funding"))
            .help("Les lignes de l’annexe financière.", "The lines of the financial annex.")
            .add("Ajouter une ligne de financement", "Add a funding line"),
        optional("clauses", Shape::Tables(&CLAUSE), w("Articles libres", "Free articles")).help(
            "Des articles propres à la convention (communication, logo…), chacun après un article type ou à sa place.",
            "Articles of this convention's own (communication, logos…), each after a standard article or instead of it.",
        )
            .add("Ajouter un article", "Add an article"),
        optional("annexes", Shape::Tables(&APPENDIX), w("Annexes", "Annexes")).help(
            "Les annexes jointes, listées aux « Pièces contractuelles » après les annexes produites (fiches action).",
            "The annexes attached, listed under « Pièces contractuelles » after the generated ones (fiches action).",
        )
            .add("Ajouter une annexe", "Add an annex"),
        optional("amended_by", Shape::Tables(&EARLIER_AVENANT), w("Avenants antérieurs", "Earlier amendments")).help(
            "Avenant seulement (facultatif) : les avenants déjà conclus, cités au préambule (« modifiée par l’avenant n° 1 … ») ; `convgen avenant` et « Préparer un avenant » les reprennent des avenants trouvés à côté.",
            "Amendments only (optional): the amendments made before, cited in the preamble (« modifiée par l’avenant n° 1 … »); `convgen avenant` and « Préparer un avenant » take them from the amendments found alongside.",
        )
            .add("Ajouter un avenant antérieur", "Add an earlier amendment"),
        optional("previous", Shape::Table(&PREVIOUS), w("Avant l’avenant", "Before the amendment")).help(
            "Avenant seulement : la convention modifiée telle qu’elle était, pour les seules parties que l’avenant modifie.",
            "Amendments only: the amended convention as it stood, for the parts the amendment changes only.",
        ),
    ],
};
record!(Convention: CONVENTION {
    kind, reference, territory, title, court, sdsf, visas, period, signature, caf, partners,
    axes, funding, clauses, annexes; amendment => Amendment
});
flat_record!(Amendment: CONVENTION { base, number, effective, reason, amended_by, previous });

/// `[[amended_by]]` of an avenant: an avenant made before it.
pub static EARLIER_AVENANT: Table = Table {
    name: "amended_by",
    item: w("avenant antérieur", "earlier amendment"),
    label: w("Avenant antérieur", "Earlier amendment"),
    help: w(
        "Un avenant déjà conclu à la même convention : son numéro, et ses dates quand elles sont connues.",
        "An amendment already made to the same convention: its number, and its dates when known.",
    ),
    fields: &[
        required(
            "number",
            Shape::Count { min: 1, max: 999 },
            w("Numéro", "Number"),
        ),
        optional("signed", Shape::Date, w("Signé le", "Signed on")),
        optional("effective", Shape::Date, w("Prise d’effet", "Takes effect")),
    ],
};
record!(EarlierAvenant: EARLIER_AVENANT { number, signed, effective });

/// `[previous]` of an avenant: the amended convention's kind, and each part the avenant
/// changes as it stood before.
pub static PREVIOUS: Table = Table {
    name: "previous",
    item: w("avant", "before"),
    label: w("Avant l’avenant", "Before the amendment"),
    help: w(
        "La convention modifiée : son type, et chaque partie modifiée dans son ancienne rédaction ; ce qui n’y figure pas est inchangé.",
        "The amended convention: its kind, and each part changed as it stood; what is absent is unchanged.",
    ),
    fields: &[
        required("kind", Shape::Choice(Kind::CHOICES), w("Type", "Kind")),
        optional("title", Shape::Line, w("Titre", "Title")),
        optional("court", Shape::Line, w("Tribunal", "Court")),
        optional(
            "sdsf",
            Shape::Line,
            w("Schéma départemental (SDSF)", "Departmental scheme (SDSF)"),
        ),
        optional(
            "signature",
            Shape::Table(&SIGNATURE),
            w("Signature", "Signature"),
        ),
        optional("period", Shape::Table(&PERIOD), w("Période", "Period")),
        optional(
            "partners",
            Shape::Tables(&PARTNER),
            w("Partenaires", "Partners"),
        ),
        optional(
            "axes",
            Shape::Tables(&AXIS),
            w("Plan d’actions", "Action plan"),
        ),
        optional(
            "funding",
            Shape::Tables(&FUNDING_LINE),
            w("Financements", "Funding"),
        ),
        optional("visas", Shape::Lines, w("Visas", "Visas")),
        optional(
            "clauses",
            Shape::Tables(&CLAUSE),
            w("Articles libres", "Free articles"),
        ),
        optional("annexes", Shape::Tables(&APPENDIX), w("Annexes", "Annexes")),
    ],
};
record!(Previous: PREVIOUS {
    kind, title, court, sdsf, signature, period, partners, axes, funding, visas, clauses, annexes
});

/// `[period]`.
pub static PERIOD: Table = Table {
    name: "period",
    item: w("période", "period"),
    label: w("Période", "Period"),
    help: w(
        "Du premier au dernier jour, inclus ; une CTG dure 5 ans au plus, un CEJ 4 ans.",
        "From the first to the last day, both included; a CTG lasts 5 years at most, a CEJ 4.",
    ),
    fields: &[
        required("start", Shape::Date, w("Début", "Start")),
        required("end", Shape::Date, w("Fin", "End")).help("Incluse.", "Included."),
    ],
};
record!(Period: PERIOD { start, end });

/// `[signature]`.
pub static SIGNATURE: Table = Table {
    name: "signature",
    item: w("signature", "signature"),
    label: w("Signature", "Signature"),
    help: w(
        "« Fait à <lieu>, le <date>, en <n> exemplaires originaux ».",
        "« Fait à <place>, le <date>, en <n> exemplaires originaux ».",
    ),
    fields: &[
        required("place", Shape::Line, w("Lieu", "Place")),
        optional("date", Shape::Date, w("Date", "Date")).help(
            "Absente, « le ____ » reste à compléter à la main.",
            "Without it, « le ____ » is left to fill in by hand.",
        ),
        optional(
            "copies",
            Shape::Count { min: 1, max: 1000 },
            w("Exemplaires", "Copies"),
        )
        .help(
            "Par défaut, une par partie signataire.",
            "By default, one per signing party.",
        ),
        optional(
            "mode",
            Shape::Choice(SignatureMode::CHOICES),
            w("Mode de signature", "How it is signed"),
        )
        .help(
            "« paper » (par défaut) : « en N exemplaires originaux » ; « electronic » : signée électroniquement, chaque partie disposant d’un exemplaire sur support durable (code civil, art. 1375).",
            "`paper` (default): « en N exemplaires originaux »; `electronic`: signed electronically, each party keeping a copy on a durable medium (code civil, art. 1375).",
        ),
    ],
};
record!(Signature: SIGNATURE { place, date, copies, mode });

/// `[caf]`.
pub static CAF: Table = Table {
    name: "caf",
    item: w("Caf", "Caf"),
    label: w("La Caf", "The Caf"),
    help: w(
        "La Caf, première partie signataire.",
        "The Caf, the first signing party.",
    ),
    fields: &[
        required("name", Shape::Line, w("Nom", "Name")),
        optional("short_name", Shape::Line, w("Nom court", "Short name")).help(
            "Facultatif ; la convention dit « la Caf ».",
            "Optional; the convention says « la Caf ».",
        ),
        optional("address", Shape::Line, w("Siège", "Seat")),
        optional(
            "deliberation",
            Shape::Inline(&DELIBERATION),
            w("Délibération", "Decision"),
        ),
        required(
            "signatories",
            Shape::Tables(&SIGNATORY),
            w("Signataires", "Signatories"),
        )
        .add("Ajouter un signataire", "Add a signatory"),
    ],
};
record!(Caf: CAF { name, short_name, address, deliberation, signatories });

/// `[[caf.signatories]]` and `[[partners.signatories]]`.
pub static SIGNATORY: Table = Table {
    name: "signatory",
    item: w("signataire", "signatory"),
    label: w("Signataire", "Signatory"),
    help: w(
        "Une personne qui signe au nom d’une partie.",
        "A person who signs for a party.",
    ),
    fields: &[
        required("name", Shape::Line, w("Nom", "Name")),
        required("role", Shape::Line, w("Qualité", "Role")).help(
            "Ex. « Maire », « Directrice ».",
            "E.g. « Maire », « Directrice ».",
        ),
        optional("delegation", Shape::Line, w("Délégation", "Delegation")).help(
            "Qui signe par délégation : « par délégation du Maire », imprimé après la qualité.",
            "For one who signs by delegation: « par délégation du Maire », printed after the role.",
        ),
        optional("email", Shape::Email, w("Courriel", "E-mail")).help(
            "Pour lui envoyer la convention (`convgen send`).",
            "To send the convention to this person (`convgen send`).",
        ),
    ],
};
record!(Signatory: SIGNATORY { name, role, delegation, email });

/// `[[partners]]`.
pub static PARTNER: Table = Table {
    name: "partner",
    item: w("n°", "no."),
    label: w("Partenaire", "Partner"),
    help: w(
        "Une collectivité ou un organisme qui signe.",
        "A body that signs.",
    ),
    fields: &[
        required(
            "kind",
            Shape::Choice(PartnerKind::CHOICES),
            w("Nature", "Kind"),
        ),
        required("name", Shape::Line, w("Nom", "Name")),
        optional(
            "article",
            Shape::Choice(Article::CHOICES),
            w("Article", "Article"),
        )
        .help(
            "Quand ni le nom ni la nature ne le donnent : « la Riom Limagne et Volcans ».",
            "When neither the name nor the kind gives it: « la Riom Limagne et Volcans ».",
        ),
        optional("siren", Shape::Siren, w("SIREN", "SIREN")).help(
            "Les neuf chiffres que donne le répertoire Sirene ; jamais inventé.",
            "The nine digits the Sirene register gives; never invented.",
        ),
        optional("address", Shape::Line, w("Siège", "Seat")),
        optional("epci", Shape::Line, w("EPCI", "EPCI")).help(
            "Pour une commune : l’intercommunalité dont elle est membre.",
            "For a municipality: the intermunicipal body it belongs to.",
        ),
        optional("group", Shape::Line, w("Groupe", "Group")).help(
            "Des partenaires qui se suivent et signent comme une seule partie portent le même groupe : « les cinq communes du Val de l’Eyre ».",
            "Partners that follow one another and sign as one party share a group: « les cinq communes du Val de l’Eyre ».",
        ),
        optional(
            "deliberation",
            Shape::Inline(&DELIBERATION),
            w("Délibération", "Decision"),
        ),
        required(
            "signatories",
            Shape::Tables(&SIGNATORY),
            w("Signataires", "Signatories"),
        )
        .add("Ajouter un signataire", "Add a signatory"),
    ],
};
record!(Partner: PARTNER { kind, name, article, siren, address, epci, group, deliberation, signatories });

/// A party's `deliberation`.
pub static DELIBERATION: Table = Table {
    name: "deliberation",
    item: w("délibération", "decision"),
    label: w("Délibération", "Decision"),
    help: w(
        "La délibération qui autorise la signature.",
        "The assembly's decision that authorises the signature.",
    ),
    fields: &[
        required("body", Shape::Line, w("Instance", "Assembly"))
            .help("Ex. « Conseil municipal ».", "E.g. « Conseil municipal »."),
        required("date", Shape::Date, w("Date", "Date")),
        optional("number", Shape::Line, w("Numéro", "Number")),
    ],
};
record!(Deliberation: DELIBERATION { body, date, number });

/// `[[axes]]`.
pub static AXIS: Table = Table {
    name: "axis",
    item: w("axe", "axis"),
    label: w("Axe", "Axis"),
    help: w("Un axe du plan d’actions.", "An axis of the action plan."),
    fields: &[
        required("title", Shape::Line, w("Intitulé", "Title")),
        required("domains", Shape::Domains, w("Champs", "Fields")).help(
            "Les champs d’intervention couverts ; un champ « autre » se nomme.",
            "The fields of intervention covered; an « autre » field is named.",
        ),
        optional("actions", Shape::Actions, w("Actions", "Actions"))
            .add("Ajouter une action", "Add an action"),
    ],
};
record!(Axis: AXIS { title, domains, actions });

/// An action described by its fiche (`[[axes.actions]]`).
pub static FICHE: Table = Table {
    name: "fiche",
    item: w("action", "action"),
    label: w("Fiche action", "Action sheet"),
    help: w(
        "L’action et sa fiche ; seul l’intitulé est obligatoire.",
        "The action and its sheet; only the title is required.",
    ),
    fields: &[
        required("title", Shape::Line, w("Intitulé", "Title")),
        optional("need", Shape::Text, w("Besoin identifié", "Need found")),
        optional("objectives", Shape::Lines, w("Objectifs", "Objectives"))
            .add("Ajouter un objectif", "Add an objective"),
        optional("public", Shape::Line, w("Public visé", "Public")),
        optional("pilot", Shape::Line, w("Pilote", "Lead")),
        optional(
            "partners",
            Shape::Lines,
            w("Partenaires associés", "Partners involved"),
        )
        .add("Ajouter un partenaire associé", "Add a partner involved"),
        optional("calendar", Shape::Text, w("Calendrier", "Calendar")),
        optional("means", Shape::Text, w("Moyens", "Means")),
        optional("budget", Shape::Amount, w("Budget", "Budget")),
        optional("indicators", Shape::Lines, w("Indicateurs", "Indicators"))
            .add("Ajouter un indicateur", "Add an indicator"),
    ],
};
// A fiche's title is its action's (`record::Action`).
record!(Fiche: FICHE { need, objectives, public, pilot, partners, calendar, means, budget, indicators });

/// A field of an axis named by the file: `{ autre = "Sport et loisirs" }`.
pub static OTHER_DOMAIN: Table = Table {
    name: "other-domain",
    item: w("champ", "field"),
    label: w("Autre champ", "Other field"),
    help: w(
        "Un champ hors de la liste, nommé.",
        "A field outside the list, named.",
    ),
    fields: &[required(
        "autre",
        Shape::Line,
        w("Autre champ", "Other field"),
    )],
};

/// `[[funding]]`.
pub static FUNDING_LINE: Table = Table {
    name: "funding",
    item: w("ligne", "line"),
    label: w("Ligne de financement", "Funding line"),
    help: w(
        "Une ligne de l’annexe financière : qui paie, pour quoi, combien chaque année.",
        "A line of the financial annex: who pays, for what, how much each year.",
    ),
    fields: &[
        required("label", Shape::Line, w("Intitulé", "Label")),
        required(
            "funder",
            Shape::Choice(Funder::CHOICES),
            w("Financeur", "Funder"),
        ),
        optional(
            "funder_name",
            Shape::Line,
            w("Nom du financeur", "Funder's name"),
        )
        .help(
            "Quand le financeur est un partenaire.",
            "When the funder is a partner.",
        ),
        required(
            "kind",
            Shape::Choice(FundingKind::CHOICES),
            w("Nature", "Kind"),
        ),
        optional(
            "equipment",
            Shape::Choice(Equipment::CHOICES),
            w("Équipement", "Facility"),
        ),
        optional("beneficiary", Shape::Line, w("Bénéficiaire", "Beneficiary")),
        optional(
            "axis",
            Shape::Count {
                min: 1,
                max: 10_000,
            },
            w("Axe", "Axis"),
        )
        .help(
            "Le numéro de l’axe de la ligne.",
            "The number of the line's axis.",
        ),
        required("amounts", Shape::Amounts, w("Montants", "Amounts"))
            .help("Par année de la période.", "For each year of the period."),
    ],
};
record!(FundingLine: FUNDING_LINE { label, funder, funder_name, kind, equipment, beneficiary, axis, amounts });
