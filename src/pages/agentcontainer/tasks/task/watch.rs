//! What the user is told when a task watched on its page ends or waits for them: a browser
//! notification text and the tab-title marker (`✓` finished, `✗` failed or stopped). Pure.

use agentdeck_wire::agentcontainer::TaskStatus;

/// A change worth telling: the notification's text and whether it went well.
#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub text: String,
    pub ok: bool,
}

/// What to announce when a task seen in state `before` on this page is now `now`. Nothing for
/// the first state seen (the page just opened) or when nothing changed.
pub fn announce(
    before: Option<&TaskStatus>,
    now: &TaskStatus,
    title: &str,
) -> Option<Announcement> {
    let before = before?;
    if before == now || before.is_terminal() {
        return None;
    }
    let title = if title.trim().is_empty() {
        "Task"
    } else {
        title.trim()
    };
    let (what, ok) = match now {
        TaskStatus::Finished => ("finished", true),
        TaskStatus::Failed => ("failed", false),
        TaskStatus::Cancelled => ("was cancelled", false),
        TaskStatus::Expired => ("expired", false),
        TaskStatus::AwaitingInput => ("awaits your input", true),
        _ => return None,
    };
    Some(Announcement {
        text: format!("{title} {what}"),
        ok,
    })
}

/// The page's tab title.
pub fn tab_title(title: Option<&str>) -> String {
    match title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("{t} · Task · agentdeck"),
        None => "Task · agentdeck".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changes_seen_here_are_announced() {
        let run = TaskStatus::Running;
        assert_eq!(announce(None, &TaskStatus::Finished, "Fix it"), None);
        assert_eq!(announce(Some(&run), &run, "Fix it"), None);
        assert_eq!(
            announce(Some(&run), &TaskStatus::Finished, "Fix it"),
            Some(Announcement {
                text: "Fix it finished".into(),
                ok: true
            })
        );
        assert!(
            !announce(Some(&TaskStatus::Pending), &TaskStatus::Failed, "")
                .unwrap()
                .ok
        );
        assert_eq!(
            announce(Some(&run), &TaskStatus::AwaitingInput, " ")
                .unwrap()
                .text,
            "Task awaits your input"
        );
        assert_eq!(announce(Some(&run), &TaskStatus::Hibernating, "x"), None);
        assert_eq!(
            announce(Some(&TaskStatus::Finished), &TaskStatus::Failed, "x"),
            None
        );
        assert_eq!(
            announce(Some(&run), &TaskStatus::parse("paused"), "x"),
            None
        );
    }

    #[test]
    fn titles() {
        assert_eq!(tab_title(Some("Fix")), "Fix · Task · agentdeck");
        assert_eq!(tab_title(Some(" ")), "Task · agentdeck");
    }
}
