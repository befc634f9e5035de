//! Installs the toolchain pieces the project needs, each only when missing:
//! the wasm32 target (rustup); trunk, wasm-bindgen-cli and wasm-opt (cargo install, pinned);
//! chromium and chromium-driver (Debian packages); axe-core (npm, pinned) for the end-to-end
//! accessibility checks.
//!
//! wasm-opt comes from the `wasm-opt` crate (Binaryen 116 built from source), not from Debian:
//! Debian's Binaryen 108 rebinds wasm-bindgen's `__wbindgen_externrefs` export onto the funcref
//! table, and the release app then dies at start-up (fixed upstream in Binaryen 110).

use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// The `wasm-opt` crate version; it builds Binaryen 116 (`Trunk.toml` pins `version_116`).
pub const WASM_OPT_CRATE_VERSION: &str = "0.116.1";
const WASM_OPT_REPORTS: &str = "version 116";
/// axe-core, the accessibility checker the end-to-end tests inject into every page.
pub const AXE_CORE_VERSION: &str = "4.14.1";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Building the app: wasm target, trunk, wasm-bindgen, wasm-opt.
    Build,
    /// Building plus running it in a browser: chromium and chromedriver too.
    Browser,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

/// Puts cargo's bin directory (where `cargo install` puts trunk, wasm-bindgen and wasm-opt)
/// first on PATH for this process and its children.
pub fn cargo_bin_on_path() {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(bin) = home.map(|h| h.join("bin")) else {
        return;
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    // First, so the pinned tools win over older ones elsewhere (e.g. Debian's wasm-opt).
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).filter(|d| *d != bin).collect();
    dirs.insert(0, bin);
    if let Ok(joined) = std::env::join_paths(dirs) {
        // Single-threaded at this point: nothing else reads the environment yet.
        std::env::set_var("PATH", joined);
    }
}

pub fn ensure(need: Need) -> Result<(), String> {
    ensure_wasm_target()?;
    let wb = wasm_bindgen_version()?;
    check_trunk_pin(&wb)?;
    ensure_cargo_tool(
        "trunk",
        &["trunk"],
        "trunk",
        TRUNK_VERSION,
        TRUNK_VERSION,
        true,
    )?;
    let wasm_bindgen_bins = ["wasm-bindgen", "wasm-bindgen-test-runner"];
    ensure_cargo_tool(
        "wasm-bindgen",
        &wasm_bindgen_bins,
        "wasm-bindgen-cli",
        &wb,
        &wb,
        false,
    )?;
    let wasm_opt = WASM_OPT_CRATE_VERSION;
    ensure_cargo_tool(
        "wasm-opt",
        &["wasm-opt"],
        "wasm-opt",
        wasm_opt,
        WASM_OPT_REPORTS,
        true,
    )?;
    if need >= Need::Browser {
        ensure_debs(&[
            ("chromium", "chromium"),
            ("chromedriver", "chromium-driver"),
        ])?;
    }
    Ok(())
}

fn ensure_wasm_target() -> Result<(), String> {
    let out = capture("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if out.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    status("rustup", &["target", "add", "wasm32-unknown-unknown"])
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    lock_version(&lock, "wasm-bindgen").ok_or_else(|| "wasm-bindgen is not in Cargo.lock".into())
}

fn lock_version(lock: &str, name: &str) -> Option<String> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{name}\"") {
            let v = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(v.to_string());
        }
    }
    None
}

/// Trunk.toml pins wasm_bindgen; a mismatch would make Trunk look for a tool that is not there.
fn check_trunk_pin(wb: &str) -> Result<(), String> {
    let trunk = std::fs::read_to_string(repo_root().join("Trunk.toml"))
        .map_err(|e| format!("reading Trunk.toml: {e}"))?;
    let pinned = trunk.lines().find_map(|l| {
        l.trim()
            .strip_prefix("wasm_bindgen = \"")?
            .strip_suffix('"')
            .map(str::to_string)
    });
    match pinned {
        Some(p) if p == wb => Ok(()),
        Some(p) => Err(format!(
            "Trunk.toml pins wasm_bindgen = \"{p}\" but Cargo.lock has {wb}: update Trunk.toml"
        )),
        None => Err("Trunk.toml must pin [tools] wasm_bindgen".into()),
    }
}

