//! The SMTP relay: its URL, TLS as the URL asks, and delivery with retries.

use std::net::IpAddr;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::i18n::{Lang, Message as I18n};

/// An SMTP server as a URL names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub security: Security,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `?tls=starttls`: STARTTLS or nothing.
    StartTls,
    /// `smtp://`: STARTTLS when offered, plain text accepted on loopback only.
    Opportunistic,
}

/// Why an SMTP URL cannot be used; never repeats the URL, which may hold a secret by mistake.
#[derive(Debug, thiserror::Error)]
pub enum SmtpUrlError {
    #[error("{}", I18n::from(self))]
    Invalid(#[from] url::ParseError),
    #[error("{}", I18n::from(self))]
    Password,
    #[error("{}", I18n::from(self))]
    NoHost,
    #[error("{}", I18n::from(self))]
    Tls(String),
    #[error("{}", I18n::from(self))]
    Scheme(String),
}

impl From<&SmtpUrlError> for I18n {
    fn from(error: &SmtpUrlError) -> I18n {
        match error {
            SmtpUrlError::Invalid(e) => I18n::SmtpUrlInvalid {
                detail: e.to_string(),
            },
            SmtpUrlError::Password => I18n::SmtpUrlPassword {
                variable: "CONVGEN_SMTP_PASSWORD".to_string(),
            },
            SmtpUrlError::NoHost => I18n::SmtpUrlNoHost,
            SmtpUrlError::Tls(value) => I18n::SmtpUrlTls {
                value: value.clone(),
            },
            SmtpUrlError::Scheme(scheme) => I18n::SmtpUrlScheme {
                scheme: scheme.clone(),
            },
        }
    }
}

impl Server {
    /// Parses an SMTP URL: `smtp://host:port`, `smtp://host?tls=starttls`, `smtps://user@host`.
    pub fn parse(text: &str) -> Result<Server, SmtpUrlError> {
        let url = url::Url::parse(text)?;
        if url.password().is_some() {
            return Err(SmtpUrlError::Password);
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or(SmtpUrlError::NoHost)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtps", None) => Security::Implicit,
            ("smtp", Some("starttls" | "required")) => Security::StartTls,
            ("smtp", None) => Security::Opportunistic,
            ("smtp" | "smtps", Some(other)) => return Err(SmtpUrlError::Tls(other.to_string())),
            (scheme, _) => return Err(SmtpUrlError::Scheme(scheme.to_string())),
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
            host: host.to_string(),
            port: url.port().unwrap_or(default_port),
            user,
            security,
        })
    }
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

/// Everything needed to reach the relay.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub server: Server,
    /// From CONVGEN_SMTP_PASSWORD only.
    pub password: Option<String>,
    /// How long to wait for the server at each step.
    pub timeout: Duration,
    /// Pause before the first retry of a temporary failure; it doubles each time.
    pub retry_delay: Duration,
}

/// Why a message did not go.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{}", I18n::from(self))]
    Tls(lettre::transport::smtp::Error),
    #[error("{}", I18n::from(self))]
    Refused(lettre::transport::smtp::Error),
    #[error("{}", I18n::from(self))]
    Unreachable(lettre::transport::smtp::Error),
}

/// The catalog's words; lettre's own, in English, as the detail.
impl From<&MailError> for I18n {
    fn from(error: &MailError) -> I18n {
        match error {
            MailError::Tls(e) => I18n::MailTls {
                detail: e.to_string(),
            },
            MailError::Refused(e) => I18n::MailRefused {
                detail: e.to_string(),
            },
            MailError::Unreachable(e) => I18n::MailUnreachable {
                attempts: ATTEMPTS,
                detail: e.to_string(),
            },
        }
    }
}

/// Attempts before a temporary failure counts as a failure.
const ATTEMPTS: u32 = 4;

/// A connection pool to the relay.
pub struct Smtp {
    transport: SmtpTransport,
    retry_delay: Duration,
}

