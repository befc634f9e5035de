//! The SSH keys page's rules, pure and natively tested: which repositories a key is attached
//! to (read from the repositories' own key lists), which it could still be attached to, and the
//! body of an edit (only what changed).

use agentdeck_wire::agentcontainer::{CreateSshKey, Repository, SshKey, UpdateSshKey};

/// The repositories `key_id` is attached to, and the others, each in the list's order.
pub fn split_repos(key_id: &str, repos: &[Repository]) -> (Vec<Repository>, Vec<Repository>) {
    repos
        .iter()
        .cloned()
        .partition(|r| r.ssh_keys.iter().any(|k| k.id == key_id))
}

/// The body of `POST /ssh-keys`, or what to fix first.
pub fn create_body(name: &str, description: &str) -> Result<CreateSshKey, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the key a name.".into());
    }
    let description = description.trim();
    Ok(CreateSshKey {
        name: name.into(),
        description: (!description.is_empty()).then(|| description.into()),
    })
}

/// The body of `PATCH /ssh-keys/{id}` with only what changed; `None` when nothing did.
pub fn update_body(
    key: &SshKey,
    name: &str,
    description: &str,
) -> Result<Option<UpdateSshKey>, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("A key needs a name.".into());
    }
    let description = description.trim();
    let body = UpdateSshKey {
        name: (name != key.name).then(|| name.into()),
        description: (description != key.description.as_deref().unwrap_or(""))
            .then(|| description.into()),
    };
    Ok((body.name.is_some() || body.description.is_some()).then_some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, description: Option<&str>) -> SshKey {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": "deploy", "description": description, "algorithm": "ed25519",
            "publicKey": "ssh-ed25519 AAAA", "createdAt": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    fn repo(id: &str, keys: Vec<SshKey>) -> Repository {
        let mut r: Repository = serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "url": "git@x.test:a/b.git", "createdAt": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        r.ssh_keys = keys;
        r
    }

    #[test]
    fn repositories_split_by_attachment() {
        let repos = vec![
            repo("a", vec![key("k", None)]),
            repo("b", vec![]),
            repo("c", vec![key("other", None), key("k", None)]),
        ];
        let (with, without) = split_repos("k", &repos);
        let ids = |v: Vec<Repository>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(with), ["a", "c"]);
        assert_eq!(ids(without), ["b"]);
    }

    #[test]
    fn create_needs_a_name_and_drops_an_empty_description() {
        assert!(create_body("  ", "x").is_err());
        let b = create_body(" deploy ", "  ").unwrap();
        assert_eq!(b.name, "deploy");
        assert_eq!(b.description, None);
        assert_eq!(
            create_body("d", " for CI ").unwrap().description.as_deref(),
            Some("for CI")
        );
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let k = key("k", Some("old"));
        assert_eq!(update_body(&k, "deploy", "old").unwrap(), None);
        let b = update_body(&k, " renamed ", "old").unwrap().unwrap();
        assert_eq!(b.name.as_deref(), Some("renamed"));
        assert_eq!(b.description, None);
        let b = update_body(&k, "deploy", "new").unwrap().unwrap();
        assert_eq!((b.name, b.description.as_deref()), (None, Some("new")));
        assert!(update_body(&k, " ", "old").is_err());
        let none = key("k", None);
        assert_eq!(update_body(&none, "deploy", "").unwrap(), None);
    }
}
