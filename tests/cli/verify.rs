//! `convgen verify`: a convention rendered by convgen, its fields signed by pyHanko (PyPI,
//! installed by `scripts/test`) with a test PKI that openssl makes at test time, then each
//! signed copy checked — and poppler's `pdfsig` asked the same questions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::pyhanko::{PYHANKO_STEPS, make_pki, run_python};
use crate::*;

pub const FIXTURE: &str = "fixtures/ctg/CTG-047-2024-CD47.toml";
pub const REFERENCE: &str = "CTG-047-2024-CD47";

/// Everything the tests read: made once.
pub struct Signed {
    dir: tempfile::TempDir,
    /// The field names, in signing order.
    fields: Vec<String>,
}

impl Signed {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn arg(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
}

pub fn signed() -> &'static Signed {
    static SIGNED: OnceLock<Signed> = OnceLock::new();
    SIGNED.get_or_init(|| {
        let dir = tempdir();
        let path = |name: &str| dir.path().join(name).display().to_string();
        make_pki(dir.path());
        let rendered = convgen(&["render", FIXTURE, "-o", &path("out")]);
        assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));
        // The same reference rendered otherwise: another title.
        let other = fixture("ctg/CTG-047-2024-CD47.toml").replacen(
            "title = \"Convention territoriale globale",
            "title = \"Une autre convention territoriale globale",
            1,
        );
        std::fs::write(path("other.toml"), other).unwrap();
        let rendered = convgen(&["render", &path("other.toml"), "-o", &path("other")]);
        assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));

        let generated = path(&format!("out/{REFERENCE}.pdf"));
        let unsigned = verify_json(&[&generated]);
        let fields: Vec<String> = unsigned[0]["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["field"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(fields.len(), 3, "{unsigned}");
        let sign = |from: &str, to: &str, field: &str, who: &str| {
            [
                "sign",
                &path(from),
                &path(to),
                field,
                &path(&format!("{who}.key")),
                &path(&format!("{who}.pem")),
            ]
            .join("\t")
        };
        std::fs::copy(&generated, path("generated.pdf")).unwrap();
        let other_pdf = path(&format!("other/{REFERENCE}.pdf"));
        std::fs::copy(other_pdf, path("other.pdf")).unwrap();
        let steps = [
            sign("generated.pdf", "one.pdf", &fields[0], "alice"),
            sign("one.pdf", "two.pdf", &fields[1], "bob"),
            sign("two.pdf", "three.pdf", &fields[2], "carol"),
            sign("two.pdf", "stranger.pdf", &fields[2], "mallory"),
            ["draw", &path("three.pdf"), &path("drawn.pdf")].join("\t"),
            sign("other.pdf", "other-signed.pdf", &fields[0], "alice"),
        ];
        run_python(PYHANKO_STEPS, &[], &steps.join("\n"));
        // A byte of the first page's content changed in the fully signed file: it parses
        // as before, its digests no longer match.
        let mut bytes = std::fs::read(path("three.pdf")).unwrap();
        let at = first_page_content(&bytes) + 40;
        bytes[at] ^= 0x20;
        std::fs::write(path("flipped.pdf"), bytes).unwrap();
        Signed { dir, fields }
    })
}

/// Where `needle` ends, its first occurrence from `from` on.
fn find(bytes: &[u8], needle: &[u8], from: usize) -> usize {
    (bytes[from..].windows(needle.len()))
        .position(|w| w == needle)
        .map(|at| from + at + needle.len())
        .unwrap_or_else(|| panic!("no {}", String::from_utf8_lossy(needle)))
}

/// Where the data of the first page's content stream starts (typst-pdf writes
/// `/Type/Page…/Contents N 0 R`).
fn first_page_content(bytes: &[u8]) -> usize {
    let page = find(bytes, b"<</Type/Page/", 0);
    let contents = find(bytes, b"/Contents ", page);
    let number: String = (bytes[contents..].iter())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    let object = find(bytes, format!("\n{number} 0 obj").as_bytes(), 0);
    find(bytes, b"stream\n", object)
}

