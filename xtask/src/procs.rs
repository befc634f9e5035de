//! Child processes the checks need (local-api), stopped when dropped even if a step fails.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const READY: &str = "AGENTDECK_LOCAL_API_READY ";

/// A running local-api, with the URLs it announced.
pub struct LocalApi {
    child: Child,
    pub netlify: String,
    pub agentcontainer: String,
}

impl LocalApi {
    /// Starts `binary` with `args` (ports 0: it picks free ones), waits for its READY line, and
    /// sends everything it prints to `log`.
    pub fn start(binary: &Path, args: &[&str], log: &Path) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let mut log_file =
            std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let stderr = child.stderr.take().expect("piped");
        let mut err_log = log_file.try_clone().map_err(|e| e.to_string())?;
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = writeln!(err_log, "{line}");
            }
        });
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = writeln!(log_file, "{line}");
                if let Some(json) = line.strip_prefix(READY) {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(json.to_string());
                    }
                }
            }
        });
        let mut api = LocalApi {
            child,
            netlify: String::new(),
            agentcontainer: String::new(),
        };
        let json = rx.recv_timeout(Duration::from_secs(120)).map_err(|_| {
            format!(
                "local-api did not report ready within 120 s; see {}",
                log.display()
            )
        })?;
        let v: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| format!("bad READY line from local-api: {e}"))?;
        let field = |k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_string);
        api.netlify = field("netlify").ok_or("READY line lacks netlify")?;
        api.agentcontainer = field("agentcontainer").ok_or("READY line lacks agentcontainer")?;
        Ok(api)
    }
}

impl Drop for LocalApi {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
