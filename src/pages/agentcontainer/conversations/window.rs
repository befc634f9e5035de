//! Which part of a long timeline is in the page (pure, natively tested). A conversation of
//! 10,000 messages must open fast, so only the newest [`INITIAL`] items are built at first;
//! earlier ones come in chunks of [`CHUNK`] when the reader reaches the top, later ones (when
//! they were let go) when the reader reaches the bottom. The window never holds more than
//! [`MAX_SHOWN`] items: revealing at one end lets go of the far end. A window that reaches the
//! last item is "open at the end": new items join it, and while the reader follows the bottom
//! it is trimmed back once it grew past [`MAX_FOLLOWING`].
//!
//! The shown items are built in blocks of [`SCROLL_CHUNK`] counted from the window's `origin`
//! (where it opened), so a reveal adds one block before the others and never disturbs them:
//! Leptos's keyed list moves every kept item in the DOM when several items are put before them
//! at once (and the browser then lays out the whole list again), but not when one is.

/// Items built when the conversation opens.
pub const INITIAL: usize = 60;
/// Items revealed when the reader asks for earlier (or later) ones.
pub const CHUNK: usize = 100;
/// Items revealed each time the scrolling reader reaches the top (or the bottom of a closed
/// window): few, so building and laying them out stays well within a frame (measured by
/// `cargo xtask bench`: 30 items a reveal and 300 shown made 40-70 ms tasks on a fast scroll).
pub const SCROLL_CHUNK: usize = 10;
/// Largest window kept while the reader follows the bottom: room for the opening items and a
/// "Show earlier messages" chunk, so such a click is not trimmed away by the next settle.
pub const MAX_FOLLOWING: usize = 200;
/// Largest window at all: more and the far end is let go.
pub const MAX_SHOWN: usize = 200;

/// The shown items: from `start` up to `end` (`None`: through the last item, new ones join).
/// `origin` is where block 0 starts: set when the window opens, moved with its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    pub start: usize,
    pub end: Option<usize>,
    pub origin: usize,
}

impl Window {
    /// The window when `total` items are first known: the newest [`INITIAL`].
    pub fn opening(total: usize) -> Window {
        let start = total.saturating_sub(INITIAL);
        Window {
            start,
            end: None,
            origin: start,
        }
    }

    /// The block item `at` is built in (blocks before the origin are negative).
    pub fn block_of(&self, at: usize) -> i64 {
        (at as i64 - self.origin as i64).div_euclid(SCROLL_CHUNK as i64)
    }

    /// How many earlier items are not built.
    pub fn hidden(&self, total: usize) -> usize {
        self.range(total).start
    }

    /// How many later items are not built.
    pub fn hidden_after(&self, total: usize) -> usize {
        total - self.range(total).end
    }

