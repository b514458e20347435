//! `Args` turned into each command's checked configuration: defaults applied, values
//! parsed, and the environment and `convgen.toml` read here, once, and nowhere else.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;

use super::args::{Args, Command, DiffFormat, NewKind, RenderArgs, RenewArgs, SendArgs};
pub use super::errors::ConfigError;
use super::settings::{MailSettings, mail_settings};
use crate::commands::{avenant, calendar, check, diff, render, renew, send, serve, sheets, verify};
use crate::deliver::mail::{Server, SmtpSettings};
use crate::model::Kind;

/// Environment variable holding the SMTP password: the only place it is read from.
pub const PASSWORD_VARIABLE: &str = "CONVGEN_SMTP_PASSWORD";
/// Settings file read from the working directory.
pub const SETTINGS_FILE: &str = "convgen.toml";
/// Every environment variable convgen reads (`BROWSER`: the program `serve --open` runs,
/// as xdg-utils and Python's `webbrowser` read it).
const VARIABLES: [&str; 6] = [
    "CONVGEN_SMTP_URL",
    "CONVGEN_MAIL_FROM",
    PASSWORD_VARIABLE,
    "CONVGEN_SMTP_TIMEOUT_SECS",
    "CONVGEN_RETRY_DELAY_MS",
    "BROWSER",
];

/// What a run takes from outside its arguments.
#[derive(Debug, Default)]
pub struct Environment {
    /// convgen's variables that are set and not empty.
    pub variables: BTreeMap<&'static str, String>,
    /// The text of `convgen.toml`, when there is one.
    pub settings: Option<std::io::Result<String>>,
}

impl Environment {
    /// The process's environment and the working directory's `convgen.toml`.
    pub fn read() -> Environment {
        let variables = VARIABLES
            .into_iter()
            .filter_map(|name| Some((name, std::env::var(name).ok()?)))
            .filter(|(_, value)| !value.is_empty())
            .collect();
        // Read as any file of a folder: a regular file, of a reasonable size.
        let settings = crate::files::read_to_string(
            std::path::Path::new(SETTINGS_FILE),
            1 << 20,
            crate::files::Links::Follow,
        );
        let settings = match settings {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            read => Some(read),
        };
        Environment {
            variables,
            settings,
        }
    }

    fn var(&self, name: &str) -> Option<String> {
        self.variables.get(name).cloned()
    }
}

/// What to run, checked.
#[derive(Debug)]
pub enum Config {
    Check(check::Config),
    Render(render::Config),
    Renew(renew::Config),
    Send(Box<send::Config>),
    Serve(Box<serve::Config>),
    Schema,
    New(Kind),
    /// `new --xlsx BOOK`.
    Template(Kind, PathBuf),
    Import(sheets::ImportConfig),
    Diff(diff::Config),
    Avenant(avenant::Config),
    Export(sheets::ExportConfig),
    Verify(verify::Config),
    Calendar(calendar::Config),
}

/// The checked configuration of a command line.
pub fn config(args: Args, env: &Environment) -> Result<Config, ConfigError> {
    Ok(match args.command {
        Command::Check(a) => Config::Check(check::Config {
            inputs: a.inputs.paths,
            strict: a.strict,
            report: a.report.report.into(),
        }),
        Command::Render(a) => Config::Render(render_config(a)),
        Command::Renew(a) => Config::Renew(renew_config(a)),
        Command::Send(a) => Config::Send(Box::new(send_config(a, env)?)),
        Command::Serve(a) => Config::Serve(Box::new(serve_config(a, env)?)),
        Command::Schema => Config::Schema,
        Command::New { kind, xlsx } => {
            let kind = match kind {
                Some(NewKind::Cej) => Kind::Cej,
                _ => Kind::Ctg,
            };
            match xlsx {
                Some(book) => Config::Template(kind, book),
                None => Config::New(kind),
            }
        }
        Command::Diff(a) => Config::Diff(diff::Config {
            old: a.old,
            new: a.new,
            json: a.format == DiffFormat::Json,
        }),
        Command::Avenant(a) => Config::Avenant(avenant::Config {
            old: a.old,
            new: a.new,
            output: a.output.output.unwrap_or_else(|| PathBuf::from("output")),
            number: a.number,
            reason: a.reason,
            draft: a.draft,
            force: a.force,
            templates: a.templates.templates,
        }),
        Command::Import(a) => Config::Import(sheets::ImportConfig {
            books: a.books,
            output: a.output.unwrap_or_else(|| PathBuf::from(".")),
            force: a.force,
        }),
        Command::Export(a) => Config::Export(sheets::ExportConfig {
            inputs: a.inputs.paths,
            output: a.output,
        }),
        Command::Verify(a) => Config::Verify(verify::Config {
            pdfs: a.pdfs,
            record: a.output.is_some(),
            output: a.output.unwrap_or_else(|| PathBuf::from("output")),
            trust: a.trust,
            json: a.format == DiffFormat::Json,
            templates: a.templates.templates,
        }),
        Command::Calendar(a) => Config::Calendar(calendar::Config {
            inputs: a.inputs.paths,
            output: a.output,
            outputs: a.outputs.unwrap_or_else(|| PathBuf::from("output")),
        }),
    })
}

