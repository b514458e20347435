//! Every key of every table of the format, in the contract's order, and whether it must be
//! given: the reader accepts exactly these and asks for the required ones, a test holds the
//! JSON Schema to them, and another proves that the writer writes what the reader reads.

/// A key of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub required: bool,
}

const fn required(name: &'static str) -> Key {
    Key {
        name,
        required: true,
    }
}

const fn optional(name: &'static str) -> Key {
    Key {
        name,
        required: false,
    }
}

/// The top of a file.
pub const CONVENTION: &[Key] = &[
    required("kind"),
    required("reference"),
    required("territory"),
    optional("title"),
    optional("court"),
    optional("sdsf"),
    required("period"),
    optional("signature"),
    required("caf"),
    required("partners"),
    required("axes"),
    optional("funding"),
    optional("base"),
    optional("number"),
    optional("effective"),
    optional("previous"),
];

/// `[previous]` of an avenant: the amended convention's kind, and each part the avenant
/// changes as it stood before.
pub const PREVIOUS: &[Key] = &[
    required("kind"),
    optional("title"),
    optional("court"),
    optional("sdsf"),
    optional("signature"),
    optional("period"),
    optional("partners"),
    optional("axes"),
    optional("funding"),
];

/// The keys only an avenant has (an avenant must give them all).
pub const AVENANT: &[&str] = &["base", "number", "previous"];

/// `[period]`.
pub const PERIOD: &[Key] = &[required("start"), required("end")];

/// `[signature]`.
pub const SIGNATURE: &[Key] = &[required("place"), optional("date"), optional("copies")];

/// `[caf]`.
pub const CAF: &[Key] = &[
    required("name"),
    optional("short_name"),
    optional("address"),
    optional("deliberation"),
    required("signatories"),
];

/// `[[caf.signatories]]` and `[[partners.signatories]]`.
pub const SIGNATORY: &[Key] = &[required("name"), required("role"), optional("email")];

/// `[[partners]]`.
pub const PARTNER: &[Key] = &[
    required("kind"),
    required("name"),
    optional("article"),
    optional("siren"),
    optional("address"),
    optional("deliberation"),
    optional("epci"),
    required("signatories"),
];

/// A partner's `deliberation`.
pub const DELIBERATION: &[Key] = &[required("body"), required("date"), optional("number")];

/// `[[axes]]`.
pub const AXIS: &[Key] = &[required("title"), required("domains"), optional("actions")];

/// An action described by its fiche (`[[axes.actions]]`).
pub const FICHE: &[Key] = &[
    required("title"),
    optional("need"),
    optional("objectives"),
    optional("public"),
    optional("pilot"),
    optional("partners"),
    optional("calendar"),
    optional("means"),
    optional("budget"),
    optional("indicators"),
];

/// A field of an axis named by the file: `{ autre = "Sport et loisirs" }`.
pub const OTHER_DOMAIN: &[Key] = &[required("autre")];

/// `[[funding]]`.
pub const FUNDING_LINE: &[Key] = &[
    required("label"),
    required("funder"),
    optional("funder_name"),
    required("kind"),
    optional("equipment"),
    optional("beneficiary"),
    optional("axis"),
    required("amounts"),
];

/// Every table, by where it stands (`partners[].deliberation`: in every item of `partners`).
pub const TABLES: &[(&str, &[Key])] = &[
    ("", CONVENTION),
    ("period", PERIOD),
    ("signature", SIGNATURE),
    ("caf", CAF),
    ("caf.deliberation", DELIBERATION),
    ("caf.signatories[]", SIGNATORY),
    ("partners[]", PARTNER),
    ("partners[].deliberation", DELIBERATION),
    ("partners[].signatories[]", SIGNATORY),
    ("axes[]", AXIS),
    ("axes[].actions[]", FICHE),
    ("funding[]", FUNDING_LINE),
    ("previous", PREVIOUS),
    ("previous.signature", SIGNATURE),
    ("previous.period", PERIOD),
    ("previous.partners[]", PARTNER),
    ("previous.partners[].deliberation", DELIBERATION),
    ("previous.partners[].signatories[]", SIGNATORY),
    ("previous.axes[]", AXIS),
    ("previous.axes[].actions[]", FICHE),
    ("previous.funding[]", FUNDING_LINE),
];

/// The names of a table's keys.
pub fn names(keys: &[Key]) -> Vec<&'static str> {
    keys.iter().map(|k| k.name).collect()
}

/// Whether `name` must be given in a table of `keys`.
pub fn is_required(keys: &[Key], name: &str) -> bool {
    keys.iter().any(|k| k.name == name && k.required)
}
