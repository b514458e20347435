//! Whom to trust: the certificates given with `--trust`, and whether a signer's certificate
//! chains to one of them — each link's signature checked with its issuer's key, each
//! certificate valid when the document was signed.

use der::{Decode, Encode};
use x509_cert::Certificate;

use super::cms::{common_name, signature_hash, verify};
use crate::i18n::Message;

/// Longer chains than this are not a signer's.
const MAX_CHAIN: usize = 8;

/// The certificates a run trusts.
#[derive(Default)]
pub struct Trust {
    anchors: Vec<Certificate>,
}

impl Trust {
    /// Reads certificates in PEM (one or several) or DER; the error says which file holds
    /// none, and why.
    pub fn read(files: &[(String, Vec<u8>)]) -> Result<Trust, Message> {
        let mut anchors = Vec::new();
        for (name, bytes) in files {
            let read = if bytes.starts_with(b"-----BEGIN") {
                Certificate::load_pem_chain(bytes).map_err(|e| e.to_string())
            } else {
                Certificate::from_der(bytes)
                    .map(|c| vec![c])
                    .map_err(|e| e.to_string())
            };
            match read {
                Ok(certificates) if !certificates.is_empty() => anchors.extend(certificates),
                Ok(_) => return Err(unreadable(name, "no certificate".into())),
                Err(e) => return Err(unreadable(name, e)),
            }
        }
        Ok(Trust { anchors })
    }

    /// Whether trust was asked for at all.
    pub fn is_given(&self) -> bool {
        !self.anchors.is_empty()
    }

    /// Whether `signer` chains to a trusted certificate through `others` (the certificates
    /// the signature carries), at `when` (seconds since 1970): `Err` says why not.
    pub fn chains(
        &self,
        signer: &Certificate,
        others: &[Certificate],
        when: Option<u64>,
    ) -> Result<(), Message> {
        let mut current = signer.clone();
        for _ in 0..MAX_CHAIN {
            valid_at(&current, when)?;
            if self.anchors.iter().any(|a| same(a, &current)) {
                return Ok(());
            }
            let issuer_name = &current.tbs_certificate.issuer;
            let candidates = self.anchors.iter().chain(others);
            let issuer = candidates
                .filter(|c| &c.tbs_certificate.subject == issuer_name && !same(c, &current))
                .find(|c| signed_by(&current, c));
            match issuer {
                Some(issuer) => current = issuer.clone(),
                None => {
                    return Err(Message::ProblemNoIssuer {
                        name: common_name(&current),
                    });
                }
            }
        }
        Err(Message::ProblemChainTooLong)
    }
}

fn same(a: &Certificate, b: &Certificate) -> bool {
    a.to_der().ok() == b.to_der().ok()
}

/// Whether `issuer`'s key made `certificate`'s signature.
fn signed_by(certificate: &Certificate, issuer: &Certificate) -> bool {
    let Ok(tbs) = certificate.tbs_certificate.to_der() else {
        return false;
    };
    let algorithm = &certificate.signature_algorithm;
    let Some(hash) = signature_hash(&algorithm.oid) else {
        return false;
    };
    let Some(signature) = certificate.signature.as_bytes() else {
        return false;
    };
    let key = &issuer.tbs_certificate.subject_public_key_info;
    verify(key, algorithm, Some(hash), &hash.digest(&[&tbs]), signature).is_ok()
}

/// Whether the certificate was valid at `when` (when the signature does not say, now).
fn valid_at(certificate: &Certificate, when: Option<u64>) -> Result<(), Message> {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    let when = when.unwrap_or_else(now);
    let validity = &certificate.tbs_certificate.validity;
    let from = validity.not_before.to_unix_duration().as_secs();
    let until = validity.not_after.to_unix_duration().as_secs();
    if (from..=until).contains(&when) {
        Ok(())
    } else {
        Err(Message::ProblemExpired {
            name: common_name(certificate),
        })
    }
}

fn unreadable(path: &str, detail: String) -> Message {
    Message::TrustUnreadable {
        path: path.to_string(),
        detail,
    }
}
