//! One convention's message: its signatories in To, a French subject and body from the
//! mail templates, the PDF attached.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use crate::digest::sha256_hex;
use crate::model::Convention;
use crate::render::{Renderer, TemplateError};

/// Who sends, as `convgen.toml` or the flags say.
#[derive(Clone, Debug)]
pub struct Sender {
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
}

impl Sender {
    /// A sender for a message previewed where sending is not set up.
    pub fn placeholder() -> Sender {
        let from = "expediteur@exemple.invalid"
            .parse()
            .expect("a valid address");
        Sender {
            from,
            reply_to: None,
        }
    }
}

/// A message ready to go, and what the journal records of it.
pub struct Letter {
    pub message: Message,
    /// The recipients' addresses, sorted.
    pub recipients: Vec<String>,
    pub pdf_sha256: String,
    pub message_id: String,
    /// What the message says, as a reader sees it before it goes.
    pub preview: Preview,
}

/// A message as the workspace shows it before it is sent.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Preview {
    pub from: String,
    /// `Name <address>` of each recipient, in signing order.
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachment: String,
    pub attachment_bytes: usize,
    /// The signatories the message asks to sign who have no e-mail address, so will not
    /// receive it: « Name, role (party) ».
    pub without_email: Vec<String>,
}

/// Why a message cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    #[error("no signatory has an e-mail address")]
    NoRecipient,
    #[error("template {0}")]
    Template(#[from] TemplateError),
    #[error("address `{address}`: {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the message ({0})")]
    Build(#[from] lettre::error::Error),
}

impl From<&LetterError> for crate::i18n::Message {
    fn from(error: &LetterError) -> crate::i18n::Message {
        match error {
            LetterError::NoRecipient => crate::i18n::Message::NoSignatoryEmail,
            other => crate::i18n::Message::Text {
                text: other.to_string(),
            },
        }
    }
}

/// `text` on one line: `check` refuses line breaks in names, but a header is never the
/// place to find out (lettre would panic on one).
fn one_line(text: &str) -> String {
    let words = text.split(|c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'));
    words
        .filter(|w| !w.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The signatories asked to sign who have no e-mail address: « Name, role (party) ».
fn without_email(c: &Convention) -> Vec<String> {
    (c.signatories())
        .filter(|(_, s)| s.email.is_none())
        .map(|(party, s)| one_line(&format!("{}, {} ({party})", s.name, s.role)))
        .collect()
}

/// The message carrying `pdf`, named `file_name` (`CTG-…-projet.pdf`), to the signatories.
pub fn letter(
    renderer: &Renderer,
    sender: &Sender,
    c: &Convention,
    draft: bool,
    pdf: Vec<u8>,
    file_name: &str,
) -> Result<Letter, LetterError> {
    let mut recipients: Vec<(String, String)> = Vec::new();
    for (_, s) in c.signatories() {
        if let Some(email) = &s.email
            && !recipients
                .iter()
                .any(|(_, e)| e.eq_ignore_ascii_case(email))
        {
            recipients.push((one_line(&s.name), email.clone()));
        }
    }
    if recipients.is_empty() {
        return Err(LetterError::NoRecipient);
    }
    let pdf_sha256 = sha256_hex(&pdf);
    let domain = sender.from.email.domain().to_string();
    // Stable per convention and PDF: the same document always carries the same Message-ID,
    // which lets servers and readers spot a duplicate.
    let message_id = format!("<{}.{}@{domain}>", c.reference, &pdf_sha256[..16]);
    let context = crate::render::context(c, draft);
    let subject = renderer.render_text("mail/subject.j2", context.clone())?;
    let body = renderer.render_text("mail/body.j2", context)?;
    let subject = one_line(subject.trim());
    let mut builder = Message::builder()
        .from(sender.from.clone())
        .subject(&subject)
        .message_id(Some(message_id.clone()));
    if let Some(reply_to) = &sender.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    for (name, email) in &recipients {
        let address =
            email
                .parse()
                .map_err(|e: lettre::address::AddressError| LetterError::Address {
                    address: email.clone(),
                    reason: e.to_string(),
                })?;
        builder = builder.to(Mailbox::new(Some(name.clone()), address));
    }
    let stem = file_name.trim_end_matches(".pdf");
    let attachment_name = one_line(&format!("{} {} ({stem}).pdf", c.kind.label(), c.territory))
        .replace(['/', '\\', ':', '"'], "-");
    let pdf_type = ContentType::parse("application/pdf").expect("a valid MIME type");
    let preview = Preview {
        from: sender.from.to_string(),
        to: (recipients.iter())
            .map(|(name, email)| format!("{name} <{email}>"))
            .collect(),
        subject: subject.clone(),
        body: body.clone(),
        attachment: attachment_name.clone(),
        attachment_bytes: pdf.len(),
        without_email: without_email(c),
    };
    let attachment = Attachment::new(attachment_name).body(pdf, pdf_type);
    let message = builder.multipart(
        MultiPart::mixed()
            .singlepart(SinglePart::plain(body))
            .singlepart(attachment),
    )?;
    let mut addresses: Vec<String> = recipients.into_iter().map(|(_, e)| e).collect();
    addresses.sort();
    Ok(Letter {
        message,
        recipients: addresses,
        pdf_sha256,
        message_id,
        preview,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Convention {
        crate::format::read(&crate::format::Source::from_bytes(
            "x.toml".as_ref(),
            crate::format::example(crate::model::Kind::Ctg)
                .as_bytes()
                .to_vec(),
        ))
        .convention
    }

    fn letter_of(c: &Convention, draft: bool) -> Letter {
        let templates = std::sync::Arc::new(crate::templates::Templates::load(None).unwrap());
        let renderer = Renderer::new(templates);
        let sender = Sender {
            from: "conventions@caf.example.fr".parse().unwrap(),
            reply_to: None,
        };
        letter(&renderer, &sender, c, draft, b"%PDF-".to_vec(), "x.pdf").unwrap()
    }

    /// Each signatory is named with the party they sign for, as French writes it (walk 6:
    /// « Maire (Feurs) » read as a code).
    #[test]
    fn the_final_message_says_who_signs_for_which_party() {
        let c = example();
        let preview = letter_of(&c, false).preview;
        let (party, signatory) = c.signatories().last().unwrap();
        let expected = format!("- {}, {}, pour la ", signatory.name, signatory.role);
        assert!(preview.body.contains(&expected), "{}", preview.body);
        assert!(
            !preview.body.contains(&format!("({party})")),
            "{}",
            preview.body
        );
        // The kind and the territory apart: « Convention territoriale globale Communauté … »
        // lacked its « de la ».
        let subject = &preview.subject;
        assert!(
            subject.contains("Convention territoriale globale – "),
            "{subject}"
        );
    }

    #[test]
    fn a_line_break_in_a_name_never_reaches_a_header() {
        let mut c = example();
        c.partners[0].signatories[0].name = "Jean-Pierre\nKieffer\r\u{2028}".into();
        c.territory = "Pays\nde Test".into();
        let letter = letter_of(&c, true);
        assert!(
            letter
                .preview
                .to
                .iter()
                .any(|to| to.starts_with("Jean-Pierre Kieffer <"))
        );
        assert!(!letter.preview.subject.contains('\n'));
        assert!(!letter.preview.attachment.contains('\n'));
        let formatted = String::from_utf8_lossy(&letter.message.formatted()).into_owned();
        assert!(
            formatted.contains("\"Jean-Pierre Kieffer\" <"),
            "{formatted}"
        );
    }
}
