//! The TOML parser's English in French. Its messages are a description and, after
//! « , expected », what it expected (« invalid basic string, expected `"` »); each part is
//! looked up in the tables below, which hold every description of `toml_parser` 1.1 and
//! `toml_datetime` 1.1; a backquoted token stays as written. A message with a part the
//! tables lack is left in English (a test reads every wording of the one-defect files).

/// The parser's descriptions, then the datetime reader's.
const DESCRIPTIONS: &[(&str, &str)] = &[
    (
        "`_` may only go between digits",
        "« _ » ne peut séparer que des chiffres",
    ),
    (
        "cannot recurse further; max recursion depth met",
        "imbrication trop profonde",
    ),
    (
        "carriage return must be followed by newline",
        "un retour chariot doit être suivi d’un saut de ligne",
    ),
    ("duplicate key", "clé en double"),
    ("extra `=`", "« = » en trop"),
    (
        "extra assignment between key-value pairs",
        "« = » en trop entre deux clés",
    ),
    ("extra comma in array", "virgule en trop dans la liste"),
    (
        "extra comma in inline table",
        "virgule en trop entre accolades",
    ),
    (
        "integers with a radix cannot be signed",
        "un nombre hexadécimal, octal ou binaire ne prend pas de signe",
    ),
    ("invalid basic string", "texte entre guillemets mal formé"),
    (
        "invalid comment character",
        "caractère interdit dans un commentaire",
    ),
    (
        "invalid inline table element",
        "élément mal formé entre accolades",
    ),
    (
        "invalid key-value pair",
        "ligne « clé = valeur » mal formée",
    ),
    (
        "invalid multi-line basic string",
        "texte sur plusieurs lignes mal formé",
    ),
    ("invalid unquoted key", "clé mal formée"),
    ("invalid value", "valeur mal formée"),
    ("key with no value", "clé sans valeur"),
    (
        "keys cannot be multi-line basic strings",
        "une clé ne peut pas s’écrire sur plusieurs lignes",
    ),
    (
        "keys cannot be multi-line literal strings",
        "une clé ne peut pas s’écrire sur plusieurs lignes",
    ),
    ("missing array opening", "« [ » manquant"),
    (
        "missing assignment between key-value pairs",
        "« = » manquant entre la clé et sa valeur",
    ),
    (
        "missing comma between array elements",
        "virgule manquante entre deux éléments de la liste",
    ),
    (
        "missing comma between key-value pairs",
        "virgule manquante entre deux clés",
    ),
    (
        "missing comment start",
        "« # » manquant avant le commentaire",
    ),
    ("missing escaped value", "caractère manquant après « \\ »"),
    ("missing inline table opening", "« { » manquant"),
    (
        "missing key for inline table element",
        "clé manquante entre accolades",
    ),
    ("missing opening quote", "guillemet ouvrant manquant"),
    ("missing table open", "« [ » manquant"),
    ("missing value", "valeur manquante"),
    ("missing value for key", "valeur manquante après la clé"),
    (
        "radix must be lowercase",
        "« 0x », « 0o » et « 0b » s’écrivent en minuscules",
    ),
    (
        "redundant integer number prefix",
        "préfixe de nombre en double",
    ),
    ("redundant numeric sign", "signe en double"),
    (
        "string values must be quoted",
        "un texte s’écrit entre guillemets",
    ),
    (
        "too few unicode value digits",
        "trop peu de chiffres dans le code Unicode",
    ),
    ("unclosed array", "liste non fermée"),
    ("unclosed array table", "en-tête « [[…]] » non fermé"),
    ("unclosed inline table", "accolade non fermée"),
    ("unclosed table", "en-tête « […] » non fermé"),
    ("unexpected `=` in array", "« = » inattendu dans une liste"),
    ("unexpected content", "contenu inattendu"),
    (
        "unexpected content between comment and newline",
        "contenu inattendu après le commentaire",
    ),
    ("unexpected key or value", "clé ou valeur inattendue"),
    (
        "unexpected leading zero",
        "un nombre ne commence pas par zéro",
    ),
    ("unexpected sign", "signe inattendu"),
    ("unquoted keys cannot be empty", "clé vide"),
    ("invalid date", "date invalide"),
    ("invalid time", "heure invalide"),
    ("invalid datetime", "date et heure invalides"),
    ("invalid date-time", "date et heure invalides"),
    ("invalid offset", "fuseau horaire invalide"),
    ("invalid nanoseconds", "fraction de seconde invalide"),
    ("integer number overflowed", "nombre entier trop grand"),
    ("floating-point number overflowed", "nombre trop grand"),
];

