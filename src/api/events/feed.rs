//! The feed model (pure, natively tested): the typed [`FeedUpdate`] of a payload, classified by
//! its shape whatever the SSE event name ([`classify_payload`]), and the [`Conversation`] it
//! folds into (task, messages and events, each once, in time order).

use agentdeck_wire::agentcontainer::{classify, FeedItem, Task, TaskEvent, TaskMessage};
use std::cmp::Ordering;
use std::collections::HashSet;

/// One typed update of the live feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedUpdate {
    /// The task, after a state change.
    Task(Box<Task>),
    /// A message, new or changed (e.g. `queued` -> `processed`): replace by id.
    Message(TaskMessage),
    /// A conversation event (mode switch, expiry, hibernation).
    Event(TaskEvent),
}

impl FeedUpdate {
    pub fn id(&self) -> &str {
        match self {
            FeedUpdate::Task(t) => &t.id,
            FeedUpdate::Message(m) => &m.id,
            FeedUpdate::Event(e) => &e.id,
        }
    }

    /// Which of the three kinds this is (ids are unique per kind only).
    pub(super) fn kind(&self) -> u8 {
        match self {
            FeedUpdate::Task(_) => 0,
            FeedUpdate::Message(_) => 1,
            FeedUpdate::Event(_) => 2,
        }
    }

    /// The typed update of a classified payload (`None` for unknown shapes).
    pub fn from_item(item: FeedItem) -> Option<Self> {
        match item {
            FeedItem::Task(t) => Some(FeedUpdate::Task(t)),
            FeedItem::Message(m) => Some(FeedUpdate::Message(m)),
            FeedItem::Event(e) => Some(FeedUpdate::Event(e)),
            FeedItem::Unknown(_) => None,
        }
    }
}

/// What a conversation page shows, kept up to date by [`Conversation::apply`]: the task, its
/// messages and events, each once (replaced by id), in time order.
///
/// ```text
/// let convo = Rc::new(RefCell::new(Conversation::default()));
/// let c = convo.clone();
/// EventStream::connect(&conn, &id, &scope, move |u| c.borrow_mut().apply(u), |state| show(state));
/// ```
///
/// Change the lists through [`Conversation::apply`], which keeps an index of the ids (built
/// anew when the lists were filled directly) so an update of a 10,000-message conversation costs a hash look-up and a
/// binary search, not a scan and a sort.
#[derive(Debug, Clone, Default)]
pub struct Conversation {
    pub task: Option<Task>,
    pub messages: Vec<TaskMessage>,
    pub events: Vec<TaskEvent>,
    message_ids: HashSet<String>,
    event_ids: HashSet<String>,
}

impl PartialEq for Conversation {
    fn eq(&self, other: &Self) -> bool {
        self.task == other.task && self.messages == other.messages && self.events == other.events
    }
}

impl Conversation {
    pub fn apply(&mut self, update: FeedUpdate) {
        match update {
            FeedUpdate::Task(t) => self.task = Some(*t),
            FeedUpdate::Message(m) => upsert(
                &mut self.messages,
                &mut self.message_ids,
                m,
                |m| &m.id,
                |a, b| message_order(a).cmp(&message_order(b)),
            ),
            FeedUpdate::Event(e) => upsert(
                &mut self.events,
                &mut self.event_ids,
                e,
                |e| &e.id,
                |a, b| event_order(a).cmp(&event_order(b)),
            ),
        }
    }
}

impl Conversation {
    /// Applies many updates at once. A page of earlier history goes in with one merge rather
    /// than an insertion (a copy of the list) per message, so loading 500 older messages into
    /// a 10,000-message conversation stays cheap.
    pub fn apply_all(&mut self, updates: Vec<FeedUpdate>) {
        if updates.len() < 2 {
            updates.into_iter().for_each(|u| self.apply(u));
            return;
        }
        let (mut messages, mut events, mut rest) = (Vec::new(), Vec::new(), Vec::new());
        for u in updates {
            match u {
                FeedUpdate::Message(m) => messages.push(m),
                FeedUpdate::Event(e) => events.push(e),
                other => rest.push(other),
            }
        }
        rest.extend(
            merge_new(
                &mut self.messages,
                &mut self.message_ids,
                messages,
                |m| &m.id,
                |a, b| message_order(a).cmp(&message_order(b)),
            )
            .into_iter()
            .map(FeedUpdate::Message),
        );
        rest.extend(
            merge_new(
                &mut self.events,
                &mut self.event_ids,
                events,
                |e| &e.id,
                |a, b| event_order(a).cmp(&event_order(b)),
            )
            .into_iter()
            .map(FeedUpdate::Event),
        );
        rest.into_iter().for_each(|u| self.apply(u));
    }
}

