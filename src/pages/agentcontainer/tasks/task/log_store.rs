//! The log lines of the task page: what is held (oldest first, each line with an ascending
//! key for the viewer), the raw entries they came from (to find overlaps, `logs`), the cursor of
//! older lines, and the state of "Load more". Pages are merged without losing or doubling lines.

use super::logs::{already_held_at_end, chronological, to_prepend};
use crate::api::ApiError;
use crate::components::log_view::LogLine;
use agentdeck_wire::agentcontainer::{Page, TaskLogEntry};
use leptos::prelude::*;
use std::sync::Arc;

/// The logs held. Copy handle.
#[derive(Clone, Copy)]
pub struct LogStore {
    /// The log lines held, oldest first.
    pub lines: RwSignal<Vec<LogLine>>,
    entries: StoredValue<Vec<TaskLogEntry>>,
    /// Keys of the next line put in front and at the end.
    keys: StoredValue<(i64, i64)>,
    /// The cursor of older lines; `None` once the start of the log is held.
    pub older: RwSignal<Option<String>>,
    older_known: StoredValue<bool>,
    /// "Load more" is reading.
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
}

impl LogStore {
    pub fn new() -> Self {
        LogStore {
            lines: RwSignal::new(Vec::new()),
            entries: StoredValue::new(Vec::new()),
            keys: StoredValue::new((-1, 0)),
            older: RwSignal::new(None),
            older_known: StoredValue::new(false),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// A read of the newest page: its new lines go at the end (the first read also gives the
    /// cursor of older lines).
    pub fn absorb_newest(&self, r: Result<Page<TaskLogEntry>, ApiError>) {
        let page = match r {
            Ok(p) => p,
            Err(e) => {
                self.error.try_set(Some(e));
                return;
            }
        };
        self.error.try_set(None);
        if !self.older_known.get_value() {
            self.older_known.set_value(true);
            self.older.try_set(
                page.page_info
                    .next_cursor
                    .filter(|_| page.page_info.has_more),
            );
        }
        let newest = chronological(page.data);
        let skip = self
            .entries
            .with_value(|have| already_held_at_end(have, &newest));
        let fresh: Vec<TaskLogEntry> = newest.into_iter().skip(skip).collect();
        if fresh.is_empty() {
            return;
        }
        let (front, mut back) = self.keys.get_value();
        let new_lines: Vec<LogLine> = fresh
            .iter()
            .map(|e| {
                back += 1;
                line(back, e)
            })
            .collect();
        self.keys.set_value((front, back));
        self.entries.update_value(|have| have.extend(fresh));
        self.lines.try_update(|l| l.extend(new_lines));
    }

    /// A page of older lines ("Load more"): put in front.
    pub fn absorb_older(&self, page: Page<TaskLogEntry>) {
        self.error.try_set(None);
        self.older.try_set(
            page.page_info
                .next_cursor
                .filter(|_| page.page_info.has_more),
        );
        let older = chronological(page.data);
        let keep = self.entries.with_value(|have| to_prepend(have, &older));
        let older: Vec<TaskLogEntry> = older.into_iter().take(keep).collect();
        if older.is_empty() {
            return;
        }
        let (mut front, back) = self.keys.get_value();
        let mut new_lines: Vec<LogLine> = older
            .iter()
            .rev()
            .map(|e| {
                let l = line(front, e);
                front -= 1;
                l
            })
            .collect();
        new_lines.reverse();
        self.keys.set_value((front, back));
        self.entries.update_value(|have| {
            have.splice(0..0, older);
        });
        self.lines.try_update(|l| {
            l.splice(0..0, new_lines);
        });
    }
}

fn line(key: i64, e: &TaskLogEntry) -> LogLine {
    LogLine {
        key,
        source: e.source.clone(),
        text: Arc::from(e.message.as_str()),
    }
}
