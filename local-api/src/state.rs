//! What every handler shares: configuration, database, clock, faults, URLs, background tasks.

use crate::clock::Clock;
use crate::config::Config;
use crate::cors::Origins;
use crate::events::Bus;
use crate::fault_table::Faults;
use crate::store::Store;
use std::future::Future;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub type AppState = Arc<Shared>;

/// The public URLs of each listener (no trailing slash).
#[derive(Debug, Clone)]
pub struct Urls {
    pub netlify_origin: String,
    pub agentcontainer_origin: String,
    pub storage_origin: String,
    pub app_origin: Option<String>,
}

impl Urls {
    pub fn netlify_api(&self) -> String {
        format!("{}/api/v1", self.netlify_origin)
    }
    pub fn agentcontainer_api(&self) -> String {
        format!("{}/api/v1", self.agentcontainer_origin)
    }
}

pub struct Shared {
    pub config: Config,
    pub store: Store,
    pub clock: Clock,
    pub faults: Faults,
    pub urls: Urls,
    /// Which web pages may call local-api (see [`crate::cors`]).
    pub origins: Arc<Origins>,
    /// Content-Security-Policy violations the served app's pages reported, oldest first (see
    /// [`crate::app_serve`]).
    pub csp_violations: std::sync::Mutex<Vec<String>>,
    pub shutdown: CancellationToken,
    pub tracker: TaskTracker,
    /// HMAC key of presigned URLs, persisted so URLs survive a restart.
    pub sign_key: Vec<u8>,
    /// What the domains publish (the AgentContainer live feed and webhook deliveries listen).
    pub events: Bus<AppState>,
    /// Serialises simulation steps that read-modify-write several documents.
    pub sim_lock: tokio::sync::Mutex<()>,
    /// Serialises Idempotency-Key lookups with the creates they guard.
    pub idem_lock: tokio::sync::Mutex<()>,
}

impl Shared {
    /// Runs a background task that stops at shutdown.
    pub fn spawn<F>(&self, fut: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let token = self.shutdown.clone();
        self.tracker.spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {}
                _ = fut => {}
            }
        });
    }
}
