//! A convention written back as TOML, in the contract's layout: stable (the same convention
//! always gives the same text), exact (amounts as decimal strings) and readable.

use std::fmt::Write;

use crate::model::*;

/// A TOML basic string holding exactly `text`.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An action as an item of `actions = [...]`: its title, or its fiche as an inline table.
fn action_value(action: &Action) -> String {
    if action.fiche.is_none() {
        return quoted(&action.title);
    }
    let entries: Vec<String> = (fiche_entries(action).into_iter())
        .map(|(key, value)| format!("{key} = {value}"))
        .collect();
    format!("{{ {} }}", entries.join(", "))
}

/// The keys of a fiche and their values as TOML, in the contract's order.
fn fiche_entries(action: &Action) -> Vec<(&'static str, String)> {
    let mut entries = vec![("title", quoted(&action.title))];
    let Some(fiche) = &action.fiche else {
        return entries;
    };
    let list = |items: &[String]| {
        let items: Vec<String> = items.iter().map(|i| quoted(i)).collect();
        format!("[{}]", items.join(", "))
    };
    let optional = [
        ("need", fiche.need.as_deref().map(quoted)),
        (
            "objectives",
            (!fiche.objectives.is_empty()).then(|| list(&fiche.objectives)),
        ),
        ("public", fiche.public.as_deref().map(quoted)),
        ("pilot", fiche.pilot.as_deref().map(quoted)),
        (
            "partners",
            (!fiche.partners.is_empty()).then(|| list(&fiche.partners)),
        ),
        ("calendar", fiche.calendar.as_deref().map(quoted)),
        ("means", fiche.means.as_deref().map(quoted)),
        ("budget", fiche.budget.map(|b| format!("\"{b}\""))),
        (
            "indicators",
            (!fiche.indicators.is_empty()).then(|| list(&fiche.indicators)),
        ),
    ];
    entries.extend(
        optional
            .into_iter()
            .filter_map(|(key, value)| Some((key, value?))),
    );
    entries
}

