//! Ports for the local-api the browser tests talk to, chosen once and kept in
//! `target/xtask/browser-test-ports` while they stay free.
//!
//! The browser tests read local-api's URLs at compile time (a wasm test in Chromium cannot read
//! the environment at run time), so new ports on every run would recompile the test crate.

use crate::run::target_dir;
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;

/// Two free loopback ports: last run's if both are still free, else new ones (remembered).
pub fn browser_test_ports() -> Result<(u16, u16), String> {
    let file = target_dir().join("xtask").join("browser-test-ports");
    if let Some(pair) = read_pair(&file) {
        if is_free(pair.0) && is_free(pair.1) {
            return Ok(pair);
        }
    }
    let pair = two_free_ports()?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&file, format!("{} {}\n", pair.0, pair.1))
        .map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(pair)
}

/// One free loopback port, e.g. for the page the browser test runner serves: local-api must
/// be told that page's origin (`--allow-origin`) before the runner opens it.
pub fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn read_pair(file: &Path) -> Option<(u16, u16)> {
    parse_pair(&std::fs::read_to_string(file).ok()?)
}

fn parse_pair(text: &str) -> Option<(u16, u16)> {
    let mut it = text.split_whitespace().map(|w| w.parse::<u16>().ok());
    match (it.next()??, it.next()??, it.next()) {
        (a, b, None) if a != 0 && b != 0 && a != b => Some((a, b)),
        _ => None,
    }
}

fn is_free(port: u16) -> bool {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok()
}

fn two_free_ports() -> Result<(u16, u16), String> {
    // Both listeners are held until both ports are known, so the two differ.
    let a = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    let b = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    let ports = (
        a.local_addr().map_err(|e| e.to_string())?.port(),
        b.local_addr().map_err(|e| e.to_string())?.port(),
    );
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_pair_parses_and_junk_does_not() {
        assert_eq!(parse_pair("40001 40002\n"), Some((40001, 40002)));
        assert_eq!(parse_pair("40001"), None);
        assert_eq!(parse_pair("40001 40001"), None);
        assert_eq!(parse_pair("0 40001"), None);
        assert_eq!(parse_pair("a b"), None);
        assert_eq!(parse_pair("1 2 3"), None);
    }

    #[test]
    fn fresh_ports_are_free_and_distinct() {
        let (a, b) = two_free_ports().unwrap();
        assert_ne!(a, b);
        assert!(is_free(a) && is_free(b));
    }
}
