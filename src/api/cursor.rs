//! Cursor pagination of AgentContainer lists (`{data, pageInfo: {hasMore, nextCursor}}`).
//!
//! - [`CursorList`]: what a "Load more" list keeps (items so far, de-duplicated by id, and the
//!   cursor of the next page). Pure, tested natively.
//! - [`pages`]: every page as a `Stream`, following cursors until the end.
//! - [`collect_all`]: every item, up to a limit.
//!
//! ```text
//! let mut list = CursorList::new();
//! list.absorb(api::agentcontainer::list_agents(&conn, &list.query(None)).await?);
//! if list.can_load_more() { /* show the button; on click fetch with list.query(None) again */ }
//! ```

use super::error::ApiError;
use agentdeck_wire::agentcontainer::{
    Agent, AgentVersion, AttachedRepository, File, ListQuery, Page, Repository, SshKey, Task,
    TaskEvent, TaskFile, TaskLogEntry, TaskMessage, Webhook, WebhookDelivery,
};
use futures::Stream;
use std::future::Future;

/// Items with an id, for de-duplication across pages.
pub trait HasId {
    fn item_id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => { $(impl HasId for $t { fn item_id(&self) -> &str { &self.id } })* };
}
has_id!(
    Agent,
    AgentVersion,
    Repository,
    SshKey,
    Task,
    TaskEvent,
    TaskFile,
    TaskMessage,
    File,
    Webhook,
    WebhookDelivery
);

impl HasId for AttachedRepository {
    fn item_id(&self) -> &str {
        &self.repository.id
    }
}

/// Log lines have no id: never de-duplicated.
impl HasId for TaskLogEntry {
    fn item_id(&self) -> &str {
        ""
    }
}

/// The state of a "Load more" list.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorList<T> {
    pub items: Vec<T>,
    next_cursor: Option<String>,
    has_more: bool,
    loaded: bool,
    seen_cursors: Vec<String>,
}

impl<T> Default for CursorList<T> {
    fn default() -> Self {
        CursorList {
            items: Vec::new(),
            next_cursor: None,
            has_more: true,
            loaded: false,
            seen_cursors: Vec::new(),
        }
    }
}

impl<T: HasId> CursorList<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a page: new items are appended, items already present (same id) replaced in place.
    pub fn absorb(&mut self, page: Page<T>) {
        for item in page.data {
            let id = item.item_id();
            match (!id.is_empty())
                .then(|| self.items.iter().position(|o| o.item_id() == id))
                .flatten()
            {
                Some(i) => self.items[i] = item,
                None => self.items.push(item),
            }
        }
        self.loaded = true;
        let next = page.page_info.next_cursor.filter(|c| !c.is_empty());
        // A cursor seen before would loop forever: treat it as the end.
        let repeated = next.as_ref().is_some_and(|c| self.seen_cursors.contains(c));
        self.has_more = page.page_info.has_more && next.is_some() && !repeated;
        if let Some(c) = &next {
            self.seen_cursors.push(c.clone());
        }
        self.next_cursor = if self.has_more { next } else { None };
    }

    /// Whether a first page was read and the server said there is more.
    pub fn can_load_more(&self) -> bool {
        !self.loaded || self.has_more
    }

    /// The cursor for the next request (`None` for the first page).
    pub fn next_cursor(&self) -> Option<&str> {
        self.next_cursor.as_deref()
    }

    /// A [`ListQuery`] for the next page.
    pub fn query(&self, limit: Option<u32>) -> ListQuery {
        ListQuery {
            limit,
            cursor: self.next_cursor.clone(),
        }
    }
}

/// Every page of a list as a stream: `fetch(cursor)` is called with `None`, then with each
/// `nextCursor`, until `hasMore` is false, the cursor is missing or repeats, or a fetch fails
/// (the error is the last item).
pub fn pages<T, F, Fut>(fetch: F) -> impl Stream<Item = Result<Page<T>, ApiError>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    struct St<F> {
        fetch: F,
        cursor: Option<String>,
        seen: Vec<String>,
        done: bool,
    }
    futures::stream::unfold(
        St {
            fetch,
            cursor: None,
            seen: Vec::new(),
            done: false,
        },
        |mut st| async move {
            if st.done {
                return None;
            }
            match (st.fetch)(st.cursor.take()).await {
                Ok(page) => {
                    let next = page.page_info.next_cursor.clone().filter(|c| !c.is_empty());
                    match next {
                        Some(c) if page.page_info.has_more && !st.seen.contains(&c) => {
                            st.seen.push(c.clone());
                            st.cursor = Some(c);
                        }
                        _ => st.done = true,
                    }
                    Some((Ok(page), st))
                }
                Err(e) => {
                    st.done = true;
                    Some((Err(e), st))
                }
            }
        },
    )
}

/// Every item of a list, following cursors, stopping after `max_items`.
pub async fn collect_all<T, F, Fut>(fetch: F, max_items: usize) -> Result<Vec<T>, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    use futures::StreamExt;
    let mut out = Vec::new();
    let stream = pages(fetch);
    futures::pin_mut!(stream);
    while let Some(page) = stream.next().await {
        out.extend(page?.data);
        if out.len() >= max_items {
            out.truncate(max_items);
            break;
        }
    }
    Ok(out)
}

/// Where [`walk`] stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkEnd {
    /// The list has no more pages.
    End,
    /// `take` said the page brought nothing new: what follows is already known.
    CaughtUp,
    /// `max_items` were walked; more pages follow from this cursor.
    Limit(String),
}

