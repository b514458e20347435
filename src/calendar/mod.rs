//! The conventions' deadlines as iCalendar events (RFC 5545): each convention's end, the
//! renewal to prepare six months before, an avenant's effective date, and a reminder for a
//! convention sent and not back signed after 30 days.
//!
//! The same files give the same bytes: every event's UID is its convention's reference and
//! its kind (so a calendar that subscribes to the file updates an event rather than adding
//! one), and its DTSTAMP — which RFC 5545 requires — is a time the input gives (the
//! convention's signature date, else its start; a reminder's sending) rather than the time
//! of the run, which would make every run differ and every subscriber re-import everything.

use chrono::{Days, Months, NaiveDate, TimeZone as _, Utc};
use icalendar::{Calendar, Component as _, EventLike as _};

use crate::deliver::mail::{Delivery, Sent};
use crate::deliver::{Entry, Signing};
use crate::i18n::{Lang, Message};
use crate::model::{Convention, Date};

/// Days after sending past which a convention not back signed deserves a reminder.
const REMIND_AFTER_DAYS: u64 = 30;
/// Months before the end at which to prepare the renewal.
const PREPARE_MONTHS: u32 = 6;
/// The domain of the UIDs: `CTG-063-2021-RLV.end@convgen`.
const UID_DOMAIN: &str = "convgen";

/// One deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// `<reference>.<kind>@convgen`: the same event keeps it from one run to the next.
    pub uid: String,
    /// The convention it belongs to (for an end, the convention an avenant amends).
    pub reference: String,
    /// `end`, `renewal`, `effective` or `reminder`.
    pub kind: &'static str,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    /// Its DTSTAMP, derived from the input (see the module's documentation).
    pub stamp: chrono::DateTime<Utc>,
}

/// What an output directory knows of the conventions: what was sent, what came back.
pub struct Known<'a> {
    pub journal: &'a [Sent],
    pub manifest: &'a [Entry],
}

/// The events of a batch of conventions. An avenant states the convention as it leaves it:
/// the end and renewal of a convention come from its latest avenant in the batch, under
/// the convention's own reference.
pub fn events(conventions: &[&Convention], known: &Known, lang: Lang) -> Vec<Event> {
    let mut events = Vec::new();
    for &convention in conventions {
        let base = base_reference(convention);
        let number = |c: &Convention| c.amendment.as_ref().map_or(0, |a| a.number);
        let latest = (conventions.iter())
            .filter(|c| base_reference(c) == base)
            .max_by_key(|c| number(c))
            .copied();
        if latest.is_some_and(|l| std::ptr::eq(l, convention)) {
            events.extend(ending(convention, base, lang));
        }
        events.extend(effective(convention, lang));
        events.extend(reminder(convention, known, lang));
    }
    events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    events.dedup_by(|a, b| a.uid == b.uid);
    events
}

fn base_reference(convention: &Convention) -> &str {
    (convention.amendment.as_ref()).map_or(&convention.reference, |a| &a.base)
}

fn naive(date: Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year, u32::from(date.month), u32::from(date.day))
}

/// The day the input says a convention was decided: its signature date, else its start.
fn decided(convention: &Convention) -> chrono::DateTime<Utc> {
    let signed = convention.signature.as_ref().and_then(|s| s.date);
    let day = naive(signed.unwrap_or(convention.period.start)).unwrap_or_default();
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn uid(reference: &str, kind: &str) -> String {
    format!("{reference}.{kind}@{UID_DOMAIN}")
}

/// The end of the convention, and the renewal to prepare six months before.
fn ending(convention: &Convention, base: &str, lang: Lang) -> Vec<Event> {
    let Some(end) = naive(convention.period.end) else {
        return Vec::new();
    };
    let territory = convention.territory.clone();
    let title = convention.title.clone().unwrap_or_else(|| base.to_string());
    let stamp = decided(convention);
    let mut events = vec![Event {
        uid: uid(base, "end"),
        reference: base.to_string(),
        kind: "end",
        date: end,
        summary: Message::EventEnd {
            reference: base.to_string(),
            territory: territory.clone(),
        }
        .text(lang),
        description: Message::EventEndDetail {
            title,
            end: convention.period.end,
        }
        .text(lang),
        stamp,
    }];
    if let Some(prepare) = end.checked_sub_months(Months::new(PREPARE_MONTHS)) {
        events.push(Event {
            uid: uid(base, "renewal"),
            reference: base.to_string(),
            kind: "renewal",
            date: prepare,
            summary: Message::EventRenewal {
                reference: base.to_string(),
                territory,
            }
            .text(lang),
            description: Message::EventRenewalDetail {
                reference: base.to_string(),
                end: convention.period.end,
            }
            .text(lang),
            stamp,
        });
    }
    events
}

/// An avenant's effective date, when it gives one.
fn effective(convention: &Convention, lang: Lang) -> Option<Event> {
    let amendment = convention.amendment.as_ref()?;
    let effective = amendment.effective?;
    Some(Event {
        uid: uid(&convention.reference, "effective"),
        reference: convention.reference.to_string(),
        kind: "effective",
        date: naive(effective)?,
        summary: Message::EventEffective {
            reference: convention.reference.clone(),
            base: amendment.base.clone(),
        }
        .text(lang),
        description: Message::EventEffectiveDetail {
            number: amendment.number,
            base: amendment.base.clone(),
            effective,
        }
        .text(lang),
        stamp: decided(convention),
    })
}

/// A reminder 30 days after the last final sending, unless a signed copy came back.
fn reminder(convention: &Convention, known: &Known, lang: Lang) -> Option<Event> {
    let reference = &convention.reference;
    let signed = (known.manifest.iter())
        .filter(|e| e.reference.as_ref() == Some(reference))
        .filter_map(|e| e.verified.as_ref())
        .any(|v| v.verdict.status == Signing::Signed);
    if signed {
        return None;
    }
    let sent = (known.journal.iter().rev())
        .find(|s| &s.reference == reference && s.status == Delivery::Sent && !s.draft)?;
    let stamp = chrono::DateTime::parse_from_rfc3339(&sent.time)
        .ok()?
        .to_utc();
    let sent_day = stamp.date_naive();
    let sent_date = {
        use chrono::Datelike as _;
        Date::new(
            sent_day.year(),
            sent_day.month() as u8,
            sent_day.day() as u8,
        )?
    };
    Some(Event {
        uid: uid(reference, "reminder"),
        reference: reference.to_string(),
        kind: "reminder",
        date: sent_day.checked_add_days(Days::new(REMIND_AFTER_DAYS))?,
        summary: Message::EventReminder {
            reference: reference.clone(),
            territory: convention.territory.clone(),
        }
        .text(lang),
        description: Message::EventReminderDetail {
            reference: reference.clone(),
            sent: sent_date,
        }
        .text(lang),
        stamp,
    })
}

/// The events as an iCalendar file: all-day events, in date order.
pub fn ics(events: &[Event], lang: Lang) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//convgen//conventions//FR"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name(&Message::CalendarName.text(lang));
    for event in events {
        let next_day = event
            .date
            .checked_add_days(Days::new(1))
            .unwrap_or(event.date);
        calendar.push(
            icalendar::Event::new()
                .uid(&event.uid)
                .timestamp(event.stamp)
                .summary(&event.summary)
                .description(&event.description)
                .starts(event.date)
                .ends(next_day)
                .done(),
        );
    }
    calendar.done().to_string()
}
