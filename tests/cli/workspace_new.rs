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