/// Walks a list page by page from `from` (`None`: the first page), handing each page to `take`
/// as it arrives, until the list ends, `take` returns `false` (nothing new in that page), or
/// `max_items` were walked. A newest-first walk with a `take` that reports whether a page held
/// anything unseen is how a feed catches up after a gap without loading all of a long history.
pub async fn walk<T, F, Fut>(
    mut fetch: F,
    from: Option<String>,
    max_items: usize,
    mut take: impl FnMut(Vec<T>) -> bool,
) -> Result<WalkEnd, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut cursor = from;
    let mut seen = Vec::new();
    let mut walked = 0;
    loop {
        let page = fetch(cursor.take()).await?;
        walked += page.data.len();
        let next = page.page_info.next_cursor.filter(|c| !c.is_empty());
        let more = page.page_info.has_more;
        if !take(page.data) {
            return Ok(WalkEnd::CaughtUp);
        }
        match next {
            Some(c) if more && !seen.contains(&c) => {
                if walked >= max_items {
                    return Ok(WalkEnd::Limit(c));
                }
                seen.push(c.clone());
                cursor = Some(c);
            }
            _ => return Ok(WalkEnd::End),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::agentcontainer::PageInfo;
    use agentdeck_wire::Timestamp;

    fn file(id: &str) -> File {
        File {
            id: id.into(),
            filename: format!("{id}.txt"),
            content_type: None,
            size_bytes: None,
            created_at: Timestamp::new("2026-01-01T00:00:00Z"),
        }
    }

    fn page(ids: &[&str], next: Option<&str>) -> Page<File> {
        Page {
            data: ids.iter().map(|i| file(i)).collect(),
            page_info: PageInfo {
                has_more: next.is_some(),
                next_cursor: next.map(String::from),
            },
        }
    }

    #[test]
    fn load_more_appends_and_dedupes() {
        let mut l = CursorList::new();
        assert!(l.can_load_more());
        assert_eq!(l.next_cursor(), None);
        l.absorb(page(&["a", "b"], Some("c1")));
        assert_eq!(l.next_cursor(), Some("c1"));
        assert!(l.can_load_more());
        l.absorb(page(&["b", "c"], None));
        assert_eq!(
            l.items.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!(!l.can_load_more());
        assert_eq!(
            l.query(Some(5)),
            ListQuery {
                limit: Some(5),
                cursor: None
            }
        );
    }

    #[test]
    fn a_repeated_cursor_ends_the_list() {
        let mut l = CursorList::new();
        l.absorb(page(&["a"], Some("same")));
        l.absorb(page(&["b"], Some("same")));
        assert!(!l.can_load_more());
        // hasMore without a cursor also ends it.
        let mut l = CursorList::new();
        l.absorb(Page {
            data: vec![file("a")],
            page_info: PageInfo {
                has_more: true,
                next_cursor: None,
            },
        });
        assert!(!l.can_load_more());
    }

    #[test]
    fn stream_follows_cursors() {
        let calls = std::cell::RefCell::new(Vec::new());
        let fetch = |cursor: Option<String>| {
            calls.borrow_mut().push(cursor.clone());
            let p = match cursor.as_deref() {
                None => page(&["a", "b"], Some("2")),
                Some("2") => page(&["c"], Some("3")),
                _ => page(&["d"], None),
            };
            async move { Ok(p) }
        };
        let all = futures::executor::block_on(collect_all(fetch, 100)).unwrap();
        assert_eq!(
            all.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            *calls.borrow(),
            vec![None, Some("2".to_string()), Some("3".to_string())]
        );
        let fetch = |_c: Option<String>| async { Ok(page(&["x", "y"], Some("loop"))) };
        let some = futures::executor::block_on(collect_all(fetch, 3)).unwrap();
        assert_eq!(some.len(), 3);
    }

    #[test]
    fn stream_stops_at_an_error() {
        let fetch = |c: Option<String>| async move {
            match c {
                None => Ok(page(&["a"], Some("2"))),
                Some(_) => Err(ApiError::timeout(crate::api::Service::AgentContainer)),
            }
        };
        let err = futures::executor::block_on(collect_all(fetch, 100)).unwrap_err();
        assert!(err.is_transient());
    }

    #[test]
    fn a_walk_stops_at_the_end_when_caught_up_or_at_the_limit() {
        let fetch = |cursor: Option<String>| {
            let p = match cursor.as_deref() {
                None => page(&["d", "c"], Some("2")),
                Some("2") => page(&["b"], Some("3")),
                _ => page(&["a"], None),
            };
            async move { Ok(p) }
        };
        let run = |from: Option<&str>, max: usize, known: &[&str]| {
            let mut got = Vec::new();
            let end =
                futures::executor::block_on(walk(fetch, from.map(str::to_string), max, |p| {
                    let new = p.iter().any(|f: &File| !known.contains(&f.id.as_str()));
                    got.extend(p.into_iter().map(|f| f.id));
                    new
                }))
                .unwrap();
            (got, end)
        };
        assert_eq!(
            run(None, 100, &[]),
            (
                vec!["d".into(), "c".into(), "b".into(), "a".into()],
                WalkEnd::End
            )
        );
        assert_eq!(
            run(None, 2, &[]),
            (vec!["d".into(), "c".into()], WalkEnd::Limit("2".into()))
        );
        assert_eq!(
            run(Some("2"), 100, &[]),
            (vec!["b".into(), "a".into()], WalkEnd::End)
        );
        // The second page is all known: what follows is too.
        assert_eq!(
            run(None, 100, &["b", "a"]),
            (vec!["d".into(), "c".into(), "b".into()], WalkEnd::CaughtUp)
        );
    }
}
