//! Netlify Agent Runners client: one async function per endpoint, one file per resource; every
//! function is re-exported here (`api::netlify::get_runner`).
//!
//! Every function takes the [`NetlifyConnection`](crate::api::NetlifyConnection) (base URL,
//! token, account, site) and returns typed results or an [`ApiError`](crate::api::ApiError).
//! Reads are retried on transient failures; writes are not. Run them inside a
//! [`RequestScope`](crate::api::RequestScope) to have them aborted with a page.
//!
//! Files: `request` (shared: base URL, auth, answers, [`Paged`]), `runners` (+ the runner's
//! diff, pull request, commit, publish), `sessions` (+ their diffs), `attachments` (presigned
//! upload / delete URLs), `ai_gateway` (models per provider).

mod ai_gateway;
mod attachments;
mod request;
mod runners;
mod sessions;

pub use ai_gateway::ai_gateway_providers;
pub use attachments::{delete_url, upload_url};
pub use request::Paged;
pub use runners::{
    archive_runner, commit_to_branch, create_pull_request, create_runner, diff_pairs,
    effective_runners_query, get_runner, list_account_runners, list_runners, publish_to_production,
    rebase_runner, revert_runner, runner_diff, stop_runner, update_runner,
};
pub use sessions::{
    create_session, diff_upload_urls, get_session, list_all_sessions, list_sessions,
    redeploy_session, session_cumulative_diff, session_result_diff, sessions_pairs, stop_session,
    update_session,
};
