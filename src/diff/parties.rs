//! The parties and their signatories compared: the Caf and each partner matched by name,
//! their values, délibérations and signatories (delegations included).

use super::{Changes, day};
use crate::format::fields;
use crate::model::{Convention, Deliberation, Partner, Signatory};

impl Changes {
    pub(super) fn parties(&mut self, old: &Convention, new: &Convention) {
        let caf = "la Caf";
        self.value(
            "parties",
            "la Caf",
            Some(old.caf.name.clone()),
            Some(new.caf.name.clone()),
        );
        self.values(
            "parties",
            caf,
            (&old.caf, &new.caf),
            &fields::CAF,
            &["name"],
        );
        self.deliberation(caf, &old.caf.deliberation, &new.caf.deliberation);
        self.signatories(caf, &old.caf.signatories, &new.caf.signatories);
        let same = |a: &Partner, b: &Partner| a.name.trim().eq_ignore_ascii_case(b.name.trim());
        for gone in old
            .partners
            .iter()
            .filter(|p| !new.partners.iter().any(|q| same(p, q)))
        {
            self.push("parties", "removed", gone.name.clone());
        }
        for p in &new.partners {
            let Some(before) = old.partners.iter().find(|q| same(p, q)) else {
                let mut names: Vec<String> = (p.signatories.iter())
                    .map(|s| format!("{}, {}", s.name, s.role))
                    .collect();
                names.extend(written(&p.deliberation));
                names.extend((p.group.as_ref()).map(|g| format!("avec « {g} »")));
                self.push("parties", "added", p.name.clone()).after = Some(names.join(" ; "));
                continue;
            };
            self.values("parties", &p.name, (before, p), &fields::PARTNER, &["name"]);
            self.deliberation(&p.name, &before.deliberation, &p.deliberation);
            self.signatories(&p.name, &before.signatories, &p.signatories);
        }
    }

    fn deliberation(
        &mut self,
        party: &str,
        old: &Option<Deliberation>,
        new: &Option<Deliberation>,
    ) {
        let subject = format!("délibération de {party}");
        self.value("délibérations", &subject, written(old), written(new));
    }

    fn signatories(&mut self, party: &str, old: &[Signatory], new: &[Signatory]) {
        let same = |a: &Signatory, b: &Signatory| a.name.trim().eq_ignore_ascii_case(b.name.trim());
        let shown = |s: &Signatory| match &s.delegation {
            Some(delegation) => format!("{}, {}, {delegation}", s.name, s.role),
            None => format!("{}, {}", s.name, s.role),
        };
        for gone in old.iter().filter(|s| !new.iter().any(|t| same(s, t))) {
            self.push("signataires", "removed", party.to_string())
                .before = Some(shown(gone));
        }
        for s in new {
            match old.iter().find(|t| same(s, t)) {
                None => self.push("signataires", "added", party.to_string()).after = Some(shown(s)),
                Some(before) => {
                    let subject = format!("{} ({party})", s.name);
                    let table = &fields::SIGNATORY;
                    // An e-mail address is no part of the convention's text, and a PDF's
                    // attached source has none.
                    let skip = ["name", "email"];
                    self.values("signataires", &subject, (before, s), table, &skip);
                }
            }
        }
    }
}

/// A délibération as the convention cites it.
fn written(d: &Option<Deliberation>) -> Option<String> {
    d.as_ref().map(|d| {
        let number = d
            .number
            .as_ref()
            .map(|n| format!(" n° {n}"))
            .unwrap_or_default();
        format!(
            "délibération{number} du {} en date du {}",
            d.body,
            day(d.date)
        )
    })
}
