//! Serves the built app: static files with an SPA fallback, `config.json` generated from the
//! running servers (never written to disk), `Referrer-Policy: no-referrer` on everything.

use crate::state::AppState;
use agentdeck_wire::app_config::{AgentContainerDefaults, AppConfig, NetlifyDefaults};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(state: AppState, dir: &Path) -> Router {
    let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    Router::new()
        .route("/config.json", get(config_json))
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state)
}

pub fn app_config(st: &crate::state::Shared) -> AppConfig {
    AppConfig {
        netlify: Some(NetlifyDefaults {
            base_url: st.urls.netlify_api(),
            token: st.config.netlify_token.clone(),
            account_id: st.config.account_id.clone(),
            site_id: st.config.site_id.clone(),
        }),
        agentcontainer: Some(AgentContainerDefaults {
            base_url: st.urls.agentcontainer_api(),
            api_key: st.config.agentcontainer_key.clone(),
        }),
    }
}

async fn config_json(State(st): State<AppState>) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(app_config(&st)))
}
