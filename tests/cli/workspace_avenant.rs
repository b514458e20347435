//! An avenant in the workspace: what its page says beside « Prise d'effet » and beside a
//! joining partner's délibération.

use serde_json::json;

use crate::check::agen_joining_avenant;
use crate::tempdir;

/// Undated, an avenant changing 2024 and making the Commune d’Agen join under a délibération
/// of 2026 is not told to take effect in 2024; dated in 2024, it is told the Commune cannot
/// join before its délibération, beside that date.
#[test]
fn a_partner_joining_after_the_year_changed_is_not_pushed_before_its_deliberation() {
    let dir = tempdir();
    let reference = "CTG-047-2024-CD47-AV1";
    let toml = agen_joining_avenant("2026-11-20");
    std::fs::write(dir.path().join(format!("{reference}.toml")), toml).unwrap();
    let server = crate::serve::start(dir, &[]);
    let page = format!("/api/conventions/{reference}");
    let opened = server.get(&page).json();
    let findings = opened["diagnostics"].as_array().unwrap();
    let past = (findings.iter()).find(|d| d["kind"] == "avenant-changes-past-year");
    let past = past.unwrap_or_else(|| panic!("{findings:?}"));
    let help = past["help"].as_str().unwrap();
    let expected = "la Commune d’Agen ne pouvant adhérer avant sa délibération, rendez à 2024 les montants d’avant l’avenant, ou modifiez-les par un avenant distinct de son adhésion";
    assert_eq!(help, expected);
    let edit = json!({ "etag": server.etag(&page), "key": "effective", "value": "2024-12-01" });
    let dated = server.patch(&page, &edit).json();
    let findings = dated["diagnostics"].as_array().unwrap();
    let joining = (findings.iter()).find(|d| d["kind"] == "joining-before-deliberation");
    let joining = joining.unwrap_or_else(|| panic!("{findings:?}"));
    assert_eq!(joining["key"], "partners[2].deliberation.date", "{joining}");
    let said = joining["message"].as_str().unwrap();
    let expected = "la Commune d’Agen adhère par cet avenant, mais sa délibération (20\u{a0}novembre\u{a0}2026) est postérieure à la prise d’effet de l’avenant (1er\u{a0}décembre\u{a0}2024)";
    assert!(said.starts_with(expected), "{said}");
}
