//! `convgen renew`: expiring CEJs turned into CTG drafts at constant funding, as Circ. Cnaf
//! n° 2020-01 requires, with a report of what was done to each input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{collect_inputs, plural, read_valid, stderr};
use crate::document::{Engine, Format};
use crate::load::{self, Source};
use crate::model::*;
use crate::output::{create_output_dir, write_atomically};
use crate::templates::Templates;

/// Arguments of `convgen renew`.
#[derive(clap::Args, Debug)]
pub struct RenewArgs {
    /// CEJ files, or directories searched for `*.toml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Renew the CEJs whose period ends before this date (2026-01-01).
    #[arg(long, value_parser = parse_date)]
    pub expiring_before: Date,
    /// Output directory for the CTG files, their draft PDFs and `renew-report.csv`.
    #[arg(short, long, default_value = "output/renouvellement")]
    pub output: PathBuf,
    /// Length of the new CTGs, in years (a CTG lasts at most 5).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(i32).range(1..=5))]
    pub years: i32,
    /// First day of every new CTG (default: the day after its CEJ ends).
    #[arg(long, value_parser = parse_date)]
    pub start: Option<Date>,
    /// One CTG per EPCI for the CEJs of communes that name it (`epci` key), signed by the
    /// EPCI and its communes.
    #[arg(long)]
    pub group_by_epci: bool,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date: write YYYY-MM-DD"))
}

/// Name of the report in the output directory.
pub const REPORT: &str = "renew-report.csv";

/// One line of the report.
#[derive(Clone, Debug)]
struct Row {
    input: String,
    cej_reference: String,
    status: &'static str,
    ctg_reference: String,
    message: String,
}

/// A CEJ to renew.
struct Expiring {
    input: String,
    cej: Convention,
}

/// A CTG drafted from one or more CEJs, with what the reviewer must know.
struct Draft {
    ctg: Convention,
    from: Vec<usize>,
    warnings: Vec<String>,
}

/// Runs `convgen renew`; returns the exit code.
pub fn renew(args: &RenewArgs) -> u8 {
    let mut err = stderr();
    let (files, unreadable) = collect_inputs(&args.paths);
    let mut rows: Vec<Row> = unreadable
        .iter()
        .map(|(path, e)| {
            row(
                &path.display().to_string(),
                "",
                "error",
                "",
                &format!("cannot read ({e})"),
            )
        })
        .collect();
    let mut expiring = Vec::new();
    for path in &files {
        let input = path.display().to_string();
        match read_valid(path, false) {
            Err(rejected) => {
                let _ = err.write_all(rejected.printed.as_bytes());
                rows.push(row(&input, "", "error", "", &rejected.summary));
            }
            Ok((_, loaded)) => {
                let c = loaded.convention;
                if c.kind != Kind::Cej {
                    let message = format!("not a CEJ ({})", c.kind.as_str());
                    rows.push(row(&input, &c.reference, "skipped", "", &message));
                } else if c.period.end >= args.expiring_before {
                    let message = format!(
                        "expires on {}, not before {}",
                        c.period.end, args.expiring_before
                    );
                    rows.push(row(&input, &c.reference, "skipped", "", &message));
                } else {
                    expiring.push(Expiring { input, cej: c });
                }
            }
        }
    }
    let drafts = draft_all(&expiring, args);
    if let Err(message) = create_output_dir(&args.output) {
        let _ = writeln!(err, "error: {message}");
        return 1;
    }
    let engine = Engine::new(Templates::built_in());
    for draft in &drafts {
        let outcome = write_draft(&engine, draft, &expiring, &args.output);
        for &i in &draft.from {
            let e = &expiring[i];
            rows.push(match &outcome {
                Ok(()) => {
                    let mut message = draft.warnings.join("; ");
                    if draft.from.len() > 1 {
                        let grouped = format!("grouped with {} other CEJ", draft.from.len() - 1);
                        message = if message.is_empty() {
                            grouped
                        } else {
                            format!("{grouped}; {message}")
                        };
                    }
                    row(
                        &e.input,
                        &e.cej.reference,
                        "renewed",
                        &draft.ctg.reference,
                        &message,
                    )
                }
                Err(message) => row(
                    &e.input,
                    &e.cej.reference,
                    "error",
                    &draft.ctg.reference,
                    message,
                ),
            });
        }
        match &outcome {
            Ok(()) => {
                let _ = writeln!(
                    err,
                    "wrote {}",
                    args.output
                        .join(format!("{}.toml", draft.ctg.reference))
                        .display()
                );
            }
            Err(message) => {
                let _ = writeln!(err, "error: {}: {message}", draft.ctg.reference);
            }
        }
    }
    rows.sort_by(|a, b| a.input.cmp(&b.input));
    if let Err(e) = write_atomically(&args.output.join(REPORT), csv(&rows).as_bytes()) {
        let _ = writeln!(err, "error: cannot write `{REPORT}` ({e})");
        return 1;
    }
    let count = |status| rows.iter().filter(|r| r.status == status).count();
    let (renewed, skipped, errors) = (count("renewed"), count("skipped"), count("error"));
    let _ = writeln!(
        err,
        "renewed {renewed} CEJ into {} CTG{}, skipped {skipped}, {errors} error{}; report in `{}`",
        drafts.len(),
        plural(drafts.len()),
        plural(errors),
        args.output.join(REPORT).display(),
    );
    u8::from(errors > 0)
}

