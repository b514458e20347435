//! Where a value stands in a convention file: `partners[2].signatories[1].email`.

use std::fmt;

/// A key path as messages print it, with 1-based indexes. Built only from keys and
/// 0-based item positions, so that no module spells paths by hand or counts from the
/// wrong end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyPath(String);

impl KeyPath {
    /// The top of the file.
    pub fn root() -> KeyPath {
        KeyPath::default()
    }

    /// A top-level key.
    pub fn top(key: &str) -> KeyPath {
        KeyPath::root().key(key)
    }

    /// The key `key` of the table this path names.
    pub fn key(&self, key: &str) -> KeyPath {
        if self.0.is_empty() {
            KeyPath(key.to_string())
        } else {
            KeyPath(format!("{}.{key}", self.0))
        }
    }

    /// Item `index` (0-based) of the array this path names, printed 1-based.
    pub fn item(&self, index: usize) -> KeyPath {
        KeyPath(format!("{}[{}]", self.0, index + 1))
    }

    /// The path of the table or array holding this one; `None` at the top.
    pub fn parent(&self) -> Option<KeyPath> {
        if self.0.is_empty() {
            return None;
        }
        let at = self.0.rfind(['.', '[']).unwrap_or(0);
        Some(KeyPath(self.0[..at].to_string()))
    }

    /// Whether this is the top of the file.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path as printed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Each key of the path, with the item (1-based) it names in the array under it:
    /// `partners[2].name` → (`partners`, 2), (`name`, none).
    pub fn parts(&self) -> impl Iterator<Item = Part<'_>> {
        (self.0.split('.').filter(|p| !p.is_empty())).map(|part| match part.split_once('[') {
            Some((key, rest)) => Part {
                key,
                item: rest.trim_end_matches(']').parse().ok(),
            },
            None => Part {
                key: part,
                item: None,
            },
        })
    }
}

/// One key of a path, and the item of the array under it when the path names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part<'p> {
    pub key: &'p str,
    /// 1-based, as printed.
    pub item: Option<usize>,
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_one_based_and_climb_to_the_top() {
        let email = KeyPath::top("partners")
            .item(1)
            .key("signatories")
            .item(0)
            .key("email");
        assert_eq!(email.to_string(), "partners[2].signatories[1].email");
        let parents: Vec<String> = std::iter::successors(Some(email), KeyPath::parent)
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            parents,
            [
                "partners[2].signatories[1].email",
                "partners[2].signatories[1]",
                "partners[2].signatories",
                "partners[2]",
                "partners",
                "",
            ]
        );
        assert!(KeyPath::root().is_root() && KeyPath::root().parent().is_none());
        let amounts = KeyPath::top("funding").item(0).key("amounts");
        let parts: Vec<(&str, Option<usize>)> = amounts.parts().map(|p| (p.key, p.item)).collect();
        assert_eq!(parts, [("funding", Some(1)), ("amounts", None)]);
    }
}
