//! local-api: a local, persistent implementation of the Netlify Agent Runners API and the
//! AgentContainer API, with simulated agents, for development and tests.
//!
//! [`start`] binds every listener (Netlify, AgentContainer, upload storage, optionally the
//! app), seeds demo data into an empty database, resumes simulations, and returns a
//! [`Running`] handle whose [`Running::stop`] shuts everything down gracefully.

pub mod admin;
pub mod admin_records;
pub mod agentcontainer;
pub mod app_serve;
pub mod clock;
pub mod config;
pub mod cors;
pub mod events;
pub mod fault_table;
pub mod faults;
pub mod headers_file;
pub mod http_client;
pub mod ids;
pub mod netlify;
pub mod state;
pub mod storage;
pub mod store;
pub mod util;

pub use config::Config;

use crate::state::{Shared, Urls};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A running local-api.
pub struct Running {
    /// `http://127.0.0.1:PORT/api/v1`
    pub netlify_url: String,
    /// `http://127.0.0.1:PORT/api/v1`
    pub agentcontainer_url: String,
    /// `http://127.0.0.1:PORT/` when the app is served.
    pub app_url: Option<String>,
    /// Origin of presigned upload URLs, `http://127.0.0.1:PORT`.
    pub storage_url: String,
    /// Origin of the Netlify port (admin endpoints, deploy previews), `http://127.0.0.1:PORT`.
    pub netlify_origin: String,
    pub state: state::AppState,
}

impl Running {
    /// The Content-Security-Policy violations the served app's pages reported so far (one line
    /// each: directive, blocked resource, document); the end-to-end tests fail on any.
    pub fn csp_violations(&self) -> Vec<String> {
        self.state
            .csp_violations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Stops every listener and background task and waits for them.
    pub async fn stop(self) {
        self.state.shutdown.cancel();
        self.state.tracker.close();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            self.state.tracker.wait(),
        )
        .await;
        if self.state.config.db.is_none() {
            let _ = std::fs::remove_dir_all(&self.state.store.blob_dir);
        }
    }

    /// The line the binary prints for scripts: `AGENTDECK_LOCAL_API_READY {...}`.
    pub fn ready_line(&self) -> String {
        let v = serde_json::json!({
            "netlify": self.netlify_url,
            "agentcontainer": self.agentcontainer_url,
            "app": self.app_url,
        });
        format!("AGENTDECK_LOCAL_API_READY {v}")
    }
}

async fn bind(config: &Config, port: u16) -> anyhow::Result<(TcpListener, String)> {
    let addr = SocketAddr::new(config.host, port);
    let l = TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let a = l.local_addr()?;
    let host = match a.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    Ok((l, format!("http://{host}:{}", a.port())))
}

/// Starts local-api. Listeners are bound before this returns, so the URLs are usable at once.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let (nl, netlify_origin) = bind(&config, config.netlify_port).await?;
    let (al, agentcontainer_origin) = bind(&config, config.agentcontainer_port).await?;
    let (sl, storage_origin) = bind(&config, config.storage_port).await?;
    let app = match &config.app_dir {
        Some(_) => Some(bind(&config, config.app_port).await?),
        None => None,
    };
    // The app's `_headers` and the allowed origins are checked before anything runs, so a
    // mistake in either stops the start.
    let app_rules = match &config.app_dir {
        Some(dir) => app_serve::read_rules(dir)?,
        None => Vec::new(),
    };
    let urls = Urls {
        netlify_origin: netlify_origin.clone(),
        agentcontainer_origin: agentcontainer_origin.clone(),
        storage_origin: storage_origin.clone(),
        app_origin: app.as_ref().map(|(_, o)| o.clone()),
    };
    let origins = cors::Origins::new(urls.app_origin.as_deref(), &config.allow_origins)
        .map_err(|e| anyhow::anyhow!("--allow-origin: {e}"))?;
    let store = store::Store::open(config.db.as_deref())?;
    let sign_key = match store.meta("sign_key") {
        Some(k) => k.into_bytes(),
        None => {
            let k = ids::random_hex(32);
            store.set_meta("sign_key", &k);
            k.into_bytes()
        }
    };
    let faults = fault_table::Faults::default();
    if let Some(spec) = &config.fault {
        faults
            .set(fault_table::GlobalFault {
                spec: spec.clone(),
                ..Default::default()
            })
            .map_err(anyhow::Error::msg)?;
    }
    let st: state::AppState = Arc::new(Shared {
        clock: clock::Clock::new(config.speed),
        config,
        store,
        faults,
        urls,
        origins: Arc::new(origins),
        csp_violations: Default::default(),
        shutdown: CancellationToken::new(),
        tracker: TaskTracker::new(),
        sign_key,
        // Webhook deliveries subscribe to what the AgentContainer domain publishes.
        events: events::Bus::new(vec![agentcontainer::domain::deliveries::on_event]),
        sim_lock: tokio::sync::Mutex::new(()),
        idem_lock: tokio::sync::Mutex::new(()),
    });
    netlify::demo::seed(&st);
    netlify::domain::sim::resume_all(&st);
    agentcontainer::domain::sim::resume_all(&st);
    agentcontainer::domain::deliveries::resume_all(&st);
    agentcontainer::demo::seed(&st);

    let serve = |l: TcpListener, router: axum::Router| {
        let token = st.shutdown.clone();
        st.tracker.spawn(async move {
            let _ = axum::serve(l, router)
                .with_graceful_shutdown(token.cancelled_owned())
                .await;
        });
    };
    serve(nl, netlify::router(st.clone(), admin::router(&st)));
    serve(al, agentcontainer::router(st.clone()));
    serve(sl, storage::router(st.clone()));
    let app_url = match (app, &st.config.app_dir) {
        (Some((l, origin)), Some(dir)) => {
            serve(l, app_serve::router(st.clone(), dir, app_rules));
            Some(format!("{origin}/"))
        }
        _ => None,
    };
    Ok(Running {
        netlify_url: st.urls.netlify_api(),
        agentcontainer_url: st.urls.agentcontainer_api(),
        app_url,
        storage_url: storage_origin,
        netlify_origin,
        state: st,
    })
}
