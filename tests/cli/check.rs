//! `convgen check`: one test per validation rule, each on a file with one defect, asserting
//! the exit code, the message and the line it names.

use std::path::PathBuf;

use crate::*;

const CTG: &str = include_str!("../../src/examples/ctg.toml");
const CEJ: &str = include_str!("../../src/examples/cej.toml");

/// Writes `text` as a convention file in a fresh directory and checks it.
fn check_text(text: &str, extra: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = tempdir();
    let path = dir.path().join("convention.toml");
    std::fs::write(&path, text).unwrap();
    let mut args = vec!["check", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = convgen(&args);
    (code(&output), stderr(&output), dir)
}

/// The example with `from` replaced by `to` (which must occur exactly once).
fn defect(base: &str, from: &str, to: &str) -> String {
    assert_eq!(
        base.matches(from).count(),
        1,
        "`{from}` must occur once in the example"
    );
    base.replacen(from, to, 1)
}

/// 1-based line of the first line containing `marker`.
fn line_of(text: &str, marker: &str) -> usize {
    text.lines()
        .position(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no `{marker}`"))
        + 1
}

/// Asserts that checking `text` fails, printing `message` at the line holding `marker`.
#[track_caller]
fn assert_error(text: &str, message: &str, marker: &str) {
    assert_error_at(text, message, line_of(text, marker));
}

/// Asserts that checking `text` fails, printing `message` at `line`.
#[track_caller]
fn assert_error_at(text: &str, message: &str, line: usize) {
    let (code, err, _dir) = check_text(text, &[]);
    assert_eq!(code, 1, "exit code, stderr:\n{err}");
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
    assert!(
        err.contains(&format!("convention.toml:{line}:")),
        "expected line {line} in:\n{err}"
    );
}

#[test]
fn examples_and_fixtures_are_valid_without_warnings() {
    for example in [CTG, CEJ] {
        let (code, err, _dir) = check_text(example, &["--strict"]);
        assert_eq!(code, 0, "{err}");
    }
    let output = convgen(&[
        "check",
        "fixtures/ctg",
        "fixtures/cej/CEJ-042-2019-FEURS.toml",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("checked 4 files: 4 valid, 0 invalid"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn new_prints_examples_that_pass_check() {
    for kind in ["ctg", "cej"] {
        let output = convgen(&["new", kind]);
        assert_eq!(code(&output), 0);
        let (code, err, _dir) = check_text(&stdout(&output), &["--strict"]);
        assert_eq!(code, 0, "`new {kind}`: {err}");
    }
}

#[test]
fn unknown_key_suggests_the_close_one() {
    let text = defect(CTG, "short_name = ", "shortname = ");
    assert_error(&text, "`caf.shortname`: unknown key", "shortname");
    let (_, err, _dir) = check_text(&text, &[]);
    assert!(err.contains("did you mean `short_name`?"), "{err}");
}

#[test]
fn unknown_value_suggests_the_close_one() {
    let text = defect(
        CTG,
        "domains = [\"jeunesse\", \"enfance\",",
        "domains = [\"jeunesse\", \"enfanse\",",
    );
    assert_error(
        &text,
        "`axes[2].domains[2]`: unknown value \"enfanse\"",
        "enfanse",
    );
    let (_, err, _dir) = check_text(&text, &[]);
    assert!(err.contains("did you mean \"enfance\"?"), "{err}");
    assert_error(
        &defect(CTG, "kind = \"ctg\"", "kind = \"convention\""),
        "`kind`: unknown value",
        "kind = \"convention\"",
    );
}

#[test]
fn missing_required_key() {
    let text = defect(CTG, "role = \"Directeur\"\n", "");
    // Reported at the header of the table that lacks it.
    let header = line_of(&text, "name = \"Paul Durand\"") - 1;
    assert_error_at(
        &text,
        "missing key `role` in `[caf.signatories[2]]`",
        header,
    );
}

#[test]
fn wrong_type() {
    let text = defect(CTG, "name = \"Jeanne Martin\"", "name = 42");
    assert_error(
        &text,
        "`caf.signatories[1].name`: must be a string, found an integer",
        "name = 42",
    );
}

#[test]
fn reference_must_name_a_file() {
    for bad in ["../../x", "/etc/passwd", ".hidden", "a b", "CTG\\x"] {
        let text = defect(
            CTG,
            "reference = \"CTG-063-2026-EXEMPLE\"",
            &format!("reference = {bad:?}"),
        );
        assert_error(&text, "cannot name a file", "reference =");
    }
}

#[test]
fn period_must_end_after_it_starts() {
    let text = defect(CTG, "end = 2030-12-31", "end = 2025-12-31");
    assert_error(
        &text,
        "`period.end`: the period must end after it starts",
        "end = 2025-12-31",
    );
}

#[test]
fn ctg_lasts_at_most_five_years_cej_four() {
    let text = defect(CTG, "end = 2030-12-31", "end = 2031-01-01");
    assert_error(&text, "a CTG lasts at most 5 years", "end = 2031-01-01");
    let text = defect(CEJ, "end = 2022-12-31", "end = 2023-01-01");
    assert_error(&text, "a CEJ lasts at most 4 years", "end = 2023-01-01");
}

#[test]
fn dates_are_toml_dates() {
    let text = defect(CTG, "start = 2026-01-01", "start = \"2026-01-01\"");
    assert_error(
        &text,
        "`period.start`: dates are written without quotes",
        "start = \"2026",
    );
    let text = defect(CTG, "start = 2026-01-01", "start = 2026-01-01T10:00:00");
    assert_error(&text, "must be a date without time", "start = 2026-01-01T");
    let text = defect(CTG, "start = 2026-01-01", "start = 2026-02-30");
    assert_error(&text, "invalid TOML", "start = 2026-02-30");
}

#[test]
fn funding_years_lie_inside_the_period() {
    let text = defect(CTG, "2030 = 32500.5 }", "2031 = 32500.5 }");
    assert_error(
        &text,
        "`funding[1].amounts.2031`: 2031 is outside the period (2026-2030)",
        "2031 = ",
    );
    let text = defect(CTG, "2030 = 32500.5 }", "trente = 32500.5 }");
    assert_error(&text, "a key of `amounts` must be a year", "trente = ");
}

#[test]
fn amounts_are_exact_and_spelled_one_of_three_ways() {
    let cases = [
        ("2029 = 32000,", "2029 = 32000.125,", "at most two decimals"),
        ("2029 = 32000,", "2029 = -5,", "cannot be negative"),
        ("2029 = 32000,", "2029 = nan,", "not an amount"),
        (
            "2029 = 32000,",
            "2029 = \"32 000,001\",",
            "at most two decimals",
        ),
        ("2029 = 32000,", "2029 = \"beaucoup\",", "not an amount"),
        ("2029 = 32000,", "2029 = \"12 500 €\",", "not an amount"),
        ("2029 = 32000,", "2029 = true,", "not an amount"),
        ("2029 = 32000,", "2029 = 1000000000,", "below one billion"),
    ];
    for (from, to, message) in cases {
        let text = defect(CTG, from, to);
        assert_error(&text, message, &to[..10]);
        assert!(
            check_text(&text, &[])
                .1
                .contains("`funding[1].amounts.2029`: "),
            "{to}"
        );
    }
}

#[test]
fn axis_must_exist() {
    let text = defect(CTG, "axis = 1 ", "axis = 4 ");
    assert_error(
        &text,
        "`funding[1].axis`: axis 4 does not exist: the file has 3 axes",
        "axis = 4",
    );
}

#[test]
fn siren_has_nine_digits_and_a_valid_checksum() {
    let text = defect(CTG, "siren = \"200070407\"", "siren = \"200070408\"");
    assert_error(
        &text,
        "`partners[1].siren`: SIREN \"200070408\" has a wrong check digit",
        "siren =",
    );
    let text = defect(CTG, "siren = \"200070407\"", "siren = \"20007040\"");
    assert_error(&text, "9 digits expected", "siren =");
}

#[test]
fn email_syntax() {
    let text = defect(
        CTG,
        "email = \"presidence@caf63.example.fr\"",
        "email = \"presidence@caf63\"",
    );
    assert_error(
        &text,
        "`caf.signatories[1].email`: \"presidence@caf63\" is not an e-mail address",
        "presidence@caf63\"",
    );
}

#[test]
fn every_party_has_a_signatory() {
    let start = CTG.find("[[partners.signatories]]").unwrap();
    let end = CTG[start..].find("[[axes]]").unwrap() + start;
    let text = format!("{}{}", &CTG[..start], &CTG[end..]);
    assert_error(
        &text,
        "missing key `signatories` in `[partners[1]]`",
        "[[partners]]",
    );
    let text = CTG.replace("[[caf.signatories]]", "[[caf.signatorie]]");
    let (code, err, _dir) = check_text(&text, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("missing key `signatories` in `[caf]`"),
        "{err}"
    );
}

#[test]
fn a_partner_funder_is_named() {
    let text = defect(CTG, "funder = \"caf\" ", "funder = \"partner\" ");
    assert_error(
        &text,
        "`funding[1].funder`: a line funded by a partner names it",
        "funder = \"partner\"",
    );
    let text = defect(
        CTG,
        "funder = \"caf\" ",
        "funder = \"caf\"\nfunder_name = \"Caf\" ",
    );
    assert_error(
        &text,
        "`funding[1].funder_name`: `funder_name` is only for",
        "funder_name",
    );
}

#[test]
fn strings_hold_no_invisible_control_characters() {
    let text = defect(
        CTG,
        "name = \"Paul Durand\"",
        "name = \"Paul\\u0007Durand\"",
    );
    assert_error(
        &text,
        "contains the invisible control character U+0007",
        "Paul\\u0007",
    );
    let text = defect(
        CTG,
        "name = \"Paul Durand\"",
        "name = \"Paul \\u202EdnaruD\"",
    );
    assert_error(&text, "U+202E", "Paul \\u202E");
    let text = defect(CTG, "name = \"Paul Durand\"", "name = \"  \"");
    assert_error(
        &text,
        "`caf.signatories[2].name`: must not be empty",
        "name = \"  \"",
    );
}

#[test]
fn copies_is_a_positive_count() {
    let text = defect(
        CTG,
        "place = \"Clermont-Ferrand\"",
        "place = \"Clermont-Ferrand\"\ncopies = 0",
    );
    assert_error(
        &text,
        "`signature.copies`: must be a whole number from 1 to 1000",
        "copies = 0",
    );
}

#[test]
fn toml_syntax_errors_are_located() {
    let text = defect(CTG, "name = \"Paul Durand\"", "name = \"Paul Durand");
    assert_error(&text, "invalid TOML", "name = \"Paul Durand");
    let text = defect(
        CTG,
        "name = \"Paul Durand\"",
        "name = \"Paul Durand\"\nname = \"Autre\"",
    );
    assert_error(&text, "invalid TOML", "name = \"Autre\"");
}

#[test]
fn all_errors_of_a_file_are_reported() {
    let text = defect(CTG, "siren = \"200070407\"", "siren = \"200070408\"");
    let text = defect(&text, "axis = 1 ", "axis = 9 ");
    let text = defect(&text, "short_name = ", "shortname = ");
    let (code, err, _dir) = check_text(&text, &[]);
    assert_eq!(code, 1);
    for message in ["wrong check digit", "axis 9 does not exist", "unknown key"] {
        assert!(err.contains(message), "{message} in:\n{err}");
    }
    assert!(err.contains("0 valid, 1 invalid"), "{err}");
}

#[test]
fn ctg_domain_warning_fails_only_when_strict() {
    let text = defect(
        CTG,
        "domains = [\"petite-enfance\", \"parentalite\"]",
        "domains = [\"petite-enfance\"]",
    );
    let text = defect(
        &text,
        "domains = [\"parentalite\"]",
        "domains = [\"logement\"]",
    );
    let (code, err, _dir) = check_text(&text, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: `axes`: a CTG covers petite-enfance, jeunesse and parentalite; missing: parentalite"), "{err}");
    let (code, _, _dir) = check_text(&text, &["--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn hostile_files_get_an_error_not_a_panic() {
    let huge = format!(
        "kind = \"ctg\"\nterritory = \"{}\"\n",
        "a".repeat(5 * 1024 * 1024)
    );
    let deep = format!(
        "kind = \"ctg\"\nx = {}1{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let inline = format!("kind = \"ctg\"\nx = {}\n", "{a = ".repeat(50_000));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "the file is empty"),
        (
            b"kind = \"ctg\"\nterritory = \"Riom \xff\xfe\"\n".to_vec(),
            "file is not valid UTF-8",
        ),
        (huge.into_bytes(), "longer than 10000 characters"),
        (deep.into_bytes(), "nested deeper than 32 levels"),
        (inline.into_bytes(), "nested deeper than 32 levels"),
        (b"\0\0\0".to_vec(), "invalid TOML"),
        (b"[[[[".to_vec(), "invalid TOML"),
    ];
    for (bytes, message) in cases {
        let dir = tempdir();
        let path = dir.path().join("hostile.toml");
        std::fs::write(&path, &bytes).unwrap();
        let output = convgen(&["check", path.to_str().unwrap()]);
        let err = stderr(&output);
        assert_eq!(
            code(&output),
            1,
            "{message}: {}",
            &err[..err.len().min(2000)]
        );
        assert!(
            err.contains(message),
            "{message} in:\n{}",
            &err[..err.len().min(2000)]
        );
    }
    let output = convgen(&["check", "no/such/file.toml"]);
    assert_eq!(code(&output), 1);
    assert!(stderr(&output).contains("cannot read `no/such/file.toml`"));
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempdir();
    let path: PathBuf = dir.path().join("latin1.toml");
    std::fs::write(
        &path,
        b"kind = \"ctg\"\n\nterritory = \"Ch\xe2tel-Guyon\"\n",
    )
    .unwrap();
    let output = convgen(&["check", path.to_str().unwrap()]);
    assert!(
        stderr(&output).contains("latin1.toml:3:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&convgen(&["check"])), 2);
    assert_eq!(code(&convgen(&["frobnicate"])), 2);
    assert_eq!(code(&convgen(&["new", "contrat"])), 2);
}

#[test]
fn two_files_of_one_reference_fail_the_later_one() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.toml"), CTG).unwrap();
    std::fs::write(dir.path().join("b.toml"), CTG).unwrap();
    let output = convgen_in(dir.path(), &["check", "."]);
    let err = stderr(&output);
    assert_eq!(code(&output), 1, "{err}");
    assert!(
        err.contains("duplicate reference \"CTG-063-2026-EXEMPLE\""),
        "{err}"
    );
    assert!(
        err.contains("./b.toml:8:13"),
        "the later file, at its reference: {err}"
    );
    assert!(err.contains("`./a.toml` already uses it"), "{err}");
    assert!(err.contains("1 valid, 1 invalid"), "{err}");
}
