//! The Netlify Agent Runners API (`/api/v1/agent_runners...`), its deploy previews, and the
//! admin endpoints for tests (`/__admin/...`).

pub mod auth;
pub mod demo;
pub mod diffs;
pub mod error;
pub mod model;
pub mod previews;
pub mod runners;
pub mod sample_site;
pub mod sessions;
pub mod sim;
pub mod uploads;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router(state: AppState) -> Router {
    let r = "/api/v1/agent_runners";
    let api = Router::new()
        .route(r, get(runners::list).post(runners::create))
        .route(&format!("{r}/upload_url"), post(uploads::upload_url))
        .route(&format!("{r}/delete_url"), post(uploads::delete_url))
        .route(
            &format!("{r}/{{id}}"),
            get(runners::get_one)
                .patch(runners::update)
                .delete(runners::stop),
        )
        .route(&format!("{r}/{{id}}/archive"), post(runners::archive))
        .route(&format!("{r}/{{id}}/revert"), post(runners::revert))
        .route(&format!("{r}/{{id}}/rebase"), post(runners::rebase))
        .route(&format!("{r}/{{id}}/diff"), get(diffs::runner_diff))
        .route(
            &format!("{r}/{{id}}/pull_request"),
            post(runners::pull_request),
        )
        .route(&format!("{r}/{{id}}/commit"), post(runners::commit))
        .route(
            &format!("{r}/{{id}}/publish_to_production"),
            post(runners::publish),
        )
        .route(
            &format!("{r}/{{id}}/sessions"),
            get(sessions::list).post(sessions::create),
        )
        .route(
            &format!("{r}/{{id}}/sessions/{{sid}}"),
            get(sessions::get_one)
                .patch(sessions::update)
                .delete(sessions::stop),
        )
        .route(
            &format!("{r}/{{id}}/sessions/{{sid}}/redeploy"),
            post(sessions::redeploy),
        )
        .route(
            &format!("{r}/{{id}}/sessions/{{sid}}/diff/result"),
            get(diffs::result_diff),
        )
        .route(
            &format!("{r}/{{id}}/sessions/{{sid}}/diff/cumulative"),
            get(diffs::cumulative_diff),
        )
        .route(
            &format!("{r}/{{id}}/sessions/{{sid}}/diff/upload_urls"),
            post(diffs::upload_urls),
        )
        .route(
            "/api/v1/{account}/agent_runners",
            get(runners::list_for_account),
        )
        .route("/api/v1/ai-gateway/providers", get(runners::providers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::faults::netlify_faults,
        ));
    Router::new()
        .merge(api)
        .merge(crate::admin::router())
        .route("/__preview/{deploy}/", get(previews::root))
        .route("/__preview/{deploy}/{*path}", get(previews::file))
        .route("/__screenshot/{file}", get(previews::screenshot))
        .route(
            "/__github/{owner}/{repo}/pull/{n}",
            get(previews::pull_request_page),
        )
        .layer(crate::cors())
        .with_state(state)
}

/// Seeds the configured site (always) and its demo runners (when asked, on an empty database).
pub fn seed(st: &crate::state::Shared) {
    let fresh = st.store.count(model::RUNNER) == 0;
    demo::ensure_site(st, &st.config.site_id, &st.config.account_id);
    if fresh && st.config.demo_data {
        demo::seed_runners(st, &st.config.site_id, 36);
    }
}
