//! The pure parts of the log viewer: which rows are rendered for a scroll position (the
//! window), whether the reader is at the end, how far to shift when older lines are put in
//! front, and how each log source is named and styled (a fixed table).

use agentdeck_wire::agentcontainer::LogSource;
use std::ops::Range;

/// Height of one log row, px (the CSS sets the same).
pub const ROW_H: f64 = 20.0;
/// Rows rendered beyond each edge of the viewport.
pub const OVERSCAN: usize = 12;
/// Viewport heights above this count as this (bounds the rendered rows).
pub const MAX_VIEW_H: f64 = 4000.0;
/// Distance from the end (px) under which the reader counts as "at the end".
pub const FOLLOW_SLACK_PX: f64 = 2.0 * ROW_H;

/// The rows to render for a viewport scrolled to `top` and `height` high, out of `count`.
pub fn visible(top: f64, height: f64, count: usize, overscan: usize) -> Range<usize> {
    if count == 0 {
        return 0..0;
    }
    let top = if top.is_finite() { top.max(0.0) } else { 0.0 };
    let height = if height.is_finite() {
        height.clamp(0.0, MAX_VIEW_H)
    } else {
        0.0
    };
    let first = ((top / ROW_H).floor() as usize).min(count);
    let last = (((top + height) / ROW_H).ceil() as usize).min(count);
    first.saturating_sub(overscan)..(last + overscan).min(count)
}

/// Total height of `count` rows.
pub fn total_height(count: usize) -> f64 {
    count as f64 * ROW_H
}

/// Whether a box scrolled to `top` (`view_h` high, content `total_h`) shows its end.
pub fn at_end(top: f64, view_h: f64, total_h: f64) -> bool {
    top + view_h >= total_h - FOLLOW_SLACK_PX
}

/// How many lines were put in front of the line that was first before (`old_first` its key):
/// the new index of that line, found by binary search on the ascending keys. 0 when it is gone
/// or the list was not prepended to.
pub fn prepended(keys: &[i64], old_first: Option<i64>) -> usize {
    match old_first {
        Some(k) => keys.binary_search(&k).unwrap_or(0),
        None => 0,
    }
}

/// A log source's label (shown on every line, so the source never rests on colour alone) and
/// its CSS class, from a fixed table; unknown sources show their name with a neutral class.
pub fn source_label(source: &LogSource) -> (String, &'static str) {
    match source {
        LogSource::Daemon => ("daemon".into(), "log-src-daemon"),
        LogSource::AgentStdout => ("stdout".into(), "log-src-stdout"),
        LogSource::AgentStderr => ("stderr".into(), "log-src-stderr"),
        other => (other.as_str().chars().take(12).collect(), "log-src-other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_plus_overscan() {
        assert_eq!(visible(0.0, 400.0, 0, 5), 0..0);
        assert_eq!(visible(0.0, 400.0, 100_000, 5), 0..25);
        // Scrolled to row 1000.
        assert_eq!(visible(20_000.0, 400.0, 100_000, 5), 995..1025);
        // At the end.
        assert_eq!(
            visible(total_height(100_000) - 400.0, 400.0, 100_000, 5),
            99_975..100_000
        );
        // Beyond the end (content shrank) and nonsense values stay in bounds.
        assert_eq!(visible(1e12, 400.0, 10, 5), 5..10);
        assert_eq!(visible(f64::NAN, f64::INFINITY, 10, 2), 0..2);
        // A huge viewport is capped.
        assert_eq!(
            visible(0.0, 1e9, 100_000, 0).len(),
            (MAX_VIEW_H / ROW_H) as usize
        );
    }

    #[test]
    fn the_end_is_near_the_bottom() {
        assert!(at_end(600.0, 400.0, 1000.0));
        assert!(at_end(570.0, 400.0, 1000.0));
        assert!(!at_end(100.0, 400.0, 1000.0));
        assert!(at_end(0.0, 400.0, 100.0));
    }

    #[test]
    fn prepending_is_measured_by_the_old_first_line() {
        assert_eq!(prepended(&[-3, -2, -1, 0, 1], Some(0)), 3);
        assert_eq!(prepended(&[0, 1, 2], Some(0)), 0);
        assert_eq!(prepended(&[0, 1, 2], None), 0);
        assert_eq!(prepended(&[5, 6], Some(0)), 0);
    }

    #[test]
    fn sources_come_from_a_fixed_table() {
        assert_eq!(
            source_label(&LogSource::AgentStderr),
            ("stderr".to_string(), "log-src-stderr")
        );
        let (label, class) = source_label(&LogSource::parse("\" onload=x"));
        assert_eq!(class, "log-src-other");
        assert_eq!(label, "\" onload=x");
    }
}
