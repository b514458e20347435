//! What a batch tells of each input — its verdict and what to say about it — and where
//! that goes: the terminal (with a progress bar when asked and standard error is one), JSON
//! lines for another program, or a list for the workspace's answer.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};

use crate::i18n::{Lang, Message};

/// What became of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The file could not be read.
    Unreadable,
    /// The file has errors (or, under `--strict`, warnings).
    Rejected,
    /// An earlier input of the batch declares its reference.
    Duplicate,
    /// Nothing to do: up to date, already sent, not concerned.
    Skipped,
    /// The command's work is done: checked, rendered, sent.
    Done,
    /// Valid, but the command's work failed.
    Failed,
}

impl Verdict {
    const ALL: [Verdict; 6] = [
        Verdict::Unreadable,
        Verdict::Rejected,
        Verdict::Duplicate,
        Verdict::Skipped,
        Verdict::Done,
        Verdict::Failed,
    ];

    /// Whether the input counts against the run's outcome.
    pub fn is_failure(self) -> bool {
        !matches!(self, Verdict::Skipped | Verdict::Done)
    }
}

/// What a reporter is told about one input.
#[derive(Clone, Copy, Debug)]
pub struct Account<'a> {
    pub path: &'a Path,
    pub reference: Option<&'a str>,
    pub verdict: Verdict,
    /// What to say about it, in the language of the run: findings with their lines, errors,
    /// what was made.
    pub text: &'a str,
    /// Its warnings, among its findings.
    pub warnings: usize,
}

/// Where a batch's accounts go: the terminal, JSON lines, the workspace's answer.
pub trait Reporter {
    /// The batch begins, with this many inputs.
    fn start(&mut self, _total: usize) {}
    /// One input is through.
    fn account(&mut self, account: &Account<'_>);
    /// The batch is over.
    fn finish(&mut self) {}
}

/// How many inputs had each verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    verdicts: [usize; 6],
    /// Warnings among the findings of every input.
    pub warnings: usize,
}

impl Tally {
    pub(super) fn add(&mut self, account: &Account<'_>) {
        self.verdicts[account.verdict as usize] += 1;
        self.warnings += account.warnings;
    }

    /// Inputs with this verdict.
    pub fn of(&self, verdict: Verdict) -> usize {
        self.verdicts[verdict as usize]
    }

    pub fn total(&self) -> usize {
        self.verdicts.iter().sum()
    }

    /// Inputs that count against the outcome.
    pub fn failed(&self) -> usize {
        (Verdict::ALL.iter().filter(|v| v.is_failure()))
            .map(|&v| self.of(v))
            .sum()
    }
}

/// Accounts printed on standard error as they come, headlines in colour on a terminal.
pub struct Terminal {
    progress: bool,
    bar: Option<indicatif::ProgressBar>,
}

impl Terminal {
    /// Accounts only.
    pub fn plain() -> Terminal {
        Terminal {
            progress: false,
            bar: None,
        }
    }

    /// Accounts above a progress bar, when standard error is a terminal and there is more
    /// than one input; plain lines otherwise (logs, CI, pipes).
    pub fn with_progress() -> Terminal {
        Terminal {
            progress: true,
            bar: None,
        }
    }
}

impl Reporter for Terminal {
    fn start(&mut self, total: usize) {
        let on_terminal = self.progress && std::io::stderr().is_terminal() && total > 1;
        self.bar = on_terminal.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} conventions, {per_sec}, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
    }

    fn account(&mut self, account: &Account<'_>) {
        match &self.bar {
            Some(bar) => {
                if !account.text.is_empty() {
                    bar.println(account.text.trim_end());
                }
                bar.inc(1);
            }
            None => {
                let _ = print_coloured(&mut crate::diag::stderr(), account.text);
            }
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Prints an account's text, each headline's severity in colour when `out` takes colour:
/// a headline is a line that starts with the severity, as no excerpt line does.
fn print_coloured(out: &mut dyn WriteColor, text: &str) -> std::io::Result<()> {
    if !out.supports_color() {
        return out.write_all(text.as_bytes());
    }
    // A severity's words, from its headline with no text: « error: », « erreur : ».
    let lang = Lang::current();
    let error = Message::ErrorLine {
        text: String::new(),
    };
    let warning = Message::WarningLine {
        text: String::new(),
    };
    let severities = [(error, Color::Red), (warning, Color::Yellow)]
        .map(|(message, colour)| (message.text(lang), colour));
    for line in text.split_inclusive('\n') {
        let severity = severities
            .iter()
            .find(|(p, _)| line.starts_with(p.as_str()));
        match severity {
            Some((prefix, colour)) => {
                out.set_color(ColorSpec::new().set_bold(true).set_fg(Some(*colour)))?;
                out.write_all(prefix.as_bytes())?;
                out.reset()?;
                out.write_all(&line.as_bytes()[prefix.len()..])?;
            }
            None => out.write_all(line.as_bytes())?,
        }
    }
    Ok(())
}

/// One JSON object per input on standard output, for another program: `file`, `reference`,
/// `verdict`, `report` (the text the terminal would show).
pub struct JsonLines;

impl Reporter for JsonLines {
    fn account(&mut self, account: &Account<'_>) {
        let line = serde_json::json!({
            "file": account.path.display().to_string(),
            "reference": account.reference,
            "verdict": account.verdict,
            "report": account.text,
        });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
    }
}

/// Where a command tells what became of each input (`--report`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Report {
    /// On standard error, as people read it.
    #[default]
    Terminal,
    /// As [`JsonLines`], for another program.
    Json,
}

impl Report {
    /// Runs `batch` with the reporter this asks for: `terminal`, or JSON lines.
    pub fn run<T>(self, terminal: Terminal, batch: impl FnOnce(&mut dyn Reporter) -> T) -> T {
        match self {
            Report::Terminal => batch(&mut { terminal }),
            Report::Json => batch(&mut JsonLines),
        }
    }
}

/// An account as the workspace keeps it for its answer.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Kept {
    pub file: PathBuf,
    pub reference: Option<String>,
    pub verdict: Verdict,
    pub text: String,
}

/// Every account kept, for the workspace's answer.
#[derive(Debug, Default)]
pub struct Collected(pub Vec<Kept>);

impl Reporter for Collected {
    fn account(&mut self, account: &Account<'_>) {
        self.0.push(Kept {
            file: account.path.to_path_buf(),
            reference: account.reference.map(str::to_string),
            verdict: account.verdict,
            text: account.text.to_string(),
        });
    }
}
