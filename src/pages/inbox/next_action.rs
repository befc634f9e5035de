//! What the person would do next with an item, named by what it does: reply to a conversation
//! that waits, review the diff of a finished runner not looked at yet, create the pull request
//! of one already looked at, or open it. Pure; every link comes from [`Route`].

use super::item::{InboxItem, Kind, Phase};
use crate::routes::{DiffSource, Route, RunnerTab};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextAction {
    Open,
    Reply,
    ReviewDiff,
    CreatePr,
}

impl NextAction {
    /// The action for `item`, `unread` saying whether the person has looked at it since it
    /// ended.
    pub fn for_item(item: &InboxItem, unread: bool) -> NextAction {
        match (item.kind, item.phase) {
            (Kind::Conversation, Phase::AwaitingInput) => NextAction::Reply,
            (Kind::Runner, Phase::Finished) if item.diff_without_pr => {
                if unread {
                    NextAction::ReviewDiff
                } else {
                    NextAction::CreatePr
                }
            }
            _ => NextAction::Open,
        }
    }

    /// The visible text of the action's link.
    pub fn label(self) -> &'static str {
        match self {
            NextAction::Open => "Open",
            NextAction::Reply => "Reply",
            NextAction::ReviewDiff => "Review the diff",
            NextAction::CreatePr => "Create the PR",
        }
    }

    /// Where the action's link leads.
    pub fn route(self, item: &InboxItem) -> Route {
        match self {
            NextAction::ReviewDiff => {
                Route::runner_tab(&item.id, RunnerTab::Changes(DiffSource::Runner))
            }
            // The runner page's actions hold "Open a pull request"; a reply is written on
            // the conversation page.
            NextAction::Open | NextAction::Reply | NextAction::CreatePr => item_route(item),
        }
    }
}

/// The item's own page.
pub fn item_route(item: &InboxItem) -> Route {
    match item.kind {
        Kind::Runner => Route::runner(&item.id),
        Kind::Task => Route::AcTask {
            id: item.id.clone(),
        },
        Kind::Conversation => Route::AcConversation {
            id: item.id.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::inbox::item::fixtures::{runner, task};

    #[test]
    fn a_waiting_conversation_is_answered() {
        let c = InboxItem::from_task(&task("c/1", "conversation", "awaiting_input", None));
        let a = NextAction::for_item(&c, true);
        assert_eq!(a, NextAction::Reply);
        assert_eq!(a.label(), "Reply");
        assert_eq!(a.route(&c).href(), "/agentcontainer/conversations/c%2F1");
        let t = InboxItem::from_task(&task("t1", "autonomous", "awaiting_input", None));
        assert_eq!(NextAction::for_item(&t, true), NextAction::Open);
        assert_eq!(
            NextAction::Open.route(&t).href(),
            "/agentcontainer/tasks/t1"
        );
    }

    #[test]
    fn a_finished_runner_with_changes_is_reviewed_then_its_pr_created() {
        let mut r = runner("r1", "done", Some("2026-01-01T00:04:00Z"));
        r.has_result_diff = true;
        let item = InboxItem::from_runner(&r);
        let review = NextAction::for_item(&item, true);
        assert_eq!(review, NextAction::ReviewDiff);
        assert_eq!(review.label(), "Review the diff");
        assert_eq!(review.route(&item).href(), "/netlify/runners/r1?tab=diff");
        let pr = NextAction::for_item(&item, false);
        assert_eq!(pr, NextAction::CreatePr);
        assert_eq!(pr.label(), "Create the PR");
        assert_eq!(pr.route(&item).href(), "/netlify/runners/r1");
        r.pr_url = Some("https://github.com/o/r/pull/2".into());
        let with_pr = InboxItem::from_runner(&r);
        assert_eq!(NextAction::for_item(&with_pr, true), NextAction::Open);
    }

    #[test]
    fn everything_else_is_opened() {
        for item in [
            InboxItem::from_runner(&runner("r", "running", None)),
            InboxItem::from_runner(&runner("r", "error", None)),
            InboxItem::from_runner(&runner("r", "done", None)),
            InboxItem::from_task(&task("t", "autonomous", "finished", None)),
            InboxItem::from_task(&task("c", "conversation", "running", None)),
        ] {
            assert_eq!(
                NextAction::for_item(&item, true),
                NextAction::Open,
                "{item:?}"
            );
        }
        let c = InboxItem::from_task(&task("c", "conversation", "finished", None));
        assert_eq!(item_route(&c).href(), "/agentcontainer/conversations/c");
    }
}