/// The text written so far, and the table its arrays belong to (`previous.` in an avenant's
/// `[previous]`).
struct Writer(String, &'static str);

impl Writer {
    fn line(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push('\n');
    }

    /// A table's header, below the current one: `[[previous.partners]]`.
    fn header(&mut self, open: &str, name: &str, close: &str) {
        self.line("");
        self.line(&format!("{open}{}{name}{close}", self.1));
    }

    fn string(&mut self, key: &str, value: &str) {
        self.line(&format!("{key} = {}", quoted(value)));
    }

    fn optional(&mut self, key: &str, value: &Option<String>) {
        if let Some(value) = value {
            self.string(key, value);
        }
    }

    fn signatories(&mut self, header: &str, signatories: &[Signatory]) {
        for s in signatories {
            self.header("[[", header, "]]");
            self.string("name", &s.name);
            self.string("role", &s.role);
            self.optional("email", &s.email);
        }
    }
}

impl Convention {
    /// The convention as a TOML file that the reader reads back to the same convention.
    pub fn to_toml(&self) -> String {
        let mut w = Writer(String::new(), "");
        w.string("kind", self.kind.as_str());
        w.string("reference", &self.reference);
        if let Some(a) = &self.amendment {
            w.string("base", &a.base);
            w.line(&format!("number = {}", a.number));
            if let Some(date) = a.effective {
                w.line(&format!("effective = {date}"));
            }
        }
        w.string("territory", &self.territory);
        w.optional("title", &self.title);
        w.optional("court", &self.court);
        w.optional("sdsf", &self.sdsf);
        w.period(&self.period);
        if let Some(signature) = &self.signature {
            w.signature(signature);
        }
        w.line("");
        w.line("[caf]");
        w.string("name", &self.caf.name);
        w.optional("short_name", &self.caf.short_name);
        w.optional("address", &self.caf.address);
        if let Some(d) = &self.caf.deliberation {
            w.deliberation(d);
        }
        w.signatories("caf.signatories", &self.caf.signatories);
        self.partners.iter().for_each(|p| w.partner(p));
        self.axes.iter().for_each(|a| w.axis(a));
        self.funding.iter().for_each(|l| w.funding_line(l));
        if let Some(a) = &self.amendment {
            w.previous(&a.previous);
        }
        w.0
    }
}

impl Writer {
    fn period(&mut self, period: &Period) {
        self.header("[", "period", "]");
        self.line(&format!("start = {}", period.start));
        self.line(&format!("end = {}", period.end));
    }

    /// An avenant's `[previous]`: the parts of the convention it changes, as they stood.
    fn previous(&mut self, previous: &Previous) {
        self.line("");
        self.line("# La convention telle qu'elle était avant l'avenant : seules les parties qu'il modifie ;");
        self.line("# ce qui ne figure pas ci-dessous est inchangé.");
        self.line("[previous]");
        self.string("kind", previous.kind.as_str());
        self.optional("title", &previous.title);
        self.optional("court", &previous.court);
        self.optional("sdsf", &previous.sdsf);
        self.1 = "previous.";
        if let Some(signature) = &previous.signature {
            self.signature(signature);
        }
        if let Some(period) = &previous.period {
            self.period(period);
        }
        for p in previous.partners.iter().flatten() {
            self.partner(p);
        }
        for a in previous.axes.iter().flatten() {
            self.axis(a);
        }
        for l in previous.funding.iter().flatten() {
            self.funding_line(l);
        }
        self.1 = "";
    }

    fn signature(&mut self, signature: &Signature) {
        self.header("[", "signature", "]");
        self.string("place", &signature.place);
        if let Some(date) = signature.date {
            self.line(&format!("date = {date}"));
        }
        if let Some(copies) = signature.copies {
            self.line(&format!("copies = {copies}"));
        }
    }

    fn partner(&mut self, partner: &Partner) {
        self.header("[[", "partners", "]]");
        self.string("kind", partner.kind.as_str());
        self.string("name", &partner.name);
        if let Some(article) = partner.article {
            self.string("article", article.as_str());
        }
        self.optional("siren", &partner.siren);
        self.optional("address", &partner.address);
        self.optional("epci", &partner.epci);
        if let Some(d) = &partner.deliberation {
            self.deliberation(d);
        }
        self.signatories("partners.signatories", &partner.signatories);
    }

    fn deliberation(&mut self, d: &Deliberation) {
        let number =
            (d.number.as_ref()).map_or(String::new(), |n| format!(", number = {}", quoted(n)));
        let (body, date) = (quoted(&d.body), d.date);
        self.line(&format!(
            "deliberation = {{ body = {body}, date = {date}{number} }}"
        ));
    }

    fn axis(&mut self, axis: &Axis) {
        self.header("[[", "axes", "]]");
        self.string("title", &axis.title);
        let domains: Vec<String> = (axis.domains.iter())
            .map(|d| match &d.label {
                Some(label) => format!("{{ autre = {} }}", quoted(label)),
                None => quoted(d.domain.as_str()),
            })
            .collect();
        self.line(&format!("domains = [{}]", domains.join(", ")));
        if !axis.actions.is_empty() && axis.actions.iter().all(|a| a.fiche.is_some()) {
            // Every action has its fiche: one `[[axes.actions]]` table each, as a jurist writes.
            for action in &axis.actions {
                self.header("[[", "axes.actions", "]]");
                for (key, value) in fiche_entries(action) {
                    self.line(&format!("{key} = {value}"));
                }
            }
        } else if axis.actions.is_empty() {
            self.line("actions = []");
        } else {
            self.line("actions = [");
            for action in &axis.actions {
                self.line(&format!("  {},", action_value(action)));
            }
            self.line("]");
        }
    }

    fn funding_line(&mut self, line: &FundingLine) {
        self.header("[[", "funding", "]]");
        self.string("label", &line.label);
        self.string("funder", line.funder.as_str());
        self.optional("funder_name", &line.funder_name);
        self.string("kind", line.kind.as_str());
        if let Some(equipment) = line.equipment {
            self.string("equipment", equipment.as_str());
        }
        self.optional("beneficiary", &line.beneficiary);
        if let Some(axis) = line.axis {
            self.line(&format!("axis = {axis}"));
        }
        // Amounts as exact decimal strings: no float ever stands between the file and the cent.
        let amounts: Vec<String> = (line.amounts.iter())
            .map(|(year, amount)| format!("{year} = \"{amount}\""))
            .collect();
        self.line(&format!("amounts = {{ {} }}", amounts.join(", ")));
    }
}