fn row(input: &str, cej: &str, status: &'static str, ctg: &str, message: &str) -> Row {
    Row {
        input: input.to_string(),
        cej_reference: cej.to_string(),
        status,
        ctg_reference: ctg.to_string(),
        message: message.to_string(),
    }
}

/// The report as CSV (RFC 4180 quoting).
fn csv(rows: &[Row]) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = String::from("input,cej_reference,status,ctg_reference,message\n");
    for r in rows {
        let fields = [
            r.input.as_str(),
            &r.cej_reference,
            r.status,
            &r.ctg_reference,
            &r.message,
        ];
        out.push_str(&fields.map(field).join(","));
        out.push('\n');
    }
    out
}

/// Drafts one CTG per CEJ, or per EPCI with `--group-by-epci`; references made unique.
fn draft_all(expiring: &[Expiring], args: &RenewArgs) -> Vec<Draft> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut drafts = Vec::new();
    for (i, e) in expiring.iter().enumerate() {
        match epci_of(&e.cej).filter(|_| args.group_by_epci) {
            Some(epci) => groups.entry(epci).or_default().push(i),
            None => drafts.push(renew_one(expiring, &[i], args, None)),
        }
    }
    for (epci, members) in &groups {
        drafts.push(renew_one(expiring, members, args, Some(epci)));
    }
    drafts.sort_by_key(|d| d.from[0]);
    let mut used = BTreeSet::new();
    for draft in &mut drafts {
        let base = draft.ctg.reference.clone();
        let mut n = 1;
        while !used.insert(draft.ctg.reference.clone()) {
            n += 1;
            draft.ctg.reference = format!("{base}-{n}");
        }
    }
    drafts
}

/// The EPCI a CEJ's communes all name, if they name one.
fn epci_of(cej: &Convention) -> Option<String> {
    let communes: Vec<&Partner> = cej
        .partners
        .iter()
        .filter(|p| p.kind == PartnerKind::Commune)
        .collect();
    let first = communes.first()?.epci.clone()?;
    communes
        .iter()
        .all(|p| p.epci.as_ref() == Some(&first))
        .then_some(first)
}

