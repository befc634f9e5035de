//! Checks a branch name before "commit to branch" sends anything: git's ref-name rules, and never
//! the main branch (or the branch the runner started from).

/// Branch names that are never a commit target from here, whatever the runner says.
pub const MAIN_BRANCHES: &[&str] = &["main", "master"];

/// The trimmed name when it can be used as a commit target, or a sentence saying why not.
/// `base` is the runner's base branch (refused too); names compare case-insensitively.
pub fn check_target_branch(raw: &str, base: Option<&str>) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter the name of the branch to commit to.".into());
    }
    if let Some(problem) = ref_name_problem(name) {
        return Err(format!(
            "\u{201c}{name}\u{201d} is not a valid branch name: {problem}."
        ));
    }
    let is_main = MAIN_BRANCHES.iter().any(|m| m.eq_ignore_ascii_case(name));
    let is_base = base
        .map(str::trim)
        .is_some_and(|b| !b.is_empty() && b.eq_ignore_ascii_case(name));
    if is_main || is_base {
        return Err(format!(
            "\u{201c}{name}\u{201d} is the main branch. Commit to another branch, or open a pull request instead."
        ));
    }
    Ok(name.to_string())
}

/// Why `name` breaks git's `check-ref-format` rules for a branch, if it does.
pub fn ref_name_problem(name: &str) -> Option<&'static str> {
    if name.len() > 200 {
        return Some("it is too long (200 characters at most)");
    }
    if name == "@" {
        return Some("\u{201c}@\u{201d} alone is not allowed");
    }
    if name.starts_with('-') {
        return Some("it cannot start with \u{201c}-\u{201d}");
    }
    if name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Some("it cannot contain spaces or control characters");
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\'))
    {
        return Some(match c {
            '~' => "it cannot contain \u{201c}~\u{201d}",
            '^' => "it cannot contain \u{201c}^\u{201d}",
            ':' => "it cannot contain \u{201c}:\u{201d}",
            '?' => "it cannot contain \u{201c}?\u{201d}",
            '*' => "it cannot contain \u{201c}*\u{201d}",
            '[' => "it cannot contain \u{201c}[\u{201d}",
            _ => "it cannot contain a backslash",
        });
    }
    if name.contains("..") {
        return Some("it cannot contain \u{201c}..\u{201d}");
    }
    if name.contains("@{") {
        return Some("it cannot contain \u{201c}@{\u{201d}");
    }
    if name.starts_with('/') || name.ends_with('/') || name.contains("//") {
        return Some("slashes must separate non-empty parts");
    }
    if name.ends_with('.') {
        return Some("it cannot end with \u{201c}.\u{201d}");
    }
    for part in name.split('/') {
        if part.starts_with('.') {
            return Some("no part of it may start with \u{201c}.\u{201d}");
        }
        if part.ends_with(".lock") {
            return Some("no part of it may end with \u{201c}.lock\u{201d}");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_names_pass_trimmed() {
        assert_eq!(
            check_target_branch(" feature-x ", None),
            Ok("feature-x".into())
        );
        assert_eq!(
            check_target_branch("agent/fix-header_2", Some("main")),
            Ok("agent/fix-header_2".into())
        );
        assert_eq!(
            check_target_branch("release-1.2", None),
            Ok("release-1.2".into())
        );
    }

    #[test]
    fn main_and_base_branches_are_refused() {
        for name in ["main", "MAIN", "master", " main "] {
            let e = check_target_branch(name, None).unwrap_err();
            assert!(e.contains("main branch"), "{name}: {e}");
        }
        let e = check_target_branch("develop", Some("develop")).unwrap_err();
        assert!(e.contains("main branch"), "{e}");
        assert!(check_target_branch("develop", Some("")).is_ok());
    }

    #[test]
    fn git_rules_are_enforced() {
        for bad in [
            "",
            "  ",
            "a b",
            "a..b",
            "a~1",
            "a^",
            "a:b",
            "a?",
            "a*",
            "a[b",
            "a\\b",
            "-x",
            "/x",
            "x/",
            "a//b",
            "x.",
            ".x",
            "a/.b",
            "x.lock",
            "a/b.lock/c",
            "@",
            "a@{1}",
            "tab\tname",
        ] {
            assert!(check_target_branch(bad, None).is_err(), "{bad:?} passed");
        }
        assert!(check_target_branch(&"a".repeat(201), None).is_err());
    }
}
