//! The JSON Schema of the format, for editors (Taplo, Even Better TOML), and the examples
//! `convgen new` prints. The schema is written by hand for its French descriptions; a test
//! holds its keys, required keys and closed lists to [`super::keys`] and the model.

use crate::model::Kind;

/// The JSON Schema of the format.
pub const SCHEMA: &str = include_str!("convention.schema.json");

/// The example `convgen new` prints for each kind.
pub fn example(kind: Kind) -> &'static str {
    match kind {
        // An avenant is written from two versions by `convgen avenant`, not from an example.
        Kind::Ctg | Kind::Avenant => include_str!("../examples/ctg.toml"),
        Kind::Cej => include_str!("../examples/cej.toml"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;
    use crate::format::keys::TABLES;
    use crate::model::*;

    fn schema() -> Value {
        serde_json::from_str(SCHEMA).expect("the schema is JSON")
    }

    /// A schema with its `$ref` followed.
    fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
        match node["$ref"].as_str() {
            Some(reference) => {
                let name = reference.trim_start_matches("#/$defs/");
                resolve(root, &root["$defs"][name])
            }
            None => node,
        }
    }

    /// The schema of the table at `path` (`partners[].deliberation`).
    fn table<'a>(root: &'a Value, path: &str) -> &'a Value {
        let mut node = root;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (key, items) = match part.strip_suffix("[]") {
                Some(key) => (key, true),
                None => (part, false),
            };
            node = resolve(root, &node["properties"][key]);
            if items {
                node = resolve(root, &node["items"]);
            }
            // Items that are a value or a table (`actions`): the table.
            if let Some(choices) = node["anyOf"].as_array() {
                let tables = choices.iter().map(|c| resolve(root, c));
                node = tables
                    .into_iter()
                    .find(|c| c["properties"].is_object())
                    .unwrap_or(node);
            }
        }
        node
    }

    fn strings(value: &Value) -> BTreeSet<String> {
        let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
        items
            .iter()
            .filter_map(|v| Some(v.as_str()?.to_string()))
            .collect()
    }

    #[test]
    fn schema_has_the_keys_of_the_reader() {
        let root = schema();
        for (path, keys) in TABLES {
            let node = table(&root, path);
            let properties: BTreeSet<String> = node["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("`{path}` has no properties in the schema"))
                .keys()
                .cloned()
                .collect();
            let names = keys.iter().map(|k| k.name.to_string()).collect();
            assert_eq!(properties, names, "keys of `{path}`");
            let required = keys
                .iter()
                .filter(|k| k.required)
                .map(|k| k.name.to_string());
            assert_eq!(
                strings(&node["required"]),
                required.collect(),
                "required in `{path}`"
            );
            assert_eq!(
                node["additionalProperties"], false,
                "`{path}` refuses other keys"
            );
        }
    }

    #[test]
    fn schema_lists_the_names_of_the_model() {
        fn names<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> BTreeSet<String> {
            all.iter().map(|&v| as_str(v).to_string()).collect()
        }
        let root = schema();
        let enum_at = |path: &str, key: &str| {
            strings(&resolve(&root, &table(&root, path)["properties"][key])["enum"])
        };
        assert_eq!(enum_at("", "kind"), names(Kind::ALL, Kind::as_str));
        let partner_kinds = names(PartnerKind::ALL, PartnerKind::as_str);
        assert_eq!(enum_at("partners[]", "kind"), partner_kinds);
        assert_eq!(
            enum_at("funding[]", "funder"),
            names(Funder::ALL, Funder::as_str)
        );
        let funding_kinds = names(FundingKind::ALL, FundingKind::as_str);
        assert_eq!(enum_at("funding[]", "kind"), funding_kinds);
        let equipment = names(Equipment::ALL, Equipment::as_str);
        assert_eq!(enum_at("funding[]", "equipment"), equipment);
        let domains = &table(&root, "axes[]")["properties"]["domains"]["items"]["anyOf"];
        let listed = resolve(&root, &domains[0]);
        assert_eq!(strings(&listed["enum"]), names(Domain::ALL, Domain::as_str));
        let other = domains[1]["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect());
        assert_eq!(other, Some(vec!["autre".to_string()]), "{{ autre = … }}");
        assert_eq!(
            enum_at("partners[]", "article"),
            names(Article::ALL, Article::as_str)
        );
    }
}
