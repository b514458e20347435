//! What the form shows of a file's values: each as the file writes it, a refused one too.

use serde_json::json;

use crate::serve::serve;

const HOUVE: &str = "/api/conventions/CTG-057-2021-HOUVE";

/// Walk 37: a value the file holds and the checker refuses (a count out of its bounds) is
/// shown as written, beside why — never an empty field under its error.
#[test]
fn a_value_refused_is_shown_as_the_file_writes_it() {
    let server = serve();
    let edit = json!({ "etag": server.etag(HOUVE), "key": "signature.copies", "value": "-2" });
    assert_eq!(server.patch(HOUVE, &edit).status, 200);
    let answer = server.get(HOUVE).json();
    assert!(
        answer["diagnostics"]
            .to_string()
            .contains("signature.copies")
    );
    assert_eq!(
        answer["values"]["signature.copies"], "-2",
        "{}",
        answer["values"]
    );
}
