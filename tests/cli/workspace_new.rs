//! What the workspace says of a new convention, started « à compléter » from the example.

use serde_json::json;

use crate::serve::serve;

/// Walk 23: a new CTG's partner délibération, its date typed by hand, is not said « la date
/// de la délibération reprise »: nothing was taken over, its number is left out as its date.
#[test]
fn a_new_conventions_deliberation_typed_by_hand_is_not_said_carried_over() {
    let server = serve();
    let new = json!({ "kind": "ctg", "reference": "CTG-063-2026-ENVAL", "territory": "Enval" });
    assert_eq!(server.post("/api/conventions", &new).status, 201);
    let path = "/api/conventions/CTG-063-2026-ENVAL";
    let text = server.file("CTG-063-2026-ENVAL.toml");
    assert!(!text.contains("(numéro à compléter)"), "{text}");
    let key = "partners[1].deliberation.date";
    let edit = json!({ "etag": server.etag(path), "key": key, "value": "2026-03-12" });
    assert_eq!(server.patch(path, &edit).status, 200);
    let said = server.get(path).json()["diagnostics"].to_string();
    assert!(!said.contains("date-of-the-former-deliberation"), "{said}");
}

/// Walk 24: a new convention is written where the conventions of its kind are (`ctg/`), not
/// at the folder's top.
#[test]
fn a_new_convention_joins_the_folder_of_its_kind() {
    let server = serve();
    let ctg = server.dir.path().join("ctg");
    std::fs::create_dir(&ctg).unwrap();
    for name in ["CTG-057-2021-HOUVE.toml", "CTG-047-2024-CD47.toml"] {
        std::fs::rename(server.dir.path().join(name), ctg.join(name)).unwrap();
    }
    let new = json!({ "kind": "ctg", "reference": "CTG-063-2026-ENVAL", "territory": "Enval" });
    let created = server.post("/api/conventions", &new);
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.json()["file"], "ctg/CTG-063-2026-ENVAL.toml");
    // A CEJ: none in the folder, at its top.
    let new = json!({ "kind": "cej", "reference": "CEJ-063-2026-ENVAL", "territory": "Enval" });
    assert_eq!(
        server.post("/api/conventions", &new).json()["file"],
        "CEJ-063-2026-ENVAL.toml"
    );
}

/// Walk 36: a new CTG is drawn as soon as its period is given: its délibérations' dates are
/// « à compléter », as every other value still to give, never left out (an error that held
/// the preview back while the rest was typed).
#[test]
fn a_new_ctg_is_previewed_once_its_period_is_given() {
    let server = serve();
    let new = json!({ "kind": "ctg", "reference": "CTG-063-2026-ENVAL", "territory": "Enval" });
    assert_eq!(server.post("/api/conventions", &new).status, 201);
    let path = "/api/conventions/CTG-063-2026-ENVAL";
    for (key, value) in [("period.start", "2026-01-01"), ("period.end", "2030-12-31")] {
        let edit = json!({ "etag": server.etag(path), "key": key, "value": value });
        assert_eq!(server.patch(path, &edit).status, 200);
    }
    let diagnostics = server.get(path).json()["diagnostics"].clone();
    let blocking: Vec<_> = (diagnostics.as_array().unwrap().iter())
        .filter(|d| d["severity"] == "error" && d["kind"] != "still-to-complete")
        .collect();
    assert!(blocking.is_empty(), "{blocking:?}");
    let dates = (diagnostics.as_array().unwrap().iter())
        .filter(|d| {
            d["key"]
                .as_str()
                .is_some_and(|k| k.ends_with("deliberation.date"))
        })
        .count();
    assert!(
        dates >= 2,
        "the Caf's and the partner's dates are to complete: {diagnostics}"
    );
    let pages = server.get(&format!("{path}/pages"));
    assert_eq!(pages.status, 200, "{}", pages.text());
}
