//! Pure rules of a live runner page: whether it is still changing, whether the page should follow new
//! steps, which keys send a prompt. Tested natively; the page wires them to the browser.

use agentdeck_wire::netlify::AgentRunner;

/// True while the runner can still change without the user doing anything: a session runs,
/// a pull request or a commit is being made. The page keeps polling while this holds.
pub fn runner_is_changing(r: &AgentRunner) -> bool {
    r.state.is_live()
        || r.pr_is_being_created
        || r.merge_commit_is_being_created
        || r.latest_session_state.as_ref().is_some_and(|s| s.is_live())
}

/// Distance from the bottom (px) under which the reader counts as "at the bottom".
pub const FOLLOW_SLACK_PX: f64 = 120.0;

/// Whether a page scrolled to `top` (viewport `view_h`, document `total_h`) shows its end: new
/// steps then keep it scrolled to the end; once the user scrolls up, it stays where they left it.
pub fn near_bottom(top: f64, view_h: f64, total_h: f64) -> bool {
    top + view_h >= total_h - FOLLOW_SLACK_PX
}

/// Whether a keydown in a prompt box sends it: Enter with Ctrl or Cmd, never while an input
/// method is composing text (`isComposing`, or the legacy key code 229).
pub fn is_send_shortcut(key: &str, ctrl: bool, meta: bool, composing: bool, key_code: u32) -> bool {
    key == "Enter" && (ctrl || meta) && !composing && key_code != 229
}

/// The tab title with a marker for a watched runner that finished (`✓`) or failed (`✗`).
pub fn marked_title(base: &str, marker: Option<bool>) -> String {
    match marker {
        Some(true) => format!("\u{2713} {base}"),
        Some(false) => format!("\u{2717} {base}"),
        None => base.to_string(),
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
    fn send_needs_a_modifier_and_no_composition() {
        assert!(is_send_shortcut("Enter", true, false, false, 13));
        assert!(is_send_shortcut("Enter", false, true, false, 13));
        assert!(!is_send_shortcut("Enter", false, false, false, 13));
        assert!(!is_send_shortcut("Enter", true, false, true, 13));
        assert!(!is_send_shortcut("Enter", true, false, false, 229));
        assert!(!is_send_shortcut("a", true, false, false, 65));
    }

    #[test]
    fn titles_carry_a_marker() {
        assert_eq!(
            marked_title("Fix header — agentdeck", Some(true)),
            "\u{2713} Fix header — agentdeck"
        );
        assert_eq!(marked_title("x", Some(false)), "\u{2717} x");
        assert_eq!(marked_title("x", None), "x");
    }
}
