//! `convgen.toml`, the settings a Caf writes once: read for its `[mail]` table, refused
//! when it would hold a secret, and never quoted in a message.

use serde::Deserialize;

use super::config::{ConfigError, Environment};

/// The `[mail]` table of `convgen.toml`: what a Caf sets once.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    mail: MailSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub smtp: Option<String>,
    pub from: Option<String>,
    pub reply_to: Option<String>,
    pub rate: Option<String>,
}

/// The `[mail]` table of the working directory's `convgen.toml`, if any.
pub fn mail_settings(env: &Environment) -> Result<MailSettings, ConfigError> {
    match &env.settings {
        None => Ok(MailSettings::default()),
        Some(Err(e)) => Err(ConfigError::SettingsUnreadable(std::io::Error::new(
            e.kind(),
            e.to_string(),
        ))),
        Some(Ok(text)) => {
            if let Ok(table) = toml::from_str::<toml::Table>(text)
                && holds_a_secret(&table)
            {
                return Err(ConfigError::PasswordInSettings);
            }
            let file =
                toml::from_str::<SettingsFile>(text).map_err(|e| settings_error(text, &e))?;
            Ok(file.mail)
        }
    }
}

/// Whether a settings table names a key that would hold a secret (`password`, `pass`,
/// `smtp_password`, `secret`, `token`…), at any depth.
fn holds_a_secret(table: &toml::Table) -> bool {
    table.iter().any(|(key, value)| {
        let key = key.to_lowercase();
        ["pass", "secret", "token"].iter().any(|s| key.contains(s))
            || value.as_table().is_some_and(holds_a_secret)
    })
}

/// What is wrong with `convgen.toml`, at its line and column, never quoting the file: the
/// line at fault may hold a secret typed by mistake, and the message is shown in the
/// workspace's page. Values the parser quotes are left out too.
fn settings_error(text: &str, error: &toml::de::Error) -> ConfigError {
    let message = error.message().trim_end();
    // « invalid type: string "…", expected u32 » → « invalid type, expected u32 ».
    let message = match ["invalid type", "invalid value"]
        .iter()
        .find(|p| message.starts_with(*p))
    {
        Some(kind) => match message.split_once(", ") {
            Some((_, expected)) => format!("{kind}, {expected}"),
            None => kind.to_string(),
        },
        None => message.to_string(),
    };
    let at = error.span().map(|span| {
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("line {line}, column {column}: ")
    });
    ConfigError::Settings(format!("{}{message}", at.unwrap_or_default()))
}
