//! The end-to-end harness: local-api (in this process, on free ports, in-memory database, demo
//! data, fast simulated time) serving the release build from `dist/`, and chromedriver driving
//! headless Chromium at it. Everything started here is stopped by [`Harness::stop`] or on drop.
//!
//! `cargo xtask test` builds `dist/` first and sets `AGENTDECK_DIST` and `CHROMEDRIVER`.
//!
//! The browser's console is recorded from the first page on: [`Harness::console_errors`]
//! returns the errors (a panic, an uncaught exception, a CSP violation) logged since it was
//! last asked.
//!
//! Beyond the browser: `services` talks to local-api itself (its admin endpoints, global faults,
//! both APIs with the harness's secrets); `page` holds what tests do to a page (typing into a
//! labelled field, counting, the conversation timeline, taking the browser offline).

mod conversation;
pub mod hostile;
mod page;
mod services;

pub use services::Service;

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a condition may take to become true before a test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Harness {
    pub client: Client,
    /// The app's origin, with a trailing slash: `http://127.0.0.1:PORT/`.
    pub app_url: String,
    pub netlify_url: String,
    pub agentcontainer_url: String,
    /// The secrets local-api accepts (its test configuration's).
    netlify_token: String,
    agentcontainer_key: String,
    api: Option<local_api::Running>,
    chromedriver: Child,
    profile: PathBuf,
}

fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("AGENTDECK_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dir.join("index.html").is_file(),
        "no built app at {} — run `cargo xtask test` (or `cargo xtask dist` first)",
        dir.display()
    );
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Harness {
    pub async fn start() -> Harness {
        let config = local_api::Config {
            app_dir: Some(dist_dir()),
            app_port: 0,
            ..local_api::Config::for_tests()
        };
        let (netlify_token, agentcontainer_key) = (
            config.netlify_token.clone(),
            config.agentcontainer_key.clone(),
        );
        let api = local_api::start(config).await.expect("local-api starts");
        let app_url = api.app_url.clone().expect("local-api serves the app");

        let port = free_port();
        let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromedriver = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {driver}: {e}"));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let profile =
            std::env::temp_dir().join(format!("agentdeck-e2e-{}-{port}", std::process::id()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:loggingPrefs".into(),
            serde_json::json!({ "browser": "ALL" }),
        );
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium_binary(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        Harness {
            client,
            netlify_url: api.netlify_url.clone(),
            agentcontainer_url: api.agentcontainer_url.clone(),
            app_url,
            netlify_token,
            agentcontainer_key,
            api: Some(api),
            chromedriver,
            profile,
        }
    }

    /// Opens `path` (no leading slash) of the app.
    pub async fn open(&self, path: &str) {
        let url = format!("{}{}", self.app_url, path.trim_start_matches('/'));
        self.client.goto(&url).await.expect("navigate");
    }

    /// Waits until `check` returns `Some`, or fails the test saying what was awaited.
    pub async fn until<T, F, Fut>(&self, what: &str, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(v) = check().await {
                return v;
            }
            if Instant::now() > deadline {
                let url = self
                    .client
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                let body = self.text("body").await.unwrap_or_default();
                panic!("timed out waiting for {what}\nat {url}\npage text:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Option<String> {
        let el = self.client.find(Locator::Css(css)).await.ok()?;
        el.text().await.ok()
    }

    /// Waits for an element and returns it.
    pub async fn find(&self, css: &str) -> Element {
        self.until(&format!("an element `{css}`"), || async {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    /// Waits for a button (or link) whose text contains `label`, and clicks it.
    pub async fn click_text(&self, label: &str) {
        let xpath = format!(
            "//*[self::button or self::a][contains(normalize-space(.), {})][not(@disabled)]",
            xpath_literal(label)
        );
        let el = self
            .until(&format!("an enabled button or link `{label}`"), || async {
                self.client.find(Locator::XPath(&xpath)).await.ok()
            })
            .await;
        el.click().await.expect("click");
    }

    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Errors the browser console received since the last call (chromedriver's `browser` log,
    /// `SEVERE` entries): a panic, an uncaught exception or rejection, a CSP violation.
    /// Failed requests the app reports itself (a 500 it shows as a message) are left out.
    pub async fn console_errors(&self) -> Vec<String> {
        let log = self
            .client
            .issue_cmd(Chromedriver::Log)
            .await
            .expect("chromedriver answers its log endpoint");
        log.as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .filter_map(|e| e["message"].as_str())
            .filter(|m| !m.contains("Failed to load resource"))
            .map(str::to_string)
            .collect()
    }

    /// Fails the test if the console received an error since the last check.
    pub async fn assert_no_console_errors(&self, context: &str) {
        let errors = self.console_errors().await;
        assert!(
            errors.is_empty(),
            "console errors {context}:\n{}",
            errors.join("\n")
        );
    }

    /// Runs `script` in every page this browser opens from now on, before the page's own
    /// scripts (Chromium's `Page.addScriptToEvaluateOnNewDocument`).
    pub async fn before_every_page(&self, script: &str) {
        self.client
            .issue_cmd(Chromedriver::Cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                serde_json::json!({ "source": script }),
            ))
            .await
            .expect("chromedriver runs the CDP command");
    }

    /// The Content-Security-Policy violations the app's pages reported so far: local-api
    /// serves `dist/_headers` with `report-uri` pointing at itself (see local-api's app_serve).
    pub fn csp_violations(&self) -> Vec<String> {
        self.api
            .as_ref()
            .map(local_api::Running::csp_violations)
            .unwrap_or_default()
    }

    /// Stops everything; fails the test if any page broke the Content-Security-Policy.
    pub async fn stop(mut self) {
        let violations = self.csp_violations();
        let client = self.client.clone();
        let _ = client.close().await;
        if let Some(api) = self.api.take() {
            api.stop().await;
        }
        assert!(
            violations.is_empty(),
            "the app broke its Content-Security-Policy:\n{}",
            violations.join("\n")
        );
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn chromium_binary() -> String {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).is_file())
    .unwrap_or("/usr/bin/chromium")
    .to_string()
}

/// An XPath string literal for any text (XPath 1.0 has no escapes; concat() splits quotes).
pub fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// chromedriver's own endpoints that fantoccini does not wrap.
#[derive(Debug)]
enum Chromedriver {
    /// `POST /session/{id}/se/log {"type":"browser"}`: console entries since the last read.
    Log,
    /// `POST /session/{id}/goog/cdp/execute`: one Chrome DevTools Protocol command.
    Cdp(&'static str, serde_json::Value),
    /// `POST /session/{id}/chromium/network_conditions`: the network cut off (`true`, the page
    /// gets `offline` and `navigator.onLine` is false, every request fails) or back (`false`).
    Offline(bool),
}

impl WebDriverCompatibleCommand for Chromedriver {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let path = match self {
            Chromedriver::Log => "se/log",
            Chromedriver::Cdp(..) => "goog/cdp/execute",
            Chromedriver::Offline(_) => "chromium/network_conditions",
        };
        base.join(&format!("session/{}/{path}", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let body = match self {
            Chromedriver::Log => serde_json::json!({ "type": "browser" }),
            Chromedriver::Cdp(cmd, params) => serde_json::json!({ "cmd": cmd, "params": params }),
            // No throttling (-1); only whether there is a network at all.
            Chromedriver::Offline(offline) => serde_json::json!({
                "network_conditions": {
                    "offline": offline, "latency": 0,
                    "download_throughput": -1, "upload_throughput": -1,
                }
            }),
        };
        (http::Method::POST, Some(body.to_string()))
    }
}
