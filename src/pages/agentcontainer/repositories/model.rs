//! The repositories page's rules, pure and natively tested: the create form's request body
//! (trimmed, empty alias rows dropped, half-filled ones refused before sending), which keys can
//! still be attached to a repository, and how a repository's URL may be shown.

use crate::safe_url::http_url;
use agentdeck_wire::agentcontainer::{CreateRepository, Repository, RepositoryAlias, SshKey};

/// One alias row of the form (`key` keeps the row's inputs stable while rows come and go).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AliasRow {
    pub key: u32,
    pub name: String,
    pub target: String,
}

/// What the create form holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RepoDraft {
    pub name: String,
    pub url: String,
    pub post_clone_script_path: String,
    pub aliases: Vec<AliasRow>,
    /// `""`: no key.
    pub ssh_key_id: String,
}

/// A problem with one field, found before sending.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    /// The API's field name (`name`, `url`, `aliases`).
    pub field: &'static str,
    pub message: String,
}

fn trimmed(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl RepoDraft {
    /// The request body, or the first problem a user can fix before sending.
    pub fn to_request(&self) -> Result<CreateRepository, FieldProblem> {
        let name = trimmed(&self.name).ok_or(FieldProblem {
            field: "name",
            message: "Give the repository a name.".into(),
        })?;
        let url = trimmed(&self.url).ok_or(FieldProblem {
            field: "url",
            message: "Give the git URL to clone (https:// or git@host:owner/repo.git).".into(),
        })?;
        let mut aliases = Vec::new();
        for row in &self.aliases {
            match (trimmed(&row.name), trimmed(&row.target)) {
                (None, None) => {}
                (Some(name), Some(target)) => aliases.push(RepositoryAlias { name, target }),
                (Some(name), None) => {
                    return Err(FieldProblem {
                        field: "aliases",
                        message: format!("The alias “{name}” needs a target path."),
                    })
                }
                (None, Some(target)) => {
                    return Err(FieldProblem {
                        field: "aliases",
                        message: format!("The alias to “{target}” needs a name."),
                    })
                }
            }
        }
        Ok(CreateRepository {
            name,
            url,
            ssh_key_id: trimmed(&self.ssh_key_id),
            post_clone_script_path: trimmed(&self.post_clone_script_path),
            aliases: (!aliases.is_empty()).then_some(aliases),
        })
    }
}

/// The keys not yet attached to `repo`, in the keys' order.
pub fn attachable_keys(repo: &Repository, keys: &[SshKey]) -> Vec<SshKey> {
    keys.iter()
        .filter(|k| !repo.ssh_keys.iter().any(|a| a.id == k.id))
        .cloned()
        .collect()
}

/// A repository URL as a link target, only when it is http(s).
pub fn repo_link(url: &str) -> Option<String> {
    http_url(url).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> SshKey {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "algorithm": "ed25519", "publicKey": "ssh-ed25519 AAAA",
            "createdAt": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn the_body_is_trimmed_and_empty_parts_left_out() {
        let d = RepoDraft {
            name: "  site ".into(),
            url: " https://github.com/acme/site.git ".into(),
            post_clone_script_path: "   ".into(),
            aliases: vec![
                AliasRow {
                    key: 1,
                    name: " test ".into(),
                    target: " scripts/test.sh".into(),
                },
                AliasRow::default(),
            ],
            ssh_key_id: String::new(),
        };
        let body = d.to_request().unwrap();
        assert_eq!(body.name, "site");
        assert_eq!(body.url, "https://github.com/acme/site.git");
        assert_eq!(body.post_clone_script_path, None);
        assert_eq!(body.ssh_key_id, None);
        assert_eq!(
            body.aliases,
            Some(vec![RepositoryAlias {
                name: "test".into(),
                target: "scripts/test.sh".into()
            }])
        );
        let json = serde_json::to_value(&body).unwrap();
        assert!(json.get("postCloneScriptPath").is_none());
        let none = RepoDraft {
            aliases: vec![AliasRow::default()],
            ..d
        };
        assert_eq!(none.to_request().unwrap().aliases, None);
    }

    #[test]
    fn missing_fields_are_named() {
        let d = RepoDraft::default();
        assert_eq!(d.to_request().unwrap_err().field, "name");
        let d = RepoDraft {
            name: "x".into(),
            ..Default::default()
        };
        assert_eq!(d.to_request().unwrap_err().field, "url");
        let d = RepoDraft {
            name: "x".into(),
            url: "git@github.com:a/b.git".into(),
            aliases: vec![AliasRow {
                key: 0,
                name: "lint".into(),
                target: " ".into(),
            }],
            ..Default::default()
        };
        let p = d.to_request().unwrap_err();
        assert_eq!(p.field, "aliases");
        assert!(p.message.contains("lint"));
    }

    #[test]
    fn attached_keys_are_not_offered_again() {
        let mut repo: Repository = serde_json::from_value(serde_json::json!({
            "id": "r", "name": "r", "url": "https://x.test/r.git", "createdAt": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        repo.ssh_keys = vec![key("a")];
        let ids: Vec<String> = attachable_keys(&repo, &[key("a"), key("b")])
            .into_iter()
            .map(|k| k.id)
            .collect();
        assert_eq!(ids, ["b"]);
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            repo_link("https://github.com/a/b.git").as_deref(),
            Some("https://github.com/a/b.git")
        );
        assert_eq!(repo_link("git@github.com:a/b.git"), None);
        assert_eq!(repo_link("javascript:alert(1)"), None);
    }
}
