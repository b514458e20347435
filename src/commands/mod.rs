//! The commands: thin orchestration over [`crate::pipeline`] and [`crate::deliver`], each
//! in three steps — set up, run over the inputs, print a summary — and never stopping at a
//! bad input: it is reported, the others go on, and the outcome says some failed.

pub mod avenant;
pub mod calendar;
pub mod check;
pub mod diff;
pub mod render;
pub mod renew;
pub mod send;
pub mod serve;
pub mod sheets;
pub mod verify;

use crate::deliver::WriteError;
use crate::i18n::Message;
use crate::templates::TemplatesError;

/// How a command that ran to its end went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every input went through.
    AllGood,
    /// Some input was invalid or some document failed (or there was no input at all).
    SomeFailed,
}

impl Outcome {
    /// `SomeFailed` when `failed` holds.
    pub fn failed_if(failed: bool) -> Outcome {
        if failed {
            Outcome::SomeFailed
        } else {
            Outcome::AllGood
        }
    }
}

impl CommandError {
    /// What it says, in the catalog's words (the errors it carries say their own).
    fn message(&self) -> Message {
        match self {
            CommandError::Serve { source } => Message::CannotServe {
                reason: Box::new(source.into()),
            },
            CommandError::Workbook(reason) => Message::CannotWriteWorkbook {
                reason: reason.clone(),
            },
            CommandError::Token(e) => Message::NoRandomness {
                reason: e.to_string(),
            },
            other => Message::Text {
                text: other.to_string(),
            },
        }
    }
}

/// Why a command could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Templates(#[from] TemplatesError),
    #[error(transparent)]
    Mail(#[from] crate::deliver::mail::MailError),
    #[error("{}", self.message())]
    Serve { source: std::io::Error },
    #[error("{}", self.message())]
    Workbook(String),
    #[error("{}", self.message())]
    Token(#[from] getrandom::Error),
}
