//! Start-up configuration of local-api (library `Config` and the binary's flags).

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

pub const DEFAULT_NETLIFY_TOKEN: &str = "local-netlify-token";
pub const DEFAULT_ACCOUNT_ID: &str = "demo-account";
pub const DEFAULT_SITE_ID: &str = "demo-site";
pub const DEFAULT_AGENTCONTAINER_KEY: &str = "local-agentcontainer-key";

#[derive(Debug, Clone)]
pub struct Config {
    /// Address every listener binds to. Loopback by default.
    pub host: IpAddr,
    /// 0 = any free port.
    pub netlify_port: u16,
    pub agentcontainer_port: u16,
    /// Port of the presigned-upload storage origin (0 = any free port, the default: upload
    /// URLs always carry the actual port).
    pub storage_port: u16,
    /// When set, this directory (the built app) is served with an SPA fallback and a generated
    /// `config.json`.
    pub app_dir: Option<PathBuf>,
    pub app_port: u16,
    /// SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    /// Seed demo runners, agents and tasks into an empty database.
    pub demo_data: bool,
    /// Seed of every simulated choice.
    pub seed: u64,
    /// Simulated time runs this many times faster than real time.
    pub speed: f64,
    pub netlify_token: String,
    pub account_id: String,
    pub site_id: String,
    pub agentcontainer_key: String,
    /// Deliver webhooks to non-loopback addresses too (off by default).
    pub webhooks_allow_any_host: bool,
    /// A global fault spec applied from start-up (see [`crate::fault_table::FaultSpec`]).
    pub fault: Option<String>,
    /// Web page origins allowed to call both APIs, the upload storage and the admin endpoints
    /// besides the served app (`http(s)://host[:port]`); see [`crate::cors`].
    pub allow_origins: Vec<String>,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: u64,
    /// AgentContainer credit balance (USD) of a fresh account.
    pub initial_credits: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            netlify_port: 8081,
            agentcontainer_port: 8082,
            storage_port: 0,
            app_dir: None,
            app_port: 8080,
            db: None,
            demo_data: true,
            seed: 42,
            speed: 1.0,
            netlify_token: DEFAULT_NETLIFY_TOKEN.into(),
            account_id: DEFAULT_ACCOUNT_ID.into(),
            site_id: DEFAULT_SITE_ID.into(),
            agentcontainer_key: DEFAULT_AGENTCONTAINER_KEY.into(),
            webhooks_allow_any_host: false,
            fault: None,
            allow_origins: Vec::new(),
            max_upload_bytes: 25 * 1024 * 1024,
            initial_credits: 25.0,
        }
    }
}

impl Config {
    /// A configuration for tests: every port free, in memory, fast simulated time.
    pub fn for_tests() -> Config {
        Config {
            netlify_port: 0,
            agentcontainer_port: 0,
            storage_port: 0,
            app_port: 0,
            speed: 20.0,
            ..Config::default()
        }
    }
}
