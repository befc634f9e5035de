//! The conversation timeline as plain data (pure, natively tested): messages and events merged
//! into one list in time order ([`TimelineOrder`]), what each item says in words (roles and
//! event kinds, known or not, usage), and when the user may send ([`send_blocked`]).

use agentdeck_wire::agentcontainer::{
    JsonObject, MessageRole, Task, TaskEvent, TaskEventKind, TaskMessage, TaskStatus, TurnStatus,
};

/// One place in the timeline: the index of a message or of an event of the folded
/// conversation (no copy of the data, so a 10,000-message timeline orders cheaply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Message(usize),
    Event(usize),
}

/// The time of a message or event in the merged order (no time sorts last).
fn time_of(ts: &agentdeck_wire::Timestamp) -> i64 {
    ts.unix_millis().unwrap_or(i64::MAX)
}

/// Messages and events (each already in time order, as the folded conversation keeps them)
/// merged into one time-ordered list, on equal times a message before an event, held without
/// a list of all slots: only where each event goes. Building it costs a binary search over
/// the messages per event, so a 10,000-message timeline is ordered anew on each update for
/// next to nothing; [`TimelineOrder::slots`] lists only the part shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineOrder {
    messages: usize,
    /// The merged index of each event, increasing.
    event_at: Vec<usize>,
}

impl TimelineOrder {
    pub fn new(messages: &[TaskMessage], events: &[TaskEvent]) -> TimelineOrder {
        let mut taken = 0;
        let event_at = events
            .iter()
            .enumerate()
            .map(|(j, e)| {
                let t = time_of(&e.created_at);
                taken += messages[taken..].partition_point(|m| time_of(&m.created_at) <= t);
                taken + j
            })
            .collect();
        TimelineOrder {
            messages: messages.len(),
            event_at,
        }
    }