/// `convgen verify ARGS --format json`, its verdicts.
fn verify_json(args: &[&str]) -> Value {
    let mut all = vec!["verify", "--format", "json"];
    all.extend_from_slice(args);
    let output = convgen(&all);
    assert!(matches!(code(&output), 0 | 1), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&output)))
}

/// The verdict on one file, against the manifest of `out`, trusting `root.pem`.
fn verdict(s: &Signed, file: &str) -> Value {
    let (file, out, root) = (s.arg(file), s.arg("out"), s.arg("root.pem"));
    let all = verify_json(&[&file, "-o", &out, "--trust", &root]);
    all[0].clone()
}

/// A verdict's signatures, each as `(signed, intact, trusted)`.
fn checks(verdict: &Value) -> Vec<(Value, Value, Value)> {
    (verdict["signatures"].as_array().unwrap().iter())
        .map(|s| {
            (
                s["signed"].clone(),
                s["intact"].clone(),
                s["trusted"].clone(),
            )
        })
        .collect()
}

/// `pdfsig`'s validation line of each signature.
fn pdfsig(pdf: &Path) -> Vec<String> {
    let output = Command::new("pdfsig")
        .arg(pdf)
        .output()
        .expect("pdfsig (scripts/test installs poppler-utils)");
    (stdout(&output).lines())
        .filter_map(|l| l.trim().strip_prefix("- Signature Validation: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_fully_signed_convention_is_signed_intact_and_trusted() {
    let s = signed();
    let (file, out, root) = (s.arg("three.pdf"), s.arg("out"), s.arg("root.pem"));
    let output = convgen(&["verify", &file, "-o", &out, "--trust", &root]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(REFERENCE) && text.contains("status: signed"),
        "{text}"
    );
    assert!(text.contains("original: identical"), "{text}");
    assert!(text.contains("changes: signatures only"), "{text}");
    for signer in ["Alice Rsa", "Bob Ecdsa", "Carol Ecdsa"] {
        assert!(text.contains(signer), "{text}");
    }

    let all = verify_json(&[&file, "-o", &out, "--trust", &root]);
    let verdict = all.as_array().unwrap();
    assert_eq!(verdict.len(), 1);
    let verdict = verdict[0].as_object().unwrap();
    let keys: Vec<&str> = verdict.keys().map(String::as_str).collect();
    let mut expected = [
        "file",
        "reference",
        "status",
        "original",
        "changes",
        "signatures",
    ];
    expected.sort();
    let mut keys = keys.clone();
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(verdict["reference"], REFERENCE);
    assert_eq!(verdict["status"], "signed");
    assert_eq!(verdict["original"], "identical");
    assert_eq!(verdict["changes"], "signatures-only");
    let signatures = verdict["signatures"].as_array().unwrap();
    let who: Vec<(&str, &str, &str, &str)> = (signatures.iter())
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap();
            (
                text("field"),
                text("party"),
                text("signatory"),
                text("signer"),
            )
        })
        .collect();
    let (caf, department) = (
        "Caisse d’allocations familiales de Lot-et-Garonne",
        "Département de Lot-et-Garonne",
    );
    assert_eq!(
        who,
        [
            (s.fields[0].as_str(), caf, "Hélène Castaing", "Alice Rsa"),
            (s.fields[1].as_str(), caf, "Jean-Marc Lafitte", "Bob Ecdsa"),
            (
                s.fields[2].as_str(),
                department,
                "Francis Delbès",
                "Carol Ecdsa"
            ),
        ]
    );
    for signature in signatures {
        let mut keys: Vec<&str> = signature
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "field",
                "intact",
                "party",
                "signatory",
                "signed",
                "signer",
                "time",
                "trusted"
            ]
        );
        assert_eq!(
            (
                &signature["signed"],
                &signature["intact"],
                &signature["trusted"]
            ),
            (&Value::Bool(true), &Value::Bool(true), &Value::Bool(true))
        );
        let time = signature["time"].as_str().unwrap();
        assert!(time.len() == 20 && time.ends_with('Z'), "{time}");
    }
    assert_eq!(pdfsig(&s.path("three.pdf")), ["Signature is Valid."; 3]);

    // Without --trust, trust is not judged.
    let untrusted = verify_json(&[&file, "-o", &out]);
    assert_eq!(untrusted[0]["status"], "signed");
    assert!(checks(&untrusted[0]).iter().all(|c| c.2.is_null()));

    // The verdict is kept beside the manifest's entry of the PDF generated (in a copy of
    // the output directory: the other tests record theirs in `out`).
    let own = tempdir();
    for name in ["manifest.json", &format!("{REFERENCE}.pdf")] {
        std::fs::copy(s.path("out").join(name), own.path().join(name)).unwrap();
    }
    let output = convgen(&["verify", &file, "-o", own.path().to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("1 verdict recorded in"),
        "{}",
        stderr(&output)
    );
    let manifest = std::fs::read_to_string(own.path().join("manifest.json")).unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    let recorded = (manifest["entries"].as_array().unwrap().iter())
        .find(|e| e["variant"] == "pdf" && e["reference"] == REFERENCE)
        .expect("the PDF's entry");
    assert_eq!(recorded["verified"]["status"], "signed", "{recorded}");
}

