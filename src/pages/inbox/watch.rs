//! News worth telling: an item the inbox has seen running (while it was open) that finished,
//! failed or now waits for input. The page announces it in its live region, marks the tab
//! title and sends a browser notification when allowed. Pure.

use super::item::{InboxItem, Phase};
use std::collections::HashSet;

/// The items seen running on this page so far (by key).
#[derive(Debug, Clone, Default)]
pub struct Watch {
    running: HashSet<String>,
}

/// One item that reached a state worth telling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct News {
    pub title: String,
    pub phase: Phase,
}

impl News {
    /// "“Fix the header” finished", for the live region and the notification.
    pub fn sentence(&self) -> String {
        let what = match self.phase {
            Phase::Failed => "failed",
            Phase::AwaitingInput => "needs your input",
            _ => "finished",
        };
        format!("\u{201c}{}\u{201d} {what}", self.title)
    }

    /// For the tab title's marker: `false` when it failed.
    pub fn ok(&self) -> bool {
        self.phase != Phase::Failed
    }
}

impl Watch {
    /// Takes a fresh list of one service's items; returns what changed for the person since
    /// the previous list. An item first seen already ended is not news.
    pub fn observe(&mut self, items: &[InboxItem]) -> Vec<News> {
        let mut news = Vec::new();
        for item in items {
            let key = item.key();
            if item.phase == Phase::Running {
                self.running.insert(key);
            } else if self.running.remove(&key) && item.phase.wants_a_look() {
                news.push(News {
                    title: item.title.clone(),
                    phase: item.phase,
                });
            }
        }
        news
    }
}

/// One sentence for the live region from a batch of news (empty when there is none).
pub fn announcement(news: &[News]) -> String {
    news.iter()
        .map(|n| format!("{}.", n.sentence()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::inbox::item::fixtures::{runner, task};

    #[test]
    fn only_items_seen_running_make_news() {
        let mut w = Watch::default();
        let first = vec![
            InboxItem::from_runner(&runner("r1", "running", None)),
            InboxItem::from_runner(&runner("r2", "done", None)),
            InboxItem::from_task(&task("c1", "conversation", "running", None)),
            InboxItem::from_task(&task("t1", "autonomous", "running", None)),
            InboxItem::from_task(&task("t2", "autonomous", "running", None)),
        ];
        assert!(w.observe(&first).is_empty());
        let second = vec![
            InboxItem::from_runner(&runner("r1", "done", None)),
            InboxItem::from_runner(&runner("r2", "done", None)),
            InboxItem::from_task(&task("c1", "conversation", "awaiting_input", None)),
            InboxItem::from_task(&task("t1", "autonomous", "failed", None)),
            InboxItem::from_task(&task("t2", "autonomous", "cancelled", None)),
        ];
        let news = w.observe(&second);
        let sentences: Vec<String> = news.iter().map(News::sentence).collect();
        assert_eq!(
            sentences,
            [
                "\u{201c}Runner r1\u{201d} finished",
                "\u{201c}Do c1 now\u{201d} needs your input",
                "\u{201c}Do t1 now\u{201d} failed",
            ]
        );
        assert_eq!(
            news.iter().map(News::ok).collect::<Vec<_>>(),
            [true, true, false]
        );
        assert_eq!(
            announcement(&news[..1]),
            "\u{201c}Runner r1\u{201d} finished."
        );
        // Told once.
        assert!(w.observe(&second).is_empty());
        assert_eq!(announcement(&[]), "");
    }

    #[test]
    fn one_services_list_does_not_forget_the_others_running_items() {
        let mut w = Watch::default();
        w.observe(&[InboxItem::from_runner(&runner("r1", "running", None))]);
        w.observe(&[InboxItem::from_task(&task(
            "t1",
            "autonomous",
            "running",
            None,
        ))]);
        let news = w.observe(&[InboxItem::from_runner(&runner("r1", "error", None))]);
        assert_eq!(news.len(), 1);
        assert!(!news[0].ok());
    }
}
