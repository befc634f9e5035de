//! The session TTL countdown (pure, natively tested): a conversation awaiting input expires
//! `sessionTtlSeconds` after it started waiting. The task carries no "waiting since" time, so
//! the wait is counted from the newest message (the agent's reply that ended the turn).

use agentdeck_wire::agentcontainer::{Task, TaskMessage};

use super::model::awaits_input;

/// When the agent started waiting: the time of the newest message (Unix ms).
pub fn awaiting_since(messages: &[TaskMessage]) -> Option<i64> {
    messages
        .iter()
        .filter_map(|m| m.created_at.unix_millis())
        .max()
}

/// Milliseconds left before the session expires (0 once due); `None` when the task does not
/// await input or has no TTL.
pub fn remaining_ms(task: &Task, since_ms: Option<i64>, now_ms: i64) -> Option<i64> {
    if !awaits_input(task) {
        return None;
    }
    let ttl_ms = i64::try_from(task.session_ttl_seconds?)
        .ok()?
        .saturating_mul(1000);
    let since = since_ms?;
    Some((since.saturating_add(ttl_ms) - now_ms).max(0))
}

/// "4:05", "1 h 02 min" (rounded up to the second, so it never reads 0:00 too early).
pub fn format_remaining(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    if secs >= 3600 {
        format!("{} h {:02} min", secs / 3600, (secs % 3600) / 60)
    } else {
        format!("{}:{:02}", secs / 60, secs % 60)
    }
}

/// The countdown sentence.
pub fn countdown_text(ms: i64) -> String {
    if ms <= 0 {
        "The session is expiring now.".into()
    } else {
        format!(
            "Waiting for your message: the session expires in {} without input.",
            format_remaining(ms)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::task;
    use super::*;

    #[test]
    fn counts_down_only_while_awaiting_input() {
        let waiting = task("awaiting_input", Some("awaiting_input"));
        // TTL 600 s, waiting since t=1000 ms.
        assert_eq!(remaining_ms(&waiting, Some(1_000), 1_000), Some(600_000));
        assert_eq!(remaining_ms(&waiting, Some(1_000), 301_000), Some(300_000));
        assert_eq!(remaining_ms(&waiting, Some(1_000), 999_000), Some(0));
        assert_eq!(remaining_ms(&waiting, None, 0), None);
        let running = task("running", Some("running"));
        assert_eq!(remaining_ms(&running, Some(1_000), 1_000), None);
        let mut no_ttl = waiting.clone();
        no_ttl.session_ttl_seconds = None;
        assert_eq!(remaining_ms(&no_ttl, Some(1_000), 1_000), None);
    }

    #[test]
    fn reads_as_a_clock() {
        assert_eq!(format_remaining(245_000), "4:05");
        assert_eq!(format_remaining(1), "0:01");
        assert_eq!(format_remaining(3_720_000), "1 h 02 min");
        assert!(countdown_text(61_000).contains("1:01"));
        assert!(countdown_text(0).contains("expiring now"));
    }
}
