//! The Netlify Agent Runners API (`/api/v1/agent_runners...`), its deploy previews, and the
//! admin endpoints for tests (`/__admin/...`).

pub mod auth;
pub mod demo;
pub mod error;
pub mod model;
pub mod runners;
pub mod sample_site;
pub mod sim;

use crate::state::AppState;
use axum::routing::get;
use axum::Router;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/v1/agent_runners", get(runners::list))
        .route("/api/v1/agent_runners/{id}", get(runners::get_one))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::faults::netlify_faults,
        ));
    Router::new()
        .merge(api)
        .merge(crate::admin::router())
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
