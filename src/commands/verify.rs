//! `convgen verify PDF...`: each signed PDF against what convgen generated — the original,
//! each signature, the changes after generation, where the file stands — as a table per
//! file or as JSON; with `-o DIR`, each verdict recorded in `DIR/manifest.json`.

use std::cell::OnceCell;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{CommandError, Outcome};
use crate::deliver::{Changes, Manifest, Original, SignatureVerdict, Signing, Verdict, Verified};
use crate::diag;
use crate::digest::sha256_hex;
use crate::files::{self, Links};
use crate::i18n::{Lang, Message};
use crate::model::Convention;
use crate::pipeline::{Engine, Format};
use crate::templates::Templates;
use crate::verify::{Originals, Trust, verify_pdf};

/// Largest signed PDF read: a convention with its annexes and a dozen signatures.
const MAX_PDF_BYTES: u64 = 256 << 20;
/// Largest certificate file read.
const MAX_CERTIFICATE_BYTES: u64 = 1 << 20;

/// What `verify` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub pdfs: Vec<PathBuf>,
    /// The output directory whose manifest says what convgen generated.
    pub output: PathBuf,
    /// Record each verdict in the manifest (`-o DIR` given).
    pub record: bool,
    /// Certificates to trust (PEM or DER).
    pub trust: Vec<PathBuf>,
    pub json: bool,
    /// The templates to render a convention again with, when the manifest has no entry.
    pub templates: Option<PathBuf>,
}

/// Runs `convgen verify`: exit 0 only when every file is signed.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    let mut err = diag::stderr();
    let Some(trust) = read_trust(&config.trust, &mut err) else {
        return Ok(Outcome::SomeFailed);
    };
    let manifest = Manifest::read(&config.output);
    let engine: OnceCell<Option<Engine>> = OnceCell::new();
    let render = |convention: &Convention, source: &[u8]| {
        let engine = engine.get_or_init(|| {
            let templates = Templates::load(config.templates.as_deref()).ok()?;
            Some(Engine::new(templates))
        });
        render_again(engine.as_ref()?, convention, source)
    };
    let originals = Originals {
        entries: &manifest.entries,
        render: Some(&render),
    };
    let mut verdicts = Vec::new();
    let mut unreadable = 0;
    for path in &config.pdfs {
        match verify_file(path, &originals, &trust) {
            Ok(verdict) => verdicts.push(verdict),
            Err(problem) => {
                unreadable += 1;
                let _ = writeln!(
                    err,
                    "{}",
                    Message::ErrorLine {
                        text: problem.to_string()
                    }
                );
            }
        }
    }
    print_verdicts(config, &verdicts);
    if config.record {
        record(&config.output, manifest, &verdicts, &mut err);
    }
    let signed = verdicts
        .iter()
        .filter(|(v, _)| v.status == Signing::Signed)
        .count();
    let summary = Message::Verified {
        files: config.pdfs.len(),
        signed,
    };
    let _ = writeln!(err, "{summary}");
    Ok(Outcome::failed_if(
        unreadable > 0 || signed < verdicts.len(),
    ))
}

/// A convention rendered again from its attached source: the final PDF, as `render` writes
/// it, for a signed copy whose original the manifest does not record.
pub fn render_again(engine: &Engine, convention: &Convention, source: &[u8]) -> Option<Vec<u8>> {
    let document = engine
        .produce(convention, source, false, Format::Pdf)
        .ok()?;
    document.files.into_iter().next()
}

/// The trusted certificates; `None` (said on `err`) when a file is not one.
fn read_trust(paths: &[PathBuf], err: &mut impl std::io::Write) -> Option<Trust> {
    let mut files = Vec::new();
    for path in paths {
        match files::read(path, MAX_CERTIFICATE_BYTES, Links::Follow) {
            Ok(bytes) => files.push((path.display().to_string(), bytes)),
            Err(e) => {
                let reason = Box::new(Message::from(&e));
                let text = Message::CannotRead {
                    path: path.display().to_string(),
                    reason,
                };
                let _ = err.write_all(crate::pipeline::batch::error_line(&text).as_bytes());
                return None;
            }
        }
    }
    match Trust::read(&files) {
        Ok(trust) => Some(trust),
        Err(problem) => {
            let _ = writeln!(
                err,
                "{}",
                Message::ErrorLine {
                    text: problem.to_string()
                }
            );
            None
        }
    }
}

