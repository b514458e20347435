//! An avenant: a convention file of its own (`kind = "avenant"`) that holds the amended
//! convention as it stands after the avenant, and, under `[previous]`, the parts that the
//! avenant changes as they stood before. What is not under `[previous]` is unchanged.

use super::*;

/// What an avenant says beyond the convention it leaves in force.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Amendment {
    /// The reference of the convention amended.
    pub base: String,
    /// Avenant n° N.
    pub number: u32,
    /// When the avenant takes effect; none: when every party has signed it.
    pub effective: Option<Date>,
    /// Why the parties amend the convention, said in the préambule.
    pub reason: Option<String>,
    /// The avenants before it, as far as they are known: the préambule cites them.
    pub amended_by: Vec<EarlierAvenant>,
    pub previous: Previous,
}

/// An avenant signed before this one: « modifiée par l’avenant n° 1 signé le … ».
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct EarlierAvenant {
    pub number: u32,
    /// When it was signed, when known.
    pub signed: Option<Date>,
    /// When it took effect, when it said.
    pub effective: Option<Date>,
}

/// The amended convention as it stood before the avenant: its kind, and each part the
/// avenant changes (none: unchanged).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Previous {
    /// `ctg` or `cej`.
    pub kind: Kind,
    pub title: Option<String>,
    pub court: Option<String>,
    pub sdsf: Option<String>,
    /// Where and when the convention itself was signed, cited by the préambule.
    pub signature: Option<Signature>,
    pub period: Option<Period>,
    pub partners: Option<Vec<Partner>>,
    pub axes: Option<Vec<Axis>>,
    pub funding: Option<Vec<FundingLine>>,
    pub visas: Option<Vec<String>>,
    pub clauses: Option<Vec<Clause>>,
    pub annexes: Option<Vec<Appendix>>,
}

impl Convention {
    /// The kind of act the text is: for an avenant, the amended convention's.
    pub fn nature(&self) -> Kind {
        match &self.amendment {
            Some(a) if self.kind == Kind::Avenant => a.previous.kind,
            _ => self.kind,
        }
    }

    /// For an avenant, the amended convention before and after it, each under its own
    /// reference and kind; none for any other file.
    pub fn amended(&self) -> Option<(Convention, Convention)> {
        let amendment = self
            .amendment
            .as_ref()
            .filter(|_| self.kind == Kind::Avenant)?;
        let previous = &amendment.previous;
        let mut after = self.clone();
        after.kind = previous.kind;
        after.reference = amendment.base.clone();
        after.amendment = None;
        let mut before = after.clone();
        let keep = |before: &mut Option<String>, previous: &Option<String>| {
            if previous.is_some() {
                before.clone_from(previous);
            }
        };
        keep(&mut before.title, &previous.title);
        keep(&mut before.court, &previous.court);
        keep(&mut before.sdsf, &previous.sdsf);
        if let Some(period) = previous.period {
            before.period = period;
        }
        if let Some(partners) = &previous.partners {
            before.partners.clone_from(partners);
        }
        if let Some(axes) = &previous.axes {
            before.axes.clone_from(axes);
        }
        if let Some(funding) = &previous.funding {
            before.funding.clone_from(funding);
        }
        if let Some(visas) = &previous.visas {
            before.visas.clone_from(visas);
        }
        if let Some(clauses) = &previous.clauses {
            before.clauses.clone_from(clauses);
        }
        if let Some(annexes) = &previous.annexes {
            before.annexes.clone_from(annexes);
        }
        Some((before, after))
    }
}
