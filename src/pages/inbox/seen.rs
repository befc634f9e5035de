//! What the person has already looked at, kept on this device: per item (`service:id`) the
//! marker of the state they saw ([`InboxItem::seen_marker`]). An item that ended or waits for
//! input is unread until its current marker is the one remembered. Pure; the page loads and
//! saves the JSON in `localStorage` under [`STORAGE_KEY`].

use super::item::InboxItem;
use serde::{Deserialize, Serialize};

/// The `localStorage` key.
pub const STORAGE_KEY: &str = "agentdeck.inbox.seen.v1";

/// Most entries kept; the oldest marked go first.
const MAX_ENTRIES: usize = 2000;

/// Remembered markers, oldest marked first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    entries: Vec<(String, String)>,
}

impl Seen {
    /// Reads what [`Seen::to_json`] wrote; anything unreadable is an empty memory (never an
    /// error: at worst items show as unread again).
    pub fn from_json(text: &str) -> Seen {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    fn marker(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_str())
    }

    /// It ended or waits, and the person has not opened it since.
    pub fn is_unread(&self, item: &InboxItem) -> bool {
        item.phase.wants_a_look() && self.marker(&item.key()) != Some(item.seen_marker.as_str())
    }

    /// Remembers the item as seen in its current state; `false` when nothing changed.
    pub fn mark(&mut self, item: &InboxItem) -> bool {
        let key = item.key();
        if self.marker(&key) == Some(item.seen_marker.as_str()) {
            return false;
        }
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, item.seen_marker.clone()));
        if self.entries.len() > MAX_ENTRIES {
            let extra = self.entries.len() - MAX_ENTRIES;
            self.entries.drain(..extra);
        }
        true
    }

    /// Marks every unread item of `items`; `false` when none was.
    pub fn mark_all<'a>(&mut self, items: impl IntoIterator<Item = &'a InboxItem>) -> bool {
        let mut changed = false;
        for item in items {
            if self.is_unread(item) {
                changed |= self.mark(item);
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::inbox::item::fixtures::{runner, task};

    #[test]
    fn ended_items_are_unread_until_marked_in_that_state() {
        let mut seen = Seen::default();
        let running = InboxItem::from_runner(&runner("r1", "running", None));
        assert!(!seen.is_unread(&running), "running is never unread");
        let done = InboxItem::from_runner(&runner("r1", "done", Some("2026-01-01T00:04:00Z")));
        assert!(seen.is_unread(&done));
        assert!(seen.mark(&done));
        assert!(!seen.mark(&done), "marking twice changes nothing");
        assert!(!seen.is_unread(&done));
        // A follow-up ended later: unread again.
        let again = InboxItem::from_runner(&runner("r1", "done", Some("2026-01-01T02:00:00Z")));
        assert!(seen.is_unread(&again));
        assert_eq!(seen.entries.len(), 1);
    }

    #[test]
    fn mark_all_marks_only_what_was_unread_and_survives_storage() {
        let items = vec![
            InboxItem::from_task(&task(
                "t1",
                "autonomous",
                "finished",
                Some("2026-01-01T00:09:00Z"),
            )),
            InboxItem::from_task(&task("t2", "conversation", "awaiting_input", None)),
            InboxItem::from_task(&task("t3", "autonomous", "running", None)),
            InboxItem::from_task(&task("t4", "autonomous", "failed", None)),
        ];
        let mut seen = Seen::default();
        assert!(seen.mark_all(&items));
        assert!(!seen.mark_all(&items));
        assert_eq!(seen.entries.len(), 3, "the running task is not remembered");
        let back = Seen::from_json(&seen.to_json());
        assert_eq!(back, seen);
        assert!(items.iter().all(|i| !back.is_unread(i)));
    }

    #[test]
    fn unreadable_storage_is_an_empty_memory() {
        assert!(Seen::from_json("").entries.is_empty());
        assert!(Seen::from_json("{\"entries\": 3}").entries.is_empty());
        assert!(Seen::from_json("[1,2]").entries.is_empty());
    }

    #[test]
    fn the_memory_is_bounded_oldest_first() {
        let mut seen = Seen::default();
        for i in 0..MAX_ENTRIES + 5 {
            let id = format!("t{i}");
            seen.mark(&InboxItem::from_task(&task(
                &id,
                "autonomous",
                "finished",
                None,
            )));
        }
        assert_eq!(seen.entries.len(), MAX_ENTRIES);
        let first = InboxItem::from_task(&task("t0", "autonomous", "finished", None));
        let last = InboxItem::from_task(&task(
            &format!("t{}", MAX_ENTRIES + 4),
            "autonomous",
            "finished",
            None,
        ));
        assert!(seen.is_unread(&first));
        assert!(!seen.is_unread(&last));
    }
}
