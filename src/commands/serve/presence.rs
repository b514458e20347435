//! Who has a convention open: the page of each user says so every few seconds
//! (`POST /api/conventions/{reference}/presence`) and hears who else is on it, shown as
//! « en cours de modification par … ». A user not heard of for [`EXPIRES`] has left.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::App;
use super::answers::PresenceAnswer;
use super::auth::User;

/// How long a user counts as present after their page last said so (it says so every 5 s).
pub const EXPIRES: Duration = Duration::from_secs(15);

/// Most conventions followed at once: beyond, the oldest are forgotten.
const MAX_FOLLOWED: usize = 10_000;

/// The users on each convention, with when their page was last heard.
#[derive(Default)]
pub struct Presence(Mutex<HashMap<String, HashMap<String, Instant>>>);

impl Presence {
    /// Notes `user` on `reference` now; the others on it, by name.
    pub fn here(&self, reference: &str, user: &str) -> Vec<String> {
        self.here_at(reference, user, Instant::now())
    }

    fn here_at(&self, reference: &str, user: &str, now: Instant) -> Vec<String> {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let live = |seen: &Instant| now.saturating_duration_since(*seen) < EXPIRES;
        if all.len() >= MAX_FOLLOWED {
            all.retain(|_, users| users.values().any(live));
        }
        let users = all.entry(reference.to_string()).or_default();
        users.retain(|_, seen| live(seen));
        users.insert(user.to_string(), now);
        let mut others: Vec<String> = (users.keys())
            .filter(|name| *name != user)
            .cloned()
            .collect();
        others.sort();
        others
    }
}

/// `POST /api/conventions/{reference}/presence`: this user is on the convention;
/// `{user, others}`, the names of the others on it (none in token mode: one person).
pub async fn presence(
    State(app): State<Arc<App>>,
    Path(reference): Path<String>,
    user: User,
) -> Response {
    let others = match user.name() {
        Some(name) => app.presence.here(&reference, name),
        None => Vec::new(),
    };
    let user = user.name().map(str::to_string);
    Json(PresenceAnswer { user, others }).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_see_each_other_until_they_leave() {
        let presence = Presence::default();
        let start = Instant::now();
        assert!(presence.here_at("A", "alice", start).is_empty());
        let later = start + Duration::from_secs(4);
        assert_eq!(presence.here_at("A", "bob", later), ["alice"]);
        assert!(presence.here_at("B", "carol", later).is_empty());
        assert_eq!(presence.here_at("A", "alice", later), ["bob"]);
        let gone = later + EXPIRES;
        assert!(presence.here_at("A", "alice", gone).is_empty(), "bob left");
    }
}
