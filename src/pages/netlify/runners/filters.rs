//! The runners list filters, as they live in the page URL (`?state=live&title=login&page=2`).
//! Pure: the page reads them from the router's query map and writes them back on change.

use crate::time_fmt::date_to_unix_seconds;
use agentdeck_wire::netlify::{encode_path_segment, ListRunnersQuery, StateFilter};

/// Runners shown per page.
pub const PER_PAGE: u32 = 20;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunnerFilters {
    /// `live` or `error`; anything else in the URL is dropped.
    pub state: Option<StateFilter>,
    pub title: String,
    pub branch: String,
    pub result_branch: String,
    pub user_id: String,
    /// Created on or after this day, `YYYY-MM-DD` (the user's time zone).
    pub from: String,
    /// Created on or before this day, `YYYY-MM-DD` (the user's time zone).
    pub to: String,
    /// 1-based.
    pub page: u32,
}

const KEYS: [&str; 8] = [
    "state",
    "title",
    "branch",
    "result_branch",
    "user_id",
    "from",
    "to",
    "page",
];

impl RunnerFilters {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        let date = |k: &str| {
            Some(text(k))
                .filter(|d| date_to_unix_seconds(d).is_some())
                .unwrap_or_default()
        };
        RunnerFilters {
            state: get("state")
                .map(|s| StateFilter::parse(s.trim()))
                .filter(|s| !s.is_unknown()),
            title: text("title"),
            branch: text("branch"),
            result_branch: text("result_branch"),
            user_id: text("user_id"),
            from: date("from"),
            to: date("to"),
            page: text("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let values = [
            self.state
                .as_ref()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            self.title.clone(),
            self.branch.clone(),
            self.result_branch.clone(),
            self.user_id.clone(),
            self.from.clone(),
            self.to.clone(),
            if self.page > 1 {
                self.page.to_string()
            } else {
                String::new()
            },
        ];
        KEYS.into_iter()
            .zip(values)
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// `?state=live&page=2`, or an empty string when nothing is set.
    pub fn to_query_string(&self) -> String {
        let pairs = self.pairs();
        if pairs.is_empty() {
            return String::new();
        }
        let body: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_path_segment(&v)))
            .collect();
        format!("?{}", body.join("&"))
    }

    /// True when any filter (not the page) narrows the list.
    pub fn is_filtered(&self) -> bool {
        Self {
            page: 1,
            ..self.clone()
        } != Self {
            page: 1,
            ..Self::default()
        }
    }

    /// The same filters on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// The API query. Dates are days in the user's time zone: `day_bounds` gives the Unix
    /// seconds of a day's start and end (`time_fmt::local_day_bounds`); `to` is inclusive, so
    /// it ends at that day's end.
    pub fn to_api_query(
        &self,
        day_bounds: impl Fn(&str) -> Option<(i64, i64)>,
    ) -> ListRunnersQuery {
        let some = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
        ListRunnersQuery {
            page: Some(self.page),
            per_page: Some(PER_PAGE),
            state: self.state.clone(),
            title: some(&self.title),
            branch: some(&self.branch),
            result_branch: some(&self.result_branch),
            user_id: some(&self.user_id),
            from: day_bounds(&self.from).map(|(start, _)| start),
            to: day_bounds(&self.to).map(|(_, end)| end),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(q: &[(&str, &str)]) -> RunnerFilters {
        let map: HashMap<String, String> = q
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        RunnerFilters::from_query(|k| map.get(k).cloned())
    }

    #[test]
    fn reads_the_url_and_writes_it_back() {
        let f = parse(&[
            ("state", "live"),
            ("title", "login bug"),
            ("page", "3"),
            ("from", "2026-01-02"),
        ]);
        assert_eq!(f.state, Some(StateFilter::Live));
        assert_eq!(f.page, 3);
        assert_eq!(
            f.to_query_string(),
            "?state=live&title=login%20bug&from=2026-01-02&page=3"
        );
        assert!(f.is_filtered());
    }

    #[test]
    fn drops_what_makes_no_sense() {
        let f = parse(&[
            ("state", "exploded"),
            ("page", "-4"),
            ("from", "yesterday"),
            ("to", "2026-02-30x"),
        ]);
        assert_eq!(
            f,
            RunnerFilters {
                page: 1,
                ..Default::default()
            }
        );
        assert_eq!(f.to_query_string(), "");
        assert!(!f.is_filtered());
        assert!(!parse(&[("page", "7")]).is_filtered());
    }

    #[test]
    fn builds_the_api_query() {
        let f = parse(&[
            ("state", "error"),
            ("branch", "main"),
            ("from", "2026-01-24"),
            ("to", "2026-01-24"),
        ]);
        // A user two hours ahead of UTC: their day starts at 22:00 UTC the day before.
        let utc_plus_2 = |d: &str| date_to_unix_seconds(d).map(|s| (s - 7_200, s + 86_400 - 7_200));
        let q = f.to_api_query(utc_plus_2);
        assert_eq!(q.from, Some(1_769_212_800 - 7_200));
        assert_eq!(q.to, Some(1_769_212_800 + 86_400 - 7_200));
        let q = f.to_api_query(crate::time_fmt::local_day_bounds);
        assert_eq!(q.state, Some(StateFilter::Error));
        assert_eq!(q.branch.as_deref(), Some("main"));
        assert_eq!(q.title, None);
        assert_eq!(q.from, Some(1_769_212_800));
        assert_eq!(
            q.to,
            Some(1_769_212_800 + 86_400),
            "the `to` day is included"
        );
        assert_eq!((q.page, q.per_page), (Some(1), Some(PER_PAGE)));
    }
}
