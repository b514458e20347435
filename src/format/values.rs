//! The checks of a single value that its shape calls for: a reference names files, a SIREN
//! has nine digits and a valid check digit, an e-mail address is one a relay accepts.

use crate::diag::Diagnostic;
use crate::i18n::Message;

/// Longest reference accepted: it names files, which have length limits.
pub const MAX_REFERENCE_CHARS: usize = 100;

/// What is wrong with a reference, if anything.
pub fn reference_problem(reference: &str) -> Option<Diagnostic> {
    let first_ok = (reference.chars().next()).is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok =
        (reference.chars()).all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !first_ok || !rest_ok {
        let message = Message::CannotNameAFile {
            reference: reference.to_string(),
        };
        return Some(Diagnostic::error(message).help(Message::ReferenceCharacters));
    }
    (reference.len() > MAX_REFERENCE_CHARS).then(|| {
        Diagnostic::error(Message::LongerThan {
            count: MAX_REFERENCE_CHARS,
        })
    })
}

/// What is wrong with a SIREN, if anything.
pub fn siren_problem(digits: &str) -> Option<Diagnostic> {
    if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        let value = digits.to_string();
        return Some(Diagnostic::error(Message::NotNineDigits { value }));
    }
    (!luhn_valid(digits)).then(|| {
        let value = digits.to_string();
        Diagnostic::error(Message::WrongCheckDigit { value }).help(Message::LuhnChecksum)
    })
}

/// What is wrong with an e-mail address, if anything.
pub fn email_problem(address: &str) -> Option<Diagnostic> {
    let message = Message::NotAnEmail {
        value: address.to_string(),
    };
    (!is_email(address)).then(|| Diagnostic::error(message))
}

/// Whether a text holds the placeholder « à compléter » that drafts and new conventions put
/// where a value is still to be given, whatever its case and spacing (« À compléter »,
/// « (nom à  compléter) », « A COMPLETER »).
pub fn is_placeholder(text: &str) -> bool {
    let plain: String = (text.to_lowercase().chars())
        .map(|c| match c {
            'à' | 'â' => 'a',
            'é' | 'è' | 'ê' => 'e',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = plain.split(' ').filter(|w| !w.is_empty()).collect();
    words.join(" ").contains("a completer")
}

/// The Luhn checksum that SIREN numbers satisfy.
pub fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = (digits.bytes().rev().enumerate())
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A plain address `local@domain.tld`: what a mail relay accepts, without the exotic
/// quoted forms of RFC 5322 that no Caf partner uses.
pub fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && (local.chars()).all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_found_whatever_its_case_and_spacing() {
        for text in [
            "à compléter",
            "À compléter",
            "(nom à compléter)",
            "A COMPLETER",
            "à\u{a0}compléter",
            "Lieu à   compléter",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in [
            "Marc Hoffmann",
            "compléter l’offre",
            "à compter du 1er janvier",
        ] {
            assert!(!is_placeholder(text), "{text}");
        }
    }

    #[test]
    fn luhn_accepts_real_sirens() {
        assert!(luhn_valid("200070407"));
        assert!(luhn_valid("732829320"));
        assert!(!luhn_valid("200070408"));
    }

    #[test]
    fn email_syntax() {
        let good = [
            "a@example.fr",
            "prenom.nom@caf63.example.fr",
            "élise@mairie-riom.example.fr",
        ];
        for address in good {
            assert!(is_email(address), "{address}");
        }
        let bad = [
            "",
            "a",
            "a@b",
            "@example.fr",
            "a@.fr",
            "a b@example.fr",
            "a@@example.fr",
            "a.@example.fr",
            "a@-x.fr",
        ];
        for address in bad {
            assert!(!is_email(address), "{address}");
        }
    }
}
