//! The connections to both services and where they live.
//!
//! Settings that are not secret (base URLs, account and site ids, the "remember" choice) stay in
//! `localStorage`. Secrets (the Netlify token, the AgentContainer API key) stay in
//! `sessionStorage`, gone when the tab closes, unless the user ticks "remember on this device",
//! which moves them to `localStorage`. "Forget" wipes one service's secret, or all of them, from
//! both storages and from memory. Connections saved by older versions (everything under one key)
//! are moved to this layout on load, keeping the user's remember choice.
//!
//! A development server may serve `/config.json` with local defaults (see
//! `agentdeck_wire::app_config`); a production build has none.
//!
//! Pages take their connection from [`use_netlify_connection`] / [`use_agentcontainer_connection`]:
//! a new secret pasted after a rejection reaches their next request without rebuilding the page
//! (and what the user typed in it).

use crate::api::{AgentContainerConnection, NetlifyConnection, Service};
use agentdeck_wire::app_config::AppConfig;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// `localStorage`: the settings that are not secret.
const SETTINGS_KEY: &str = "agentdeck.settings.v1";
/// `sessionStorage`, or `localStorage` when remembered: the secrets.
const SECRETS_KEY: &str = "agentdeck.secrets.v1";
/// Where older versions kept everything, secrets included.
const LEGACY_KEY: &str = "agentdeck.connections.v1";

/// Both connections and where their secrets are kept. Serialized only in the format older
/// versions stored (read once, to move it); `Debug` hides the secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connections {
    #[serde(default)]
    pub netlify: Option<NetlifyConnection>,
    #[serde(default)]
    pub agentcontainer: Option<AgentContainerConnection>,
    /// Keep the secrets in `localStorage` (survives restarts) instead of `sessionStorage`.
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

    /// The secret of `service` (empty when there is none).
    pub fn secret(&self, service: Service) -> &str {
        match service {
            Service::Netlify => self.netlify.as_ref().map(|n| n.token.as_str()),
            Service::AgentContainer => self.agentcontainer.as_ref().map(|a| a.api_key.as_str()),
        }
        .unwrap_or_default()
    }

    /// Sets the secret of `service` (empty: none), keeping its other settings.
    pub fn set_secret(&mut self, service: Service, secret: &str) {
        let secret = secret.trim().to_string();
        match service {
            Service::Netlify => self.netlify.get_or_insert_with(Default::default).token = secret,
            Service::AgentContainer => {
                self.agentcontainer
                    .get_or_insert_with(Default::default)
                    .api_key = secret
            }
        }
    }

    /// The settings that are not secret, and the secrets, stored apart.
    fn split(&self) -> (Settings, Secrets) {
        let n = self.netlify.clone().unwrap_or_default();
        let a = self.agentcontainer.clone().unwrap_or_default();
        let settings = Settings {
            netlify_base_url: n.base_url,
            netlify_account_id: n.account_id,
            netlify_site_id: n.site_id,
            agentcontainer_base_url: a.base_url,
            remember: self.remember,
        };
        let secrets = Secrets {
            netlify_token: n.token,
            agentcontainer_api_key: a.api_key,
        };
        (settings, secrets)
    }

    /// The connections from what [`Connections::split`] stored.
    fn join(settings: Settings, secrets: Secrets) -> Connections {
        let n = NetlifyConnection {
            base_url: settings.netlify_base_url,
            token: secrets.netlify_token,
            account_id: settings.netlify_account_id,
            site_id: settings.netlify_site_id,
        };
        let a = AgentContainerConnection {
            base_url: settings.agentcontainer_base_url,
            api_key: secrets.agentcontainer_api_key,
        };
        Connections {
            netlify: (n != NetlifyConnection::default()).then_some(n),
            agentcontainer: (a != AgentContainerConnection::default()).then_some(a),
            remember: settings.remember,
        }
    }
}