    pub fn len(&self) -> usize {
        self.messages + self.event_at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where `slot` is in the merged order.
    pub fn index_of(&self, slot: Slot) -> usize {
        match slot {
            Slot::Event(j) => self.event_at.get(j).copied().unwrap_or(self.len()),
            Slot::Message(i) => {
                // Event j has `event_at[j] - j` messages before it (never fewer for a later
                // event): the events before message i are those with at most i.
                let (mut lo, mut hi) = (0, self.event_at.len());
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    if self.event_at[mid] - mid <= i {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                i + lo
            }
        }
    }

    /// The slots at merged indexes `range` (clamped to the timeline).
    pub fn slots(&self, range: std::ops::Range<usize>) -> Vec<Slot> {
        let end = range.end.min(self.len());
        let mut k = self.event_at.partition_point(|&p| p < range.start);
        (range.start.min(end)..end)
            .map(|p| {
                if self.event_at.get(k) == Some(&p) {
                    k += 1;
                    Slot::Event(k - 1)
                } else {
                    Slot::Message(p - k)
                }
            })
            .collect()
    }
}

/// The plain merge [`TimelineOrder`] must agree with.
#[cfg(test)]
fn timeline_order(messages: &[TaskMessage], events: &[TaskEvent]) -> Vec<Slot> {
    let mut out = Vec::with_capacity(messages.len() + events.len());
    let (mut i, mut j) = (0, 0);
    let msg_t = |k: usize| time_of(&messages[k].created_at);
    let evt_t = |k: usize| time_of(&events[k].created_at);
    while i < messages.len() || j < events.len() {
        let take_message = j >= events.len() || (i < messages.len() && msg_t(i) <= evt_t(j));
        if take_message {
            out.push(Slot::Message(i));
            i += 1;
        } else {
            out.push(Slot::Event(j));
            j += 1;
        }
    }
    out
}

/// Who wrote a message, in words; an unknown role shows as the server sent it.
pub fn role_label(role: &MessageRole) -> String {
    match role {
        MessageRole::User => "You".into(),
        MessageRole::Assistant => "Agent".into(),
        other => other.as_str().to_string(),
    }
}

/// A fixed CSS class suffix for a role (never the server's string).
pub fn role_class(role: &MessageRole) -> &'static str {
    match role {
        MessageRole::User => "user",
        MessageRole::Assistant => "assistant",
        _ => "other",
    }
}

/// What a conversation event is, in words; an unknown kind shows as the server sent it.
pub fn event_label(kind: &TaskEventKind) -> String {
    match kind {
        TaskEventKind::ModeSwitchedToAutonomous => "Switched to autonomous mode".into(),
        TaskEventKind::ModeSwitchedToConversation => "Switched to conversation mode".into(),
        TaskEventKind::SessionExpired => "Session expired".into(),
        TaskEventKind::HibernationRequested => "Hibernating".into(),
        TaskEventKind::HibernationWoken => "Woken from hibernation".into(),
        other => other.as_str().replace('_', " "),
    }
}

fn count(usage: &JsonObject, key: &str) -> Option<u64> {
    usage.get(key).and_then(|v| v.as_u64())
}

/// Digits grouped by thousands: `12,345`.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "$0.0123 · 1,234 tokens (800 in, 434 out)"; `None` when the message has neither.
pub fn usage_text(cost_usd: Option<f64>, tokens: Option<&JsonObject>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(c) = cost_usd {
        parts.push(format!("${c:.4}"));
    }
    if let Some(t) = tokens {
        let (input, output) = (count(t, "inputTokens"), count(t, "outputTokens"));
        let total = count(t, "totalTokens").or(match (input, output) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        });
        if let Some(total) = total {
            let split = match (input, output) {
                (Some(a), Some(b)) => format!(" ({} in, {} out)", grouped(a), grouped(b)),
                _ => String::new(),
            };
            parts.push(format!("{} tokens{split}", grouped(total)));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Whether the agent waits for the user's message.
pub fn awaits_input(task: &Task) -> bool {
    task.status == TaskStatus::AwaitingInput
        || (task.turn_status == Some(TurnStatus::AwaitingInput) && !task.status.is_terminal())
}

/// Whether autonomous mode is on.
pub fn is_autonomous(task: &Task) -> bool {
    task.turn_status == Some(TurnStatus::Autonomous)
}

/// Why a message cannot be sent now, in words; `None` when it can. `problem` is what the
/// attachments say (uploading, failed).
pub fn send_blocked(task: Option<&Task>, text: &str, problem: Option<&str>) -> Option<String> {
    let Some(task) = task else {
        return Some("Loading the conversation\u{2026}".into());
    };
    if task.status.is_terminal() {
        return Some(format!(
            "This conversation has ended ({}): it takes no more messages. Start a new one from the agent.",
            task.status.as_str().replace('_', " ")
        ));
    }
    if !awaits_input(task) {
        let why = if is_autonomous(task) {
            "Autonomous mode is on: the agent carries on by itself. Switch it off to talk to it."
        } else if task.status == TaskStatus::Hibernating {
            "The agent is hibernating. You can send once it awaits your input."
        } else {
            "The agent is working on its reply. You can send once it awaits your input; your text is kept."
        };
        return Some(why.into());
    }
    if let Some(p) = problem {
        return Some(p.into());
    }
    if text.trim().is_empty() {
        return Some("Write a message first.".into());
    }
    None
}

/// Where a conversation stands, for notifications: the agent works, waits for the user, or
/// the conversation ended (well or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Working,
    AwaitingInput,
    Ended { ok: bool },
}

pub fn phase(task: &Task) -> Phase {
    if task.status.is_terminal() {
        Phase::Ended {
            ok: task.status == TaskStatus::Finished,
        }
    } else if awaits_input(task) {
        Phase::AwaitingInput
    } else {
        Phase::Working
    }
}

/// What to tell the user when the phase moved from `before` to `now` (never on the first
/// look, `before == None`): the tab marker (`true` = good news) and the notification text.
pub fn attention(before: Option<Phase>, now: Phase, title: &str) -> Option<(bool, String)> {
    let before = before?;
    if before == now {
        return None;
    }
    match now {
        Phase::AwaitingInput => Some((true, format!("Your turn: {title}"))),
        Phase::Ended { ok: true } => Some((true, format!("Conversation finished: {title}"))),
        Phase::Ended { ok: false } => Some((false, format!("Conversation ended: {title}"))),
        Phase::Working => None,
    }
}

/// The idempotency key of a create about to be sent: the last attempt's key when that attempt
/// sent the same body (a retry the service must not do twice); `None` means "use a new key".
pub fn retry_key<B: PartialEq, K: Clone>(last: Option<&(B, K)>, body: &B) -> Option<K> {
    last.filter(|(b, _)| b == body).map(|(_, k)| k.clone())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::task;
    use super::*;
    use agentdeck_wire::agentcontainer::MessageStatus;
    use agentdeck_wire::Timestamp;

    fn msg(id: &str, at: &str) -> TaskMessage {
        TaskMessage {
            id: id.into(),
            turn_number: 1,
            role: MessageRole::User,
            status: MessageStatus::Processed,
            content: "hi".into(),
            files: vec![],
            token_usage: None,
            cost_usd: None,
            created_at: Timestamp::new(at),
        }
    }

    fn evt(id: &str, at: &str, kind: &str) -> TaskEvent {
        TaskEvent {
            id: id.into(),
            kind: TaskEventKind::parse(kind),
            turn_number: None,
            message: String::new(),
            metadata: Default::default(),
            created_at: Timestamp::new(at),
        }
    }

    #[test]
    fn messages_and_events_merge_in_time_order() {
        let m = [
            msg("m1", "2026-03-25T09:30:00.000Z"),
            msg("m2", "2026-03-25T09:32:00.000Z"),
        ];
        let e = [
            evt("e1", "2026-03-25T09:31:00.000Z", "session_expired"),
            evt("e2", "2026-03-25T09:32:00.000Z", "x"),
        ];
        assert_eq!(
            TimelineOrder::new(&m, &e).slots(0..4),
            timeline_order(&m, &e)
        );
        assert_eq!(
            timeline_order(&m, &e),
            [
                Slot::Message(0),
                Slot::Event(0),
                Slot::Message(1),
                Slot::Event(1)
            ]
        );
        assert_eq!(timeline_order(&[], &e).len(), 2);
        assert_eq!(timeline_order(&m, &[]).len(), 2);
    }

    #[test]
    fn the_held_order_agrees_with_the_plain_merge() {
        let at = |s: u32| format!("2026-03-25T09:{:02}:{:02}.000Z", s / 60, s % 60);
        let m: Vec<TaskMessage> = [1, 3, 3, 5, 8, 13, 13, 20]
            .iter()
            .enumerate()
            .map(|(i, &s)| msg(&format!("m{i}"), &at(s)))
            .collect();
        let mut e: Vec<TaskEvent> = [0, 3, 4, 13, 13, 30]
            .iter()
            .enumerate()
            .map(|(j, &s)| evt(&format!("e{j}"), &at(s), "x"))
            .collect();
        // An event without a readable time (the feed sorts it first; the merge puts the
        // messages before it).
        e.insert(0, evt("bad", "not a time", "x"));
        for (m, e) in [
            (&m[..], &e[..]),
            (&m[..], &[][..]),
            (&[][..], &e[..]),
            (&m[..0], &e[..0]),
        ] {
            let plain = timeline_order(m, e);
            let held = TimelineOrder::new(m, e);
            assert_eq!(held.len(), plain.len());
            assert_eq!(held.slots(0..held.len()), plain);
            for start in 0..=plain.len() {
                for end in start..=plain.len() + 2 {
                    assert_eq!(held.slots(start..end), plain[start..end.min(plain.len())]);
                }
            }
        }
    }

    #[test]
    fn unknown_roles_and_kinds_render_as_text() {
        assert_eq!(role_label(&MessageRole::parse("user")), "You");
        assert_eq!(role_label(&MessageRole::parse("assistant")), "Agent");
        assert_eq!(
            role_label(&MessageRole::parse("system_note")),
            "system_note"
        );
        assert_eq!(role_class(&MessageRole::parse("<b>x</b>")), "other");
        assert_eq!(
            event_label(&TaskEventKind::parse("mode_switched_to_autonomous")),
            "Switched to autonomous mode"
        );
        assert_eq!(
            event_label(&TaskEventKind::parse("budget_warning")),
            "budget warning"
        );
    }

    #[test]
    fn usage_reads_plainly() {
        let t: JsonObject = serde_json::from_value(
            serde_json::json!({"inputTokens": 1200, "outputTokens": 34, "totalTokens": 1234}),
        )
        .unwrap();
        assert_eq!(
            usage_text(Some(0.0123), Some(&t)).unwrap(),
            "$0.0123 · 1,234 tokens (1,200 in, 34 out)"
        );
        assert_eq!(usage_text(None, None), None);
        let only: JsonObject =
            serde_json::from_value(serde_json::json!({"totalTokens": 5})).unwrap();
        assert_eq!(usage_text(None, Some(&only)).unwrap(), "5 tokens");
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(grouped(12), "12");
    }

    #[test]
    fn sending_needs_a_waiting_agent_and_text() {
        let waiting = task("awaiting_input", Some("awaiting_input"));
        assert_eq!(send_blocked(Some(&waiting), "hello", None), None);
        assert!(send_blocked(Some(&waiting), " ", None).is_some());
        assert_eq!(
            send_blocked(Some(&waiting), "x", Some("Wait for uploads")),
            Some("Wait for uploads".into())
        );
        let running = task("running", Some("running"));
        assert!(send_blocked(Some(&running), "x", None)
            .unwrap()
            .contains("working on its reply"));
        let auto = task("running", Some("autonomous"));
        assert!(send_blocked(Some(&auto), "x", None)
            .unwrap()
            .contains("Autonomous"));
        let ended = task("expired", None);
        assert!(send_blocked(Some(&ended), "x", None)
            .unwrap()
            .contains("ended (expired)"));
        assert!(send_blocked(None, "x", None).is_some());
    }

    #[test]
    fn a_retry_of_the_same_body_reuses_its_key() {
        let last = ("hello".to_string(), 7);
        assert_eq!(retry_key(Some(&last), &"hello".to_string()), Some(7));
        assert_eq!(retry_key(Some(&last), &"hello!".to_string()), None);
        assert_eq!(retry_key::<String, i32>(None, &"hello".to_string()), None);
    }

    #[test]
    fn attention_only_on_changes() {
        let t = "Fix it";
        assert_eq!(attention(None, Phase::AwaitingInput, t), None);
        assert_eq!(
            attention(Some(Phase::AwaitingInput), Phase::AwaitingInput, t),
            None
        );
        assert_eq!(
            attention(Some(Phase::Working), Phase::AwaitingInput, t),
            Some((true, "Your turn: Fix it".into()))
        );
        assert_eq!(
            attention(Some(Phase::Working), Phase::Ended { ok: false }, t).map(|a| a.0),
            Some(false)
        );
        assert_eq!(
            attention(Some(Phase::AwaitingInput), Phase::Working, t),
            None
        );
        assert_eq!(phase(&task("finished", None)), Phase::Ended { ok: true });
        assert_eq!(phase(&task("running", Some("running"))), Phase::Working);
        assert_eq!(
            phase(&task("awaiting_input", Some("awaiting_input"))),
            Phase::AwaitingInput
        );
    }

    #[test]
    fn index_of_finds_each_slot_where_the_merge_puts_it() {
        let at = |s: u32| format!("2026-03-25T09:00:{s:02}.000Z");
        let messages: Vec<_> = [1, 3, 3, 7, 9]
            .iter()
            .enumerate()
            .map(|(i, &t)| msg(&format!("m{i}"), &at(t)))
            .collect();
        let events: Vec<_> = [0, 3, 4, 10, 10]
            .iter()
            .enumerate()
            .map(|(j, &t)| evt(&format!("e{j}"), &at(t), "x"))
            .collect();
        let order = TimelineOrder::new(&messages, &events);
        for (at, slot) in timeline_order(&messages, &events).into_iter().enumerate() {
            assert_eq!(order.index_of(slot), at, "{slot:?}");
        }
    }
}