/// One file's verdict, and the SHA-256 of the file; the problem names the file.
fn verify_file(
    path: &Path,
    originals: &Originals,
    trust: &Trust,
) -> Result<(Verdict, String), Message> {
    let shown = path.display().to_string();
    let bytes =
        files::read(path, MAX_PDF_BYTES, Links::Follow).map_err(|e| Message::CannotRead {
            path: shown.clone(),
            reason: Box::new(Message::from(&e)),
        })?;
    let verdict =
        verify_pdf(&shown, &bytes, originals, trust).map_err(|e| Message::FileProblem {
            path: shown.clone(),
            detail: Box::new(Message::from(&e)),
        })?;
    Ok((verdict, sha256_hex(&bytes)))
}

fn print_verdicts(config: &Config, verdicts: &[(Verdict, String)]) {
    let printed = if config.json {
        let all: Vec<&Verdict> = verdicts.iter().map(|(v, _)| v).collect();
        serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
    } else {
        let tables: Vec<String> = verdicts
            .iter()
            .map(|(v, _)| table(v, Lang::current()))
            .collect();
        tables.join("\n")
    };
    let _ = std::io::stdout().lock().write_all(printed.as_bytes());
}

/// Each verdict beside the manifest entry of the PDF it is a signed copy of, said on `err`.
fn record(
    dir: &Path,
    manifest: Manifest,
    verdicts: &[(Verdict, String)],
    err: &mut impl std::io::Write,
) {
    let shown = dir
        .join(crate::deliver::manifest::FILE_NAME)
        .display()
        .to_string();
    match record_verdicts(dir, manifest, verdicts, None) {
        Ok(recorded) => {
            for file in recorded.unmatched {
                let note = Message::VerdictNotRecorded {
                    file,
                    manifest: shown.clone(),
                };
                let _ = writeln!(err, "{note}");
            }
            if recorded.count > 0 {
                let count = recorded.count;
                let note = Message::VerdictRecorded {
                    count,
                    manifest: shown,
                };
                let _ = writeln!(err, "{note}");
            }
        }
        Err(e) => {
            let text = Message::CannotWrite {
                path: shown,
                reason: Box::new(Message::from(&e)),
            };
            let _ = err.write_all(crate::pipeline::batch::error_line(&text).as_bytes());
        }
    }
}

/// What [`record_verdicts`] did.
#[derive(Debug, Default)]
pub struct Recorded {
    /// How many verdicts found the entry of their PDF.
    pub count: usize,
    /// The files of the others: no PDF of their reference in the manifest.
    pub unmatched: Vec<String>,
}

/// Records each verdict (with the SHA-256 of its file) beside the manifest entries of the
/// PDF it is a signed copy of, `by` whom when known; the manifest is written only when one
/// was found. `verify -o DIR` and the workspace's signed returns both record through here.
pub fn record_verdicts(
    dir: &Path,
    manifest: Manifest,
    verdicts: &[(Verdict, String)],
    by: Option<&str>,
) -> std::io::Result<Recorded> {
    let mut entries = manifest.by_key();
    let mut recorded = Recorded::default();
    for (verdict, sha256) in verdicts {
        let mut found = false;
        let matching = (entries.values_mut()).filter(|e| {
            e.variant == "pdf" && e.reference.is_some() && e.reference == verdict.reference
        });
        for entry in matching {
            found = true;
            entry.verified = Some(Verified {
                sha256: sha256.clone(),
                by: by.map(str::to_string),
                verdict: verdict.clone(),
            });
        }
        if found {
            recorded.count += 1;
        } else {
            recorded.unmatched.push(verdict.file.clone());
        }
    }
    if recorded.count > 0 {
        Manifest::write(dir, entries)?;
    }
    Ok(recorded)
}