/// Installs `krate` at `version` unless `probe --version` already prints `reports`.
fn ensure_cargo_tool(
    probe: &str,
    bins: &[&str],
    krate: &str,
    version: &str,
    reports: &str,
    locked: bool,
) -> Result<(), String> {
    let have = capture(probe, &["--version"]).unwrap_or_default();
    let all_there = bins.iter().all(|b| which(b).is_some());
    if all_there && reports_version(&have, reports) {
        return Ok(());
    }
    eprintln!("xtask: installing {krate} {version} (once; this takes several minutes)");
    let mut args = vec!["install", krate, "--version", version];
    if locked {
        args.push("--locked");
    }
    status("cargo", &args)
}

fn ensure_debs(wanted: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(bin, _)| which(bin).is_none())
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian packages: {}", missing.join(" "));
    let root = capture("id", &["-u"])
        .map(|u| u.trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| -> Result<(), String> {
        if root {
            status("apt-get", args)
        } else {
            let mut with = vec!["-n", "apt-get"];
            with.extend_from_slice(args);
            status("sudo", &with)
        }
    };
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(&missing);
    apt(&args)
}

/// True when a `--version` output names `want` as a whole word or phrase ("trunk 0.21.14",
/// "wasm-bindgen 0.2.130", "wasm-opt version 116 (version_116)").
fn reports_version(output: &str, want: &str) -> bool {
    let words: Vec<&str> = output
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        // "v0.21.14" reads as "0.21.14"; "version" stays a word.
        .map(|w| match w.strip_prefix('v') {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
            _ => w,
        })
        .collect();
    format!(" {} ", words.join(" ")).contains(&format!(" {want} "))
}

/// Installs axe-core into `<target>/axe` with npm unless its script is already there, and
/// returns the script's path (the end-to-end tests read it from `AGENTDECK_AXE`). A version
/// change needs `rm -r target/axe`: the file's presence is all that is checked.
pub fn ensure_axe(target: &Path) -> Result<PathBuf, String> {
    let prefix = target.join("axe");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    if script.is_file() {
        return Ok(script);
    }
    eprintln!("xtask: installing axe-core {AXE_CORE_VERSION} (npm, once)");
    let prefix_arg = prefix.display().to_string();
    let package = format!("axe-core@{AXE_CORE_VERSION}");
    status(
        "npm",
        &[
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &prefix_arg,
            &package,
        ],
    )?;
    script
        .is_file()
        .then_some(script.clone())
        .ok_or_else(|| format!("npm installed axe-core but {} is missing", script.display()))
}

pub fn which(bin: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(bin))
        .find(|p| p.is_file())
}

pub fn chromedriver() -> Result<PathBuf, String> {
    which("chromedriver").ok_or_else(|| "chromedriver is not on PATH".into())
}

fn capture(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn status(cmd: &str, args: &[&str]) -> Result<(), String> {
    let st = Command::new(cmd)
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .map_err(|e| format!("could not start {cmd}: {e}"))?;
    st.success()
        .then_some(())
        .ok_or_else(|| format!("`{cmd} {}` failed ({st})", args.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions_from_a_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "leptos"), None);
    }

    #[test]
    fn recognises_tool_versions() {
        assert!(reports_version("trunk 0.21.14\n", "0.21.14"));
        assert!(reports_version("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(!reports_version("wasm-bindgen 0.2.1300", "0.2.130"));
        assert!(reports_version(
            "wasm-opt version 116 (version_116)",
            "version 116"
        ));
        assert!(!reports_version("wasm-opt version 108", "version 116"));
        assert!(!reports_version("", "0.21.14"));
    }

    #[test]
    fn trunk_pin_matches_the_lock_file() {
        let wb = wasm_bindgen_version().unwrap();
        check_trunk_pin(&wb).unwrap();
    }
}
