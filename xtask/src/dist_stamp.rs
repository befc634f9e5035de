//! Whether `dist/` already holds the release build of the current sources, so `cargo xtask
//! test` (end-to-end step) can skip a Trunk build that would produce the same files.
//!
//! The stamp is a hash of every input of the build (paths and contents): the app's and wire's
//! sources, styles, public files, index.html, the manifests, the lock file and Trunk.toml, plus
//! the features asked for. It is written into `dist/` after a successful build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

const STAMP: &str = ".xtask-build-stamp";

/// Files and folders whose contents make the release build.
const INPUTS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    ".cargo/config.toml",
    "xtask/src/split.rs",
    "index.html",
    "src",
    "style",
    "public",
    "wire/Cargo.toml",
    "wire/src",
];

/// The hash of every input under `root`, in a stable order; `extra` tells builds apart.
pub fn fingerprint(root: &Path, extra: &str) -> Result<String, String> {
    let mut files = Vec::new();
    for input in INPUTS {
        collect(&root.join(input), &mut files)?;
    }
    files.sort();
    let mut h = DefaultHasher::new();
    extra.hash(&mut h);
    for f in files {
        let rel = f.strip_prefix(root).unwrap_or(&f);
        rel.to_string_lossy().hash(&mut h);
        let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        bytes.hash(&mut h);
    }
    Ok(format!("{:016x}", h.finish()))
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if !path.is_dir() {
        return Ok(());
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        collect(&entry.path(), out)?;
    }
    Ok(())
}

/// True when `dist/` was built from exactly these inputs.
pub fn is_current(dist: &Path, stamp: &str) -> bool {
    dist.join("index.html").is_file()
        && std::fs::read_to_string(dist.join(STAMP)).is_ok_and(|s| s.trim() == stamp)
}

pub fn write(dist: &Path, stamp: &str) -> Result<(), String> {
    std::fs::write(dist.join(STAMP), format!("{stamp}\n")).map_err(|e| format!("dist stamp: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "xtask-stamp-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/pages")).unwrap();
        std::fs::write(dir.join("Cargo.toml"), "[package]").unwrap();
        std::fs::write(dir.join("src/pages/a.rs"), "fn a() {}").unwrap();
        dir
    }

    #[test]
    fn any_source_change_or_feature_changes_the_stamp() {
        let dir = tree();
        let first = fingerprint(&dir, "").unwrap();
        assert_eq!(first, fingerprint(&dir, "").unwrap(), "stable");
        assert_ne!(first, fingerprint(&dir, "bench").unwrap(), "features count");
        std::fs::write(dir.join("src/pages/a.rs"), "fn a() { 1; }").unwrap();
        let edited = fingerprint(&dir, "").unwrap();
        assert_ne!(first, edited, "contents count");
        std::fs::write(dir.join("src/pages/b.rs"), "").unwrap();
        assert_ne!(edited, fingerprint(&dir, "").unwrap(), "new files count");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_dist_is_current_only_with_its_stamp_and_index() {
        let dir = tree();
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        assert!(!is_current(&dist, "abc"));
        write(&dist, "abc").unwrap();
        assert!(!is_current(&dist, "abc"), "no index.html yet");
        std::fs::write(dist.join("index.html"), "<html>").unwrap();
        assert!(is_current(&dist, "abc"));
        assert!(!is_current(&dist, "abd"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