/// The CTG replacing the CEJs `members` (one, or the communes of `epci`).
fn renew_one(
    expiring: &[Expiring],
    members: &[usize],
    args: &RenewArgs,
    epci: Option<&str>,
) -> Draft {
    let cejs: Vec<&Convention> = members.iter().map(|&i| &expiring[i].cej).collect();
    let first = cejs[0];
    let earliest_end = cejs
        .iter()
        .map(|c| c.period.end)
        .min()
        .unwrap_or(first.period.end);
    let start = args.start.or(earliest_end.succ()).unwrap_or(earliest_end);
    let end = start
        .add_years(args.years)
        .and_then(Date::pred)
        .unwrap_or(start);
    let mut warnings = Vec::new();
    let mut partners: Vec<Partner> = Vec::new();
    if let Some(epci) = epci {
        partners.push(Partner {
            kind: PartnerKind::Epci,
            name: epci.to_string(),
            signatories: vec![Signatory {
                name: "À compléter".into(),
                role: "Président".into(),
                email: None,
            }],
            ..Partner::default()
        });
        warnings.push(format!("name the signatory of {epci}"));
    }
    let mut axes: Vec<Axis> = Vec::new();
    let mut funding = Vec::new();
    for cej in &cejs {
        for partner in &cej.partners {
            if !partners.iter().any(|p| p.name == partner.name) {
                // The CEJ's délibération does not authorise signing the CTG.
                partners.push(Partner {
                    deliberation: None,
                    ..partner.clone()
                });
            }
        }
        let mut axis_index = Vec::new();
        for axis in &cej.axes {
            let index = match axes.iter().position(|a| a.title == axis.title) {
                Some(index) => index,
                None => {
                    axes.push(axis.clone());
                    axes.len() - 1
                }
            };
            axis_index.push(index + 1);
        }
        // A CEJ still running when the CTG starts keeps its funding until it ends.
        let first_year = cej
            .period
            .end
            .succ()
            .map_or(start.year, |d| d.year.max(start.year));
        for (n, line) in cej.funding.iter().enumerate() {
            let (renewed, note) = renew_line(line, start.year..=end.year, first_year);
            if let Some(note) = note {
                warnings.push(format!(
                    "{} line {} « {} »: {note}",
                    cej.reference,
                    n + 1,
                    line.label
                ));
            }
            if let Some(mut renewed) = renewed {
                renewed.axis = line.axis.and_then(|a| axis_index.get(a - 1).copied());
                funding.push(renewed);
            }
        }
    }
    let reference = ctg_reference(&first.reference, first.period.start.year, start.year, epci);
    let territory = epci.map_or_else(|| first.territory.clone(), str::to_string);
    let ctg = Convention {
        kind: Kind::Ctg,
        reference,
        territory,
        title: None,
        period: Period { start, end },
        signature: first.signature.as_ref().map(|s| Signature {
            place: s.place.clone(),
            date: None,
            copies: None,
        }),
        caf: first.caf.clone(),
        partners,
        axes,
        funding,
    };
    let covered: BTreeSet<Domain> = ctg
        .axes
        .iter()
        .flat_map(|a| a.domains.iter().copied())
        .collect();
    for domain in [Domain::PetiteEnfance, Domain::Jeunesse, Domain::Parentalite] {
        if !covered.contains(&domain) {
            warnings.push(format!(
                "a CTG covers {}: add an axis or a domain for it",
                domain.as_str()
            ));
        }
    }
    Draft {
        ctg,
        from: members.to_vec(),
        warnings,
    }
}

/// A CEJ funding line as it continues in the CTG: PSEJ becomes the bonus territoire of its
/// équipement, recurring lines carry their last yearly amount to every year from
/// `first_year`, one-off lines stop. The note says what the reviewer must look at.
fn renew_line(
    line: &FundingLine,
    years: std::ops::RangeInclusive<i32>,
    first_year: i32,
) -> (Option<FundingLine>, Option<String>) {
    let (kind, note) = match (line.kind, line.equipment) {
        (FundingKind::Psej, Some(Equipment::Eaje)) => (FundingKind::BonusTerritoireEaje, None),
        (FundingKind::Psej, Some(Equipment::Alsh)) => (FundingKind::BonusTerritoireAlsh, None),
        (FundingKind::Psej, Some(Equipment::Laep)) => (FundingKind::BonusTerritoireLaep, None),
        (FundingKind::Psej, Some(Equipment::Rpe)) => (FundingKind::BonusTerritoireRpe, None),
        (FundingKind::Psej, Some(Equipment::Coordination)) | (FundingKind::Coordination, _) => {
            (FundingKind::Coordination, None)
        }
        (FundingKind::Psej, equipment) => {
            let what = equipment.map_or("no équipement".to_string(), |e| {
                format!("équipement `{}`", e.as_str())
            });
            (
                FundingKind::Autre,
                Some(format!(
                    "PSEJ for {what} has no bonus territoire: carried as `autre`, to review"
                )),
            )
        }
        (FundingKind::Diagnostic | FundingKind::Investissement, _) => {
            return (None, Some("one-off funding, not carried over".to_string()));
        }
        (kind, _) => (
            kind,
            Some("carried over at constant amount, to review".to_string()),
        ),
    };
    let Some((_, &last)) = line.amounts.last_key_value() else {
        return (None, note);
    };
    let amounts = years
        .filter(|&y| y >= first_year)
        .map(|y| (y, last))
        .collect();
    let label = if kind != line.kind {
        renamed_label(&line.label, kind)
    } else {
        line.label.clone()
    };
    (
        Some(FundingLine {
            label,
            kind,
            amounts,
            ..line.clone()
        }),
        note,
    )
}

/// "PSEJ : multi-accueil" → "Bonus territoire EAJE : multi-accueil".
fn renamed_label(label: &str, kind: FundingKind) -> String {
    let rest = match label.get(..4) {
        Some(prefix) if prefix.eq_ignore_ascii_case("psej") => {
            label[4..].trim_start_matches([' ', ':', '-', '–', '—', '\u{A0}', '\u{202F}'])
        }
        _ => label,
    };
    if rest.is_empty() {
        kind.label().to_string()
    } else {
        format!("{} : {rest}", kind.label())
    }
}

