//! Reusable repositories: list, create, delete (refused while in use).

use super::agents;
use super::records::{self, RepoRec, REPO};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::Shared;
use agentdeck_wire::agentcontainer::*;

/// Every repository, with its SSH keys.
pub fn list(st: &Shared) -> Vec<Repository> {
    st.store
        .list::<RepoRec>(REPO, None)
        .iter()
        .map(|r| records::present_repo(st, r))
        .collect()
}

pub fn valid_git_url(url: &str) -> bool {
    let u = url.trim();
    (u.starts_with("https://")
        || u.starts_with("http://")
        || u.starts_with("ssh://")
        || u.starts_with("git@"))
        && u.len() > 10
        && !u.contains(char::is_whitespace)
}

/// Creates a repository (its SSH key must exist).
pub fn create(st: &Shared, req: CreateRepository) -> AcResult<Repository> {
    if req.name.trim().is_empty() {
        return Err(AcError::invalid_field("name", "name is required"));
    }
    if !valid_git_url(&req.url) {
        return Err(AcError::invalid_field(
            "url",
            "url must be an https:// or ssh git remote",
        ));
    }
    if let Some(k) = &req.ssh_key_id {
        if st
            .store
            .get::<records::SshKeyRec>(records::SSH_KEY, k)
            .is_none()
        {
            return Err(AcError::invalid(format!("Unknown sshKeyId {k}")));
        }
    }
    for a in req.aliases.iter().flatten() {
        if a.name.trim().is_empty() || a.target.trim().is_empty() {
            return Err(AcError::invalid("aliases need a name and a target"));
        }
    }
    let rec = RepoRec {
        repo: Repository {
            id: records::new_id(st, "repo"),
            name: req.name,
            url: req.url,
            is_standard: false,
            post_clone_script_path: req.post_clone_script_path,
            aliases: req.aliases.unwrap_or_default(),
            ssh_keys: vec![],
            created_at: st.clock.now(),
        },
        ssh_key_ids: req.ssh_key_id.into_iter().collect(),
    };
    st.store.put(REPO, &rec.repo.id, "", &rec);
    Ok(records::present_repo(st, &rec))
}

/// Whether a repository is attached to a current agent version or a live task.
pub fn in_use(st: &Shared, repo_id: &str) -> bool {
    let agents: Vec<Agent> = st.store.list(records::AGENT, None);
    let by_agent = agents.iter().filter(|a| a.archived_at.is_none()).any(|a| {
        agents::current(st, a)
            .repos
            .iter()
            .any(|l| l.repository_id == repo_id)
    });
    by_agent
        || st
            .store
            .list_docs::<records::TaskX>(records::TASKX, None)
            .iter()
            .any(|d| {
                d.value.repos.iter().any(|l| l.repository_id == repo_id)
                    && records::task(st, &d.id).is_ok_and(|t| !t.status.is_terminal())
            })
}

/// Deletes a custom repository that is not in use.
pub fn delete(st: &Shared, id: &str) -> AcResult<()> {
    let rec = records::repo(st, id).ok_or_else(|| AcError::not_found("Repository"))?;
    if rec.repo.is_standard {
        return Err(AcError::invalid("Standard repositories cannot be deleted"));
    }
    if in_use(st, id) {
        return Err(AcError::invalid(
            "Repository is in use by an agent or a running task",
        ));
    }
    st.store.delete(REPO, id);
    Ok(())
}
