//! The command line as clap parses it, before any check: shared option groups are
//! flattened into each command that takes them.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::model::Date;
use crate::pipeline::Format;

/// Caf conventions (CTG, CEJ) from TOML files to PDF documents ready to sign.
#[derive(Parser, Debug)]
#[command(name = "convgen", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
    /// A folder of fonts (.ttf, .otf, .ttc) to set documents in besides the bundled ones, for
    /// characters they lack (repeatable; a `fonts/` folder beside the templates is used too).
    #[arg(long = "font-path", value_name = "DIR", global = true)]
    pub font_path: Vec<PathBuf>,
    /// The language of messages: `fr` or `en` (default: `CONVGEN_LANG`, else the locale).
    #[arg(long, value_name = "LANG", global = true, value_parser = ["fr", "en"])]
    pub lang: Option<String>,
}

impl Args {
    /// The font folders of this run: those given, then `fonts/` beside the templates.
    pub fn font_folders(&self) -> Vec<PathBuf> {
        let templates = match &self.command {
            Command::Render(a) => a.templates.templates.as_ref(),
            Command::Renew(a) => a.templates.templates.as_ref(),
            Command::Send(a) => a.templates.templates.as_ref(),
            Command::Serve(a) => a.templates.templates.as_ref(),
            Command::Avenant(a) => a.templates.templates.as_ref(),
            Command::Verify(a) => a.templates.templates.as_ref(),
            _ => None,
        };
        let beside = templates.map(|t| t.join("fonts")).filter(|f| f.is_dir());
        self.font_path.iter().cloned().chain(beside).collect()
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and validate convention files (a directory means every *.toml below it).
    Check(CheckArgs),
    /// Validate, template and compile conventions into PDF files.
    Render(RenderArgs),
    /// Turn expiring CEJs into CTG drafts (TOML and draft PDF) at constant funding.
    Renew(RenewArgs),
    /// E-mail each convention's PDF to its signatories, once.
    Send(SendArgs),
    /// The web workspace over a directory of conventions, in a browser.
    Serve(ServeArgs),
    /// Print the JSON Schema of the file format (for Taplo / Even Better TOML).
    Schema,
    /// Print a commented example file to start from (or, with --xlsx, write the workbook to
    /// fill in for `import`).
    New {
        #[arg(value_enum, required_unless_present = "xlsx")]
        kind: Option<NewKind>,
        /// Write the workbook `import` reads, its rows an example, to this `.xlsx` file.
        #[arg(long, value_name = "BOOK")]
        xlsx: Option<PathBuf>,
    },
    /// Workbooks (.xlsx, .ods, or folders of .csv named after the sheets) → one convention
    /// file per row of `conventions`.
    Import(ImportArgs),
    /// Conventions → one workbook (.xlsx, or a folder of .csv), with the sheet `annexe` of
    /// every funding line for a finance department.
    Export(ExportArgs),
    /// What changed between two versions of a convention (TOML files, or PDFs made by
    /// convgen), article by article.
    Diff(DiffArgs),
    /// The avenant that turns one version of a convention into the next: a file to review,
    /// `DIR/<reference>-AV<N>.toml`, and its PDF.
    Avenant(AvenantArgs),
    /// Signed PDFs against what convgen generated: the original, each signature (signed,
    /// signer, time, intact, trusted), the changes after generation, and where each stands.
    Verify(VerifyArgs),
    /// The conventions' deadlines as an iCalendar file: each end, the renewal to prepare six
    /// months before, an avenant's effective date, a reminder for one sent and not signed.
    Calendar(CalendarArgs),
}

#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Signed PDFs, as a signature platform or a parapheur returned them.
    #[arg(required = true, value_name = "PDF")]
    pub pdfs: Vec<PathBuf>,
    /// The output directory the PDFs were generated into (default: `output`): its
    /// `manifest.json` says what each was; given, each verdict is recorded there.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// A certificate (PEM or DER) signer certificates must chain to (repeatable).
    #[arg(long, value_name = "CERT")]
    pub trust: Vec<PathBuf>,
    /// `text` (a table per file) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    #[command(flatten)]
    pub templates: Templates,
}

#[derive(clap::Args, Debug)]
pub struct CalendarArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The iCalendar file to write.
    #[arg(short, long, value_name = "FILE.ics", required = true)]
    pub output: PathBuf,
    /// The output directory of `render` and `send` (default: `output`): its journal
    /// `sent.jsonl` says what was sent, its manifest what came back signed.
    #[arg(long, value_name = "DIR")]
    pub outputs: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AvenantArgs {
    /// The convention as signed (or as its last avenant left it): a convention file, or a
    /// PDF made by convgen.
    pub old: PathBuf,
    /// The convention as the avenant makes it.
    pub new: PathBuf,
    #[command(flatten)]
    pub output: Output,
    /// Avenant n° N (default: the next number after OLD's, free in the output directory).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=999))]
    pub number: Option<u32>,
    /// Write the draft PDF, watermarked « PROJET » (`<reference>-AV<N>-projet.pdf`).
    #[arg(long)]
    pub draft: bool,
    /// Why the parties amend the convention, said in the préambule (« Le présent avenant
    /// vise à … »).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Replace the avenant file of that number if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub templates: Templates,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The earlier version: a convention file, or a PDF made by convgen.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,
    /// `text` (French, article by article) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
}

/// How `diff` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// Workbooks: `.xlsx`, `.ods`, or folders of `.csv` files named after the sheets.
    #[arg(required = true, value_name = "BOOK")]
    pub books: Vec<PathBuf>,
    /// Where the convention files go (default: the current directory).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Overwrite convention files that exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The workbook to write: `BOOK.xlsx`, or a folder for `.csv` files.
    #[arg(short, long, value_name = "BOOK", required = true)]
    pub output: PathBuf,
}

