//! Where a repository is mounted in an agent's container by default: the dispatch form and
//! the conversation pages suggest the same folder.

/// The directory of the agent's container where repositories are mounted by default (a path
/// in the container, not an app URL).
const WORKSPACE_DIR: &str = "workspace";

/// The suggested mount point of a repository named `name` (an `owner/name` keeps its last
/// part): `/workspace/<name>`, the name reduced to safe path characters.
pub fn default_mount(name: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    let safe: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_matches(|c| c == '-' || c == '.');
    let folder = if safe.is_empty() { "repo" } else { safe };
    format!("/{WORKSPACE_DIR}/{folder}")
}

#[cfg(test)]
mod tests {
    use super::default_mount;

    #[test]
    fn mount_points_are_safe_folders_of_the_workspace() {
        assert_eq!(default_mount("acme/web site"), "/workspace/web-site");
        assert_eq!(default_mount("web app"), "/workspace/web-app");
        assert_eq!(default_mount("../x"), "/workspace/x");
        assert_eq!(default_mount("//"), "/workspace/repo");
        assert_eq!(default_mount(""), "/workspace/repo");
        assert_eq!(default_mount(".."), "/workspace/repo");
    }
}