/// What is stored in `localStorage` whatever the user chose: nothing secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Settings {
    #[serde(default)]
    netlify_base_url: String,
    #[serde(default)]
    netlify_account_id: String,
    #[serde(default)]
    netlify_site_id: String,
    #[serde(default)]
    agentcontainer_base_url: String,
    #[serde(default)]
    remember: bool,
}

/// The secrets as stored (no `Debug`: they must not reach a log line).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Secrets {
    #[serde(default)]
    netlify_token: String,
    #[serde(default)]
    agentcontainer_api_key: String,
}

impl Secrets {
    fn is_empty(&self) -> bool {
        self.netlify_token.is_empty() && self.agentcontainer_api_key.is_empty()
    }

    fn forget(&mut self, service: Option<Service>) {
        if service != Some(Service::AgentContainer) {
            self.netlify_token.clear();
        }
        if service != Some(Service::Netlify) {
            self.agentcontainer_api_key.clear();
        }
    }
}

/// Trims spaces and trailing slashes so paths can be appended with one `/`.
pub fn normalize_base_url(raw: &str) -> String {
    raw.trim().trim_end_matches('/').to_string()
}

/// Why a base URL cannot be used, in words for the form; `None` when it is fine (the rule is
/// [`crate::safe_url::api_base_url`]: https, or plain http to this computer only).
pub fn base_url_problem(raw: &str) -> Option<&'static str> {
    crate::safe_url::api_base_url(raw)
        .err()
        .map(|p| p.message())
}

fn storage(local: bool) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    if local {
        window.local_storage().ok().flatten()
    } else {
        window.session_storage().ok().flatten()
    }
}

