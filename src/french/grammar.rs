//! Articles and prepositions before the names of bodies: « la Commune de Riom »,
//! « l'Assemblée départementale », « du Conseil municipal », « la commune d'Enval ».

use crate::model::Article;

/// Grammatical gender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Masculine,
    Feminine,
}

/// The first words of the names of bodies and acts, with their gender.
const NOUNS: &[(&str, Gender)] = {
    use Gender::*;
    &[
        ("agglomération", Feminine),
        ("assemblée", Feminine),
        ("association", Feminine),
        ("bureau", Masculine),
        ("caisse", Feminine),
        ("ccas", Masculine),
        ("centre", Masculine),
        ("cias", Masculine),
        ("collectivité", Feminine),
        ("comité", Masculine),
        ("commission", Feminine),
        ("commune", Feminine),
        ("communauté", Feminine),
        ("conseil", Masculine),
        ("délégation", Feminine),
        ("département", Masculine),
        ("direction", Feminine),
        ("établissement", Masculine),
        ("état", Masculine),
        ("fédération", Feminine),
        ("groupement", Masculine),
        ("intercommunalité", Feminine),
        ("mairie", Feminine),
        ("métropole", Feminine),
        ("ministère", Masculine),
        ("msa", Feminine),
        ("mutualité", Feminine),
        ("office", Masculine),
        ("pays", Masculine),
        ("pôle", Masculine),
        ("préfecture", Feminine),
        ("région", Feminine),
        ("schéma", Masculine),
        ("syndicat", Masculine),
        ("union", Feminine),
        ("ville", Feminine),
    ]
};

/// The gender of a name by its first word (« Communauté de communes … »: feminine), when
/// that word is the name of a kind of body.
pub fn gender_of(name: &str) -> Option<Gender> {
    let first = name.split([' ', '\'', '’', '-']).next()?.to_lowercase();
    NOUNS
        .iter()
        .find(|(noun, _)| *noun == first)
        .map(|&(_, g)| g)
}

/// Whether a word elides the article or preposition before it (« l'Assemblée », « d'Enval »).
/// A leading h is left alone: too many are aspirated (« le Havre », « la Haute-Loire »).
fn elides(word: &str) -> bool {
    let first = word
        .chars()
        .next()
        .map(|c| c.to_lowercase().next().unwrap_or(c));
    first.is_some_and(|c| "aàâäeéèêëiîïoôöuùûüyœæ".contains(c))
}

/// The name with its article in running text: `article` when the file gives one, else the
/// one its first word calls for; a name that is not the name of a kind of body (a proper
/// name) takes none.
pub fn with_article(name: &str, article: Option<Article>) -> String {
    let article = article.or_else(|| {
        gender_of(name).map(|gender| match gender {
            _ if elides(name) => Article::L,
            Gender::Masculine => Article::Le,
            Gender::Feminine => Article::La,
        })
    });
    match article {
        Some(Article::L) => format!("l’{name}"),
        Some(Article::Aucun) | None => name.to_string(),
        Some(article) => format!("{} {name}", article.as_str()),
    }
}

/// « du Conseil municipal », « de la Commission permanente », « de l'Assemblée
/// départementale »: `of` a body named by a common noun; « de » before anything else.
pub fn of(name: &str) -> String {
    match gender_of(name) {
        Some(_) if elides(name) => format!("de l’{name}"),
        Some(Gender::Masculine) => format!("du {name}"),
        Some(Gender::Feminine) => format!("de la {name}"),
        None => de(name),
    }
}

/// « de Riom », « d'Enval », « du Puy-en-Velay », « des Martres-de-Veyre »: `de` before a
/// place name, contracted with its article; the same before a name with its article in
/// running text (« du Département de … », « de la Commune de … », « du contrat »), never
/// « de le ».
pub fn de(name: &str) -> String {
    let article = |a: &str| (name.strip_prefix(a)).or_else(|| name.strip_prefix(&capitalize(a)));
    if let Some(rest) = article("le ") {
        format!("du {rest}")
    } else if let Some(rest) = article("les ") {
        format!("des {rest}")
    } else if elides(name) {
        format!("d’{name}")
    } else {
        format!("de {name}")
    }
}

/// The text with its first letter in capitals, to open a sentence.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A text printed as a sentence of its own (an avenant's reason, typed as a fragment:
/// « prolonger la convention de six mois »): its first letter a capital, a full stop at its
/// end unless it ends a sentence already (« … », « … ! », « … » after one).
pub fn sentence(text: &str) -> String {
    let text = capitalize(text.trim());
    let ends = |t: &str| t.ends_with(['.', '!', '?', '…', ':']);
    let closed = text.trim_end_matches(['»', ')', '"', '’', ' ', '\u{a0}', '\u{202f}']);
    match text.is_empty() || ends(&text) || (closed.len() < text.len() && ends(closed)) {
        true => text,
        false => format!("{text}."),
    }
}

