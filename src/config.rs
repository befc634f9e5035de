//! The connections to both services and where they live.
//!
//! Secrets stay in `sessionStorage` (gone when the tab closes) unless the user ticks "remember on
//! this device", which moves them to `localStorage`. A development server may serve `/config.json`
//! with local defaults (see `agentdeck_wire::app_config`); a production build has none.

use crate::api::{AgentContainerConnection, NetlifyConnection};
use agentdeck_wire::app_config::AppConfig;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "agentdeck.connections.v1";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connections {
    #[serde(default)]
    pub netlify: Option<NetlifyConnection>,
    #[serde(default)]
    pub agentcontainer: Option<AgentContainerConnection>,
    /// Keep the connections in `localStorage` (survives restarts) instead of `sessionStorage`.
    #[serde(default)]
    pub remember: bool,
}

impl Connections {
    pub fn from_app_config(cfg: AppConfig) -> Self {
        Connections {
            netlify: cfg.netlify.map(|n| NetlifyConnection {
                base_url: normalize_base_url(&n.base_url),
                token: n.token,
                account_id: n.account_id,
                site_id: n.site_id,
            }),
            agentcontainer: cfg.agentcontainer.map(|a| AgentContainerConnection {
                base_url: normalize_base_url(&a.base_url),
                api_key: a.api_key,
            }),
            remember: false,
        }
    }

    /// The Netlify connection, when it has everything a request needs.
    pub fn netlify_ready(&self) -> Option<&NetlifyConnection> {
        self.netlify
            .as_ref()
            .filter(|n| !n.base_url.is_empty() && !n.token.is_empty() && !n.site_id.is_empty())
    }

    pub fn agentcontainer_ready(&self) -> Option<&AgentContainerConnection> {
        self.agentcontainer
            .as_ref()
            .filter(|a| !a.base_url.is_empty() && !a.api_key.is_empty())
    }
}

/// Trims spaces and trailing slashes so paths can be appended with one `/`.
pub fn normalize_base_url(raw: &str) -> String {
    raw.trim().trim_end_matches('/').to_string()
}

/// Why a base URL cannot be used, in words for the form; `None` when it is fine.
pub fn base_url_problem(raw: &str) -> Option<&'static str> {
    let url = normalize_base_url(raw);
    if url.is_empty() {
        return Some("Enter the API base URL.");
    }
    if crate::safe_url::http_url(&url).is_none() {
        return Some("The base URL must start with http:// or https://.");
    }
    None
}

fn storage(local: bool) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    if local {
        window.local_storage().ok().flatten()
    } else {
        window.session_storage().ok().flatten()
    }
}

/// The connections saved in this browser: `localStorage` first, then `sessionStorage`.
pub fn load_stored() -> Option<Connections> {
    [true, false].into_iter().find_map(|local| {
        let text = storage(local)?.get_item(STORAGE_KEY).ok().flatten()?;
        serde_json::from_str(&text).ok()
    })
}

/// Saves where `remember` says and removes the copy from the other storage.
pub fn save(c: &Connections) {
    let Ok(text) = serde_json::to_string(c) else {
        return;
    };
    if let Some(s) = storage(c.remember) {
        let _ = s.set_item(STORAGE_KEY, &text);
    }
    if let Some(s) = storage(!c.remember) {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

/// Forgets the connections on this device (both storages).
pub fn forget() {
    for local in [true, false] {
        if let Some(s) = storage(local) {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }
}

/// The development defaults served as `/config.json`, if any. Any failure means "none": a
/// production host answers this path with the SPA's index.html, which does not parse.
pub async fn load_dev_defaults() -> Option<AppConfig> {
    let fetch = async {
        let resp = gloo_net::http::Request::get("/config.json")
            .send()
            .await
            .ok()?;
        if !resp.ok() {
            return None;
        }
        resp.json::<AppConfig>().await.ok()
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(3_000);
    futures::pin_mut!(fetch);
    match futures::future::select(fetch, timeout).await {
        futures::future::Either::Left((cfg, _)) => cfg,
        futures::future::Either::Right(_) => None,
    }
}

/// What the app starts with: what this browser saved, else the development defaults, else nothing.
pub async fn initial() -> Connections {
    if let Some(saved) = load_stored() {
        return saved;
    }
    load_dev_defaults()
        .await
        .map(Connections::from_app_config)
        .unwrap_or_default()
}

/// The connections as shared app state.
#[derive(Clone, Copy)]
pub struct ConnectionsContext(pub RwSignal<Connections>);

pub fn provide_connections(initial: Connections) -> RwSignal<Connections> {
    let signal = RwSignal::new(initial);
    provide_context(ConnectionsContext(signal));
    signal
}

/// The shared connections. Outside a provider (a component mounted alone) this is an empty set.
pub fn use_connections() -> RwSignal<Connections> {
    use_context::<ConnectionsContext>()
        .map(|c| c.0)
        .unwrap_or_else(|| provide_connections(Connections::default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::app_config::{AgentContainerDefaults, NetlifyDefaults};

    #[test]
    fn dev_defaults_become_connections() {
        let cfg = AppConfig {
            netlify: Some(NetlifyDefaults {
                base_url: "http://127.0.0.1:8081/api/v1/ ".into(),
                token: "t".into(),
                account_id: "a".into(),
                site_id: "s".into(),
            }),
            agentcontainer: Some(AgentContainerDefaults {
                base_url: "http://x/api/v1".into(),
                api_key: "k".into(),
            }),
        };
        let c = Connections::from_app_config(cfg);
        assert_eq!(
            c.netlify_ready().unwrap().base_url,
            "http://127.0.0.1:8081/api/v1"
        );
        assert!(c.agentcontainer_ready().is_some());
        assert!(
            !c.remember,
            "dev defaults are never remembered on their own"
        );
    }

    #[test]
    fn incomplete_connections_are_not_ready() {
        let mut c = Connections {
            netlify: Some(NetlifyConnection {
                base_url: "http://x".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(c.netlify_ready().is_none());
        c.netlify.as_mut().unwrap().token = "t".into();
        assert!(c.netlify_ready().is_none(), "a site is needed too");
        c.netlify.as_mut().unwrap().site_id = "s".into();
        assert!(c.netlify_ready().is_some());
    }

    #[test]
    fn base_urls_are_checked_in_words() {
        assert_eq!(base_url_problem("https://api.netlify.com/api/v1/"), None);
        assert!(base_url_problem("").is_some());
        assert!(base_url_problem("javascript:alert(1)").is_some());
        assert!(base_url_problem("api.netlify.com").is_some());
    }
}
