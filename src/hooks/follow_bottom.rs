//! Keeps a reader at the end of a growing page (a live timeline, a conversation): new content
//! scrolls the window to the bottom while the reader is there; once they scroll up, the page
//! stays where they left it.

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// Distance from the bottom (px) under which the reader counts as "at the bottom".
pub const FOLLOW_SLACK_PX: f64 = 120.0;

/// Whether a page scrolled to `top` (viewport `view_h`, document `total_h`) shows its end.
pub fn near_bottom(top: f64, view_h: f64, total_h: f64) -> bool {
    top + view_h >= total_h - FOLLOW_SLACK_PX
}

/// Whether a reader at `top` follows the end: they scrolled down to it. A page that was never
/// scrolled is being read from its start (it may still be loading above: a short page that
/// grows must not drag its reader down).
pub fn follows_end(top: f64, view_h: f64, total_h: f64) -> bool {
    top > 0.0 && near_bottom(top, view_h, total_h)
}

/// Follows `content` (anything that changes when content arrives): while the reader is at the
/// end they scrolled to, each change scrolls to the new end. The first content (when
/// `is_empty` said the page had none) only notes where the reader is; it never moves the page.
pub fn follow_new_content<T>(content: Memo<T>, is_empty: fn(&T) -> bool)
where
    T: PartialEq + Send + Sync + 'static,
{
    let following = StoredValue::new(false);
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        following.set_value(reader_follows_end());
    });
    let handle = SendWrapper::new(handle);
    on_cleanup(move || handle.take().remove());
    Effect::new(move |was_empty: Option<bool>| {
        let empty = content.with(is_empty);
        match was_empty {
            None | Some(true) => request_animation_frame(move || {
                let _ = following.try_set_value(reader_follows_end());
            }),
            // After the new nodes are laid out.
            Some(false) if following.get_value() => request_animation_frame(scroll_to_end),
            Some(false) => {}
        }
        empty
    });
}

/// The window's scroll position, viewport height and document height, when there is a page.
pub fn page_metrics() -> Option<(f64, f64, f64)> {
    let w = web_sys::window()?;
    let el = w.document()?.document_element()?;
    let view_h = w.inner_height().ok()?.as_f64()?;
    Some((w.scroll_y().ok()?, view_h, el.scroll_height() as f64))
}

/// Whether the reader is at the end of the page now.
pub fn reader_at_bottom() -> bool {
    page_metrics().is_some_and(|(top, h, total)| near_bottom(top, h, total))
}

fn reader_follows_end() -> bool {
    page_metrics().is_some_and(|(top, h, total)| follows_end(top, h, total))
}

/// Scrolls the window to the end of the page.
pub fn scroll_to_end() {
    if let (Some(w), Some((_, _, total))) = (web_sys::window(), page_metrics()) {
        w.scroll_to_with_x_and_y(0.0, total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn following_stops_once_scrolled_up() {
        assert!(near_bottom(900.0, 800.0, 1700.0));
        assert!(near_bottom(850.0, 800.0, 1700.0));
        assert!(!near_bottom(200.0, 800.0, 1700.0));
        // A page shorter than the viewport is always "at the bottom".
        assert!(near_bottom(0.0, 800.0, 300.0));
    }

    #[test]
    fn only_a_reader_who_scrolled_down_follows() {
        assert!(follows_end(900.0, 800.0, 1700.0));
        // Unscrolled: a short page still loading above is read from its start.
        assert!(!follows_end(0.0, 800.0, 300.0));
        assert!(!follows_end(200.0, 800.0, 1700.0));
    }
}
