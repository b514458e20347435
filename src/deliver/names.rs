//! The names of the files a convention is written to: derived from its reference here and
//! nowhere else. References are validated to `[A-Za-z0-9][A-Za-z0-9._-]*`, so no name
//! leaves its directory.

use crate::pipeline::Format;

/// The files a document is written to, inside the output directory: one, or one per page
/// for PNG (`-1.png`, or `-01.png` … when there are ten pages or more, so names sort).
pub fn output_names(reference: &str, draft: bool, format: Format, files: usize) -> Vec<String> {
    let stem = stem(reference, draft);
    match format {
        Format::Pdf => vec![format!("{stem}.pdf")],
        Format::Typ => vec![format!("{stem}.typ")],
        Format::Png => {
            let width = files.to_string().len();
            (1..=files)
                .map(|page| format!("{stem}-{page:0width$}.png"))
                .collect()
        }
    }
}

/// The PDF of a convention: `<reference>.pdf`, or `<reference>-projet.pdf` for a draft.
pub fn pdf_name(reference: &str, draft: bool) -> String {
    format!("{}.pdf", stem(reference, draft))
}

/// The convention file `renew` writes: `<reference>.toml`.
pub fn toml_name(reference: &str) -> String {
    format!("{reference}.toml")
}

/// The message `send --dry-run` writes: `<reference>.eml` or `<reference>-projet.eml`.
pub fn eml_name(reference: &str, draft: bool) -> String {
    format!("{}.eml", stem(reference, draft))
}

/// The `n`th signed copy of a convention that came back: `<reference>-<n>.pdf` (in its own folder, apart from the generated one);
/// `None` for a reference that is not a file name (one read from a PDF, not validated).
pub fn signed_name(reference: &str, n: usize) -> Option<String> {
    let mut chars = reference.chars();
    let first = chars.next().filter(char::is_ascii_alphanumeric);
    let rest = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (first.is_some() && rest && reference.len() <= 200).then(|| format!("{reference}-{n}.pdf"))
}

fn stem(reference: &str, draft: bool) -> String {
    if draft {
        format!("{reference}-projet")
    } else {
        reference.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_copy_is_named_only_from_a_reference_that_is_a_file_name() {
        assert_eq!(signed_name("CTG-1", 2).as_deref(), Some("CTG-1-2.pdf"));
        for bad in ["", "../x", ".x", "a/b", "a b", "é"] {
            assert_eq!(signed_name(bad, 1), None, "{bad}");
        }
    }

    #[test]
    fn names_follow_the_reference() {
        assert_eq!(
            output_names("CTG-1", true, Format::Pdf, 1),
            ["CTG-1-projet.pdf"]
        );
        assert_eq!(output_names("CTG-1", false, Format::Typ, 1), ["CTG-1.typ"]);
        let pngs = output_names("CTG-1", false, Format::Png, 10);
        assert_eq!(
            (pngs[0].as_str(), pngs[9].as_str()),
            ("CTG-1-01.png", "CTG-1-10.png")
        );
        assert_eq!(pdf_name("CTG-1", false), "CTG-1.pdf");
        assert_eq!(toml_name("CTG-1"), "CTG-1.toml");
        assert_eq!(eml_name("CTG-1", true), "CTG-1-projet.eml");
    }
}