    /// The shown range of `0..total`.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        let end = self.end.map_or(total, |e| e.min(total));
        self.start.min(end)..end
    }

    /// The same items after `by` items were put before the window (earlier history arrived).
    pub fn shift(self, by: usize) -> Window {
        Window {
            start: self.start + by,
            end: self.end.map(|e| e + by),
            origin: self.origin + by,
        }
    }

    /// `chunk` items more at the top; past [`MAX_SHOWN`] the last ones are let go.
    pub fn reveal(self, total: usize, chunk: usize) -> Window {
        let r = self.range(total);
        let start = r.start.saturating_sub(chunk);
        if r.end - start > MAX_SHOWN {
            Window {
                start,
                end: Some(start + MAX_SHOWN),
                ..self
            }
        } else {
            Window { start, ..self }
        }
    }

    /// `chunk` items more at the bottom (reaching the last item opens the window at the end);
    /// past [`MAX_SHOWN`] the first ones are let go.
    pub fn reveal_after(self, total: usize, chunk: usize) -> Window {
        let r = self.range(total);
        let end = (r.end + chunk).min(total);
        Window {
            start: r.start.max(end.saturating_sub(MAX_SHOWN)),
            end: (end < total).then_some(end),
            ..self
        }
    }

    /// After the timeline changed to `total` items: while the reader `following` the bottom,
    /// a window open at the end grown past [`MAX_FOLLOWING`] goes back to the newest
    /// [`INITIAL`]; a reader scrolled up keeps their place, and once new items grew the window
    /// past [`MAX_SHOWN`] they wait below it.
    pub fn settle(self, total: usize, following: bool) -> Window {
        let r = self.range(total);
        let at_end = self.end.is_none_or(|e| e >= total);
        if at_end && following && r.len() > MAX_FOLLOWING {
            // The blocks already built stay as they are.
            Window {
                origin: self.origin,
                ..Window::opening(total)
            }
        } else if at_end && r.len() > MAX_SHOWN {
            Window {
                start: r.start,
                end: Some(r.start + MAX_SHOWN),
                ..self
            }
        } else {
            Window {
                start: r.start,
                end: (!at_end).then_some(r.end),
                ..self
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(w: Window, total: usize) -> usize {
        w.range(total).len()
    }

    #[test]
    fn a_long_timeline_opens_with_its_newest_items() {
        let w = Window::opening(10_000);
        assert_eq!(w.range(10_000), 10_000 - INITIAL..10_000);
        assert_eq!(w.hidden(10_000), 10_000 - INITIAL);
        assert_eq!(w.hidden_after(10_000), 0);
        assert_eq!(Window::opening(12).range(12), 0..12);
        assert_eq!(Window::opening(0).range(0), 0..0);
    }

    #[test]
    fn earlier_items_come_in_chunks_until_the_first() {
        let total = MAX_SHOWN - 10;
        let mut w = Window::opening(total);
        assert_eq!(w.start, total - INITIAL);
        w = w.reveal(total, CHUNK);
        assert_eq!(w.start, (total - INITIAL).saturating_sub(CHUNK));
        w = w.reveal(total, CHUNK);
        assert_eq!((w.start, w.hidden(total)), (0, 0));
        assert_eq!(w.range(total), 0..total);
    }

    #[test]
    fn scrolling_up_a_long_history_keeps_the_window_small() {
        let total = 10_000;
        let mut w = Window::opening(total);
        while w.hidden(total) > 0 {
            w = w.reveal(total, SCROLL_CHUNK);
            assert!(shown(w, total) <= MAX_SHOWN, "{w:?}");
        }
        assert_eq!(w.range(total), 0..MAX_SHOWN);
        assert_eq!(w.hidden_after(total), total - MAX_SHOWN);
        // Back down: the later items come again, the earlier ones are let go.
        while w.hidden_after(total) > 0 {
            let before = w.range(total);
            w = w.reveal_after(total, CHUNK);
            let after = w.range(total);
            assert!(after.end > before.end && after.len() <= MAX_SHOWN, "{w:?}");
            // The items the reader sees (the last shown) are still there.
            assert!(after.start < before.end);
        }
        assert_eq!(
            w.end, None,
            "at the last item the window is open at the end again"
        );
        assert_eq!(w.range(total), total - MAX_SHOWN..total);
    }

    #[test]
    fn a_closed_window_lets_new_items_wait_below() {
        let w = Window {
            start: 100,
            end: Some(400),
            ..Window::default()
        };
        assert_eq!(w.settle(500, false), w);
        assert_eq!(
            w.settle(500, true),
            w,
            "the bottom of the window is not the end"
        );
        assert_eq!(w.hidden_after(500), 100);
        let open = w.reveal_after(450, CHUNK).reveal_after(450, CHUNK);
        assert_eq!((open.range(450), open.end), (450 - MAX_SHOWN..450, None));
    }

    #[test]
    fn new_items_join_and_the_window_is_trimmed_only_while_following() {
        let w = Window::opening(100);
        assert_eq!(w.settle(101, true).range(101), 100 - INITIAL..101);
        let grown = Window {
            start: 0,
            end: None,
            ..Window::default()
        }
        .settle(MAX_SHOWN, false);
        assert_eq!(
            grown.range(MAX_SHOWN),
            0..MAX_SHOWN,
            "a reader scrolled up keeps their place"
        );
        let more = grown.settle(500, false);
        assert_eq!(more.range(500), 0..MAX_SHOWN, "later items wait below");
        assert_eq!(more.hidden_after(500), 500 - MAX_SHOWN);
        let following = Window {
            start: 0,
            end: None,
            ..Window::default()
        };
        assert_eq!(following.settle(500, true).start, 500 - INITIAL);
        // A timeline that shrank (a new conversation) never leaves the window past its end.
        let w = Window {
            start: 90,
            end: None,
            ..Window::default()
        };
        assert_eq!(w.settle(10, false).range(10), 10..10);
        let closed = Window {
            start: 90,
            end: Some(200),
            ..Window::default()
        };
        assert_eq!(
            closed.settle(10, false),
            Window {
                start: 10,
                end: None,
                ..Window::default()
            }
        );
    }

    #[test]
    fn a_reveal_adds_one_block_before_the_others_and_keeps_theirs() {
        let total = 10_000;
        let blocks = |w: Window| -> Vec<i64> {
            let mut b: Vec<i64> = w.range(total).map(|i| w.block_of(i)).collect();
            b.dedup();
            b
        };
        let mut w = Window::opening(total);
        assert_eq!(w.origin, w.start);
        assert_eq!(
            blocks(w),
            (0..(INITIAL / SCROLL_CHUNK) as i64).collect::<Vec<_>>()
        );
        for _ in 0..20 {
            let before = blocks(w);
            let item = w.range(total).start;
            w = w.reveal(total, SCROLL_CHUNK);
            let after = blocks(w);
            // Exactly one new block in front; the kept items are in the blocks they were in.
            assert_eq!(after[0], before[0] - 1, "{w:?}");
            assert_eq!(&after[1..], &before[..after.len() - 1]);
            assert_eq!(w.block_of(item), before[0]);
        }
        // Items put before the window move its origin with it: every item keeps its block.
        let item = w.range(total).start + 5;
        let b = w.block_of(item);
        assert_eq!(w.shift(500).block_of(item + 500), b);
        // Trimming back to the newest while following keeps the blocks already built.
        let grown = Window {
            start: 100,
            end: None,
            origin: 10,
        }
        .settle(400, true);
        assert_eq!((grown.range(400), grown.origin), (400 - INITIAL..400, 10));
    }
}
