//! Keyboard rules shared by every prompt and message box.

/// Whether a keydown in a prompt box sends it: Enter with Ctrl or Cmd, never while an input
/// method is composing text (`isComposing`, or the legacy key code 229).
pub fn is_send_shortcut(key: &str, ctrl: bool, meta: bool, composing: bool, key_code: u32) -> bool {
    key == "Enter" && (ctrl || meta) && !composing && key_code != 229
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_needs_a_modifier_and_no_composition() {
        assert!(is_send_shortcut("Enter", true, false, false, 13));
        assert!(is_send_shortcut("Enter", false, true, false, 13));
        assert!(!is_send_shortcut("Enter", false, false, false, 13));
        assert!(!is_send_shortcut("Enter", true, false, true, 13));
        assert!(!is_send_shortcut("Enter", true, false, false, 229));
        assert!(!is_send_shortcut("a", true, false, false, 65));
    }
}