/// A verdict as a person reads it: where the file stands, then a table of its signatures.
pub fn table(verdict: &Verdict, lang: Lang) -> String {
    let say = |m: Message| m.text(lang);
    let heading = match &verdict.reference {
        Some(reference) => Message::VerifiedFile {
            file: verdict.file.clone(),
            reference: reference.clone(),
        },
        None => Message::VerifiedUnknownFile {
            file: verdict.file.clone(),
        },
    };
    let mut out = format!("{}\n", say(heading));
    let status = Box::new(status_message(verdict, lang));
    out.push_str(&format!("  {}\n", say(Message::VerifyStatus { status })));
    let original = Box::new(original_message(verdict));
    out.push_str(&format!(
        "  {}\n",
        say(Message::VerifyOriginal { original })
    ));
    let changes = Box::new(changes_message(verdict));
    out.push_str(&format!("  {}\n", say(Message::VerifyChanges { changes })));
    let header = [
        Message::ColumnSignatory,
        Message::ColumnSigned,
        Message::ColumnSigner,
        Message::ColumnTime,
        Message::ColumnIntact,
        Message::ColumnTrusted,
    ];
    let mut rows = vec![header.map(say).to_vec()];
    rows.extend(verdict.signatures.iter().map(|s| row(s, lang)));
    out.push_str(&columns(&rows));
    for signature in &verdict.signatures {
        if let Some(problem) = &signature.problem {
            let who = who(signature, lang);
            let problem = Box::new(problem.clone());
            out.push_str(&format!(
                "  {}\n",
                say(Message::SignatureProblem { who, problem })
            ));
        }
    }
    out
}

/// Whether the file begins with the PDF generated, in words; a file that names no
/// convention names the one it was dropped for (the workspace gives it), when known.
pub fn original_message(verdict: &Verdict) -> Message {
    match (verdict.original, &verdict.reference) {
        (Original::Identical, _) => Message::OriginalIdentical,
        (Original::Different, _) => Message::OriginalDifferent,
        (Original::Unknown, _) => Message::OriginalUnknown,
        (Original::Unidentified, Some(reference)) => Message::OriginalUnidentified {
            reference: reference.clone(),
        },
        (Original::Unidentified, None) => Message::OriginalUnidentifiedFile,
    }
}

/// What changed after generation, in words: nothing to say of a file compared with nothing.
pub fn changes_message(verdict: &Verdict) -> Message {
    if verdict.original == Original::Unidentified {
        return Message::ChangesNotCompared;
    }
    match verdict.changes {
        Changes::None => Message::ChangesNone,
        Changes::SignaturesOnly => Message::ChangesSignaturesOnly,
        Changes::Modified => Message::ChangesModified,
    }
}

/// Where the file stands, in words: who is still awaited when partially signed.
pub fn status_message(verdict: &Verdict, lang: Lang) -> Message {
    match verdict.status {
        Signing::Signed => Message::VerifySigned,
        // A scan may well be signed by hand: only its electronic signatures are missing.
        Signing::Unsigned if verdict.original == Original::Unidentified => {
            Message::VerifyNoElectronicSignature
        }
        Signing::Unsigned => Message::VerifyUnsigned,
        Signing::Invalid => Message::VerifyInvalid,
        Signing::PartiallySigned => {
            let waiting: Vec<String> = (verdict.signatures.iter())
                .filter(|s| s.is_convgen() && !s.signed)
                .map(|s| who(s, lang))
                .collect();
            Message::VerifyPartiallySigned {
                missing: waiting.join(", "),
            }
        }
    }
}

/// The signatory of a field (« Jeanne Martin (Caf du Puy-de-Dôme) »), or the field.
pub fn who(signature: &SignatureVerdict, lang: Lang) -> String {
    let message = match (&signature.signatory, &signature.party) {
        (Some(name), Some(party)) => Message::SignatoryOf {
            name: name.clone(),
            party: party.clone(),
        },
        _ => Message::OtherField {
            field: signature.field.clone(),
        },
    };
    message.text(lang)
}

fn row(signature: &SignatureVerdict, lang: Lang) -> Vec<String> {
    let flag = |value: Option<bool>| match value {
        Some(true) => Message::Yes.text(lang),
        Some(false) => Message::No.text(lang),
        None => "—".to_string(),
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_string());
    vec![
        who(signature, lang),
        flag(Some(signature.signed)),
        text(&signature.signer),
        text(&signature.time),
        flag(signature.intact),
        flag(signature.trusted),
    ]
}

/// Rows as columns aligned on their widest cell, two spaces apart, indented.
fn columns(rows: &[Vec<String>]) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|i| {
            let cells = rows.iter().filter_map(|r| r.get(i));
            cells.map(|c| c.chars().count()).max().unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = (row.iter().zip(&widths))
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(&format!("  {}\n", cells.join("  ").trim_end()));
    }
    out
}
