//! The inbox's order: both services' items merged into three groups, "Needs you" (waiting for
//! input, or ended and unread) first, then what is running, then everything else; newest first
//! inside a group. Pure.

use super::item::{InboxItem, Phase};
use super::next_action::NextAction;
use super::seen::Seen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    NeedsYou,
    Running,
    Rest,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::NeedsYou, Group::Running, Group::Rest];

    /// The group's heading.
    pub fn title(self) -> &'static str {
        match self {
            Group::NeedsYou => "Needs you",
            Group::Running => "Running",
            Group::Rest => "Everything else",
        }
    }

    /// Stable, for ids and `data-group`.
    pub fn key(self) -> &'static str {
        match self {
            Group::NeedsYou => "needs-you",
            Group::Running => "running",
            Group::Rest => "rest",
        }
    }

    /// What the group says when it is empty.
    pub fn empty_text(self) -> &'static str {
        match self {
            Group::NeedsYou => "Nothing needs you right now.",
            Group::Running => "No agent is running.",
            Group::Rest => "Nothing else.",
        }
    }

    /// The group of an item: waiting always needs the person; an ended item while unread.
    pub fn of(item: &InboxItem, unread: bool) -> Group {
        match item.phase {
            Phase::AwaitingInput => Group::NeedsYou,
            Phase::Finished | Phase::Failed if unread => Group::NeedsYou,
            Phase::Running => Group::Running,
            _ => Group::Rest,
        }
    }
}

/// One row as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub item: InboxItem,
    pub unread: bool,
    pub action: NextAction,
}

/// Both services' items as one list (an item listed twice keeps its first copy).
pub fn merge(sources: &[&[InboxItem]]) -> Vec<InboxItem> {
    let mut keys = std::collections::HashSet::new();
    sources
        .iter()
        .flat_map(|s| s.iter())
        .filter(|i| keys.insert(i.key()))
        .cloned()
        .collect()
}

/// The rows of each group, in [`Group::ALL`] order (empty groups included), newest first.
pub fn arrange(items: &[InboxItem], seen: &Seen) -> Vec<(Group, Vec<Row>)> {
    let mut groups: Vec<(Group, Vec<Row>)> = Group::ALL.iter().map(|g| (*g, Vec::new())).collect();
    for item in items {
        let unread = seen.is_unread(item);
        let row = Row {
            item: item.clone(),
            unread,
            action: NextAction::for_item(item, unread),
        };
        let g = Group::of(item, unread);
        if let Some((_, rows)) = groups.iter_mut().find(|(k, _)| *k == g) {
            rows.push(row);
        }
    }
    for (_, rows) in &mut groups {
        rows.sort_by(|a, b| {
            b.item
                .changed_ms()
                .cmp(&a.item.changed_ms())
                .then_with(|| a.item.key().cmp(&b.item.key()))
        });
    }
    groups
}

/// How many items need the person (for the tab title).
pub fn needs_you_count(groups: &[(Group, Vec<Row>)]) -> usize {
    groups
        .iter()
        .find(|(g, _)| *g == Group::NeedsYou)
        .map_or(0, |(_, rows)| rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::inbox::item::fixtures::{runner, task};

    fn keys(rows: &[Row]) -> Vec<String> {
        rows.iter().map(|r| r.item.key()).collect()
    }

    #[test]
    fn needs_you_first_then_running_then_the_rest_newest_first() {
        let netlify = vec![
            InboxItem::from_runner(&runner("r-run", "running", None)),
            InboxItem::from_runner(&runner("r-old", "done", Some("2026-01-01T00:02:00Z"))),
            InboxItem::from_runner(&runner("r-new", "done", Some("2026-01-01T00:08:00Z"))),
            InboxItem::from_runner(&runner("r-gone", "cancelled", None)),
        ];
        let ac = vec![
            InboxItem::from_task(&task("c-wait", "conversation", "awaiting_input", None)),
            InboxItem::from_task(&task(
                "t-fail",
                "autonomous",
                "failed",
                Some("2026-01-01T00:03:00Z"),
            )),
            InboxItem::from_task(&task("t-run", "autonomous", "pending", None)),
        ];
        let mut seen = Seen::default();
        seen.mark(&netlify[1]);
        let items = merge(&[&netlify, &ac]);
        assert_eq!(items.len(), 7);
        let groups = arrange(&items, &seen);
        let order: Vec<Group> = groups.iter().map(|(g, _)| *g).collect();
        assert_eq!(order, Group::ALL.to_vec());
        assert_eq!(
            keys(&groups[0].1),
            [
                "netlify:r-new",
                "agentcontainer:t-fail",
                "agentcontainer:c-wait"
            ]
        );
        assert_eq!(
            keys(&groups[1].1),
            ["netlify:r-run", "agentcontainer:t-run"]
        );
        assert_eq!(keys(&groups[2].1), ["netlify:r-gone", "netlify:r-old"]);
        assert!(groups[0].1.iter().all(|r| r.unread));
        assert!(!groups[2].1[1].unread);
        assert_eq!(needs_you_count(&groups), 3);
    }

    #[test]
    fn a_waiting_conversation_still_needs_you_once_read() {
        let c = InboxItem::from_task(&task("c", "conversation", "awaiting_input", None));
        let mut seen = Seen::default();
        seen.mark(&c);
        assert_eq!(Group::of(&c, seen.is_unread(&c)), Group::NeedsYou);
        let groups = arrange(&[c], &seen);
        assert!(!groups[0].1[0].unread);
        assert_eq!(groups[0].1[0].action, NextAction::Reply);
    }

    #[test]
    fn an_item_listed_twice_is_shown_once() {
        let a = InboxItem::from_runner(&runner("r", "running", None));
        assert_eq!(
            merge(&[std::slice::from_ref(&a), std::slice::from_ref(&a)]).len(),
            1
        );
    }
}
