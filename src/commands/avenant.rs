//! `convgen avenant OLD NEW`: the avenant that turns one version of a convention into the
//! next — a commented file to review, `<reference>-AV<N>.toml`, and its PDF.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CommandError, Outcome};
use crate::deliver::{OutputDir, WriteError, pdf_name, toml_name, write_atomically};
use crate::diag::{self, Diagnostic};
use crate::diff::{avenant, earlier, stated};
use crate::i18n::Message;
use crate::model::{Convention, EarlierAvenant};
use crate::pipeline::batch::error_line;
use crate::pipeline::{
    Engine, Format, document_error_text, findings_text, load, load_usable, load_version,
};
use crate::templates::Templates;

/// What `avenant` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub old: PathBuf,
    pub new: PathBuf,
    pub output: PathBuf,
    /// Avenant n° N; by default the first number no file of the output directory has.
    pub number: Option<u32>,
    /// Why the parties amend the convention (`reason`, in the préambule).
    pub reason: Option<String>,
    pub draft: bool,
    /// Replace an avenant file that exists.
    pub force: bool,
    pub templates: Option<PathBuf>,
}

/// What the file says above its keys, for the jurist who reviews it.
pub(crate) const REVIEW: &str =
    "# Avenant établi par `convgen avenant` à partir de deux versions de la convention.
# Avant `[previous]` : la convention telle que l'avenant la laisse, parties et signataires compris.
# À relire avant signature : la date de signature de la convention citée au préambule
# (`[previous.signature]`), la date et le nombre d'exemplaires de l'avenant (`[signature]`) et
# sa prise d'effet (`effective = 2025-01-01` ; absente : à sa signature par toutes les parties),
# son motif (`reason = \"Le présent avenant vise à …\"`, dit au préambule) et la délibération de
# chaque partie, qui autorise la signature de l'avenant et non celle de la convention : celle de
# la convention, reprise pour son instance, porte « (numéro à compléter) » et « (date à
# compléter) » ; donnez le numéro et la date de la nouvelle.
";

/// The avenants before n° `number`, as their files in the output directory say.
fn earlier_in(output: &Path, old: &Convention, number: u32) -> Vec<EarlierAvenant> {
    let find = |reference: &str| load_usable(&output.join(toml_name(reference)));
    earlier(old, number, find)
}

/// The two versions, the new one with its annexes' PDFs read from beside it: the avenant
/// carries those it adds or replaces (a PDF version's folder holds none). None, said on
/// `err`, when either cannot be read or an annex is refused.
fn versions(config: &Config, err: &mut impl Write) -> Option<(Convention, Convention)> {
    match (load_version(&config.old), load_version(&config.new)) {
        (Ok((_, old)), Ok((source, mut new))) => {
            let pdf = (config.new.extension()).is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            if !pdf {
                crate::pipeline::annexes::read_annexes(&source, &mut new);
            }
            if !new.is_valid() {
                let _ = err.write_all(findings_text(&source, &new).as_bytes());
                return None;
            }
            Some((old.convention, new.convention))
        }
        (old, new) => {
            for rejected in [old.err(), new.err()].into_iter().flatten() {
                let _ = err.write_all(rejected.printed.as_bytes());
            }
            None
        }
    }
}

/// The annexes' PDFs the avenant's file names (`annexes/….pdf`, relative to its own folder),
/// to copy from beside NEW into the output directory so that the file renders and checks
/// there too; none when they are there already. A different file of that name is refused
/// (`--force` replaces it), as is a folder on the way that is a symbolic link.
fn annex_copies(config: &Config, new: &Convention) -> Result<Vec<(PathBuf, Vec<u8>)>, Message> {
    let mut copies = Vec::new();
    for annex in &new.annexes {
        let (Some(file), Some(content)) = (&annex.file, &annex.content) else {
            continue;
        };
        // `file` was read from beside NEW: relative, without `..` (`pipeline::annexes`).
        let mut on_the_way = config.output.clone();
        for part in Path::new(file).components() {
            on_the_way.push(part);
            if (on_the_way.symlink_metadata()).is_ok_and(|m| m.file_type().is_symlink()) {
                let path = on_the_way.display().to_string();
                return Err(Message::LinkNotWrittenThrough { path });
            }
        }
        let path = config.output.join(file);
        match std::fs::read(&path) {
            Ok(there) if there == *content.bytes => continue,
            Ok(_) if !config.force => {
                let path = path.display().to_string();
                return Err(Message::FileExists { path });
            }
            _ => copies.push((path, content.bytes.to_vec())),
        }
    }
    Ok(copies)
}

