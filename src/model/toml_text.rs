//! A convention written back as TOML, in the contract's layout: stable (the same convention
//! always gives the same text), exact (amounts as decimal strings) and readable.

use std::fmt::Write;

use super::*;

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

struct Writer(String);

impl Writer {
    fn line(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push('\n');
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
            self.line("");
            self.line(&format!("[[{header}]]"));
            self.string("name", &s.name);
            self.string("role", &s.role);
            self.optional("email", &s.email);
        }
    }
}

impl Convention {
    /// The convention as a TOML file that `load` reads back to the same convention.
    pub fn to_toml(&self) -> String {
        let mut w = Writer(String::new());
        w.string("kind", self.kind.as_str());
        w.string("reference", &self.reference);
        w.string("territory", &self.territory);
        w.optional("title", &self.title);
        w.line("");
        w.line("[period]");
        w.line(&format!("start = {}", self.period.start));
        w.line(&format!("end = {}", self.period.end));
        if let Some(signature) = &self.signature {
            w.line("");
            w.line("[signature]");
            w.string("place", &signature.place);
            if let Some(date) = signature.date {
                w.line(&format!("date = {date}"));
            }
            if let Some(copies) = signature.copies {
                w.line(&format!("copies = {copies}"));
            }
        }
        w.line("");
        w.line("[caf]");
        w.string("name", &self.caf.name);
        w.optional("short_name", &self.caf.short_name);
        w.optional("address", &self.caf.address);
        w.signatories("caf.signatories", &self.caf.signatories);
        for partner in &self.partners {
            w.line("");
            w.line("[[partners]]");
            w.string("kind", partner.kind.as_str());
            w.string("name", &partner.name);
            w.optional("siren", &partner.siren);
            w.optional("address", &partner.address);
            w.optional("epci", &partner.epci);
            if let Some(d) = &partner.deliberation {
                let number = d
                    .number
                    .as_ref()
                    .map_or(String::new(), |n| format!(", number = {}", quoted(n)));
                w.line(&format!(
                    "deliberation = {{ body = {}, date = {}{number} }}",
                    quoted(&d.body),
                    d.date
                ));
            }
            w.signatories("partners.signatories", &partner.signatories);
        }
        for axis in &self.axes {
            w.line("");
            w.line("[[axes]]");
            w.string("title", &axis.title);
            let domains: Vec<String> = axis.domains.iter().map(|d| quoted(d.as_str())).collect();
            w.line(&format!("domains = [{}]", domains.join(", ")));
            if axis.actions.is_empty() {
                w.line("actions = []");
            } else {
                w.line("actions = [");
                for action in &axis.actions {
                    w.line(&format!("  {},", quoted(action)));
                }
                w.line("]");
            }
        }
        for line in &self.funding {
            w.line("");
            w.line("[[funding]]");
            w.string("label", &line.label);
            w.string("funder", line.funder.as_str());
            w.optional("funder_name", &line.funder_name);
            w.string("kind", line.kind.as_str());
            if let Some(equipment) = line.equipment {
                w.string("equipment", equipment.as_str());
            }
            w.optional("beneficiary", &line.beneficiary);
            if let Some(axis) = line.axis {
                w.line(&format!("axis = {axis}"));
            }
            // Amounts as exact decimal strings: no float ever stands between the file and the cent.
            let amounts: Vec<String> = line
                .amounts
                .iter()
                .map(|(year, amount)| format!("{year} = \"{amount}\""))
                .collect();
            w.line(&format!("amounts = {{ {} }}", amounts.join(", ")));
        }
        w.0
    }
}
