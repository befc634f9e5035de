//! De-duplication of the live feed (pure, natively tested): each update goes through once, and
//! REST snapshots never take an item back to an older state than the live feed showed.

use super::feed::FeedUpdate;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// Lets each update through once: a new id, or a known id whose content changed. Remembers the
/// last `capacity` ids.
///
/// Live updates and REST snapshots race: a snapshot taken before a live update may arrive after
/// it. [`FeedDedupe::mark`] before fetching a snapshot and [`FeedDedupe::admit_snapshot`] then
/// refuses snapshot items older than a live update of the same id, so nothing goes backwards.
#[derive(Debug, Clone)]
pub struct FeedDedupe {
    /// (kind, id) -> (content hash, sequence number of its last live update; 0 if none).
    seen: HashMap<(u8, String), (u64, u64)>,
    order: VecDeque<(u8, String)>,
    capacity: usize,
    seq: u64,
}

impl Default for FeedDedupe {
    fn default() -> Self {
        Self::new(10_000)
    }
}

fn content_hash(u: &FeedUpdate) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let text = match u {
        FeedUpdate::Task(t) => serde_json::to_string(t),
        FeedUpdate::Message(m) => serde_json::to_string(m),
        FeedUpdate::Event(e) => serde_json::to_string(e),
    }
    .unwrap_or_default();
    text.hash(&mut h);
    h.finish()
}

impl FeedDedupe {
    pub fn new(capacity: usize) -> Self {
        FeedDedupe {
            seen: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
            seq: 0,
        }
    }

    /// True when a live `update` is news (and remembers it).
    pub fn admit(&mut self, update: &FeedUpdate) -> bool {
        self.seq += 1;
        let seq = self.seq;
        self.admit_inner(update, Some(seq))
    }

    /// A mark to take before fetching a snapshot.
    pub fn mark(&self) -> u64 {
        self.seq
    }

    /// True when a snapshot item fetched after `mark` is news and not older than a live update.
    pub fn admit_snapshot(&mut self, update: &FeedUpdate, mark: u64) -> bool {
        let key = (update.kind(), update.id().to_string());
        if self.seen.get(&key).is_some_and(|(_, live)| *live > mark) {
            return false;
        }
        self.admit_inner(update, None)
    }

    fn admit_inner(&mut self, update: &FeedUpdate, live_seq: Option<u64>) -> bool {
        let key = (update.kind(), update.id().to_string());
        let hash = content_hash(update);
        match self.seen.get_mut(&key) {
            Some((h, _)) if *h == hash => false,
            Some((h, live)) => {
                *h = hash;
                if let Some(s) = live_seq {
                    *live = s;
                }
                true
            }
            None => {
                self.seen.insert(key.clone(), (hash, live_seq.unwrap_or(0)));
                self.order.push_back(key);
                while self.order.len() > self.capacity {
                    if let Some(old) = self.order.pop_front() {
                        self.seen.remove(&old);
                    }
                }
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::feed::classify_payload;
    use crate::api::events::fixtures::{EVT, MSG};

    #[test]
    fn dedupe_lets_news_through_once() {
        let mut d = FeedDedupe::default();
        let m = classify_payload(MSG).unwrap();
        assert!(d.admit(&m));
        assert!(!d.admit(&m));
        // The same message, changed: news.
        let changed = classify_payload(&MSG.replace("queued", "processed")).unwrap();
        assert!(d.admit(&changed));
        assert!(!d.admit(&changed));
        // Same id, other kind: not confused.
        let e = classify_payload(&EVT.replace("e1", "m1")).unwrap();
        assert!(d.admit(&e));
    }

    #[test]
    fn snapshots_never_go_backwards() {
        let mut d = FeedDedupe::default();
        let queued = classify_payload(MSG).unwrap();
        let processed = classify_payload(&MSG.replace("queued", "processed")).unwrap();
        let mark = d.mark();
        // Snapshot fetched (with `queued`) while the live feed says `processed`.
        assert!(d.admit(&processed));
        assert!(!d.admit_snapshot(&queued, mark), "older snapshot refused");
        // A later snapshot that agrees is not news; one with a new message is.
        let mark = d.mark();
        assert!(!d.admit_snapshot(&processed, mark));
        let other = classify_payload(&MSG.replace("m1", "m9")).unwrap();
        assert!(d.admit_snapshot(&other, mark));
        assert!(!d.admit(&other), "then the live copy is a duplicate");
    }

    #[test]
    fn dedupe_forgets_beyond_capacity() {
        let mut d = FeedDedupe::new(2);
        let a = classify_payload(MSG).unwrap();
        let b = classify_payload(&MSG.replace("m1", "m2")).unwrap();
        let c = classify_payload(&MSG.replace("m1", "m3")).unwrap();
        assert!(d.admit(&a) && d.admit(&b) && d.admit(&c));
        assert!(d.admit(&a), "the oldest was forgotten");
        assert!(!d.admit(&c));
    }
}
