//! Keyboard rules, pure (no DOM, no Leptos): the send shortcut of prompt boxes, which keys the
//! app's shortcuts take ([`Sequence`]: a key press -> a [`Command`]), when they must stay quiet
//! ([`is_typing_target`]), and the table the `?` help dialog lists ([`HELP`]).
//!
//! The DOM glue (listening, moving focus, navigating) is `components::shortcuts`.

/// Whether a keydown in a prompt box sends it: Enter with Ctrl or Cmd, never while an input
/// method is composing text (`isComposing`, or the legacy key code 229).
pub fn is_send_shortcut(key: &str, ctrl: bool, meta: bool, composing: bool, key_code: u32) -> bool {
    key == "Enter" && (ctrl || meta) && !composing && key_code != 229
}

/// Whether keys pressed in this element are typed text (then no shortcut fires): text fields,
/// text areas, selects (letters pick options) and anything contenteditable. `tag` is the
/// element's tag name (any case), `input_type` the `type` attribute of an `<input>`.
pub fn is_typing_target(tag: &str, input_type: Option<&str>, content_editable: bool) -> bool {
    if content_editable {
        return true;
    }
    match tag.to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        // Inputs that take no text: a key there is not typing.
        "input" => !matches!(
            input_type.map(str::to_ascii_lowercase).as_deref(),
            Some(
                "button" | "submit" | "reset" | "checkbox" | "radio" | "image" | "range" | "color"
            )
        ),
        _ => false,
    }
}

/// How long after `g` its second key may come, in milliseconds.
pub const SEQUENCE_TIMEOUT_MS: f64 = 1500.0;

/// Where a `g` sequence leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Inbox,
    Runners,
    Agents,
    Tasks,
    Connections,
}

/// What a shortcut asks for; the glue decides what it means on the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    ShowHelp,
    Go(Target),
    /// `j`: the next row of the page's list.
    SelectNext,
    /// `k`: the previous row.
    SelectPrevious,
    /// `Enter` on a selected row: open it.
    OpenSelected,
    /// `n` outside the diff viewer: start a new runner or task (where the page offers one).
    New,
    /// `/`: focus the page's search.
    FocusSearch,
    /// In the diff viewer: `n`, `p`, `v`.
    NextFile,
    PreviousFile,
    ToggleViewed,
}

/// One keydown, as far as shortcuts care.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    pub ctrl: bool,
    pub meta: bool,
    pub alt: bool,
    pub shift: bool,
    /// `isComposing`, or the legacy key code 229: an input method is composing.
    pub composing: bool,
}

impl KeyPress<'_> {
    /// A key that may be a shortcut: no Ctrl, Cmd or Alt (Shift is part of the key: `?`), no
    /// composition.
    fn is_plain(&self) -> bool {
        !(self.ctrl || self.meta || self.alt || self.composing)
    }
}

/// What the page offers, for keys whose meaning depends on it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// A diff viewer is on the page: `n` / `p` / `v` are about its files.
    pub diff_viewer: bool,
}

/// What a key press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not a shortcut: the key does what it does anyway.
    None,
    /// `g`: waiting for the second key.
    Pending,
    Run(Command),
}

/// The keys pressed so far: a `g` waiting for its second key (since when, in ms).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sequence {
    g_at: Option<f64>,
}

impl Sequence {
    /// Takes a key press at time `now` (ms, any clock that only goes forward). The caller has
    /// already checked that the key was not typed into a field.
    pub fn press(&mut self, k: &KeyPress, now: f64, ctx: Context) -> Outcome {
        let after_g = self
            .g_at
            .take()
            .is_some_and(|t| now - t <= SEQUENCE_TIMEOUT_MS);
        if !k.is_plain() {
            return Outcome::None;
        }
        if after_g {
            let target = match k.key {
                "i" => Target::Inbox,
                "r" => Target::Runners,
                "a" => Target::Agents,
                "t" => Target::Tasks,
                "c" => Target::Connections,
                // `g g` starts again; any other key ends the sequence.
                "g" => {
                    self.g_at = Some(now);
                    return Outcome::Pending;
                }
                _ => return Outcome::None,
            };
            return Outcome::Run(Command::Go(target));
        }
        let diff = ctx.diff_viewer;
        let cmd = match k.key {
            "g" => {
                self.g_at = Some(now);
                return Outcome::Pending;
            }
            "?" => Command::ShowHelp,
            "j" => Command::SelectNext,
            "k" => Command::SelectPrevious,
            "Enter" if !k.shift => Command::OpenSelected,
            "/" => Command::FocusSearch,
            "n" if diff => Command::NextFile,
            "n" => Command::New,
            "p" if diff => Command::PreviousFile,
            "v" if diff => Command::ToggleViewed,
            _ => return Outcome::None,
        };
        Outcome::Run(cmd)
    }
}

