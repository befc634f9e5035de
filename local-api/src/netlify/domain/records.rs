//! How Netlify objects are stored: the wire types as documents, plus internal sidecars, and
//! the lookups every operation starts with.

use crate::netlify::error::{ApiError, ApiResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::netlify::{AgentRunner, Session, User};
use serde::{Deserialize, Serialize};

pub const SITE: &str = "nl_site";
pub const RUNNER: &str = "nl_runner";
pub const SESSION: &str = "nl_session";
/// Sidecar of a session: what the simulated agent does and the diffs it produced.
pub const WORK: &str = "nl_work";
/// A deploy (preview) id -> its runner and session.
pub const DEPLOY: &str = "nl_deploy";
/// An attachment uploaded through `upload_url`.
pub const ATTACHMENT: &str = "nl_attachment";

/// URLs local-api serves itself are stored with this origin and rewritten to the live one on
/// the way out, so a database keeps working when ports change.
pub const LOCAL_ORIGIN: &str = "http://local-api.internal";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Site {
    pub id: String,
    pub account_id: String,
    pub name: String,
    /// Whether this site's runners see `rebase` (non-git site).
    #[serde(default)]
    pub has_git_repo: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SessionWork {
    /// Id of the change set in [`crate::netlify::sample_site`] this session applies (none in
    /// ask mode).
    #[serde(default)]
    pub changeset: Option<String>,
    /// `done`, `error`, ... what the simulation ends with.
    #[serde(default)]
    pub outcome: String,
    /// Diffs given through PATCH (override the generated ones).
    #[serde(default)]
    pub result_diff: Option<String>,
    #[serde(default)]
    pub cumulative_diff: Option<String>,
    /// Number of steps already played by the simulation.
    #[serde(default)]
    pub steps_done: usize,
    /// Pull request creation fails for this runner (scenario).
    #[serde(default)]
    pub pr_fails: bool,
    /// Committed to a branch (cannot be reverted).
    #[serde(default)]
    pub committed: bool,
    /// Delay multiplier of the simulation (demo runners that stay live a while).
    #[serde(default)]
    pub pace: u64,
}

/// The state filter of the runner and session lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// `new` or `running`.
    Live,
    Error,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deploy {
    pub runner_id: String,
    pub session_id: String,
}

pub fn fix_url(st: &Shared, s: &mut Option<String>) {
    if let Some(v) = s {
        if let Some(rest) = v.strip_prefix(LOCAL_ORIGIN) {
            *v = format!("{}{}", st.urls.netlify_origin, rest);
        }
    }
}

/// A runner as the API shows it (live URLs).
pub fn present_runner(st: &AppState, mut r: AgentRunner) -> AgentRunner {
    fix_url(st, &mut r.latest_session_deploy_url);
    fix_url(st, &mut r.pr_url);
    fix_url(st, &mut r.latest_session_deploy_screenshot_url);
    r
}

pub fn present_session(st: &AppState, mut s: Session) -> Session {
    fix_url(st, &mut s.deploy_url);
    s
}

pub fn get_site(st: &Shared, id: &str) -> Option<Site> {
    st.store.get(SITE, id)
}

pub fn get_runner(st: &Shared, id: &str) -> Option<AgentRunner> {
    st.store.get(RUNNER, id)
}

/// A site, or 404 `Site not found`.
pub fn site(st: &Shared, id: &str) -> ApiResult<Site> {
    get_site(st, id).ok_or_else(|| ApiError::not_found("Site not found"))
}

/// A runner, or 404 `Agent runner not found`.
pub fn runner(st: &Shared, id: &str) -> ApiResult<AgentRunner> {
    get_runner(st, id).ok_or_else(|| ApiError::not_found("Agent runner not found"))
}

/// A session of a runner, or 404 `Session not found`.
pub fn session(st: &Shared, runner_id: &str, sid: &str) -> ApiResult<Session> {
    st.store
        .get::<Session>(SESSION, sid)
        .filter(|s| s.agent_runner_id == runner_id)
        .ok_or_else(|| ApiError::not_found("Session not found"))
}

/// Creates a site (and its account link) if missing.
pub fn ensure_site(st: &Shared, site_id: &str, account_id: &str) -> Site {
    if let Some(s) = get_site(st, site_id) {
        return s;
    }
    let site = Site {
        id: site_id.into(),
        account_id: account_id.into(),
        name: format!("{site_id}-juniper"),
        has_git_repo: true,
    };
    st.store.put(SITE, site_id, account_id, &site);
    site
}

pub fn put_runner(st: &Shared, r: &AgentRunner) {
    st.store.put(RUNNER, &r.id, &r.site_id, r);
}

pub fn put_session(st: &Shared, s: &Session) {
    st.store.put(SESSION, &s.id, &s.agent_runner_id, s);
}

/// Sessions of a runner, oldest first.
pub fn sessions_of(st: &Shared, runner_id: &str) -> Vec<Session> {
    let mut v: Vec<Session> = st.store.list(SESSION, Some(runner_id));
    v.sort_by_key(|s| crate::clock::ms_of(&s.created_at));
    v
}

pub fn work_of(st: &Shared, session_id: &str) -> SessionWork {
    st.store.get(WORK, session_id).unwrap_or_default()
}

pub fn put_work(st: &Shared, session_id: &str, w: &SessionWork) {
    st.store.put(WORK, session_id, session_id, w);
}

/// A Netlify-style 24-hex id, deterministic for the seed.
pub fn new_id(st: &Shared, kind: &str) -> String {
    let n = st.store.next_counter(kind);
    crate::ids::det_hex(st.config.seed, kind, n, 24)
}

/// Deploy preview URL of a deploy (stored form).
pub fn deploy_url(deploy_id: &str) -> String {
    format!("{LOCAL_ORIGIN}/__preview/{deploy_id}/")
}

/// Sets the runner's `latest_session_*` and `active_session_created_at` from its sessions.
pub fn refresh_runner_summary(r: &mut AgentRunner, sessions: &[Session]) {
    let visible: Vec<&Session> = sessions.iter().filter(|s| !s.is_discarded).collect();
    if let Some(last) = visible.last() {
        r.latest_session_state = Some(last.state.clone());
        r.latest_session_mode = last.mode.clone();
        r.last_session_created_at = Some(last.created_at.clone());
        r.latest_session_is_published = Some(last.is_published);
        r.active_session_created_at = last.state.is_live().then(|| last.created_at.clone());
    }
    if let Some(with_deploy) = visible.iter().rev().find(|s| s.deploy_id.is_some()) {
        r.latest_session_deploy_id = with_deploy.deploy_id.clone();
        r.latest_session_deploy_url = with_deploy.deploy_url.clone();
        r.latest_session_deploy_screenshot_url = with_deploy
            .deploy_id
            .as_deref()
            .map(|d| format!("{LOCAL_ORIGIN}/__screenshot/{d}.svg"));
    }
    r.has_result_diff = visible.iter().any(|s| s.has_result_diff);
    let mut contributors: Vec<User> = Vec::new();
    for u in visible.iter().filter_map(|s| s.user.clone()) {
        if !contributors.iter().any(|c| c.id == u.id) {
            contributors.push(u);
        }
    }
    if !contributors.is_empty() {
        r.contributors = contributors;
    }
}
