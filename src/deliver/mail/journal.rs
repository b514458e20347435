//! The journal of what was sent, `sent.jsonl` in the output directory: a line before each
//! message goes and a line after, so that a re-run never sends the same document twice.

use crate::files::{self, Links};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// Name of the journal in the output directory.
pub const JOURNAL: &str = "sent.jsonl";

/// What a journal line says of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// Written before the message goes: alone, it means the run stopped while sending.
    Sending,
    /// The server accepted the message.
    Sent,
    /// The server refused it, or could not be reached.
    Failed,
}

/// One line of the journal, appended before and after each message.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sent {
    pub status: Delivery,
    pub time: String,
    pub reference: String,
    pub recipients: Vec<String>,
    pub pdf_sha256: String,
    pub message_id: String,
    pub draft: bool,
    /// Who sent it, in a team's workspace (`serve --auth proxy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// Largest journal read: hundreds of thousands of messages.
const MAX_JOURNAL_BYTES: u64 = 256 << 20;

/// The journal of one output directory.
pub struct Journal {
    path: PathBuf,
    entries: Vec<Sent>,
}

impl Journal {
    /// The journal in `dir`; a line cut short by a crash is ignored.
    pub fn open(dir: &Path) -> Journal {
        let path = dir.join(JOURNAL);
        let entries = files::read_to_string(&path, MAX_JOURNAL_BYTES, Links::Refuse)
            .map(|text| {
                text.lines()
                    .filter_map(|line| serde_json::from_str(line).ok())
                    .collect()
            })
            .unwrap_or_default();
        Journal { path, entries }
    }

    /// Every line, oldest first.
    pub fn entries(&self) -> &[Sent] {
        &self.entries
    }

    /// The last word of the journal on this very message (same PDF, same recipients).
    pub fn last(&self, reference: &str, pdf_sha256: &str, recipients: &[String]) -> Option<&Sent> {
        self.entries.iter().rev().find(|s| {
            s.reference == reference && s.pdf_sha256 == pdf_sha256 && s.recipients == recipients
        })
    }

    /// Appends one entry and flushes it to disk before the next message goes.
    pub fn append(&self, sent: &Sent) -> std::io::Result<()> {
        let mut line = serde_json::to_string(sent).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        // Never through a symbolic link planted in the folder.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        let mut file = options.open(&self.path)?;
        file.write_all(line.as_bytes())?;
        file.sync_data()
    }
}

/// The current time as `2026-11-24T08:30:00Z`.
pub fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc_time(seconds)
}

/// A time given in seconds since 1970 as `2026-11-24T08:30:00Z`.
pub fn utc_time(seconds: u64) -> String {
    let (days, rest) = ((seconds / 86_400) as i64, seconds % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_time_is_iso() {
        let now = utc_now();
        assert_eq!(now.len(), 20);
        assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
    }
}
