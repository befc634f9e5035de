//! Merging pages of task logs (which have no ids) into one list, oldest first, without losing
//! or doubling lines: the newest page, read again and again while the task runs, is appended
//! after the part already held; an older page ("Load more") is put in front of it. Both find
//! the overlap with what is held by content. Pure, natively tested.

use agentdeck_wire::agentcontainer::TaskLogEntry;

/// Page size of log requests (the most the API gives at once).
pub const LOG_PAGE: u32 = 100;

/// How many leading entries of `newest` (oldest first) are already at the end of `have`:
/// append `newest[n..]`. Also right for a stale read that lies wholly inside what is held.
pub fn already_held_at_end<T: PartialEq>(have: &[T], newest: &[T]) -> usize {
    let n = newest.len();
    if n == 0 {
        return 0;
    }
    let window = 2 * n;
    let from = have.len().saturating_sub(window);
    for p in from..have.len() {
        let held = &have[p..];
        let m = held.len().min(n);
        if held[..m] == newest[..m] {
            return m;
        }
    }
    0
}

/// How many of `older` (oldest first) to put in front of `have`: all but the trailing entries
/// already at its start; none when the page lies wholly inside the start of `have`.
pub fn to_prepend<T: PartialEq>(have: &[T], older: &[T]) -> usize {
    let n = older.len();
    for k in (1..=n.min(have.len())).rev() {
        if older[n - k..] == have[..k] {
            return n - k;
        }
    }
    let window = &have[..have.len().min(3 * n)];
    if n > 0 && window.windows(n).any(|w| w == older) {
        return 0;
    }
    n
}

/// A page as the API gives it (newest first), oldest first.
pub fn chronological(mut page: Vec<TaskLogEntry>) -> Vec<TaskLogEntry> {
    page.reverse();
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_page_appends_only_what_is_new() {
        let have = [1, 2, 3, 4];
        assert_eq!(already_held_at_end(&have, &[3, 4, 5, 6]), 2);
        assert_eq!(already_held_at_end(&have, &[1, 2, 3, 4]), 4);
        // A stale read from before the last append: nothing new.
        assert_eq!(already_held_at_end(&have, &[1, 2, 3]), 3);
        // No overlap (more than a page arrived between reads): everything is new.
        assert_eq!(already_held_at_end(&have, &[7, 8]), 0);
        assert_eq!(already_held_at_end::<i32>(&[], &[1, 2]), 0);
        assert_eq!(already_held_at_end(&have, &[]), 0);
    }

    #[test]
    fn repeated_lines_keep_the_longest_overlap() {
        let have = [1, 9, 9];
        assert_eq!(already_held_at_end(&have, &[9, 9, 9]), 2);
        let have = [9, 9];
        assert_eq!(already_held_at_end(&have, &[9, 9, 9]), 2);
    }

    #[test]
    fn older_pages_go_in_front_without_the_overlap() {
        let have = [5, 6, 7];
        assert_eq!(to_prepend(&have, &[2, 3, 4]), 3);
        // New lines shifted the offsets: the older page repeats the first held ones.
        assert_eq!(to_prepend(&have, &[3, 4, 5, 6]), 2);
        // Wholly inside what is held.
        assert_eq!(to_prepend(&[1, 2, 3, 4, 5], &[2, 3]), 0);
        assert_eq!(to_prepend::<i32>(&[], &[1]), 1);
    }
}
