//! Why a command line cannot be used, said in the catalog's words.

use super::config::{PASSWORD_VARIABLE, SETTINGS_FILE};
use crate::deliver::mail::SmtpUrlError;

/// Why the arguments, the environment or `convgen.toml` cannot be used (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", self.message())]
    PasswordInSettings,
    #[error("{}", self.message())]
    Settings(String),
    #[error("{}", self.message())]
    SettingsUnreadable(std::io::Error),
    #[error("{}", self.message())]
    NoSender,
    #[error("{}", self.message())]
    Address {
        what: &'static str,
        address: String,
        reason: String,
    },
    #[error("{}", self.message())]
    Rate(String),
    #[error("{}", self.message())]
    NoServer,
    #[error(transparent)]
    SmtpUrl(#[from] SmtpUrlError),
    #[error("{}", self.message())]
    NoPassword,
    /// `serve --auth proxy` and its options.
    #[error("{0}")]
    Proxy(crate::i18n::Message),
}

impl ConfigError {
    /// What it says, in the catalog's words.
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        let (file, variable) = (SETTINGS_FILE.to_string(), PASSWORD_VARIABLE.to_string());
        match self {
            ConfigError::PasswordInSettings => Message::PasswordInSettings { file, variable },
            ConfigError::Settings(problem) => Message::SettingsProblem {
                file,
                problem: problem.clone(),
            },
            ConfigError::SettingsUnreadable(e) => Message::CannotRead {
                path: file,
                reason: Box::new(e.into()),
            },
            ConfigError::NoSender => Message::NoSender,
            ConfigError::Address {
                what,
                address,
                reason,
            } => Message::BadAddress {
                what: what.to_string(),
                address: address.clone(),
                reason: reason.clone(),
            },
            ConfigError::Rate(rate) => Message::BadRate { rate: rate.clone() },
            ConfigError::NoServer => Message::NoSmtpServer,
            ConfigError::NoPassword => Message::NoSmtpPassword { variable },
            ConfigError::SmtpUrl(e) => Message::Text {
                text: e.to_string(),
            },
            ConfigError::Proxy(message) => message.clone(),
        }
    }
}