fn serve_config(
    a: super::args::ServeArgs,
    env: &Environment,
) -> Result<serve::Config, ConfigError> {
    let proxy = a.auth == super::args::AuthMode::Proxy;
    let options = (a.user_header, &a.trusted_proxy[..], a.public_url.as_deref());
    let (auth, public_url) =
        serve::auth::from_options(proxy, options).map_err(ConfigError::Proxy)?;
    Ok(serve::Config {
        dir: a.dir,
        listen: std::net::SocketAddr::new(a.listen, a.port),
        templates: a.templates.templates,
        // The first program of `BROWSER` (a list separated by `:`), else xdg-open.
        open: a.open.then(|| {
            let browser = env.var("BROWSER").unwrap_or_default();
            let first = browser.split(':').next().unwrap_or_default().trim();
            match first {
                "" => "xdg-open".to_string(),
                first => first.to_string(),
            }
        }),
        // The page says why sending is off; everything else works without it.
        mail: mail_config(MailSettings::default(), None, env).map_err(|e| e.to_string()),
        auth,
        public_url,
    })
}

fn render_config(a: RenderArgs) -> render::Config {
    render::Config {
        inputs: a.inputs.paths,
        output: a.output.output.unwrap_or_else(|| PathBuf::from("output")),
        templates: a.templates.templates,
        draft: a.draft,
        format: a.format,
        jobs: a.jobs,
        strict: a.strict,
        timings: a.timings,
        force: a.force,
        signature_fields: !a.no_signature_fields,
        signature_tags: a.signature_tags,
        report: a.report.report.into(),
    }
}

fn renew_config(a: RenewArgs) -> renew::Config {
    renew::Config {
        inputs: a.inputs.paths,
        output: (a.output.output).unwrap_or_else(|| PathBuf::from("output/renouvellement")),
        templates: a.templates.templates,
        expiring_before: a.expiring_before,
        years: a.years,
        start: a.start,
        group_by_epci: a.group_by_epci,
        report: a.report.report.into(),
    }
}

fn mailbox(what: &'static str, address: String) -> Result<Mailbox, ConfigError> {
    address
        .parse()
        .map_err(|e: lettre::address::AddressError| ConfigError::Address {
            what,
            reason: e.to_string(),
            address,
        })
}

/// Flags win over the environment, which wins over `convgen.toml`.
fn send_config(a: SendArgs, env: &Environment) -> Result<send::Config, ConfigError> {
    let flags = MailSettings {
        smtp: a.smtp,
        from: a.from,
        reply_to: None,
        rate: a.rate,
    };
    Ok(send::Config {
        inputs: a.inputs.paths,
        output: a.output.output.unwrap_or_else(|| PathBuf::from("output")),
        templates: a.templates.templates,
        draft: a.draft,
        resend: a.resend,
        signature_tags: a.signature_tags,
        mail: mail_config(flags, a.dry_run, env)?,
        user: None,
        report: a.report.report.into(),
    })
}

/// How messages leave: `flags` first, then the environment, then `convgen.toml`.
fn mail_config(
    flags: MailSettings,
    dry_run: Option<PathBuf>,
    env: &Environment,
) -> Result<send::Mail, ConfigError> {
    let file = mail_settings(env)?;
    let smtp = flags
        .smtp
        .or_else(|| env.var("CONVGEN_SMTP_URL"))
        .or(file.smtp);
    let from = (flags.from)
        .or_else(|| env.var("CONVGEN_MAIL_FROM"))
        .or(file.from)
        .ok_or(ConfigError::NoSender)?;
    let from = mailbox("sender", from)?;
    let reply_to = file.reply_to.map(|r| mailbox("reply_to", r)).transpose()?;
    let interval = match flags.rate.or(file.rate) {
        Some(rate) => {
            let per_minute = (rate.trim_end_matches("/min").trim().parse::<u32>().ok())
                .filter(|&n| n > 0)
                .ok_or(ConfigError::Rate(rate))?;
            Duration::from_secs(60) / per_minute
        }
        None => Duration::ZERO,
    };
    let delivery = match (dry_run, smtp) {
        (Some(dir), _) => send::Delivery::DryRun(dir),
        (None, None) => return Err(ConfigError::NoServer),
        (None, Some(url)) => send::Delivery::Smtp(smtp_settings(&url, env)?),
    };
    Ok(send::Mail {
        delivery,
        from,
        reply_to,
        interval,
    })
}

