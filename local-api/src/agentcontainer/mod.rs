//! The AgentContainer API (`/api/v1/...` on its own port).

pub mod feed;

use crate::state::AppState;
use axum::Router;

pub fn router(state: AppState) -> Router {
    Router::new()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::faults::agentcontainer_faults,
        ))
        .layer(crate::cors())
        .with_state(state)
}

pub fn seed(_st: &crate::state::Shared) {}
