//! E-mail: finished PDFs to their signatories through an SMTP relay, with a journal.

mod journal;
mod message;
mod smtp;

pub use journal::{Delivery, JOURNAL, Journal, Sent, utc_now, utc_time};
pub use message::{Letter, LetterError, Preview, Sender, letter};
pub use smtp::{MailError, Security, Server, Smtp, SmtpSettings, SmtpUrlError};
