//! The Netlify Agent Runners API (`/api/v1/agent_runners...`) and its deploy previews: the
//! router. Layers, bottom up: [`error`] and [`sample_site`]; [`domain`] (records, operations,
//! the simulation); [`http`] (thin handlers); [`demo`] (seed data, through the domain).

pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
pub mod sample_site;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;
use http::{diffs, previews, runners, sessions, uploads};

/// The Netlify port's routes, with `extra` routes (the admin endpoints) merged in under the
/// same CORS layer and state.
pub fn router(state: AppState, extra: Router<AppState>) -> Router {
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
        .merge(extra)
        .route("/__preview/{deploy}/", get(previews::root))
        .route("/__preview/{deploy}/{*path}", get(previews::file))
        .route("/__screenshot/{file}", get(previews::screenshot))
        .route(
            "/__github/{owner}/{repo}/pull/{n}",
            get(previews::pull_request_page),
        )
        .layer(crate::cors::layer(&state.origins))
        .with_state(state)
}
