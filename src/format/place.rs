//! Where a key stands, in the words of a form: « Financements, ligne 1 (Bonus territoire EAJE :
//! crèche), 2030 » rather than `funding[1].amounts.2030` — the section, each item by its
//! number and its name, each key by its label. In English, the key's path, as before.

use super::fields::{self, Shape, Table};
use super::record::{Plain, View};
use crate::diag::shortened;
use crate::i18n::Lang;
use crate::model::{Convention, KeyPath};

/// Where `key` stands in `convention`, as `lang` names it.
pub fn place(convention: &Convention, key: &KeyPath, lang: Lang) -> String {
    match lang {
        Lang::En => format!("`{key}`"),
        Lang::Fr => words(convention, key).unwrap_or_else(|| format!("`{key}`")),
    }
}

fn words(convention: &Convention, key: &KeyPath) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut table: &'static Table = &fields::CONVENTION;
    let mut view: Option<&dyn View> = Some(convention);
    let mut parts = key.parts().peekable();
    while let Some(part) = parts.next() {
        let Some(field) = table.fields.iter().find(|f| f.name == part.key) else {
            // A year of a funding line's amounts, or the name of an « autre » field.
            out.push(part.key.to_string());
            continue;
        };
        let label = field.label.fr;
        let year_follows = matches!(field.shape, Shape::Amounts) && parts.peek().is_some();
        if !year_follows {
            out.push(match out.is_empty() {
                true => label.to_string(),
                false => crate::french::lowercase_first(label),
            });
        }
        let value = view.map(|v| v.plain(field.name));
        let inner = match field.shape {
            Shape::Actions => Some(&fields::FICHE),
            Shape::Domains => Some(&fields::OTHER_DOMAIN),
            _ => field.table(),
        };
        let Some(number) = part.item else {
            view = match value {
                Some(Plain::Table(inner)) => Some(inner),
                _ => None,
            };
            if let Some(inner) = inner {
                table = inner;
            }
            continue;
        };
        // An item of a list: its word and number, and its name when it has one.
        let item = match value {
            Some(Plain::Items(items)) => items.get(number - 1).copied(),
            _ => None,
        };
        let word = inner.map_or("n°", |t| t.item.fr);
        let name = item.and_then(|item| {
            ["name", "label", "title"]
                .into_iter()
                .find_map(|key| match item.plain(key) {
                    Plain::Text(text) if !text.trim().is_empty() => {
                        Some(shortened(text).into_owned())
                    }
                    _ => None,
                })
        });
        // A name still to give is already in parentheses (« (nom à compléter) »): once.
        let name =
            name.map(
                |name| match name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
                    Some(inner) => inner.to_string(),
                    None => name,
                },
            );
        out.push(match name {
            Some(name) => format!("{word} {number} ({name})"),
            None => format!("{word} {number}"),
        });
        view = item;
        // An item of a list of lines (a fiche's objectives) is the last step.
        match inner {
            Some(inner) => table = inner,
            None if parts.peek().is_none() => break,
            None => return None,
        }
    }
    Some(out.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Source, example, read};
    use crate::model::Kind;

    #[test]
    fn keys_are_named_as_a_form_names_them() {
        let source = Source::from_bytes("x.toml".as_ref(), example(Kind::Ctg).as_bytes().to_vec());
        let c = read(&source).convention;
        let key = |path: &str| {
            let mut key = KeyPath::root();
            for part in path.split('.') {
                key = match part.split_once('[') {
                    Some((name, n)) => key
                        .key(name)
                        .item(n.trim_end_matches(']').parse::<usize>().unwrap() - 1),
                    None => key.key(part),
                };
            }
            place(&c, &key, Lang::Fr)
        };
        let line = &c.funding[0].label;
        assert_eq!(
            key("funding[1].amounts.2030"),
            format!("Financements, ligne 1 ({line}), 2030")
        );
        assert_eq!(key("period.end"), "Période, fin");
        let partner = &c.partners[0].name;
        assert_eq!(
            key("partners[1].address"),
            format!("Partenaires, n° 1 ({partner}), siège")
        );
        let caf = &c.caf.signatories[1].name;
        assert_eq!(
            key("caf.signatories[2].role"),
            format!("La Caf, signataires, signataire 2 ({caf}), qualité")
        );
        // An item of a fiche's list of lines, the last step.
        let objective = key("axes[3].actions[1].objectives[2]");
        assert!(
            objective.contains("(Accompagner les parents)")
                && objective.ends_with("objectifs, n° 2")
                && !objective.contains('`'),
            "{objective}"
        );
        assert_eq!(place(&c, &KeyPath::top("funding"), Lang::En), "`funding`");
    }

    #[test]
    fn a_name_still_to_give_is_in_parentheses_once() {
        let source = Source::from_bytes("x.toml".as_ref(), example(Kind::Ctg).as_bytes().to_vec());
        let mut c = read(&source).convention;
        c.caf.signatories[1].name = "(nom à compléter)".into();
        let key = KeyPath::top("caf").key("signatories").item(1).key("role");
        assert_eq!(
            place(&c, &key, Lang::Fr),
            "La Caf, signataires, signataire 2 (nom à compléter), qualité"
        );
    }
}