fn smtp_settings(url: &str, env: &Environment) -> Result<SmtpSettings, ConfigError> {
    let server = Server::parse(url)?;
    let password = env.var(PASSWORD_VARIABLE);
    if server.user.is_some() && password.is_none() {
        return Err(ConfigError::NoPassword);
    }
    let number = |name: &str| env.var(name).and_then(|v| v.parse::<u64>().ok());
    Ok(SmtpSettings {
        server,
        password,
        timeout: Duration::from_secs(number("CONVGEN_SMTP_TIMEOUT_SECS").unwrap_or(30)),
        retry_delay: Duration::from_millis(number("CONVGEN_RETRY_DELAY_MS").unwrap_or(2000)),
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn env(variables: &[(&'static str, &str)], settings: Option<&str>) -> Environment {
        Environment {
            variables: variables.iter().map(|&(k, v)| (k, v.to_string())).collect(),
            settings: settings.map(|s| Ok(s.to_string())),
        }
    }

    fn send(line: &str, env: &Environment) -> Result<send::Config, ConfigError> {
        let args = Args::try_parse_from(line.split_whitespace()).expect("parses");
        match config(args, env)? {
            Config::Send(config) => Ok(*config),
            other => panic!("not a send configuration: {other:?}"),
        }
    }

    #[test]
    fn render_defaults_and_flags() {
        let cases: [(&str, &str, bool, bool); 3] = [
            ("convgen render f", "output", false, true),
            ("convgen render f -o out --draft", "out", true, true),
            (
                "convgen render f --no-signature-fields",
                "output",
                false,
                false,
            ),
        ];
        for (line, output, draft, fields) in cases {
            let args = Args::try_parse_from(line.split_whitespace()).unwrap();
            let Ok(Config::Render(c)) = config(args, &Environment::default()) else {
                panic!("{line}");
            };
            assert_eq!(
                (c.output, c.draft, c.signature_fields),
                (PathBuf::from(output), draft, fields),
                "{line}"
            );
        }
        let args =
            Args::try_parse_from(["convgen", "renew", "d", "--expiring-before", "2026-01-01"]);
        let Ok(Config::Renew(c)) = config(args.unwrap(), &Environment::default()) else {
            panic!("renew");
        };
        assert_eq!(c.output, PathBuf::from("output/renouvellement"));
    }

    #[test]
    fn send_settings_come_from_flags_then_environment_then_file() {
        let file = "[mail]\nsmtp = \"smtp://file.example.fr\"\nfrom = \"file@example.fr\"\nrate = \"30/min\"\n";
        let from_env = [
            ("CONVGEN_SMTP_URL", "smtp://env.example.fr"),
            ("CONVGEN_MAIL_FROM", "env@example.fr"),
        ];
        let host = |c: &send::Config| match &c.mail.delivery {
            send::Delivery::Smtp(s) => s.server.host.clone(),
            send::Delivery::DryRun(_) => "dry run".into(),
        };
        let cases = [
            (
                "convgen send f",
                env(&[], Some(file)),
                "file.example.fr",
                "file@example.fr",
            ),
            (
                "convgen send f",
                env(&from_env, Some(file)),
                "env.example.fr",
                "env@example.fr",
            ),
            (
                "convgen send f --smtp smtp://flag.example.fr --from flag@example.fr",
                env(&from_env, Some(file)),
                "flag.example.fr",
                "flag@example.fr",
            ),
            (
                "convgen send f --dry-run d --from a@b.fr",
                env(&[], None),
                "dry run",
                "a@b.fr",
            ),
        ];
        for (line, env, expected_host, expected_from) in cases {
            let c = send(line, &env).unwrap();
            assert_eq!(host(&c), expected_host, "{line}");
            assert_eq!(c.mail.from.email.to_string(), expected_from, "{line}");
        }
        let c = send("convgen send f", &env(&[], Some(file))).unwrap();
        assert_eq!(c.mail.interval, Duration::from_secs(2));
    }

    #[test]
    fn send_refuses_what_it_cannot_use() {
        let cases = [
            (
                "convgen send f --from a@b.fr",
                env(&[], None),
                "no SMTP server",
            ),
            (
                "convgen send f --smtp smtp://h",
                env(&[], None),
                "no sender",
            ),
            (
                "convgen send f --smtp smtp://h --from nobody",
                env(&[], None),
                "sender `nobody`",
            ),
            (
                "convgen send f --smtp smtp://u@h --from a@b.fr",
                env(&[], None),
                "set CONVGEN_SMTP_PASSWORD",
            ),
            (
                "convgen send f --smtp smtp://u:pw@h --from a@b.fr",
                env(&[], None),
                "holds a password",
            ),
            (
                "convgen send f --smtp smtp://h --from a@b.fr --rate fast",
                env(&[], None),
                "rate `fast`",
            ),
            (
                "convgen send f --from a@b.fr",
                env(&[], Some("[mail]\npassword = \"x\"\n")),
                "read only from",
            ),
            (
                "convgen send f --from a@b.fr",
                env(&[], Some("[mail]\nsmpt = \"x\"\n")),
                "unknown field",
            ),
        ];
        for (line, env, expected) in cases {
            let error = send(line, &env).unwrap_err().to_string();
            assert!(error.contains(expected), "{line}: {error}");
        }
    }
}