/// `CEJ-042-2019-FEURS` → `CTG-042-2023-FEURS`: the kind and the year of the CEJ's start
/// replaced; with an EPCI, its name in place of the last part.
fn ctg_reference(cej: &str, cej_year: i32, ctg_year: i32, epci: Option<&str>) -> String {
    let mut parts: Vec<String> = cej.split('-').map(str::to_string).collect();
    let mut has_kind = false;
    for part in &mut parts {
        if part.eq_ignore_ascii_case("cej") {
            *part = "CTG".into();
            has_kind = true;
        } else if *part == cej_year.to_string() {
            *part = ctg_year.to_string();
        }
    }
    if let Some(epci) = epci {
        let slug = crate::french::slug(epci).to_uppercase();
        match parts.iter().position(|p| *p == ctg_year.to_string()) {
            Some(at) => parts.truncate(at + 1),
            None => parts.truncate(2.min(parts.len())),
        }
        if !slug.is_empty() {
            parts.push(slug);
        }
    }
    let reference = parts.join("-");
    if has_kind {
        reference
    } else {
        format!("CTG-{reference}")
    }
}

/// Writes a draft's TOML (with its review header), checks it reads back valid, and writes
/// its draft PDF.
fn write_draft(
    engine: &Engine,
    draft: &Draft,
    expiring: &[Expiring],
    dir: &Path,
) -> Result<(), String> {
    let text = format!("{}{}", review_header(draft, expiring), draft.ctg.to_toml());
    let path = dir.join(format!("{}.toml", draft.ctg.reference));
    let source = Source::from_bytes(&path, text.clone().into_bytes());
    let loaded = load::load(&source);
    if !loaded.is_valid() {
        let report = crate::cli::report_text(&source, &loaded.diagnostics);
        return Err(format!("the drafted CTG does not pass `check`: {report}"));
    }
    write_atomically(&path, text.as_bytes())
        .map_err(|e| format!("cannot write `{}` ({e})", path.display()))?;
    let document = engine
        .produce(&loaded.convention, text.as_bytes(), true, Format::Pdf)
        .map_err(|e| e.summary())?;
    let pdf = dir.join(format!("{}-projet.pdf", draft.ctg.reference));
    for bytes in &document.files {
        write_atomically(&pdf, bytes)
            .map_err(|e| format!("cannot write `{}` ({e})", pdf.display()))?;
    }
    Ok(())
}

/// The comment that opens a drafted CTG: where it comes from and what to review.
fn review_header(draft: &Draft, expiring: &[Expiring]) -> String {
    let mut out = String::from("# CTG drafted by `convgen renew` from:\n");
    for &i in &draft.from {
        let e = &expiring[i];
        let _ = writeln!(
            out,
            "#   {} ({}, {} to {})",
            e.cej.reference, e.input, e.cej.period.start, e.cej.period.end
        );
    }
    out.push_str(
        "# To review before signature:\n\
         # - the délibérations authorising the signature (those of the CEJ are not carried over);\n\
         # - the signature date and the number of copies;\n\
         # - the axes and actions, carried over from the CEJ: a CTG rests on a shared diagnostic;\n\
         # - the funding: PSEJ lines became bonus territoire lines at constant amount (last CEJ year).\n",
    );
    for warning in &draft.warnings {
        let _ = writeln!(out, "# - {}", warning.replace('\n', " "));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_follow_the_cej() {
        assert_eq!(
            ctg_reference("CEJ-042-2019-FEURS", 2019, 2023, None),
            "CTG-042-2023-FEURS"
        );
        assert_eq!(ctg_reference("cej-2019", 2019, 2023, None), "CTG-2023");
        assert_eq!(ctg_reference("FEURS", 2019, 2023, None), "CTG-FEURS");
        assert_eq!(
            ctg_reference("CEJ-042-2019-FEURS", 2019, 2023, Some("Forez-Est")),
            "CTG-042-2023-FOREZ-EST"
        );
        assert_eq!(
            ctg_reference("CEJ-042-2019-X", 2019, 2023, Some("Communauté d’agglo")),
            "CTG-042-2023-COMMUNAUTE-D-AGGLO"
        );
    }

    #[test]
    fn psej_labels_are_renamed() {
        let eaje = FundingKind::BonusTerritoireEaje;
        assert_eq!(
            renamed_label("PSEJ : multi-accueil", eaje),
            "Bonus territoire EAJE : multi-accueil"
        );
        assert_eq!(
            renamed_label("Crèche", eaje),
            "Bonus territoire EAJE : Crèche"
        );
        assert_eq!(renamed_label("PSEJ", eaje), "Bonus territoire EAJE");
    }
}