/// One line of the help: the keys pressed one after the other, and what they do.
#[derive(Debug, Clone, Copy)]
pub struct Shortcut {
    pub keys: &'static [&'static str],
    pub what: &'static str,
}

/// A group of the help, with its heading.
#[derive(Debug, Clone, Copy)]
pub struct ShortcutGroup {
    pub title: &'static str,
    pub shortcuts: &'static [Shortcut],
}

const fn s(keys: &'static [&'static str], what: &'static str) -> Shortcut {
    Shortcut { keys, what }
}

/// Every shortcut, as the `?` dialog lists them (a test checks each one does something).
pub const HELP: &[ShortcutGroup] = &[
    ShortcutGroup {
        title: "Anywhere",
        shortcuts: &[
            s(&["?"], "Show these shortcuts"),
            s(&["g", "i"], "Go to the inbox"),
            s(&["g", "r"], "Go to the runners"),
            s(&["g", "a"], "Go to the agents"),
            s(&["g", "t"], "Go to the tasks (in the inbox)"),
            s(&["g", "c"], "Go to the connections"),
            s(&["/"], "Focus the search or filter of the page"),
        ],
    },
    ShortcutGroup {
        title: "Lists",
        shortcuts: &[
            s(&["j"], "Select the next row"),
            s(&["k"], "Select the previous row"),
            s(&["Enter"], "Open the selected row"),
            s(
                &["n"],
                "New runner (runners), dispatch a task (an agent's tasks)",
            ),
        ],
    },
    ShortcutGroup {
        title: "Diff viewer",
        shortcuts: &[
            s(&["n"], "Next file"),
            s(&["p"], "Previous file"),
            s(&["v"], "Mark the current file viewed (again: not viewed)"),
        ],
    },
    ShortcutGroup {
        title: "Prompts and messages",
        shortcuts: &[s(
            &["Ctrl+Enter"],
            "Send the prompt or message (⌘+Enter on a Mac); never while an input method composes",
        )],
    },
];

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

    #[test]
    fn fields_take_typing_and_buttons_do_not() {
        assert!(is_typing_target("INPUT", None, false));
        assert!(is_typing_target("input", Some("search"), false));
        assert!(is_typing_target("input", Some("date"), false));
        assert!(is_typing_target("TEXTAREA", None, false));
        assert!(is_typing_target("SELECT", None, false));
        assert!(is_typing_target("DIV", None, true));
        assert!(!is_typing_target("input", Some("checkbox"), false));
        assert!(!is_typing_target("input", Some("SUBMIT"), false));
        assert!(!is_typing_target("BUTTON", None, false));
        assert!(!is_typing_target("A", None, false));
        assert!(!is_typing_target("BODY", None, false));
    }

    fn key(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ..Default::default()
        }
    }

    const PAGE: Context = Context { diff_viewer: false };
    const DIFF: Context = Context { diff_viewer: true };

    #[test]
    fn g_then_a_letter_goes_somewhere() {
        let mut s = Sequence::default();
        for (k, t) in [
            ("i", Target::Inbox),
            ("r", Target::Runners),
            ("a", Target::Agents),
            ("t", Target::Tasks),
            ("c", Target::Connections),
        ] {
            assert_eq!(s.press(&key("g"), 0.0, PAGE), Outcome::Pending);
            assert_eq!(s.press(&key(k), 100.0, PAGE), Outcome::Run(Command::Go(t)));
        }
        // The sequence is over: `r` alone does nothing.
        assert_eq!(s.press(&key("r"), 200.0, PAGE), Outcome::None);
    }

    #[test]
    fn a_g_sequence_times_out() {
        let mut s = Sequence::default();
        assert_eq!(s.press(&key("g"), 1000.0, PAGE), Outcome::Pending);
        assert_eq!(
            s.press(&key("r"), 1000.0 + SEQUENCE_TIMEOUT_MS + 1.0, PAGE),
            Outcome::None
        );
        assert_eq!(s.press(&key("g"), 5000.0, PAGE), Outcome::Pending);
        assert_eq!(
            s.press(&key("r"), 5000.0 + SEQUENCE_TIMEOUT_MS, PAGE),
            Outcome::Run(Command::Go(Target::Runners))
        );
    }

    #[test]
    fn an_unknown_second_key_ends_the_sequence_and_g_g_restarts_it() {
        let mut s = Sequence::default();
        s.press(&key("g"), 0.0, PAGE);
        assert_eq!(s.press(&key("x"), 10.0, PAGE), Outcome::None);
        assert_eq!(s.press(&key("r"), 20.0, PAGE), Outcome::None);
        s.press(&key("g"), 30.0, PAGE);
        assert_eq!(s.press(&key("g"), 40.0, PAGE), Outcome::Pending);
        assert_eq!(
            s.press(&key("c"), 50.0, PAGE),
            Outcome::Run(Command::Go(Target::Connections))
        );
    }

    #[test]
    fn modifiers_and_composition_are_never_shortcuts() {
        let mut s = Sequence::default();
        for k in [
            KeyPress {
                ctrl: true,
                ..key("j")
            },
            KeyPress {
                meta: true,
                ..key("n")
            },
            KeyPress {
                alt: true,
                ..key("g")
            },
            KeyPress {
                composing: true,
                ..key("Enter")
            },
            KeyPress {
                shift: true,
                ..key("Enter")
            },
        ] {
            assert_eq!(s.press(&k, 0.0, PAGE), Outcome::None, "{k:?}");
        }
        // A modified key also ends a pending `g`.
        s.press(&key("g"), 0.0, PAGE);
        s.press(
            &KeyPress {
                ctrl: true,
                ..key("r")
            },
            10.0,
            PAGE,
        );
        assert_eq!(s.press(&key("r"), 20.0, PAGE), Outcome::None);
        // Shift is part of `?`.
        let help = KeyPress {
            shift: true,
            ..key("?")
        };
        assert_eq!(s.press(&help, 30.0, PAGE), Outcome::Run(Command::ShowHelp));
    }

    #[test]
    fn n_p_v_are_about_files_in_the_diff_viewer() {
        let mut s = Sequence::default();
        assert_eq!(s.press(&key("n"), 0.0, PAGE), Outcome::Run(Command::New));
        assert_eq!(s.press(&key("p"), 0.0, PAGE), Outcome::None);
        assert_eq!(s.press(&key("v"), 0.0, PAGE), Outcome::None);
        assert_eq!(
            s.press(&key("n"), 0.0, DIFF),
            Outcome::Run(Command::NextFile)
        );
        assert_eq!(
            s.press(&key("p"), 0.0, DIFF),
            Outcome::Run(Command::PreviousFile)
        );
        assert_eq!(
            s.press(&key("v"), 0.0, DIFF),
            Outcome::Run(Command::ToggleViewed)
        );
        // List keys work beside a diff viewer too.
        assert_eq!(
            s.press(&key("j"), 0.0, DIFF),
            Outcome::Run(Command::SelectNext)
        );
    }

    #[test]
    fn every_listed_shortcut_does_something() {
        for g in HELP {
            let ctx = Context {
                diff_viewer: g.title == "Diff viewer",
            };
            for sc in g.shortcuts {
                if sc.keys == ["Ctrl+Enter"] {
                    assert!(is_send_shortcut("Enter", true, false, false, 13));
                    continue;
                }
                let mut s = Sequence::default();
                let mut last = Outcome::None;
                for k in sc.keys {
                    last = s.press(&key(k), 0.0, ctx);
                }
                assert!(matches!(last, Outcome::Run(_)), "{sc:?}");
            }
        }
    }
}