/// What the parser expected, each as the French says it.
const EXPECTED: &[(&str, &str)] = &[
    ("nothing", "rien"),
    ("basic string", "un texte entre guillemets"),
    ("literal string", "un texte entre apostrophes"),
    ("multi-line basic string", "un texte sur plusieurs lignes"),
    ("unquoted string", "une clé"),
    ("characters", "des caractères"),
    ("digits", "des chiffres"),
    ("numbers", "des chiffres"),
    ("letters", "des lettres"),
    ("key", "une clé"),
    ("value", "une valeur"),
    ("printable characters", "des caractères visibles"),
    (
        "non-double-quote visible characters",
        "des caractères visibles autres que « \" »",
    ),
    (
        "non-single-quote characters",
        "des caractères autres que « ' »",
    ),
    (
        "non-single-quote visible characters",
        "des caractères visibles autres que « ' »",
    ),
    ("unicode hexadecimal value", "un code Unicode hexadécimal"),
    ("a four-digit year (YYYY)", "une année en quatre chiffres"),
    ("a two-digit month (MM)", "un mois en deux chiffres"),
    ("a two-digit day (DD)", "un jour en deux chiffres"),
    ("a two-digit hour (HH)", "une heure en deux chiffres"),
    ("a two-digit minute (MM)", "des minutes en deux chiffres"),
    ("a two-digit second (SS)", "des secondes en deux chiffres"),
    ("month between 01 and 12", "un mois de 01 à 12"),
    (
        "day between 01 and 28",
        "un jour de 01 à 28 (ce mois n’en a pas plus)",
    ),
    (
        "day between 01 and 29",
        "un jour de 01 à 29 (ce mois n’en a pas plus)",
    ),
    (
        "day between 01 and 30",
        "un jour de 01 à 30 (ce mois n’en a pas plus)",
    ),
    ("day between 01 and 31", "un jour de 01 à 31"),
    ("hour between 00 and 23", "une heure de 00 à 23"),
    ("hours between 00 and 23", "une heure de 00 à 23"),
    ("minute between 00 and 59", "des minutes de 00 à 59"),
    ("minutes between 00 and 59", "des minutes de 00 à 59"),
    ("second between 00 and 60", "des secondes de 00 à 60"),
];

/// `detail`, a message of the TOML parser, in French; `None` when a part of it is unknown.
pub fn french(detail: &str) -> Option<String> {
    let (description, expected) = match detail.split_once(", expected ") {
        Some((description, expected)) => (description, Some(expected)),
        None => (detail, None),
    };
    let description = lookup(DESCRIPTIONS, description)?;
    let Some(expected) = expected else {
        return Some(description.to_string());
    };
    let mut items = Vec::new();
    for item in expected.split(", ") {
        items.push(
            match item.strip_prefix('`').and_then(|i| i.strip_suffix('`')) {
                Some(token) => format!("« {token} »"),
                None => lookup(EXPECTED, item)?.to_string(),
            },
        );
    }
    let expected = match items.as_slice() {
        [one] => one.clone(),
        [first @ .., last] => format!("{} ou {last}", first.join(", ")),
        [] => return None,
    };
    Some(format!("{description} : attendu {expected}"))
}

fn lookup(table: &[(&str, &'static str)], english: &str) -> Option<&'static str> {
    let found = table.iter().find(|(en, _)| *en == english);
    found.map(|(_, fr)| *fr)
}

#[cfg(test)]
mod tests {
    use super::french;

    #[test]
    fn the_parsers_words_in_french() {
        let said = |detail| french(detail).unwrap_or_else(|| panic!("{detail}"));
        assert_eq!(said("duplicate key"), "clé en double");
        assert_eq!(
            said("unclosed table, expected `]`"),
            "en-tête « […] » non fermé : attendu « ] »"
        );
        assert_eq!(
            said("invalid date, expected day between 01 and 28"),
            "date invalide : attendu un jour de 01 à 28 (ce mois n’en a pas plus)"
        );
        assert_eq!(
            said("missing value, expected value, `]`"),
            "valeur manquante : attendu une valeur ou « ] »"
        );
        assert_eq!(french("something new"), None);
        assert_eq!(french("duplicate key, expected whatever"), None);
    }
}
