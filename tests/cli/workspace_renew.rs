//! « Renouveler les CEJ » from the page: a CEJ ended years ago would give a CTG over before
//! it is signed — the page asks before anything is written.

use serde_json::json;

use crate::serve::serve_with;

#[test]
fn ctgs_already_over_are_asked_about_before_anything_is_written() {
    let cejs = [
        "cej/CEJ-042-2014-LOIRE.toml",
        "cej/CEJ-042-2019-CHARLIEU.toml",
    ];
    let server = serve_with(&cejs, &[]);
    let folder = server.dir.path().join("renouvellement");
    let asked = server.post("/api/renew", &json!({ "expiring_before": "2023-01-01" }));
    assert_eq!(asked.status, 409, "{}", asked.text());
    let answer = asked.json();
    let over = json!([{ "cej": "CEJ-042-2014-LOIRE", "start": "2018-01-01", "end": "2022-12-31" }]);
    assert_eq!(answer["over"], over, "{answer}");
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("rien n’a été écrit"),
        "{answer}"
    );
    let written = std::fs::read_dir(&folder).map_or(0, |files| files.count());
    assert_eq!(written, 0, "nothing written");
    // A start given: the CTGs start there, nothing asked.
    let from = json!({ "expiring_before": "2023-01-01", "start": "2027-01-01" });
    let renewed = server.post("/api/renew", &from);
    assert_eq!(renewed.status, 200, "{}", renewed.text());
    assert!(folder.join("CTG-042-2027-LOIRE.toml").exists());
    // Or renewed anyway, from the day after each CEJ ends, as `convgen renew` does.
    let anyway = json!({ "expiring_before": "2023-01-01", "anyway": true });
    assert_eq!(server.post("/api/renew", &anyway).status, 200);
    assert!(folder.join("CTG-042-2018-LOIRE.toml").exists());
}

/// Walk 19: a draft whose only errors are values still « à compléter » (a renewal's
/// délibération numbers) is previewed as it is, not as an older version nor not at all.
#[test]
fn a_draft_still_to_complete_is_previewed_as_it_is() {
    let server = serve_with(&["cej/CEJ-042-2019-FEURS.toml"], &[]);
    let renewed = server.post("/api/renew", &json!({ "expiring_before": "2024-01-01" }));
    assert_eq!(renewed.status, 200, "{}", renewed.text());
    let page = "/api/conventions/CTG-042-2023-FEURS";
    let opened = server.get(page).json();
    let errors: Vec<_> = (opened["diagnostics"].as_array().unwrap().iter())
        .filter(|d| d["severity"] == "error")
        .map(|d| d["kind"].clone())
        .collect();
    assert!(
        !errors.is_empty() && errors.iter().all(|k| k == "still-to-complete"),
        "{errors:?}"
    );
    let pages = server.get(&format!("{page}/pages"));
    assert_eq!(pages.status, 200, "{}", pages.text());
    assert!(pages.json()["valid_version"].is_null(), "{}", pages.text());
}