impl Smtp {
    /// The transport for a server: TLS as the URL asks, timeouts set.
    pub fn new(settings: &SmtpSettings) -> Result<Smtp, MailError> {
        let server = &settings.server;
        let parameters = || TlsParameters::new(server.host.clone()).map_err(MailError::Tls);
        let tls = match server.security {
            Security::Implicit => Tls::Wrapper(parameters()?),
            Security::StartTls => Tls::Required(parameters()?),
            Security::Opportunistic if is_loopback(&server.host) => {
                Tls::Opportunistic(parameters()?)
            }
            Security::Opportunistic => Tls::Required(parameters()?),
        };
        let mut builder = SmtpTransport::builder_dangerous(server.host.clone())
            .port(server.port)
            .tls(tls)
            .timeout(Some(settings.timeout));
        if let (Some(user), Some(password)) = (&server.user, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Smtp {
            transport: builder.build(),
            retry_delay: settings.retry_delay,
        })
    }

    /// Sends one message; temporary failures (4xx, lost connection, timeout) are retried
    /// with a doubling pause, announced through `warn`; permanent ones (5xx) are not.
    pub fn send(&self, message: &Message, warn: &mut dyn FnMut(String)) -> Result<(), MailError> {
        let mut attempt = 1;
        loop {
            match self.transport.send(message) {
                Ok(_) => return Ok(()),
                Err(e) if e.is_permanent() => return Err(MailError::Refused(e)),
                Err(e) if attempt < ATTEMPTS => {
                    let pause = self.retry_delay * (1 << (attempt - 1));
                    let retry = I18n::MailRetry {
                        detail: e.to_string(),
                        seconds: decimal(pause.as_secs_f64()),
                    };
                    warn(retry.to_string());
                    std::thread::sleep(pause);
                    attempt += 1;
                }
                Err(e) => return Err(MailError::Unreachable(e)),
            }
        }
    }
}

/// A number of seconds, one decimal, as the run's language writes it (« 1,5 »).
fn decimal(seconds: f64) -> String {
    let text = format!("{seconds:.1}");
    match Lang::current() {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_smtp_url_is_said_in_french_never_with_its_password() {
        for (url, said) in [
            (
                "ftp://relais.example.fr",
                "schéma `ftp` inconnu : écrivez smtp:// ou smtps://",
            ),
            (
                "smtp://relais.example.fr?tls=oui",
                "`tls=oui` inconnu : écrivez `tls=starttls`",
            ),
            (
                "pas une adresse",
                "l’URL SMTP n’est pas valide (relative URL without a base)",
            ),
            (
                "smtp://envoi:Tr3s-S3cret@relais.example.fr",
                "l’URL SMTP contient un mot de passe : retirez-le et définissez CONVGEN_SMTP_PASSWORD",
            ),
        ] {
            let error = Server::parse(url).unwrap_err();
            assert_eq!(I18n::from(&error).text(Lang::Fr), said, "{url}");
        }
    }

    #[test]
    fn smtp_urls() {
        let server = Server::parse("smtp://relais.caf63.example.fr:587?tls=starttls").unwrap();
        assert_eq!(server.security, Security::StartTls);
        assert_eq!(server.port, 587);
        let server = Server::parse("smtps://envoi%40caf63@smtp.example.fr").unwrap();
        assert_eq!(
            (server.port, server.user.as_deref()),
            (465, Some("envoi@caf63"))
        );
        assert_eq!(
            Server::parse("smtp://127.0.0.1:2525").unwrap().security,
            Security::Opportunistic
        );
        let error = Server::parse("smtp://user:s3cret@host")
            .unwrap_err()
            .to_string();
        assert!(error.contains("holds a password") && !error.contains("s3cret"));
        assert!(Server::parse("http://host").is_err());
        assert!(Server::parse("smtp://host?tls=maybe").is_err());
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("localhost") && is_loopback("127.0.0.1") && is_loopback("::1"));
        assert!(!is_loopback("relais.example.fr") && !is_loopback("10.0.0.1"));
    }
}
