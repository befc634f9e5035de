//! How runners and people are named on the Netlify pages (list and runner page alike).

use agentdeck_wire::netlify::{AgentRunner, User};

/// A person's display name: full name, else e-mail, else id.
pub fn user_name(u: &User) -> String {
    u.full_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| u.email.clone().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| u.id.clone())
}

/// A runner's title, or "Untitled runner" when it has none yet.
pub fn runner_title(r: &AgentRunner) -> String {
    r.title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled runner".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fall_back_in_order() {
        let mut u = User {
            id: "u1".into(),
            full_name: Some(" ".into()),
            email: Some("a@b.c".into()),
            avatar_url: None,
        };
        assert_eq!(user_name(&u), "a@b.c");
        u.email = None;
        assert_eq!(user_name(&u), "u1");
        u.full_name = Some("Ada".into());
        assert_eq!(user_name(&u), "Ada");
    }
}
