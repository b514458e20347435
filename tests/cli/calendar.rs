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

/// The workspace offers the folder's deadlines as `convgen calendar` writes them (the same
/// UIDs and days), and lists the next twelve months' by date, in French.
#[test]
fn the_workspace_offers_the_same_calendar_and_the_year_ahead() {
    let server = crate::serve::serve_with(
        &[
            "ctg/CTG-047-2024-CD47.toml",
            "ctg/CTG-063-2021-RLV.toml",
            "ctg/CTG-057-2021-HOUVE.toml",
            "avenant/CTG-057-2021-HOUVE-AV1.toml",
        ],
        &[],
    );
    let dir = server.dir.path();
    let out = dir.join(".convgen-output");
    std::fs::create_dir(&out).unwrap();
    let sent = r#"{"status":"sent","time":"2026-11-02T09:00:00Z","reference":"CTG-063-2021-RLV","recipients":["a@example.org"],"pdf_sha256":"00","message_id":"<1@example.org>","draft":false}"#;
    std::fs::write(out.join("sent.jsonl"), format!("{sent}\n")).unwrap();

    let answer = server.get("/api/calendar.ics");
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .header("content-type")
            .unwrap()
            .starts_with("text/calendar")
    );
    let served = dir.join("served.ics");
    std::fs::write(&served, &answer.body).unwrap();
    let written = dir.join("written.ics");
    let folder = dir.to_str().unwrap();
    let output = convgen(&[
        "calendar",
        folder,
        "-o",
        written.to_str().unwrap(),
        "--outputs",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let read = |ics: &std::path::Path| -> Vec<(String, String)> {
        let events: Value =
            serde_json::from_str(&run_python(READ_ICS, &[ics.to_str().unwrap()], "")).unwrap();
        let mut events: Vec<_> = (events.as_array().unwrap().iter())
            .map(|e| {
                (
                    e["uid"].as_str().unwrap().into(),
                    e["day"].as_str().unwrap().into(),
                )
            })
            .collect();
        events.sort();
        events
    };
    let events = read(&served);
    assert_eq!(
        events,
        read(&written),
        "the workspace's calendar is `calendar`'s"
    );
    assert!(events.len() >= 8, "{events:?}");

    let year = server.get("/api/deadlines?from=2026-01-01").json();
    let listed: Vec<(&str, &str, &str)> = (year["events"].as_array().unwrap().iter())
        .map(|e| {
            (
                e["date"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["reference"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("2026-06-30", "renewal", "CTG-047-2024-CD47"),
            ("2026-12-02", "reminder", "CTG-063-2021-RLV"),
            ("2026-12-31", "end", "CTG-047-2024-CD47"),
        ],
        "{year}"
    );
    assert_eq!(year["events"][2]["day"], "31\u{a0}décembre\u{a0}2026");
    assert_eq!(year["until_text"], "1er\u{a0}janvier\u{a0}2027");
    // Later on, the reminder is late: still listed, as overdue; so is the renewal not
    // prepared while the convention still runs (walk 6), both before the end, by date.
    let later = server.get("/api/deadlines?from=2026-12-20").json();
    let kinds: Vec<(&str, bool)> = (later["events"].as_array().unwrap().iter())
        .map(|e| (e["kind"].as_str().unwrap(), e["overdue"] == true))
        .collect();
    assert_eq!(
        kinds,
        [("renewal", true), ("reminder", true), ("end", false)],
        "{later}"
    );
    // A draft with errors has no deadline yet: named, not silently left out.
    assert_eq!(later["with_errors"], serde_json::json!([]));
    let cd47 = std::fs::read_to_string(dir.join("CTG-047-2024-CD47.toml")).unwrap();
    let draft = (cd47.replace("CTG-047-2024-CD47", "CTG-047-2027-CD47")).replacen(
        "start = 2024-01-01",
        "start = 2027-13-01",
        1,
    );
    std::fs::write(dir.join("CTG-047-2027-CD47.toml"), draft).unwrap();
    let with_draft = server.get("/api/deadlines?from=2026-12-20").json();
    assert_eq!(
        with_draft["with_errors"],
        serde_json::json!(["CTG-047-2027-CD47"])
    );
}
