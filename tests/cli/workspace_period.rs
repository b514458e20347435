//! A convention re-dated in the workspace: what « Recalculer les montants » does with lines
//! funded once.

use serde_json::json;

use crate::serve::serve_with;

/// Walk 30: RLV (2021–2025) moved a year later: the one-off lines (the 2022 diagnostic, an
/// investment) keep their 2022 amounts — said `anchored` to the page — while the others move.
#[test]
fn a_re_dated_conventions_one_off_amounts_stay_on_their_year() {
    let server = serve_with(&["ctg/CTG-063-2021-RLV.toml"], &[]);
    let rlv = "/api/conventions/CTG-063-2021-RLV";
    let edit = |key: &str, op: &str, value: serde_json::Value, preview: bool| {
        let edit = json!({ "etag": server.etag(rlv), "key": key, "op": op, "value": value, "preview": preview });
        let edited = server.patch(rlv, &edit);
        assert_eq!(edited.status, 200, "{}", edited.text());
        edited.json()
    };
    edit("period.end", "set", "2026-12-31".into(), false);
    edit("period.start", "set", "2022-01-01".into(), false);
    let asked = edit("funding", "move", 1.into(), true);
    let lines = asked["moved"]["lines"].as_array().unwrap().clone();
    let anchored: Vec<&serde_json::Value> =
        (lines.iter()).filter(|l| l["anchored"] == true).collect();
    assert_eq!(anchored.len(), 3, "{lines:?}");
    for line in anchored {
        let years = line["years"].as_array().unwrap().iter();
        let years: Vec<_> = years.filter(|y| y["amount"] != "0,00").collect();
        assert_eq!(years.len(), 1, "{line}");
        assert_eq!(
            (&years[0]["year"], &years[0]["from"]["year"]),
            (&json!(2022), &json!(2022))
        );
    }
    let moved = edit("funding", "move", 1.into(), false);
    let toml = moved["toml"].as_str().unwrap();
    let diagnostic = &toml[toml
        .find("Diagnostic partagé 2022 : participation")
        .unwrap()..];
    let amounts = diagnostic
        .lines()
        .find(|l| l.starts_with("amounts"))
        .unwrap();
    assert!(
        amounts.starts_with("amounts = { 2022 = 7500, 2023 = 0"),
        "{amounts}"
    );
}
