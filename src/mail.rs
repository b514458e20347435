//! `convgen send`: each convention's PDF e-mailed to its signatories, with a journal of what
//! was sent so that a re-run never sends the same document twice.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::{Deserialize, Serialize};

use crate::batch::output_names;
use crate::cli::{collect_inputs, plural, read_valid, stderr};
use crate::document::{Engine, Format};
use crate::manifest::sha256_hex;
use crate::model::Convention;
use crate::output::{create_output_dir, write_atomically};
use crate::render::View;
use crate::templates::Templates;

/// Environment variable holding the SMTP password: the only place it is read from.
pub const PASSWORD_VARIABLE: &str = "CONVGEN_SMTP_PASSWORD";
/// Name of the journal in the output directory.
pub const JOURNAL: &str = "sent.jsonl";
/// Settings file read from the working directory.
pub const SETTINGS_FILE: &str = "convgen.toml";

/// Arguments of `convgen send`.
#[derive(clap::Args, Debug)]
pub struct SendArgs {
    /// Convention files, or directories searched for `*.toml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output directory: the PDFs sent and the journal `sent.jsonl`.
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,
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
    /// A directory of templates replacing or adding to the built-in ones (`mail/subject.j2`,
    /// `mail/body.j2`, the convention templates).
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// The `[mail]` table of `convgen.toml`: what a Caf sets once.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    mail: MailSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailSettings {
    smtp: Option<String>,
    from: Option<String>,
    reply_to: Option<String>,
    rate: Option<String>,
}

/// Settings after file, environment and flags, in that order of precedence (flags win).
#[derive(Debug)]
struct Settings {
    smtp: Option<String>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    /// Shortest time between two messages.
    interval: Duration,
}

fn settings(args: &SendArgs) -> Result<Settings, String> {
    let file = match std::fs::read_to_string(SETTINGS_FILE) {
        Ok(text) => {
            if text.lines().any(|l| l.trim_start().starts_with("password")) {
                return Err(format!(
                    "`{SETTINGS_FILE}`: the SMTP password is read only from {PASSWORD_VARIABLE}"
                ));
            }
            toml::from_str::<SettingsFile>(&text)
                .map_err(|e| format!("`{SETTINGS_FILE}`: {e}"))?
                .mail
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => MailSettings::default(),
        Err(e) => return Err(format!("cannot read `{SETTINGS_FILE}` ({e})")),
    };
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let smtp = args
        .smtp
        .clone()
        .or_else(|| env("CONVGEN_SMTP_URL"))
        .or(file.smtp);
    let from = args.from.clone().or_else(|| env("CONVGEN_MAIL_FROM")).or(file.from).ok_or(
        "no sender: give `--from`, CONVGEN_MAIL_FROM or `from` in the `[mail]` table of convgen.toml",
    )?;
    let from: Mailbox = from.parse().map_err(|e| format!("sender `{from}`: {e}"))?;
    let reply_to = match file.reply_to {
        Some(r) => Some(
            r.parse::<Mailbox>()
                .map_err(|e| format!("reply_to `{r}`: {e}"))?,
        ),
        None => None,
    };
    let interval = match args.rate.clone().or(file.rate) {
        Some(rate) => {
            let per_minute: u32 = rate
                .trim_end_matches("/min")
                .trim()
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| {
                    format!("rate `{rate}`: write a number of messages per minute, as `30/min`")
                })?;
            Duration::from_secs(60) / per_minute
        }
        None => Duration::ZERO,
    };
    if smtp.is_none() && args.dry_run.is_none() {
        return Err("no SMTP server: give `--smtp`, CONVGEN_SMTP_URL or `smtp` in convgen.toml (or `--dry-run DIR`)".into());
    }
    Ok(Settings {
        smtp,
        from,
        reply_to,
        interval,
    })
}

/// An SMTP server as a URL names it.
#[derive(Debug, PartialEq, Eq)]
struct Server {
    host: String,
    port: u16,
    user: Option<String>,
    security: Security,
}

#[derive(Debug, PartialEq, Eq)]
enum Security {
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `?tls=starttls`: STARTTLS or nothing.
    StartTls,
    /// `smtp://`: STARTTLS when offered, plain text accepted on loopback only.
    Opportunistic,
}

