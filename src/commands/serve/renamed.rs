//! A signatory renamed whose e-mail address stayed (« Sophie Martin <presidence@…> »): the
//! message would go to the mailbox of the one before. The page asks about it as the name
//! is changed; the sending asks again, until a version naming the new signatory is sent.

use std::path::Path;

use serde::Serialize;

use crate::deliver::history;
use crate::format::Source;
use crate::model::Convention;
use crate::pipeline::load;

/// An address that went, or would have gone, to another signatory.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct AddressKept {
    pub email: String,
    /// The signatory the address was given for.
    pub before: String,
    /// The signatory the message now names.
    pub now: String,
}

/// The signatories of `convention` whose address was another signatory's in the last
/// version of `path` sent, else in its oldest version kept.
pub fn addresses_kept(path: &Path, convention: &Convention) -> Vec<AddressKept> {
    let versions = history::versions(path);
    let reference = (versions.iter().find(|name| name.ends_with("-envoi.toml")))
        .or(versions.last())
        .and_then(|name| history::version(path, name));
    let Some(text) = reference else {
        return Vec::new();
    };
    let before = load(&Source::from_bytes(path, text.into_bytes())).convention;
    let same = |a: &str, b: &str| a.split_whitespace().eq(b.split_whitespace());
    let given_for = |email: &str| {
        (before.signatories())
            .find(|(_, s)| {
                s.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            })
            .map(|(_, s)| s.name.clone())
    };
    (convention.signatories())
        .filter_map(|(_, s)| {
            let email = s.email.as_ref()?;
            let before = given_for(email).filter(|name| !same(name, &s.name))?;
            Some(AddressKept {
                email: email.clone(),
                before,
                now: s.name.clone(),
            })
        })
        .collect()
}
