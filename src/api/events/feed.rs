//! The feed model (pure, natively tested): the typed [`FeedUpdate`] of a payload, classified by
//! its shape whatever the SSE event name ([`classify_payload`]), and the [`Conversation`] it
//! folds into (task, messages and events, each once, in time order).

use agentdeck_wire::agentcontainer::{classify, FeedItem, Task, TaskEvent, TaskMessage};

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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conversation {
    pub task: Option<Task>,
    pub messages: Vec<TaskMessage>,
    pub events: Vec<TaskEvent>,
}

impl Conversation {
    pub fn apply(&mut self, update: FeedUpdate) {
        match update {
            FeedUpdate::Task(t) => self.task = Some(*t),
            FeedUpdate::Message(m) => {
                match self.messages.iter_mut().find(|o| o.id == m.id) {
                    Some(o) => *o = m,
                    None => self.messages.push(m),
                }
                self.messages
                    .sort_by(|a, b| message_order(a).cmp(&message_order(b)));
            }
            FeedUpdate::Event(e) => {
                match self.events.iter_mut().find(|o| o.id == e.id) {
                    Some(o) => *o = e,
                    None => self.events.push(e),
                }
                self.events.sort_by(|a, b| {
                    (a.created_at.unix_millis(), &a.id).cmp(&(b.created_at.unix_millis(), &b.id))
                });
            }
        }
    }
}

fn message_order(m: &TaskMessage) -> (i64, i64, &str) {
    (
        m.created_at.unix_millis().unwrap_or(i64::MAX),
        m.turn_number,
        &m.id,
    )
}

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
}