/// Parses an SMTP URL; errors never repeat the URL, which may hold a secret by mistake.
fn parse_server(text: &str) -> Result<Server, String> {
    let url = url::Url::parse(text).map_err(|e| format!("the SMTP URL is not valid ({e})"))?;
    if url.password().is_some() {
        return Err(format!(
            "the SMTP URL holds a password: remove it and set {PASSWORD_VARIABLE}"
        ));
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or("the SMTP URL names no host")?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let tls = url
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let security = match (url.scheme(), tls.as_deref()) {
        ("smtps", None) => Security::Implicit,
        ("smtp", Some("starttls" | "required")) => Security::StartTls,
        ("smtp", None) => Security::Opportunistic,
        ("smtp" | "smtps", Some(other)) => {
            return Err(format!("unknown `tls={other}`: use `tls=starttls`"));
        }
        (scheme, _) => {
            return Err(format!(
                "unknown scheme `{scheme}`: use smtp:// or smtps://"
            ));
        }
    };
    let default_port = match security {
        Security::Implicit => 465,
        Security::StartTls => 587,
        Security::Opportunistic => 25,
    };
    let user = Some(url.username())
        .filter(|u| !u.is_empty())
        .map(percent_decode);
    Ok(Server {
        host,
        port: url.port().unwrap_or(default_port),
        user,
        security,
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The transport for a server: TLS as the URL asks, timeouts set, password from the
/// environment only.
fn transport(server: &Server) -> Result<SmtpTransport, String> {
    let parameters =
        || TlsParameters::new(server.host.clone()).map_err(|e| format!("TLS setup failed ({e})"));
    let tls = match server.security {
        Security::Implicit => Tls::Wrapper(parameters()?),
        Security::StartTls => Tls::Required(parameters()?),
        Security::Opportunistic if is_loopback(&server.host) => Tls::Opportunistic(parameters()?),
        Security::Opportunistic => Tls::Required(parameters()?),
    };
    let mut builder = SmtpTransport::builder_dangerous(server.host.clone())
        .port(server.port)
        .tls(tls)
        .timeout(Some(smtp_timeout()));
    if let Some(user) = &server.user {
        let password = std::env::var(PASSWORD_VARIABLE)
            .map_err(|_| format!("the SMTP URL names a user: set {PASSWORD_VARIABLE}"))?;
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
}

/// How long to wait for the server at each step: 30 s, or `CONVGEN_SMTP_TIMEOUT_SECS`.
fn smtp_timeout() -> Duration {
    let seconds = std::env::var("CONVGEN_SMTP_TIMEOUT_SECS")
        .ok()
        .and_then(|v| v.parse().ok());
    Duration::from_secs(seconds.unwrap_or(30))
}

/// What a journal line says of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// Written before the message goes: alone, it means the run stopped while sending.
    Sending,
    /// The server accepted the message.
    Sent,
    /// The server refused it, or could not be reached.
    Failed,
}

/// One line of the journal, appended before and after each message.
#[derive(Debug, Serialize, Deserialize)]
pub struct Sent {
    pub status: Delivery,
    pub time: String,
    pub reference: String,
    pub recipients: Vec<String>,
    pub pdf_sha256: String,
    pub message_id: String,
    pub draft: bool,
}

/// The journal's entries; a line cut short by a crash is ignored.
fn read_journal(dir: &Path) -> Vec<Sent> {
    let Ok(text) = std::fs::read_to_string(dir.join(JOURNAL)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// Appends one entry and flushes it to disk before the next message goes.
fn append_journal(dir: &Path, sent: &Sent) -> std::io::Result<()> {
    let mut line = serde_json::to_string(sent).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(JOURNAL))?;
    file.write_all(line.as_bytes())?;
    file.sync_data()
}

/// Runs `convgen send`; returns the exit code.
pub fn send(args: &SendArgs) -> u8 {
    let mut err = stderr();
    let settings = match settings(args) {
        Ok(settings) => settings,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    let transport = match (&args.dry_run, &settings.smtp) {
        (Some(_), _) | (None, None) => None,
        (None, Some(url)) => match parse_server(url).and_then(|server| transport(&server)) {
            Ok(transport) => Some(transport),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return 2;
            }
        },
    };
    for dir in [Some(&args.output), args.dry_run.as_ref()]
        .into_iter()
        .flatten()
    {
        if let Err(message) = create_output_dir(dir) {
            let _ = writeln!(err, "error: {message}");
            return 1;
        }
    }
    let (files, unreadable) = collect_inputs(&args.paths);
    for (path, e) in &unreadable {
        let _ = writeln!(err, "error: cannot read `{}` ({e})", path.display());
    }
    let templates = match Templates::load(args.templates.as_deref()) {
        Ok(templates) => templates,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 1;
        }
    };
    let engine = Engine::new(templates);
    let journal = read_journal(&args.output);
    let (mut sent, mut skipped, mut failed) = (0, 0, unreadable.len());
    let mut last_sent: Option<std::time::Instant> = None;
    for path in &files {
        let (source, loaded) = match read_valid(path, false) {
            Ok(valid) => valid,
            Err(rejected) => {
                let _ = err.write_all(rejected.printed.as_bytes());
                failed += 1;
                continue;
            }
        };
        let c = &loaded.convention;
        let outcome = (|| -> Result<Outcome, String> {
            let prepared = prepare(&engine, c, source.text.as_bytes(), args, &settings)?;
            if let Some(dir) = &args.dry_run {
                let eml = dir.join(format!("{}.eml", prepared.file_stem));
                write_atomically(&eml, &prepared.message.formatted())
                    .map_err(|e| format!("cannot write `{}` ({e})", eml.display()))?;
                return Ok(Outcome::Written(eml));
            }
            // The last word of the journal on this very message (same PDF, same recipients).
            let previous = journal.iter().rev().find(|s| {
                s.reference == c.reference
                    && s.pdf_sha256 == prepared.pdf_sha256
                    && s.recipients == prepared.recipients
            });
            match previous {
                Some(p) if p.status == Delivery::Sent && !args.resend => {
                    return Ok(Outcome::AlreadySent(p.time.clone()));
                }
                Some(p) if p.status == Delivery::Sending && !args.resend => {
                    return Err(format!(
                        "a run stopped while sending it on {}: it may have reached its recipients; check, then send with `--resend`",
                        p.time
                    ));
                }
                _ => {}
            }
            if let Some(last) = last_sent {
                std::thread::sleep(settings.interval.saturating_sub(last.elapsed()));
            }
            let transport = transport.as_ref().ok_or("no SMTP server")?;
            let entry = |status| Sent {
                status,
                time: utc_now(),
                reference: c.reference.clone(),
                recipients: prepared.recipients.clone(),
                pdf_sha256: prepared.pdf_sha256.clone(),
                message_id: prepared.message_id.clone(),
                draft: args.draft,
            };
            // Journaled before it goes: a run killed mid-send leaves a trace, and the next run
            // asks a person rather than risk sending a mayor the same document twice.
            append_journal(&args.output, &entry(Delivery::Sending))
                .map_err(|e| format!("not sent: the journal cannot be written ({e})"))?;
            let delivered = deliver(transport, &prepared.message);
            last_sent = Some(std::time::Instant::now());
            let status = if delivered.is_ok() {
                Delivery::Sent
            } else {
                Delivery::Failed
            };
            let journaled = append_journal(&args.output, &entry(status));
            delivered?;
            journaled.map_err(|e| format!("sent, but the journal could not be written ({e})"))?;
            Ok(Outcome::Sent(prepared.recipients))
        })();
        match outcome {
            Ok(Outcome::Sent(to)) => {
                sent += 1;
                let _ = writeln!(err, "sent {} to {}", c.reference, to.join(", "));
            }
            Ok(Outcome::Written(eml)) => {
                sent += 1;
                let _ = writeln!(err, "wrote {}", eml.display());
            }
            Ok(Outcome::AlreadySent(time)) => {
                skipped += 1;
                let _ = writeln!(
                    err,
                    "{}: already sent on {time}, not sent again (`--resend` to force)",
                    c.reference
                );
            }
            Err(message) => {
                failed += 1;
                let _ = writeln!(
                    err,
                    "error: {} (`{}`): {message}",
                    c.reference,
                    source.name()
                );
            }
        }
    }
    let verb = if args.dry_run.is_some() {
        "wrote"
    } else {
        "sent"
    };
    let _ = writeln!(
        err,
        "{verb} {sent} message{}, {skipped} already sent, {failed} failed",
        plural(sent)
    );
    u8::from(failed > 0)
}

enum Outcome {
    Sent(Vec<String>),
    Written(PathBuf),
    AlreadySent(String),
}

/// A message ready to go, and what the journal records of it.
struct Prepared {
    message: Message,
    recipients: Vec<String>,
    pdf_sha256: String,
    message_id: String,
    file_stem: String,
}

/// Renders the PDF (kept in the output directory) and builds the message.
fn prepare(
    engine: &Engine,
    c: &Convention,
    input: &[u8],
    args: &SendArgs,
    settings: &Settings,
) -> Result<Prepared, String> {
    let mut recipients: Vec<(String, String)> = Vec::new();
    for (_, s) in c.signatories() {
        if let Some(email) = &s.email
            && !recipients
                .iter()
                .any(|(_, e)| e.eq_ignore_ascii_case(email))
        {
            recipients.push((s.name.clone(), email.clone()));
        }
    }
    if recipients.is_empty() {
        return Err("no signatory has an e-mail address".into());
    }
    let document = engine
        .produce(c, input, args.draft, Format::Pdf)
        .map_err(|e| e.summary())?;
    let pdf = document.files.into_iter().next().ok_or("no PDF produced")?;
    let name = output_names(&c.reference, args.draft, Format::Pdf, 1).remove(0);
    let path = args.output.join(&name);
    write_atomically(&path, &pdf)
        .map_err(|e| format!("cannot write `{}` ({e})", path.display()))?;
    let pdf_sha256 = sha256_hex(&pdf);
    let domain = settings.from.email.domain().to_string();
    // Stable per convention and PDF: the same document always carries the same Message-ID,
    // which lets servers and readers spot a duplicate.
    let message_id = format!("<{}.{}@{domain}>", c.reference, &pdf_sha256[..16]);
    let view = View::new(c, args.draft);
    let context = minijinja::Value::from_serialize(&view);
    let renderer = engine.renderer();
    let subject = renderer
        .render_text("mail/subject.j2", context.clone())
        .map_err(|e| format!("template {e}"))?;
    let body = renderer
        .render_text("mail/body.j2", context)
        .map_err(|e| format!("template {e}"))?;
    let mut builder = Message::builder()
        .from(settings.from.clone())
        .subject(subject.trim())
        .message_id(Some(message_id.clone()));
    if let Some(reply_to) = &settings.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    for (name, email) in &recipients {
        let mailbox = Mailbox::new(
            Some(name.clone()),
            email
                .parse()
                .map_err(|e| format!("address `{email}`: {e}"))?,
        );
        builder = builder.to(mailbox);
    }
    let attachment_name = format!(
        "{} {} ({}).pdf",
        view.kind_label,
        c.territory,
        name.trim_end_matches(".pdf")
    )
    .replace(['/', '\\', ':', '"'], "-");
    let attachment = Attachment::new(attachment_name).body(
        pdf,
        ContentType::parse("application/pdf").map_err(|e| e.to_string())?,
    );
    let message = builder
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(body))
                .singlepart(attachment),
        )
        .map_err(|e| format!("cannot build the message ({e})"))?;
    let mut addresses: Vec<String> = recipients.into_iter().map(|(_, e)| e).collect();
    addresses.sort();
    let file_stem = name.trim_end_matches(".pdf").to_string();
    Ok(Prepared {
        message,
        recipients: addresses,
        pdf_sha256,
        message_id,
        file_stem,
    })
}

/// Attempts before a temporary failure counts as a failure.
const ATTEMPTS: u32 = 4;

/// Sends one message; temporary failures (4xx, lost connection, timeout) are retried with
/// a doubling pause, permanent ones (5xx) are not.
fn deliver(transport: &SmtpTransport, message: &Message) -> Result<(), String> {
    let base = std::env::var("CONVGEN_RETRY_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000u64);
    let mut attempt = 1;
    loop {
        match transport.send(message) {
            Ok(_) => return Ok(()),
            Err(e) if e.is_permanent() => return Err(format!("refused by the server: {e}")),
            Err(e) if attempt < ATTEMPTS => {
                let pause = Duration::from_millis(base << (attempt - 1));
                let _ = writeln!(
                    stderr(),
                    "warning: temporary failure ({e}); new attempt in {:.1} s",
                    pause.as_secs_f64()
                );
                std::thread::sleep(pause);
                attempt += 1;
            }
            Err(e) => return Err(format!("failed after {ATTEMPTS} attempts: {e}")),
        }
    }
}

/// The current time as `2026-11-24T08:30:00Z`.
fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = ((seconds / 86_400) as i64, seconds % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = String::new();
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        let server = parse_server("smtp://relais.caf63.example.fr:587?tls=starttls").unwrap();
        assert_eq!(server.security, Security::StartTls);
        assert_eq!(server.port, 587);
        let server = parse_server("smtps://envoi%40caf63@smtp.example.fr").unwrap();
        assert_eq!(
            (server.port, server.user.as_deref()),
            (465, Some("envoi@caf63"))
        );
        assert_eq!(
            parse_server("smtp://127.0.0.1:2525").unwrap().security,
            Security::Opportunistic
        );
        let error = parse_server("smtp://user:s3cret@host").unwrap_err();
        assert!(error.contains("holds a password") && !error.contains("s3cret"));
        assert!(parse_server("http://host").is_err());
        assert!(parse_server("smtp://host?tls=maybe").is_err());
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("localhost") && is_loopback("127.0.0.1") && is_loopback("::1"));
        assert!(!is_loopback("relais.example.fr") && !is_loopback("10.0.0.1"));
    }

    #[test]
    fn utc_time_is_iso() {
        let now = utc_now();
        assert_eq!(now.len(), 20);
        assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
    }
}