/// The kinds `new` can print.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NewKind {
    Ctg,
    Cej,
}

/// The convention files a command reads.
#[derive(clap::Args, Debug)]
pub struct Inputs {
    /// Convention files, or directories searched for `*.toml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Where a command writes.
#[derive(clap::Args, Debug)]
pub struct Output {
    /// Output directory (default: `output`; for `renew`, `output/renouvellement`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// A Caf's own templates.
#[derive(clap::Args, Debug)]
pub struct Templates {
    /// A directory of templates replacing or adding to the built-in ones.
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// How a batch command tells what became of each input.
#[derive(clap::Args, Debug)]
pub struct Reporting {
    /// `terminal`: on standard error, for people; `json`: one JSON object a line on
    /// standard output, for another program (`file`, `reference`, `verdict`, `report`).
    #[arg(long, value_enum, default_value = "terminal")]
    pub report: ReportFormat,
}

/// The values of `--report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Terminal,
    Json,
}

impl From<ReportFormat> for crate::pipeline::Report {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Terminal => crate::pipeline::Report::Terminal,
            ReportFormat::Json => crate::pipeline::Report::Json,
        }
    }
}

/// Arguments of `convgen check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub report: Reporting,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

/// Arguments of `convgen render`.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub report: Reporting,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub templates: Templates,
    /// Draft: a "PROJET" watermark on every page, written as `<reference>-projet.pdf`.
    #[arg(long)]
    pub draft: bool,
    /// What to write.
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: Format,
    /// Documents rendered at once (default: one per core).
    #[arg(short, long)]
    pub jobs: Option<NonZeroUsize>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print the time spent in each phase.
    #[arg(long)]
    pub timings: bool,
    /// Render every input, even those unchanged since the last run (see `manifest.json`).
    #[arg(long)]
    pub force: bool,
    /// Leave out the empty electronic signature fields placed on each signatory's box.
    #[arg(long)]
    pub no_signature_fields: bool,
    /// Also write, invisibly inside each signatory's box, the text tag a signature platform
    /// places its signature by: `#signature1#`… (iXparapheur) or `{{s1|signature|W|H}}`
    /// (Yousign).
    #[arg(long, value_enum, value_name = "PLATFORM")]
    pub signature_tags: Option<crate::render::SignatureTags>,
}

/// Arguments of `convgen renew`.
#[derive(clap::Args, Debug)]
pub struct RenewArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub report: Reporting,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub templates: Templates,
    /// Renew the CEJs whose period ends before this date (2026-01-01).
    #[arg(long, value_parser = parse_date)]
    pub expiring_before: Date,
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

/// Arguments of `convgen send`.
#[derive(clap::Args, Debug)]
pub struct SendArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub report: Reporting,
    #[command(flatten)]
    pub output: Output,
    #[command(flatten)]
    pub templates: Templates,
    /// SMTP server: `smtp://host:port` (STARTTLS when offered; plain only on loopback),
    /// `smtp://host:587?tls=starttls` (STARTTLS required), `smtps://host:465` (TLS). A user
    /// name may precede the host (`smtp://user@host`); the password comes from
    /// CONVGEN_SMTP_PASSWORD.
    #[arg(long)]
    pub smtp: Option<String>,
    /// Sender address (`Caf du Puy-de-Dôme <conventions@caf63.example.fr>`).
    #[arg(long)]
    pub from: Option<String>,
    /// Write each message as `.eml` into this directory and send nothing.
    #[arg(long)]
    pub dry_run: Option<PathBuf>,
    /// Send drafts for review ("PROJET" watermark) instead of final versions.
    #[arg(long)]
    pub draft: bool,
    /// Send even what the journal says was already sent.
    #[arg(long)]
    pub resend: bool,
    /// At most this many messages per minute (`30/min`, or `30`).
    #[arg(long)]
    pub rate: Option<String>,
    /// The text tags of a signature platform in the PDFs sent (see `render`).
    #[arg(long, value_enum, value_name = "PLATFORM")]
    pub signature_tags: Option<crate::render::SignatureTags>,
}

/// Arguments of `convgen serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The directory of convention files.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    pub listen: std::net::IpAddr,
    #[command(flatten)]
    pub templates: Templates,
    /// Open the page in the browser.
    #[arg(long)]
    pub open: bool,
    /// Who may use the workspace: `token`, one person holding the token printed at start;
    /// `proxy`, a team behind a reverse proxy that authenticates each user and names them in
    /// `--user-header`.
    #[arg(long, value_enum, default_value = "token")]
    pub auth: AuthMode,
    /// With `--auth proxy`: the header in which the proxy names the user (`X-Remote-User`).
    #[arg(long, value_name = "NAME")]
    pub user_header: Option<String>,
    /// With `--auth proxy`: the addresses the proxy connects from (`10.1.2.3/32`, several
    /// allowed); a request from any other address is refused.
    #[arg(long, value_name = "CIDR", num_args = 1.., action = clap::ArgAction::Append)]
    pub trusted_proxy: Vec<String>,
    /// With `--auth proxy`: the address users open (`https://convgen.caf.example`), accepted
    /// as `Host` and origin.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

/// How `convgen serve` admits requests.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthMode {
    Token,
    Proxy,
}

/// A command-line value that is not a date.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::i18n::Message::NotADate { text: self.0.clone() })]
pub struct NotADate(String);

/// A date as the command line writes it: `2026-01-01`.
fn parse_date(text: &str) -> Result<Date, NotADate> {
    Date::parse(text).ok_or_else(|| NotADate(text.to_string()))
}
