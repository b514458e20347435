//! The rules of an avenant: it names the convention it amends and how it stood, it
//! changes something, and it never prolongs a CEJ.

use super::rules::Checker;
use crate::diag::Diagnostic;
use crate::format::fields::AVENANT;
use crate::model::*;

impl Checker<'_> {
    pub(super) fn amendment(&mut self, c: &Convention) {
        let kind = KeyPath::top("kind");
        if self.spans.is_broken(&kind) {
            return;
        }
        if c.kind != Kind::Avenant {
            for key in AVENANT.iter().chain(&["effective"]) {
                if self.spans.has(&KeyPath::top(key)) {
                    let help = "write `kind = \"avenant\"`, or remove the key";
                    let message = format!("only an avenant has `{key}`");
                    self.report(&KeyPath::top(key), Diagnostic::error(message).help(help));
                }
            }
            return;
        }
        let missing: Vec<String> = (AVENANT.iter())
            .filter(|key| !self.spans.has(&KeyPath::top(key)))
            .map(|key| format!("`{key}`"))
            .collect();
        if !missing.is_empty() {
            let message = format!("an avenant must give {}", missing.join(", "));
            let help =
                "`convgen avenant OLD NEW` writes an avenant from two versions of a convention";
            self.report(&kind, Diagnostic::error(message).help(help));
        }
        let Some(amendment) = &c.amendment else {
            return;
        };
        if self.spans.has(&KeyPath::top("base")) && amendment.base == c.reference {
            let message = "an avenant has a reference of its own, not the convention's";
            let help = format!(
                "for example `reference = \"{}-AV{}\"`",
                c.reference,
                amendment.number.max(1)
            );
            let diagnostic = Diagnostic::error(message).help(help);
            self.report(&KeyPath::top("reference"), diagnostic);
        }
        let previous_kind = KeyPath::top("previous").key("kind");
        if amendment.previous.kind == Kind::Avenant {
            self.error(
                &previous_kind,
                "the convention amended is a `ctg` or a `cej`",
            );
            return;
        }
        self.cej_not_prolonged(c, amendment);
        if let Some(effective) = amendment.effective
            && (effective < c.period.start || effective > c.period.end)
        {
            let message = "the avenant takes effect outside the period of the convention";
            self.warning(&KeyPath::top("effective"), message);
        }
        let unchanged = c
            .amended()
            .is_some_and(|(before, after)| crate::diff::diff(&before, &after).identical);
        if unchanged && self.spans.has(&KeyPath::top("previous")) {
            let message = "this avenant changes nothing in the convention";
            let help = "under `[previous]`, give each part the avenant changes as it stood before";
            self.report(
                &KeyPath::top("previous"),
                Diagnostic::warning(message).help(help),
            );
        }
    }

    /// A CEJ that expires is replaced by a CTG (Cnaf circular n° 2020-01): an avenant may
    /// change it, never move its end later.
    fn cej_not_prolonged(&mut self, c: &Convention, amendment: &Amendment) {
        let previous = &amendment.previous;
        let Some(original) = previous.period.filter(|_| previous.kind == Kind::Cej) else {
            return;
        };
        if c.period.end <= original.end {
            return;
        }
        let end = original.end;
        let message =
            format!("a CEJ cannot be prolonged by avenant: this one ends on {end}, as signed");
        let help = "since the Cnaf circular n° 2020-01, a CTG replaces each CEJ as it ends: `convgen renew` drafts it";
        let key = KeyPath::top("period").key("end");
        self.report(&key, Diagnostic::error(message).help(help));
    }
}
