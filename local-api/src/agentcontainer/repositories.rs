//! Reusable repositories: list, create, delete (refused while in use).

use super::auth::{AcAuth, Body};
use super::error::{AcError, AcResult};
use super::model::{self, RepoRec, REPO};
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;

pub async fn list(
    State(st): State<AppState>,
    _a: AcAuth,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<Repository>>> {
    let repos: Vec<Repository> = st
        .store
        .list::<RepoRec>(REPO, None)
        .iter()
        .map(|r| model::present_repo(&st, r))
        .collect();
    Ok(Json(model::paginate(
        repos,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
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

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateRepository>,
) -> AcResult<(StatusCode, Json<Repository>)> {
    if req.name.trim().is_empty() {
        return Err(AcError::invalid("name is required"));
    }
    if !valid_git_url(&req.url) {
        return Err(AcError::invalid(
            "url must be an https:// or ssh git remote",
        ));
    }
    if let Some(k) = &req.ssh_key_id {
        if st
            .store
            .get::<model::SshKeyRec>(model::SSH_KEY, k)
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
            id: model::new_id(&st, "repo"),
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
    Ok((StatusCode::CREATED, Json(model::present_repo(&st, &rec))))
}

/// Whether a repository is attached to a current agent version or a live task.
pub fn in_use(st: &AppState, repo_id: &str) -> bool {
    let agents: Vec<Agent> = st.store.list(model::AGENT, None);
    let by_agent = agents.iter().filter(|a| a.archived_at.is_none()).any(|a| {
        super::agents::current(st, a)
            .repos
            .iter()
            .any(|l| l.repository_id == repo_id)
    });
    by_agent
        || st
            .store
            .list_docs::<model::TaskX>(model::TASKX, None)
            .iter()
            .any(|d| {
                d.value.repos.iter().any(|l| l.repository_id == repo_id)
                    && model::task(st, &d.id).is_ok_and(|t| !t.status.is_terminal())
            })
}

pub async fn delete(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    let rec = model::repo(&st, &id).ok_or_else(|| AcError::not_found("Repository"))?;
    if rec.repo.is_standard {
        return Err(AcError::invalid("Standard repositories cannot be deleted"));
    }
    if in_use(&st, &id) {
        return Err(AcError::invalid(
            "Repository is in use by an agent or a running task",
        ));
    }
    st.store.delete(REPO, &id);
    Ok(StatusCode::NO_CONTENT)
}