/// The avenant (its number, and the reference it amends), refused when the two versions do
/// not make one or when its file exists (without `--force`).
fn planned(
    config: &Config,
    old: &Convention,
    new: &Convention,
) -> Result<(Convention, u32, String), Message> {
    let base = stated(old).reference;
    let taken = |n: u32| {
        config
            .output
            .join(toml_name(&format!("{base}-AV{n}")))
            .exists()
    };
    let after_old = old.amendment.as_ref().map_or(1, |a| a.number + 1);
    let number = match config.number {
        Some(n) => n,
        None => (after_old..).find(|n| !taken(*n)).unwrap_or(after_old),
    };
    let amended_by = earlier_in(&config.output, old, number);
    let mut written = avenant(old, new, number, amended_by).map_err(|r| Message::from(&r))?;
    (written.amendment.iter_mut()).for_each(|a| a.reason.clone_from(&config.reason));
    if taken(number) && !config.force {
        let path = config.output.join(toml_name(&written.reference));
        let path = path.display().to_string();
        return Err(Message::AvenantExists { path });
    }
    Ok((written, number, base))
}

/// Runs `convgen avenant`: exit 1 when a version cannot be read, when they do not make an
/// avenant (nothing changed, a CEJ prolonged, the kind changed) or when it cannot be written.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    let mut err = diag::stderr();
    let Some((old, new)) = versions(config, &mut err) else {
        return Ok(Outcome::SomeFailed);
    };
    let planned = planned(config, &old, &new).and_then(|p| Ok((p, annex_copies(config, &new)?)));
    let ((written, number, base), copies) = match planned {
        Ok(planned) => planned,
        Err(refusal) => {
            let _ = err.write_all(error_line(&refusal).as_bytes());
            return Ok(Outcome::SomeFailed);
        }
    };
    let name = toml_name(&written.reference);
    let text = format!("{REVIEW}{}", written.to_toml());
    // The file is checked as `check` would check it before anything is written.
    let source =
        crate::format::Source::from_bytes(&config.output.join(&name), text.clone().into_bytes());
    let mut loaded = load(&source);
    // Not yet beside the avenant's file: its annexes' PDFs are the new version's.
    for (annex, read) in loaded.convention.annexes.iter_mut().zip(&new.annexes) {
        annex.content.clone_from(&read.content);
    }
    // A délibération still to complete is the reviewer's to give (see `REVIEW`): the file is
    // written, its PDF a draft until then, as `check` and `send` will hold it.
    let to_complete = |d: &Diagnostic| matches!(d.message, Message::StillToComplete { .. });
    let blocking = (loaded.diagnostics.iter()).any(|d| d.is_error() && !to_complete(d));
    if blocking {
        let printed = findings_text(&source, &loaded);
        let _ = err.write_all(printed.as_bytes());
        return Ok(Outcome::SomeFailed);
    }
    let engine = Engine::new(Templates::load(config.templates.as_deref())?);
    let draft = config.draft || loaded.diagnostics.iter().any(to_complete);
    let document = engine.produce(&loaded.convention, text.as_bytes(), draft, Format::Pdf);
    let document = match document {
        Ok(document) => document,
        Err(error) => {
            let printed = document_error_text(&engine, &source, &written.reference, &error);
            let _ = err.write_all(printed.as_bytes());
            return Ok(Outcome::SomeFailed);
        }
    };
    // Written once its PDF is made: a failure leaves nothing behind.
    let output = OutputDir::create(&config.output)?;
    for (path, bytes) in &copies {
        OutputDir::create(path.parent().unwrap_or(output.path()))?;
        let failed = |source| WriteError::Write {
            path: path.clone(),
            source,
        };
        write_atomically(path, bytes).map_err(failed)?;
    }
    let path = output.write(&name, text.as_bytes())?;
    let pdf = pdf_name(&written.reference, draft);
    for bytes in &document.files {
        output.write(&pdf, bytes)?;
    }
    let wrote = Message::WroteAvenant {
        file: path.display().to_string(),
        pdf: output.path().join(&pdf).display().to_string(),
        number,
        base,
    };
    let _ = writeln!(err, "{wrote}");
    Ok(Outcome::AllGood)
}
