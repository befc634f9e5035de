//! `cargo xtask run` and `cargo xtask dist`.

use crate::tools::{self, repo_root, Need};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;

/// Builds the release app into `dist/` with Trunk (offline: tools from PATH), unless `dist/`
/// already holds the build of exactly these sources (see `dist_stamp`), then writes its
/// `_headers` (always: the allowed origins may come from the environment).
pub fn build_dist() -> Result<(), String> {
    build_release(&repo_root().join("dist"), &[])
}

/// The release build with the hidden benchmark pages (`--features bench`), into its own folder
/// so it never mixes with the production `dist/`.
pub fn build_bench_dist() -> Result<PathBuf, String> {
    let dir = target_dir().join("bench").join("dist");
    build_release(&dir, &["bench"])?;
    Ok(dir)
}

fn build_release(dist: &std::path::Path, features: &[&str]) -> Result<(), String> {
    let root = repo_root();
    let dist = dist.to_path_buf();
    let stamp = crate::dist_stamp::fingerprint(&root, &format!("release {features:?}"))?;
    if crate::dist_stamp::is_current(&dist, &stamp) {
        eprintln!(
            "xtask: {} is up to date with the sources (trunk build skipped)",
            dist.display()
        );
        return crate::headers::write(&dist);
    }
    eprintln!(
        "xtask: building the app (trunk build --release, then the split wasm) into {}",
        dist.display()
    );
    // Trunk bundles the HTML, CSS and scripts; the wasm is built and split by `split::build`.
    let args = [
        "build".to_string(),
        "--release".to_string(),
        format!("--dist={}", dist.display()),
    ];
    let st = Command::new("trunk")
        .args(&args)
        .current_dir(repo_root())
        .status()
        .map_err(|e| format!("could not start trunk: {e}"))?;
    if !st.success() {
        return Err("trunk build failed".into());
    }
    crate::split::build(&dist, features)?;
    crate::wasm_check::check_dist(&dist)?;
    crate::headers::write(&dist)?;
    crate::dist_stamp::write(&dist, &stamp)
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Builds local-api (debug, shared with the tests) and returns its binary.
pub fn build_local_api() -> Result<PathBuf, String> {
    let st = Command::new(env!("CARGO"))
        .args(["build", "-p", "local-api"])
        .current_dir(repo_root())
        .status()
        .map_err(|e| e.to_string())?;
    if !st.success() {
        return Err("building local-api failed".into());
    }
    Ok(target_dir().join("debug").join("local-api"))
}

/// Installs, builds, then replaces this process with local-api serving the app, so Ctrl-C goes
/// straight to it and it stops everything it started.
pub fn run(args: &[String]) -> Result<(), String> {
    tools::ensure(Need::Build)?;
    build_dist()?;
    let binary = build_local_api()?;
    let mut full: Vec<String> = Vec::new();
    if !args.iter().any(|a| a == "--app-dir") {
        full.extend([
            "--app-dir".into(),
            repo_root().join("dist").display().to_string(),
        ]);
    }
    full.extend(args.iter().cloned());
    eprintln!("xtask: starting local-api with the app (Ctrl-C stops everything)");
    let err = Command::new(&binary)
        .args(&full)
        .current_dir(repo_root())
        .exec();
    Err(format!("could not start {}: {err}", binary.display()))
}