/// Nine digits as French usage writes a SIREN: three groups of three, joined by no-break
/// spaces (« 200 071 165 »); anything else as it is.
pub fn in_groups_of_three(digits: &str) -> String {
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.to_string();
    }
    format!(
        "{}\u{a0}{}\u{a0}{}",
        &digits[..3],
        &digits[3..6],
        &digits[6..]
    )
}

/// Where a seat is, after « dont le siège est situé »: « à Clermont-Ferrand » for a town
/// alone (no number, no street), the address as it is written otherwise (« 3 rue Vaucanson,
/// 63100 Clermont-Ferrand »).
pub fn seat(address: &str) -> String {
    let address = address.trim();
    // A building named first reads « à la mairie, 63200 Mozac », not « situé Mairie, … ».
    const BUILDINGS: [(&str, &str); 5] = [
        ("Mairie", "à la mairie"),
        ("Hôtel ", "à l’hôtel "),
        ("Maison ", "à la maison "),
        ("Espace ", "à l’espace "),
        ("Zone ", "dans la zone "),
    ];
    if let Some((word, said)) = BUILDINGS.iter().find(|(w, _)| address.starts_with(w)) {
        return format!("{said}{}", &address[word.len()..]);
    }
    match address.chars().any(|c| c.is_ascii_digit()) || address.contains(',') {
        true => address.to_string(),
        false => format!("à {address}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_reason_typed_as_a_fragment_is_printed_as_a_sentence() {
        let cases = [
            (
                "prolonger la convention de six mois",
                "Prolonger la convention de six mois.",
            ),
            (
                "Le présent avenant vise à intégrer un site.",
                "Le présent avenant vise à intégrer un site.",
            ),
            (
                "ouvrir le « lieu d’accueil »",
                "Ouvrir le « lieu d’accueil ».",
            ),
            (
                "ouvrir le « lieu d’accueil. »",
                "Ouvrir le « lieu d’accueil. »",
            ),
            ("  pourquoi pas ?  ", "Pourquoi pas ?"),
        ];
        for (typed, printed) in cases {
            assert_eq!(sentence(typed), printed);
        }
    }

    #[test]
    fn nine_digits_are_grouped_and_a_town_alone_is_a_seat_with_a() {
        assert_eq!(
            (in_groups_of_three("200071165"), in_groups_of_three("2000")),
            ("200\u{a0}071\u{a0}165".into(), "2000".into())
        );
        let street = "3 rue Vaucanson, 63100 Clermont-Ferrand";
        assert_eq!(
            (seat("Riom"), seat(street)),
            ("à Riom".into(), street.into())
        );
        assert_eq!(seat("Mairie, 63200 Mozac"), "à la mairie, 63200 Mozac");
        assert_eq!(
            seat("Hôtel du Département, 47922 Agen Cedex 9"),
            "à l’hôtel du Département, 47922 Agen Cedex 9"
        );
        assert_eq!(
            seat("Zone d’activités du Val de l’Eyre, 33830 Belin-Béliet"),
            "dans la zone d’activités du Val de l’Eyre, 33830 Belin-Béliet"
        );
    }

    #[test]
    fn articles_follow_the_first_word() {
        let cases = [
            ("Commune de Riom", None, "la Commune de Riom"),
            (
                "Département de Lot-et-Garonne",
                None,
                "le Département de Lot-et-Garonne",
            ),
            (
                "Assemblée départementale",
                None,
                "l’Assemblée départementale",
            ),
            ("Établissement public", None, "l’Établissement public"),
            (
                "Caisse d’allocations familiales de la Loire",
                None,
                "la Caisse d’allocations familiales de la Loire",
            ),
            ("Riom Limagne et Volcans", None, "Riom Limagne et Volcans"),
            (
                "Riom Limagne et Volcans",
                Some(Article::La),
                "la Riom Limagne et Volcans",
            ),
            ("Ennezat", Some(Article::L), "l’Ennezat"),
            ("Conseil général", Some(Article::Aucun), "Conseil général"),
        ];
        for (name, article, want) in cases {
            assert_eq!(with_article(name, article), want, "{name}");
        }
    }

    #[test]
    fn of_contracts_with_the_article() {
        assert_eq!(of("Conseil municipal"), "du Conseil municipal");
        assert_eq!(of("Commission permanente"), "de la Commission permanente");
        assert_eq!(
            of("Assemblée départementale"),
            "de l’Assemblée départementale"
        );
        assert_eq!(of("Bureau communautaire"), "du Bureau communautaire");
        assert_eq!(de("Enval"), "d’Enval");
        assert_eq!(de("Le Puy-en-Velay"), "du Puy-en-Velay");
        assert_eq!(de("Les Martres-de-Veyre"), "des Martres-de-Veyre");
        assert_eq!(de("Riom"), "de Riom");
        assert_eq!(capitalize("la Caisse"), "La Caisse");
        assert_eq!(capitalize("état"), "État");
    }
}
