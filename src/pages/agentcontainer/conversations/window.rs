//! Which part of a long timeline is in the page (pure, natively tested). A conversation of
//! 10,000 messages must open fast, so only the newest [`INITIAL`] items are built at first;
//! earlier ones come in chunks of [`CHUNK`] when the reader reaches the top. The window is
//! the items from `start` to the end: new items join it at the bottom, and while the reader
//! follows the bottom it is trimmed back once it grew past [`MAX_FOLLOWING`].

/// Items built when the conversation opens.
pub const INITIAL: usize = 60;
/// Items revealed each time the reader reaches the top.
pub const CHUNK: usize = 100;
/// Largest window kept while the reader follows the bottom.
pub const MAX_FOLLOWING: usize = 200;

/// The first shown item's index; everything after it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    pub start: usize,
}

impl Window {
    /// The window when `total` items are first known: the newest [`INITIAL`].
    pub fn opening(total: usize) -> Window {
        Window {
            start: total.saturating_sub(INITIAL),
        }
    }

    /// How many earlier items are not built.
    pub fn hidden(&self, total: usize) -> usize {
        self.start.min(total)
    }

    /// The shown range of `0..total`.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        self.start.min(total)..total
    }

    /// One chunk more at the top.
    pub fn reveal(self) -> Window {
        Window {
            start: self.start.saturating_sub(CHUNK),
        }
    }

    /// After the timeline changed to `total` items: while the reader `following` the bottom,
    /// a window grown past [`MAX_FOLLOWING`] goes back to the newest [`INITIAL`]; otherwise it
    /// stays (the reader's place is kept).
    pub fn settle(self, total: usize, following: bool) -> Window {
        let shown = total.saturating_sub(self.start.min(total));
        if following && shown > MAX_FOLLOWING {
            Window::opening(total)
        } else {
            Window {
                start: self.start.min(total),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_timeline_opens_with_its_newest_items() {
        let w = Window::opening(10_000);
        assert_eq!(w.range(10_000), 9_940..10_000);
        assert_eq!(w.hidden(10_000), 9_940);
        assert_eq!(Window::opening(12).range(12), 0..12);
        assert_eq!(Window::opening(0).range(0), 0..0);
    }

    #[test]
    fn earlier_items_come_in_chunks_until_the_first() {
        let mut w = Window::opening(250);
        assert_eq!(w.start, 190);
        w = w.reveal();
        assert_eq!(w.start, 90);
        w = w.reveal().reveal();
        assert_eq!((w.start, w.hidden(250)), (0, 0));
    }

    #[test]
    fn new_items_join_and_the_window_is_trimmed_only_while_following() {
        let w = Window::opening(100);
        assert_eq!(w.settle(101, true).range(101), 40..101);
        let grown = Window { start: 0 }.settle(500, false);
        assert_eq!(grown.start, 0, "a reader scrolled up keeps their place");
        assert_eq!(Window { start: 0 }.settle(500, true).start, 440);
        // A timeline that shrank (a new conversation) never leaves the window past its end.
        assert_eq!(Window { start: 90 }.settle(10, false).range(10), 10..10);
    }
}
