//! `convgen calendar`: the deadlines of the bundled conventions as an iCalendar file, read
//! back with Python's `icalendar` (PyPI, installed by `scripts/test`).

use serde_json::Value;

use crate::pyhanko::run_python;
use crate::*;

/// Reads an `.ics` with icalendar, writes it again, reads that: each event's UID, day and
/// summary, from the second reading.
const READ_ICS: &str = r#"
import json, sys
from icalendar import Calendar

first = Calendar.from_ical(open(sys.argv[1], "rb").read())
again = Calendar.from_ical(first.to_ical())
print(json.dumps([
    {"uid": str(e["UID"]), "day": e.decoded("DTSTART").isoformat(), "summary": str(e["SUMMARY"])}
    for e in again.walk("VEVENT")
]))
"#;

#[test]
fn deadlines_are_an_icalendar_file_with_stable_uids() {
    let dir = tempdir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // RLV was sent (not as a draft) on 2 November 2026 and has not come back signed.
    let sent = r#"{"status":"sent","time":"2026-11-02T09:00:00Z","reference":"CTG-063-2021-RLV","recipients":["a@example.org"],"pdf_sha256":"00","message_id":"<1@example.org>","draft":false}"#;
    std::fs::write(out.join("sent.jsonl"), format!("{sent}\n")).unwrap();
    let run = |name: &str| {
        let ics = dir.path().join(name);
        let output = convgen(&[
            "calendar",
            "fixtures/ctg",
            "fixtures/avenant",
            "-o",
            ics.to_str().unwrap(),
            "--outputs",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        assert!(
            stderr(&output).contains("of 5 conventions"),
            "{}",
            stderr(&output)
        );
        ics
    };
    let (first, second) = (run("first.ics"), run("second.ics"));
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(second).unwrap(),
        "the same inputs give the same file"
    );

    let events: Value =
        serde_json::from_str(&run_python(READ_ICS, &[first.to_str().unwrap()], "")).unwrap();
    let events: Vec<(&str, &str, &str)> = (events.as_array().unwrap().iter())
        .map(|e| {
            (
                e["uid"].as_str().unwrap(),
                e["day"].as_str().unwrap(),
                e["summary"].as_str().unwrap(),
            )
        })
        .collect();
    let mut uids: Vec<&str> = events.iter().map(|e| e.0).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "one UID per event: {events:?}");
    let day = |uid: &str| events.iter().find(|e| e.0 == uid).map(|e| e.1);
    assert_eq!(day("CTG-063-2021-RLV.end@convgen"), Some("2025-12-31"));
    assert_eq!(day("CTG-063-2021-RLV.renewal@convgen"), Some("2025-06-30"));
    assert_eq!(day("CTG-063-2021-RLV.reminder@convgen"), Some("2026-12-02"));
    assert_eq!(
        day("CTG-057-2021-HOUVE-AV1.effective@convgen"),
        Some("2023-07-01")
    );
    assert!(
        day("CTG-057-2021-HOUVE.end@convgen").is_some(),
        "{events:?}"
    );
    assert!(
        day("CTG-047-2024-CD47.reminder@convgen").is_none(),
        "not sent"
    );
    let (_, _, summary) = events
        .iter()
        .find(|e| e.0 == "CTG-063-2021-RLV.end@convgen")
        .unwrap();
    assert_eq!(
        *summary,
        "End of convention CTG-063-2021-RLV (Riom Limagne et Volcans)"
    );
}