#[test]
fn two_signatures_of_three_are_partially_signed_naming_the_third() {
    let s = signed();
    let (file, out) = (s.arg("two.pdf"), s.arg("out"));
    let output = convgen(&["verify", &file, "-o", &out]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(
        text.contains(
            "status: partially signed: waiting for Francis Delbès (Département de Lot-et-Garonne)"
        ),
        "{text}"
    );
    let verdict = verdict(s, "two.pdf");
    assert_eq!(verdict["status"], "partially-signed");
    assert_eq!(verdict["changes"], "signatures-only");
    let (t, f, n) = (Value::Bool(true), Value::Bool(false), Value::Null);
    assert_eq!(
        checks(&verdict),
        [
            (t.clone(), t.clone(), t.clone()),
            (t.clone(), t, Value::Bool(true)),
            (f, n.clone(), n)
        ]
    );
    assert_eq!(pdfsig(&s.path("two.pdf")), ["Signature is Valid."; 2]);
}

#[test]
fn the_generated_pdf_is_unsigned_and_its_original_found_without_a_manifest() {
    let s = signed();
    let verdict = verdict(s, "generated.pdf");
    assert_eq!(verdict["status"], "unsigned");
    assert_eq!(verdict["original"], "identical");
    assert_eq!(verdict["changes"], "none");
    // No manifest here: the attached source rendered again says what the original was.
    let empty = tempdir();
    let file = s.arg("one.pdf");
    let output = convgen_in(empty.path(), &["verify", "--format", "json", &file]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let found: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found[0]["original"], "identical", "{found}");
    assert_eq!(found[0]["status"], "partially-signed", "{found}");
}

/// A PDF that names no convention (no source attached, no PDF of the manifest: a scan, or
/// another document) is compared with nothing, and says so rather than « changes: none ».
#[test]
fn a_pdf_naming_no_convention_is_not_compared() {
    let s = signed();
    let scan = root().join("tests/data/annexe-diagnostic.pdf");
    let scan = scan.to_str().unwrap();
    let verdict = &verify_json(&[scan, "-o", &s.arg("out")])[0];
    assert_eq!(verdict["original"], "unidentified", "{verdict}");
    assert_eq!(verdict["reference"], Value::Null);
    assert_eq!(verdict["status"], "unsigned");
    let output = convgen(&["verify", scan, "-o", &s.arg("out")]);
    let text = stdout(&output);
    assert!(
        text.contains("original: this PDF carries no convention's reference")
            && text.contains("could not be compared with the document generated"),
        "{text}"
    );
    assert!(
        text.contains("changes: cannot tell: nothing to compare this PDF with"),
        "{text}"
    );
    assert!(text.contains("status: no electronic signature"), "{text}");
}

#[test]
fn a_signature_by_a_certificate_not_trusted_is_untrusted() {
    let s = signed();
    let verdict = verdict(s, "stranger.pdf");
    assert_eq!(verdict["status"], "invalid");
    let checks = checks(&verdict);
    assert_eq!(
        checks[2],
        (Value::Bool(true), Value::Bool(true), Value::Bool(false))
    );
    assert_eq!(checks[0].2, Value::Bool(true));
    assert_eq!(verdict["signatures"][2]["signer"], "Mallory");
}

#[test]
fn content_added_after_signing_is_a_modification() {
    let s = signed();
    let verdict = verdict(s, "drawn.pdf");
    assert_eq!(verdict["changes"], "modified");
    assert_eq!(verdict["status"], "invalid");
    assert_eq!(verdict["original"], "identical");
    // Each signature still holds for the bytes it signed; pdfsig agrees, and sees that the
    // last no longer covers the whole file.
    assert!(checks(&verdict).iter().all(|c| c.1 == Value::Bool(true)));
    assert_eq!(pdfsig(&s.path("drawn.pdf")), ["Signature is Valid."; 3]);
    let listing = tool("pdfsig", &[&s.arg("drawn.pdf")]);
    assert_eq!(
        listing.matches("Total document signed").count(),
        0,
        "{listing}"
    );
}

#[test]
fn a_byte_changed_in_the_signed_part_breaks_every_signature() {
    let s = signed();
    let verdict = verdict(s, "flipped.pdf");
    assert_eq!(verdict["status"], "invalid");
    assert_eq!(verdict["original"], "different");
    assert!(
        checks(&verdict).iter().all(|c| c.1 == Value::Bool(false)),
        "{verdict}"
    );
    let output = convgen(&["verify", &s.arg("flipped.pdf"), "-o", &s.arg("out")]);
    let text = stdout(&output);
    assert!(
        text.contains("their digest is not the one signed"),
        "{text}"
    );
    let pdfsig = pdfsig(&s.path("flipped.pdf"));
    assert_eq!(pdfsig.len(), 3);
    assert!(
        pdfsig.iter().all(|v| v != "Signature is Valid."),
        "{pdfsig:?}"
    );
}

#[test]
fn another_rendering_of_the_same_reference_is_a_different_original() {
    let s = signed();
    let verdict = verdict(s, "other-signed.pdf");
    assert_eq!(verdict["reference"], REFERENCE);
    assert_eq!(verdict["original"], "different");
    assert_eq!(verdict["status"], "invalid");
    assert_eq!(
        checks(&verdict)[0].1,
        Value::Bool(true),
        "the signature itself holds"
    );
}

#[test]
fn the_verdict_is_in_french_under_a_french_locale() {
    let s = signed();
    let output = Command::new(env!("CARGO_BIN_EXE_convgen"))
        .args(["verify", &s.arg("two.pdf")])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("CONVGEN_LANG")
        .env("LANG", "fr_FR.UTF-8")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("état\u{a0}: partiellement signée\u{a0}: en attente de Francis Delbès"),
        "{text}"
    );
    assert!(
        stderr(&output).contains("1 fichier vérifié, 0 signé"),
        "{}",
        stderr(&output)
    );
}

/// The workspace lists a convention whose signed return `verify` recorded as « signée », and
/// one generated and not sent as « projet ».
#[test]
fn the_workspace_lists_a_verified_convention_as_signed() {
    let s = signed();
    let dir = crate::returns::rendered_workspace(&[]);
    let out = dir.path().join(".convgen-output");
    let (file, root_pem) = (s.arg("three.pdf"), s.arg("root.pem"));
    let output = convgen(&[
        "verify",
        &file,
        "-o",
        out.to_str().unwrap(),
        "--trust",
        &root_pem,
    ]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let server = crate::serve::start(dir, &[]);
    let states = crate::returns::states(&server);
    assert_eq!(states[REFERENCE], "signée", "{states:?}");
    assert_eq!(states["CTG-057-2021-HOUVE"], "projet", "{states:?}");
    let list = server.get("/api/conventions").json();
    let kinds: Vec<_> = (list.as_array().unwrap().iter())
        .map(|c| c["state_kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["state-signed", "state-draft"], "{list}");
}