fn read<T: serde::de::DeserializeOwned>(local: bool, key: &str) -> Option<T> {
    let text = storage(local)?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn write<T: Serialize>(local: bool, key: &str, value: &T) {
    if let (Some(s), Ok(text)) = (storage(local), serde_json::to_string(value)) {
        let _ = s.set_item(key, &text);
    }
}

fn remove(local: bool, key: &str) {
    if let Some(s) = storage(local) {
        let _ = s.remove_item(key);
    }
}

/// Moves connections saved by an older version (everything, secrets included, under one key in
/// either storage) to the current layout. The secrets go where that version's "remember" said:
/// `localStorage` only if the user had asked for it, else `sessionStorage`.
fn migrate_legacy() {
    for local in [true, false] {
        let old = read::<Connections>(local, LEGACY_KEY);
        remove(local, LEGACY_KEY);
        if let Some(old) = old.filter(|_| read::<Settings>(true, SETTINGS_KEY).is_none()) {
            save(&old);
        }
    }
}

/// The connections saved in this browser (older layouts are moved first).
pub fn load_stored() -> Option<Connections> {
    migrate_legacy();
    let settings = read::<Settings>(true, SETTINGS_KEY);
    let remember = settings.as_ref().is_some_and(|s| s.remember);
    let secrets = read::<Secrets>(remember, SECRETS_KEY).or_else(|| read(!remember, SECRETS_KEY));
    if settings.is_none() && secrets.is_none() {
        return None;
    }
    Some(Connections::join(
        settings.unwrap_or_default(),
        secrets.unwrap_or_default(),
    ))
}

/// Saves the settings in `localStorage` and the secrets where `remember` says, removing them
/// from the other storage.
pub fn save(c: &Connections) {
    let (settings, secrets) = c.split();
    write(true, SETTINGS_KEY, &settings);
    remove(!c.remember, SECRETS_KEY);
    if secrets.is_empty() {
        remove(c.remember, SECRETS_KEY);
    } else {
        write(c.remember, SECRETS_KEY, &secrets);
    }
}

/// Wipes the secret of `service` (`None`: every secret) from both storages; the settings stay.
pub fn forget_stored_secrets(service: Option<Service>) {
    migrate_legacy();
    for local in [true, false] {
        if let Some(mut secrets) = read::<Secrets>(local, SECRETS_KEY) {
            secrets.forget(service);
            if secrets.is_empty() {
                remove(local, SECRETS_KEY);
            } else {
                write(local, SECRETS_KEY, &secrets);
            }
        }
    }
}

/// Wipes the secret of `service` (`None`: every secret) from memory and both storages.
pub fn forget_secrets(conns: RwSignal<Connections>, service: Option<Service>) {
    forget_stored_secrets(service);
    conns.update(|c| {
        for s in [Service::Netlify, Service::AgentContainer] {
            if service.is_none_or(|only| only == s) {
                c.set_secret(s, "");
            }
        }
    });
}

/// Replaces the secret of `service` in memory and where the user keeps secrets.
pub fn replace_secret(conns: RwSignal<Connections>, service: Service, secret: &str) {
    conns.update(|c| c.set_secret(service, secret));
    save(&conns.get_untracked());
}

/// Forgets everything saved on this device: settings and secrets, in both storages.
pub fn forget() {
    for local in [true, false] {
        for key in [SETTINGS_KEY, SECRETS_KEY, LEGACY_KEY] {
            remove(local, key);
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

/// What the app starts with: what this browser saved; a service without a saved secret takes
/// the development defaults when there are any (a production build has none).
pub async fn initial() -> Connections {
    let saved = load_stored().unwrap_or_default();
    if !saved.secret(Service::Netlify).is_empty()
        && !saved.secret(Service::AgentContainer).is_empty()
    {
        return saved;
    }
    match load_dev_defaults().await {
        Some(cfg) => with_defaults(saved, Connections::from_app_config(cfg)),
        None => saved,
    }
}

/// `saved`, with each service that has no secret taken from `defaults`.
fn with_defaults(mut saved: Connections, defaults: Connections) -> Connections {
    if saved.secret(Service::Netlify).is_empty() && defaults.netlify.is_some() {
        saved.netlify = defaults.netlify;
    }
    if saved.secret(Service::AgentContainer).is_empty() && defaults.agentcontainer.is_some() {
        saved.agentcontainer = defaults.agentcontainer;
    }
    saved
}

/// The connections as shared app state.
#[derive(Clone, Copy)]
pub struct ConnectionsContext(pub RwSignal<Connections>);

/// The services whose secret was rejected (401) and not replaced since: set by
/// [`crate::hooks::auth`] from the request layer, read by the banner asking for a new secret.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rejected {
    pub netlify: bool,
    pub agentcontainer: bool,
}

impl Rejected {
    pub fn get(&self, service: Service) -> bool {
        match service {
            Service::Netlify => self.netlify,
            Service::AgentContainer => self.agentcontainer,
        }
    }

    pub fn set(&mut self, service: Service, rejected: bool) {
        match service {
            Service::Netlify => self.netlify = rejected,
            Service::AgentContainer => self.agentcontainer = rejected,
        }
    }
}

/// [`Rejected`] as shared app state.
#[derive(Clone, Copy)]
pub struct RejectedContext(pub RwSignal<Rejected>);

pub fn provide_connections(initial: Connections) -> RwSignal<Connections> {
    let signal = RwSignal::new(initial);
    provide_context(ConnectionsContext(signal));
    provide_context(RejectedContext(RwSignal::new(Rejected::default())));
    signal
}

/// The shared connections. Outside a provider (a component mounted alone) this is an empty set.
pub fn use_connections() -> RwSignal<Connections> {
    use_context::<ConnectionsContext>()
        .map(|c| c.0)
        .unwrap_or_else(|| provide_connections(Connections::default()))
}

/// Which services rejected their secret (see [`Rejected`]).
pub fn use_rejected() -> RwSignal<Rejected> {
    if let Some(r) = use_context::<RejectedContext>() {
        return r.0;
    }
    use_connections();
    expect_context::<RejectedContext>().0
}

/// The Netlify connection when it is ready, for a page. A change of the token alone does not
/// notify (a page is not rebuilt when a rejected token is replaced; its next request reads the
/// new one here, and requests already made with the old one get it from the request layer).
pub fn use_netlify_connection() -> Memo<Option<NetlifyConnection>> {
    let conns = use_connections();
    Memo::new_owning(move |old: Option<Option<NetlifyConnection>>| {
        let new = conns.read().netlify_ready().cloned();
        let changed = old.is_none_or(|old| {
            let token_only = |c: &Option<NetlifyConnection>| {
                c.clone().map(|c| NetlifyConnection {
                    token: String::new(),
                    ..c
                })
            };
            token_only(&old) != token_only(&new)
        });
        (new, changed)
    })
}

/// The AgentContainer connection when it is ready, for a page; like
/// [`use_netlify_connection`], a change of the API key alone does not notify.
pub fn use_agentcontainer_connection() -> Memo<Option<AgentContainerConnection>> {
    let conns = use_connections();
    Memo::new_owning(move |old: Option<Option<AgentContainerConnection>>| {
        let new = conns.read().agentcontainer_ready().cloned();
        let changed = old
            .is_none_or(|old| old.map(|c| c.base_url) != new.as_ref().map(|c| c.base_url.clone()));
        (new, changed)
    })
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
        assert_eq!(base_url_problem("http://127.0.0.1:8081/api/v1"), None);
        assert!(base_url_problem("").is_some());
        assert!(base_url_problem("javascript:alert(1)").is_some());
        assert!(base_url_problem("api.netlify.com").is_some());
        let plain = base_url_problem("http://api.netlify.com/api/v1").unwrap();
        assert!(plain.contains("https://"), "{plain}");
    }

    fn full() -> Connections {
        Connections {
            netlify: Some(NetlifyConnection {
                base_url: "https://api.netlify.com/api/v1".into(),
                token: "nfp_1".into(),
                account_id: "acc".into(),
                site_id: "site".into(),
            }),
            agentcontainer: Some(AgentContainerConnection {
                base_url: "https://agentcontainer.co/api/v1".into(),
                api_key: "ak_1".into(),
            }),
            remember: true,
        }
    }

    #[test]
    fn settings_are_stored_apart_from_secrets() {
        let (settings, secrets) = full().split();
        let settings_text = serde_json::to_string(&settings).unwrap();
        assert!(!settings_text.contains("nfp_1") && !settings_text.contains("ak_1"));
        assert!(settings_text.contains("agentcontainer.co") && settings.remember);
        assert_eq!(Connections::join(settings, secrets), full());
        // Settings without secrets: the services are there, not ready.
        let (settings, _) = full().split();
        let c = Connections::join(settings, Secrets::default());
        assert!(c.netlify.is_some() && c.netlify_ready().is_none());
        assert!(c.agentcontainer_ready().is_none());
        assert_eq!(
            Connections::join(Settings::default(), Secrets::default()),
            Connections::default()
        );
    }

    #[test]
    fn forgetting_one_secret_keeps_the_other() {
        let (_, mut secrets) = full().split();
        secrets.forget(Some(Service::Netlify));
        assert!(secrets.netlify_token.is_empty());
        assert_eq!(secrets.agentcontainer_api_key, "ak_1");
        secrets.forget(None);
        assert!(secrets.is_empty());
        let mut c = full();
        c.set_secret(Service::AgentContainer, " ak_2 ");
        assert_eq!(c.secret(Service::AgentContainer), "ak_2");
        assert_eq!(c.secret(Service::Netlify), "nfp_1");
    }

    #[test]
    fn dev_defaults_fill_only_services_without_a_saved_secret() {
        let mut saved = full();
        saved.set_secret(Service::AgentContainer, "");
        let defaults = Connections {
            netlify: Some(NetlifyConnection {
                token: "dev".into(),
                ..Default::default()
            }),
            agentcontainer: Some(AgentContainerConnection {
                base_url: "http://127.0.0.1:1/api/v1".into(),
                api_key: "dev-key".into(),
            }),
            remember: false,
        };
        let c = with_defaults(saved, defaults);
        assert_eq!(c.secret(Service::Netlify), "nfp_1");
        assert_eq!(c.secret(Service::AgentContainer), "dev-key");
        assert!(c.remember, "the user's choice stays");
    }
}