/// Merges the items of `batch` whose ids `list` lacks into it (one sort of two sorted runs);
/// returns the others (updates of known items, repeats within the batch) to apply one by one.
fn merge_new<T>(
    list: &mut Vec<T>,
    ids: &mut HashSet<String>,
    batch: Vec<T>,
    id: impl Fn(&T) -> &String,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Vec<T> {
    if ids.len() != list.len() {
        *ids = list.iter().map(|o| id(o).clone()).collect();
    }
    let (mut fresh, mut known) = (Vec::new(), Vec::new());
    for item in batch {
        if ids.insert(id(&item).clone()) {
            fresh.push(item);
        } else {
            known.push(item);
        }
    }
    if !fresh.is_empty() {
        fresh.sort_by(&cmp);
        let after_all = list
            .last()
            .zip(fresh.first())
            .is_none_or(|(l, f)| cmp(l, f).is_lt());
        list.extend(fresh);
        if !after_all {
            list.sort_by(&cmp);
        }
    }
    known
}

/// Puts `item` into `list` (sorted by `cmp`, whose order ends with the id, so no two items tie):
/// replacing the item of the same id, else inserting it where it sorts. The common cases are
/// cheap: a new item sorting last is pushed; an update that keeps its place is found by binary
/// search. Only an update that moves the item scans for it.
fn upsert<T>(
    list: &mut Vec<T>,
    ids: &mut HashSet<String>,
    item: T,
    id: impl Fn(&T) -> &String,
    cmp: impl Fn(&T, &T) -> Ordering,
) {
    if ids.len() != list.len() {
        // The list was changed around `apply` (e.g. filled directly): index it anew.
        *ids = list.iter().map(|o| id(o).clone()).collect();
    }
    if ids.contains(id(&item)) {
        let at = list.binary_search_by(|o| cmp(o, &item));
        if let Ok(i) = at {
            if id(&list[i]) == id(&item) {
                list[i] = item;
                return;
            }
        }
        // It moved (its time changed): take the old one out, then insert as new.
        if let Some(i) = list.iter().position(|o| id(o) == id(&item)) {
            list.remove(i);
        }
    } else {
        ids.insert(id(&item).clone());
    }
    let sorts_last = list.last().is_none_or(|l| cmp(l, &item).is_lt());
    if sorts_last {
        list.push(item);
    } else {
        let at = list.partition_point(|o| cmp(o, &item).is_lt());
        list.insert(at, item);
    }
}

fn message_order(m: &TaskMessage) -> (i64, i64, &str) {
    (
        m.created_at.unix_millis().unwrap_or(i64::MAX),
        m.turn_number,
        &m.id,
    )
}

fn event_order(e: &TaskEvent) -> (Option<i64>, &str) {
    (e.created_at.unix_millis(), &e.id)
}

/// SSE event names listened to besides unnamed `message` events. The service does not publish
/// its names, so payloads are classified by shape whatever the name; these cover local-api's
/// names and likely ones.
pub const EVENT_NAMES: &[&str] = &[
    "task",
    "message",
    "event",
    "update",
    "task_update",
    "task.updated",
    "task_event",
    "conversation_event",
    "conversation_message",
    "message.created",
    "message.updated",
    "snapshot",
];

/// Classifies the `data` of one SSE event (any event name). Unknown shapes and non-JSON: `None`.
pub fn classify_payload(data: &str) -> Option<FeedUpdate> {
    let value: serde_json::Value = serde_json::from_str(data).ok()?;
    FeedUpdate::from_item(classify(&value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::fixtures::{EVT, MSG, TASK};

    #[test]
    fn classifies_payloads_by_shape() {
        assert!(matches!(classify_payload(MSG), Some(FeedUpdate::Message(m)) if m.id == "m1"));
        assert!(matches!(classify_payload(EVT), Some(FeedUpdate::Event(e)) if e.id == "e1"));
        match classify_payload(TASK) {
            Some(FeedUpdate::Task(t)) => assert_eq!(t.id, "t1"),
            other => panic!("task not recognised: {other:?}"),
        }
        let wrapped = format!(r#"{{"message":{MSG}}}"#);
        assert!(matches!(
            classify_payload(&wrapped),
            Some(FeedUpdate::Message(_))
        ));
        assert_eq!(classify_payload("ping"), None);
        assert_eq!(classify_payload(r#"{"hello":"world"}"#), None);
        assert_eq!(classify_payload(""), None);
    }

    #[test]
    fn a_conversation_keeps_each_item_once_in_time_order() {
        let mut c = Conversation::default();
        let later = MSG
            .replace("m1", "m2")
            .replace("09:30:00.000Z", "09:31:00.000Z")
            .replace("user", "assistant");
        c.apply(classify_payload(&later).unwrap());
        c.apply(classify_payload(MSG).unwrap());
        c.apply(classify_payload(&MSG.replace("queued", "processed")).unwrap());
        assert_eq!(
            c.messages.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["m1", "m2"]
        );
        assert_eq!(c.messages[0].status.as_str(), "processed");
        c.apply(classify_payload(EVT).unwrap());
        c.apply(classify_payload(EVT).unwrap());
        assert_eq!(c.events.len(), 1);
        c.apply(classify_payload(TASK).unwrap());
        assert_eq!(c.task.as_ref().map(|t| t.id.as_str()), Some("t1"));
    }

    fn msg(id: &str, second: u32) -> FeedUpdate {
        let json = MSG
            .replace("\"m1\"", &format!("\"{id}\""))
            .replace("09:30:00.000Z", &format!("09:30:{second:02}.000Z"));
        classify_payload(&json).unwrap()
    }

    fn ids(c: &Conversation) -> Vec<&str> {
        c.messages.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn out_of_order_messages_take_their_sorted_place() {
        let mut c = Conversation::default();
        for (id, s) in [
            ("a", 10),
            ("c", 30),
            ("b", 20),
            ("e", 50),
            ("0", 1),
            ("d", 40),
        ] {
            c.apply(msg(id, s));
        }
        assert_eq!(ids(&c), ["0", "a", "b", "c", "d", "e"]);
        // Equal times: ordered by id.
        c.apply(msg("bb", 20));
        c.apply(msg("ba", 20));
        assert_eq!(ids(&c), ["0", "a", "b", "ba", "bb", "c", "d", "e"]);
    }

    #[test]
    fn duplicate_ids_replace_in_place_or_move() {
        let mut c = Conversation::default();
        for (id, s) in [("a", 10), ("b", 20), ("c", 30)] {
            c.apply(msg(id, s));
        }
        // The same message again (a replay), and a changed one at the same place.
        c.apply(msg("b", 20));
        let processed = MSG
            .replace("\"m1\"", "\"a\"")
            .replace("09:30:00", "09:30:10");
        c.apply(classify_payload(&processed.replace("queued", "processed")).unwrap());
        assert_eq!(ids(&c), ["a", "b", "c"]);
        assert_eq!(c.messages[0].status.as_str(), "processed");
        // A message whose time changed moves, still once: to the end, then to the front.
        c.apply(msg("a", 40));
        assert_eq!(ids(&c), ["b", "c", "a"]);
        c.apply(msg("c", 5));
        assert_eq!(ids(&c), ["c", "b", "a"]);
        // Events too.
        let later = EVT.replace("\"e1\"", "\"e2\"");
        c.apply(classify_payload(&later).unwrap());
        c.apply(classify_payload(EVT).unwrap());
        c.apply(classify_payload(&later).unwrap());
        let events: Vec<&str> = c.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(events, ["e1", "e2"]);
    }

    #[test]
    fn a_list_filled_directly_is_indexed_before_the_next_update() {
        let mut c = Conversation::default();
        c.apply(msg("a", 1));
        let FeedUpdate::Message(b) = msg("b", 2) else {
            unreachable!()
        };
        c.messages.push(b);
        c.apply(msg("b", 2));
        c.apply(msg("c", 3));
        assert_eq!(ids(&c), ["a", "b", "c"]);
    }

    #[test]
    fn equality_ignores_the_id_index() {
        let mut a = Conversation::default();
        a.apply(msg("a", 1));
        let mut b = a.clone();
        assert_eq!(a, b);
        b.apply(msg("a", 1));
        assert_eq!(a, b);
        b.apply(msg("b", 2));
        assert_ne!(a, b);
    }

    #[test]
    fn a_batch_of_earlier_history_merges_in_time_order_once() {
        let mut c = Conversation::default();
        c.apply_all(vec![msg("m5", 50), msg("m6", 60)]);
        // An older page, a repeat inside it, and an update of a known message.
        let mut updated = msg("m6", 60);
        if let FeedUpdate::Message(m) = &mut updated {
            m.content = "edited".into();
        }
        c.apply_all(vec![
            msg("m2", 20),
            msg("m1", 10),
            msg("m2", 20),
            updated,
            msg("m3", 30),
        ]);
        assert_eq!(
            c.messages.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["m1", "m2", "m3", "m5", "m6"]
        );
        assert_eq!(c.messages[4].content, "edited");
        // One by one afterwards still finds each by id.
        c.apply(msg("m4", 40));
        c.apply(msg("m1", 10));
        assert_eq!(c.messages.len(), 6);
        assert_eq!(c.messages[3].id, "m4");
    }
}
