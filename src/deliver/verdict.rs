//! What `convgen verify` says of a signed PDF, as it prints it (`--format json`) and as the
//! manifest keeps it beside the entry of the PDF that was signed.

use serde::{Deserialize, Serialize};

/// The verdict on one signed PDF.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The file as it was named.
    pub file: String,
    /// The convention's reference, from its attached source (or the manifest).
    pub reference: Option<String>,
    pub status: Signing,
    pub original: Original,
    pub changes: Changes,
    /// convgen's fields in signing order, then signatures in fields it did not create.
    pub signatures: Vec<SignatureVerdict>,
}

/// Where a signed PDF stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signing {
    /// Every field signed, every signature intact (and trusted, when trust was asked for),
    /// the document the one convgen generated, nothing else changed.
    Signed,
    /// Some fields signed, all of that sound.
    PartiallySigned,
    Unsigned,
    /// A signature broken or untrusted, the document not convgen's, or changed otherwise
    /// than by signing.
    Invalid,
}

/// Whether the signed file begins with the very PDF convgen generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Original {
    Identical,
    Different,
    /// Neither a manifest entry nor the attached source says what it should be.
    Unknown,
    /// The file says nothing of which convention it is (no source attached, not a PDF the
    /// manifest records): a scan, or another document; it could not be compared at all.
    Unidentified,
}

/// What the revisions after generation changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Changes {
    None,
    /// Signature fields filled, their appearances, validation data, document timestamps,
    /// the signing software's metadata.
    SignaturesOnly,
    /// Anything else: a page's content, an annotation, the catalog.
    Modified,
}

/// One signature field: a signatory's, made by convgen, or another holding a signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureVerdict {
    pub field: String,
    /// The party and the signatory the field was made for (null for another field).
    pub party: Option<String>,
    pub signatory: Option<String>,
    pub signed: bool,
    /// The signer certificate's name (its common name, else its whole name).
    pub signer: Option<String>,
    /// When it was signed (RFC 3339), as the signature says.
    pub time: Option<String>,
    /// The digest of the signed bytes is the one signed, and the signature is valid for
    /// the certificate's key; null when not signed.
    pub intact: Option<bool>,
    /// The certificate chains to a `--trust` certificate; null without one.
    pub trusted: Option<bool>,
    /// Why it is not intact, or not trusted: for the text output.
    #[serde(skip)]
    pub problem: Option<crate::i18n::Message>,
}

impl SignatureVerdict {
    /// Whether convgen made this field for a signatory.
    pub fn is_convgen(&self) -> bool {
        self.signatory.is_some()
    }
}

/// What the manifest keeps of a verification, beside the entry of the PDF signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    /// SHA-256 of the signed file.
    pub sha256: String,
    /// Who dropped it in a team's workspace (absent from the command line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(flatten)]
    pub verdict: Verdict,
}
