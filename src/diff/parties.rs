//! The parties and their signatories compared: the Caf and each partner matched by name,
//! their values, délibérations and signatories (delegations included).

use super::{Changes, day};
use crate::format::fields;
use crate::french;
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
        let pairs = paired_partners(&old.partners, &new.partners);
        for (j, gone) in old.partners.iter().enumerate() {
            if !pairs.contains(&Some(j)) {
                self.push("parties", "removed", gone.name.clone());
            }
        }
        for (p, pair) in new.partners.iter().zip(&pairs) {
            let Some(before) = pair.map(|j| &old.partners[j]) else {
                let mut names: Vec<String> = (p.signatories.iter())
                    .map(|s| format!("{}, {}", s.name, s.role))
                    .collect();
                names.extend(written(&p.deliberation));
                names.extend((p.group.as_ref()).map(|g| format!("avec « {g} »")));
                self.push("parties", "added", p.name.clone()).after = Some(names.join(" ; "));
                continue;
            };
            // A partner renamed says so, under its former name: « nom de X : X → Y ».
            let skip: &[&str] = if same_name(before, p) { &["name"] } else { &[] };
            self.values("parties", &before.name, (before, p), &fields::PARTNER, skip);
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
        let subject = format!("délibération {}", french::de(party));
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

fn same_name(a: &Partner, b: &Partner) -> bool {
    a.name.trim().eq_ignore_ascii_case(b.name.trim())
}

/// The partner of `old` that each of `new` is, by its index: the one of the same name;
/// failing that, the same body renamed — the same SIREN when both give one, or else the same
/// kind at the same place with the same signatories or the same délibération — whose name
/// changed (« Département de X » → « Département de X (modifié) »), not one party leaving
/// and another joining. A name no longer found with nothing else the same is another
/// partner. Each partner of `old` is paired once.
pub fn paired_partners(old: &[Partner], new: &[Partner]) -> Vec<Option<usize>> {
    let named = |p: &Partner| old.iter().position(|q| same_name(p, q));
    let mut pairs: Vec<Option<usize>> = new.iter().map(named).collect();
    let kept_name = |q: &Partner| new.iter().any(|p| same_name(p, q));
    let renamed = |j: usize, i: usize| {
        let (q, p) = (&old[j], &new[i]);
        match (&q.siren, &p.siren) {
            (Some(a), Some(b)) => a.trim() == b.trim(),
            _ => {
                let signers = |p: &Partner| -> Vec<String> {
                    (p.signatories.iter())
                        .map(|s| s.name.trim().to_lowercase())
                        .collect()
                };
                let signed = !p.signatories.is_empty() && signers(q) == signers(p);
                let decided = p.deliberation.is_some() && q.deliberation == p.deliberation;
                q.kind == p.kind && i == j && (signed || decided)
            }
        }
    };
    for i in 0..new.len() {
        if pairs[i].is_none() {
            pairs[i] = (0..old.len())
                .find(|&j| !pairs.contains(&Some(j)) && !kept_name(&old[j]) && renamed(j, i));
        }
    }
    pairs
}

/// A délibération as the convention cites it.
fn written(d: &Option<Deliberation>) -> Option<String> {
    d.as_ref().map(|d| {
        let number = (d.number_cited()).map_or(String::new(), |n| format!(" n° {n}"));
        format!(
            "délibération{number} {} en date du {}",
            french::of(&d.body),
            d.date
                .given()
                .map_or(crate::model::DateToGive::TO_COMPLETE.to_string(), day)
        )
    })
}
