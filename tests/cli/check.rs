//! `convgen check` beyond one message: the examples and fixtures pass, references name
//! files, every error of a file is told, warnings fail only under `--strict`, hostile files
//! and usage errors. Each rule's message, on a file with that one defect, is a snapshot
//! (`tests/cli/check/*.toml`, `snapshots::check_output_of_each_one_defect_file`).

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

/// A fixture's text (`ctg/CTG-063-2021-RLV.toml`).
fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join("fixtures").join(path)).unwrap()
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
        stderr(&output).contains("checked 5 files: 5 valid, 0 invalid"),
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
fn all_errors_of_a_file_are_reported() {
    let text = defect(CTG, "# siren = \"…\"", "siren = \"200070408\"");
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
    assert!(err.contains("warning: `axes`: a CTG covers early childhood, youth and parenting support; missing: parenting support"), "{err}");
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

/// A value still « à compléter » (as `renew` and the workspace's new convention leave one),
/// whatever its case and spacing, is an error at its line: such a file is not sent as is.
#[test]
fn a_value_still_to_complete_is_an_error_whatever_its_case() {
    for placeholder in ["À compléter", "(nom à  compléter)", "A COMPLETER"] {
        let text = defect(CTG, "Paul Durand", placeholder);
        let message = format!("« {placeholder} » is still to be completed");
        assert_error(&text, &message, placeholder);
    }
}

/// Walk 25: a one-off line whose amount moved with a re-dated period, its label still naming
/// the year before, is warned at its label.
#[test]
fn a_one_off_lines_label_naming_another_year_is_warned() {
    let rlv = fixture("ctg/CTG-063-2021-RLV.toml");
    let moved = defect(
        &rlv,
        "amounts = { 2022 = 7500 }",
        "amounts = { 2023 = 7500 }",
    );
    let (code, err, _dir) = check_text(&moved, &["--lang", "fr"]);
    assert_eq!(code, 0, "a warning: {err}");
    assert!(
        err.contains("le libellé cite 2022, la ligne finance 2023"),
        "{err}"
    );
    assert!(err.contains("convention.toml:351:"), "at the label: {err}");
}

/// Walk 23: an avenant prolonging a CTG into a year no funding line has an amount for is
/// warned at « Fin »: the parties would sign a year without money.
#[test]
fn an_avenant_prolonging_without_funding_for_the_new_year_is_warned() {
    let avenant = fixture("avenant/CTG-057-2021-HOUVE-AV1.toml");
    let prolonged = defect(&avenant, "end = 2024-12-31", "end = 2025-12-31");
    let prolonged = defect(
        &prolonged,
        "[previous]\nkind = \"ctg\"\n",
        "[previous]\nkind = \"ctg\"\n\n[previous.period]\nstart = 2021-01-01\nend = 2024-12-31\n",
    );
    let (code, err, _dir) = check_text(&prolonged, &["--lang", "fr"]);
    assert_eq!(code, 0, "a warning: {err}");
    assert!(
        err.contains("l’avenant prolonge la convention sur 2025, sans aucun montant pour 2025"),
        "{err}"
    );
    assert!(
        err.contains("convention.toml:18:"),
        "at the period's end: {err}"
    );
    let zero = prolonged.replacen(
        "2024 = \"15000.00\" }",
        "2024 = \"15000.00\", 2025 = \"0.00\" }",
        1,
    );
    let (_, err, _dir) = check_text(&zero, &[]);
    assert!(
        err.contains("with no amount for 2025"),
        "a year at 0 funds nothing: {err}"
    );
    let funded = prolonged.replacen(
        "2024 = \"15000.00\" }",
        "2024 = \"15000.00\", 2025 = \"15000.00\" }",
        1,
    );
    let (code, err, _dir) = check_text(&funded, &["--strict"]);
    assert_eq!(code, 0, "{err}");
}

/// Walk 23: its articles would say « à compter de l’exercice 2024 » and change 2023: an
/// error, so that no final PDF prints both.
#[test]
fn an_avenant_taking_effect_after_a_year_whose_amount_it_changes_is_an_error() {
    let avenant = fixture("avenant/CTG-057-2021-HOUVE-AV1.toml");
    // As written, it takes effect in 2023 and changes 2023 and 2024: nothing to say.
    let (code, err, _dir) = check_text(&avenant, &["--strict"]);
    assert_eq!(code, 0, "{err}");
    let late = defect(&avenant, "effective = 2023-07-01", "effective = 2024-03-01");
    let (code, err, _dir) = check_text(&late, &[]);
    assert_eq!(code, 1, "an error: {err}");
    assert!(
        err.contains("error: `effective`: the avenant takes effect in 2024 but changes the amount for 2023: an avenant does not go back on a year before it takes effect\n"),
        "{err}"
    );
    assert!(err.contains("convention.toml:11:"), "{err}");
    assert!(
        err.contains("help: give « Prise d’effet » a date in 2023 at the latest, or give 2023 back the amounts it had before the avenant\n"),
        "{err}"
    );
    assert!(!err.contains("amount for 2024"), "{err}");
    // In French too.
    let (_, err, _dir) = check_text(&late, &["--lang", "fr"]);
    assert!(
        err.contains("l’avenant prend effet en 2024 mais modifie le montant de 2023 : un avenant ne revient pas sur un exercice antérieur à sa prise d’effet"),
        "{err}"
    );
    // Said once, in the form's words: no key named in the help.
    assert!(!err.contains("`effective` une date"), "{err}");
}

/// Without « Prise d'effet », an avenant takes effect when signed: its signature date counts;
/// without one either, `check` says nothing (the day counts: the workspace says it).
#[test]
fn an_avenant_without_effective_date_is_judged_by_its_signature_date() {
    let avenant = fixture("avenant/CTG-057-2021-HOUVE-AV1.toml");
    let undated = defect(&avenant, "effective = 2023-07-01\n", "");
    let (code, err, _dir) = check_text(&undated, &["--strict"]);
    assert_eq!(code, 0, "{err}");
    let place = "place = \"Boulay-Moselle\"\nmode";
    let dated = place.replace("\nmode", "\ndate = 2024-03-01\nmode");
    let signed = defect(&undated, place, &dated);
    let (code, err, _dir) = check_text(&signed, &[]);
    assert_eq!(code, 0, "a warning: {err}");
    assert!(
        err.contains("warning: `signature.date`: without « Prise d’effet », the avenant takes effect when signed, in 2024, but changes the amount for 2023"),
        "{err}"
    );
    assert!(!err.contains("amount for 2024"), "{err}");
}

/// CD47's avenant n° 1, as `convgen avenant` writes it, making the Commune d’Agen join
/// under a délibération of `deliberation` and changing 2024's amount; undated.
pub(crate) fn agen_joining_avenant(deliberation: &str) -> String {
    let dir = tempdir();
    let old = fixture("ctg/CTG-047-2024-CD47.toml");
    let agen = format!(
        "[[partners]]\nkind = \"commune\"\nname = \"Commune d’Agen\"\ndeliberation = {{ body = \"Conseil municipal\", date = {deliberation} }}\n\n[[partners.signatories]]\nname = \"Jean Dionis\"\nrole = \"Maire\"\n\n[[axes]]"
    );
    let new = defect(
        &old,
        "amounts = { 2024 = 24000 }",
        "amounts = { 2024 = 26000 }",
    );
    let out = crate::avenant::avenant_into(dir.path(), old, new.replacen("[[axes]]", &agen, 1));
    std::fs::read_to_string(crate::avenant::only(&out, "toml")).unwrap()
}

/// [`agen_joining_avenant`] taking effect on `effective`: `check`'s output in `lang`.
fn agen_joining(deliberation: &str, effective: &str, lang: &str) -> String {
    let toml = agen_joining_avenant(deliberation);
    let dated = defect(
        &toml,
        "number = 1\n",
        &format!("number = 1\neffective = {effective}\n"),
    );
    let (_, err, _dir) = check_text(&dated, &["--lang", lang]);
    let line = line_of(&dated, &format!("date = {deliberation}"));
    assert!(
        !err.contains("joins by this avenant") || err.contains(&format!("convention.toml:{line}:")),
        "said at the délibération's date, line {line}:\n{err}"
    );
    err
}

/// A partner an avenant makes join is not bound before its délibération (money may go back,
/// a joining may not): said at that date, and the hint for a year changed before the avenant
/// takes effect no longer pushes « Prise d'effet » before it.
#[test]
fn a_partner_joining_before_its_deliberation_is_warned() {
    let err = agen_joining("2026-11-20", "2024-12-01", "en");
    let warning = "warning: `partners[2].deliberation.date`: la Commune d’Agen joins by this avenant, but its délibération (20 November 2026) is later than the avenant takes effect (1 December 2024): a partner cannot be bound before its deliberating body authorised it\n";
    assert!(err.contains(warning), "{err}");
    let help = "help: move « Prise d’effet » to 20 November 2026 or later, or make the joining an avenant of its own\n";
    assert!(err.contains(help), "{err}");
    let err = agen_joining("2026-11-20", "2024-12-01", "fr");
    let avertissement = "la Commune d’Agen adhère par cet avenant, mais sa délibération (20\u{a0}novembre\u{a0}2026) est postérieure à la prise d’effet de l’avenant (1er\u{a0}décembre\u{a0}2024) : un partenaire ne peut être lié avant que son assemblée l’y ait autorisé";
    assert!(err.contains(avertissement), "{err}");
    assert!(err.contains("reportez « Prise d’effet » au 20\u{a0}novembre\u{a0}2026 au plus tôt, ou faites de l’adhésion un avenant distinct"), "{err}");
    // Taking effect after it: no warning; 2024 changed, the hint keeps 2024's amounts or
    // splits the joining, never « a date in 2024 at the latest ».
    let err = agen_joining("2026-11-20", "2026-12-01", "en");
    assert!(!err.contains("joins by this avenant"), "{err}");
    let help = "help: as la Commune d’Agen cannot join before its délibération, give 2024 back the amounts it had before the avenant, or change them by an avenant apart from its joining\n";
    assert!(err.contains(help), "{err}");
    assert!(!err.contains("a date in 2024 at the latest"), "{err}");
    // A délibération of 2024: taking effect in 2024 is open to it, the hint says so.
    let err = agen_joining("2024-06-01", "2025-01-01", "en");
    assert!(!err.contains("joins by this avenant"), "{err}");
    assert!(err.contains("a date in 2024 at the latest"), "{err}");
}

#[test]
fn a_title_naming_other_years_than_the_period_is_warned() {
    // The example's period is 2026-01-01 … 2030-12-31.
    let titled = |title: &str| {
        let from = "# title = \"Convention territoriale globale 2026-2030\"";
        defect(CTG, from, &format!("title = {title:?}"))
    };
    for quiet in [
        "Convention territoriale globale 2026-2030",
        "CTG de l'Exemple 2026 – 2030",
        "CTG 2027 (petite enfance 0-6 ans)",
    ] {
        let (code, err, _dir) = check_text(&titled(quiet), &["--strict"]);
        assert_eq!(code, 0, "{quiet}: {err}");
    }
    for (stale, said) in [
        // A renewal re-dated a year later: the title kept the former period.
        ("Convention territoriale globale 2025-2029", "2025-2029"),
        ("CTG de l'Exemple 2026 à 2031", "2026 à 2031"),
        ("CTG 2024", "2024"),
    ] {
        let text = titled(stale);
        let (code, err, _dir) = check_text(&text, &[]);
        assert_eq!(code, 0, "a warning only: {err}");
        let said = format!("warning: `title`: says {said} while the period runs from 2026 to 2030");
        assert!(err.contains(&said), "{said} in:\n{err}");
        let line = line_of(&text, "title = ");
        assert!(err.contains(&format!("convention.toml:{line}:")), "{err}");
        let (code, _, _dir) = check_text(&text, &["--strict"]);
        assert_eq!(code, 1, "{stale}");
    }
}

/// Walk 31: a signature date is compared with the period's end only once that end is given
/// (a new convention's, still to give): never « signed after the end of the period » then.
#[test]
fn a_signature_date_is_compared_with_a_period_end_only_when_given() {
    let dated = defect(CTG, "# date = 2026-03-15 ", "date = 2031-03-15 ");
    let (_, said, _) = check_text(&dated, &[]);
    assert!(
        said.contains("signed after the end of the period"),
        "{said}"
    );
    let no_end = defect(&dated, "end = 2030-12-31 ", "");
    let (_, said, _) = check_text(&no_end, &[]);
    assert!(!said.contains("signed after"), "{said}");
}
