//! The release wasm, cut into the first page and per-page chunks.
//!
//! Trunk builds one wasm module, so the whole app (every page) would download before the first
//! page shows. Here xtask builds the wasm itself (Trunk still bundles the HTML, CSS and
//! scripts; the `rel="rust"` link in index.html carries `data-trunk-skip`):
//!
//! 1. `cargo build --release --features split`: every function of src/page_chunks.rs becomes a
//!    split point (`-Clink-args=--emit-relocs` in .cargo/config.toml keeps what the splitter
//!    needs);
//! 2. `wasm_split_cli_support` (the splitter cargo-leptos uses) cuts the module: the main
//!    module (the shell and the inbox), one chunk per chunk name of page_chunks.rs, chunks of
//!    code shared by several of those, and a small JS loader that fetches a chunk the first
//!    time it is needed;
//! 3. `wasm-bindgen --keep-lld-exports` on the main module, `wasm-opt -Oz` on every module;
//! 4. every file is named with one build id (a hash of the compiled wasm and the tool
//!    versions: the same input gives the same files) so hosts may cache them forever, and
//!    index.html gets an external boot script (no inline script for the CSP to allow).

use crate::tools::{self, repo_root};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The app's crate and binary.
const APP: &str = "agentdeck";

/// Builds the split wasm of `features` (plus `split`) into `dist`, next to Trunk's output.
pub fn build(dist: &Path, features: &[&str]) -> Result<(), String> {
    let raw = cargo_build(features)?;
    let input = std::fs::read(&raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let id = build_id(&input)?;
    let work = work_dir(features);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    // Kept for `cargo xtask bench`'s size report (cargo's file is overwritten by other builds).
    std::fs::write(work.join(WHOLE), &input).map_err(|e| format!("{WHOLE}: {e}"))?;

    let glue = format!("{APP}-{id}.js");
    let loader = format!("{APP}-split-{id}.js");
    let link_name = format!("./{loader}");
    let main_module = format!("./{glue}");
    let main_wasm = work.join(FIRST);
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&input);
        opts.output_dir = &work;
        opts.main_out_path = &main_wasm;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| format!("splitting the wasm: {e:#}"))?;

    bindgen(&main_wasm, &work, &format!("{APP}-{id}"))?;
    let main_bg = format!("{APP}-{id}_bg.wasm");
    optimize(&work.join(&main_bg), &dist.join(&main_bg))?;
    std::fs::copy(work.join(&glue), dist.join(&glue)).map_err(|e| format!("{glue}: {e}"))?;

    // Chunks keep the splitter's names plus the build id; the loader names them.
    let mut loader_js =
        std::fs::read_to_string(work.join(&loader)).map_err(|e| format!("{loader}: {e}"))?;
    for chunk in &split.split_modules {
        let name = file_name(chunk)?;
        let stem = name.strip_suffix(".wasm").unwrap_or(&name);
        let hashed = format!("{stem}-{id}.wasm");
        if !loader_js.contains(&name) {
            return Err(format!("the split loader never names {name}"));
        }
        loader_js = loader_js.replace(&name, &hashed);
        optimize(chunk, &dist.join(&hashed))?;
    }
    std::fs::write(dist.join(&loader), loader_js).map_err(|e| format!("{loader}: {e}"))?;

    let boot = format!("{APP}-boot-{id}.js");
    std::fs::write(dist.join(&boot), boot_script(&glue, &main_bg))
        .map_err(|e| format!("{boot}: {e}"))?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let html = with_boot(&html, &boot, &glue, &main_bg)?;
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    eprintln!(
        "xtask: split the wasm into the first page and {} chunks (build {id})",
        split.split_modules.len()
    );
    Ok(())
}

/// Whether a file of `dist` is a page chunk: any wasm but wasm-bindgen's main `_bg.wasm` (the
/// names [`build`] writes).
pub fn is_chunk(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".wasm") && !name.ends_with("_bg.wasm")
}

/// The unsplit program, as cargo built it, in [`work_dir`].
pub const WHOLE: &str = "whole.wasm";
/// The splitter's main module (before wasm-bindgen and wasm-opt), in [`work_dir`].
pub const FIRST: &str = "main.wasm";

/// Where the build with `features` keeps its intermediate files.
pub fn work_dir(features: &[&str]) -> PathBuf {
    let name = if features.is_empty() {
        "app".to_string()
    } else {
        features.join("-")
    };
    crate::run::target_dir()
        .join("xtask")
        .join("split")
        .join(name)
}

fn cargo_build(features: &[&str]) -> Result<PathBuf, String> {
    let mut all = vec!["split"];
    all.extend_from_slice(features);
    let st = Command::new("cargo")
        .args(["build", "--release", "--target=wasm32-unknown-unknown"])
        .args(["--package", APP, "--bin", APP])
        .arg(format!("--features={}", all.join(",")))
        .current_dir(repo_root())
        .status()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    if !st.success() {
        return Err("cargo build of the wasm failed".into());
    }
    Ok(crate::run::target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{APP}.wasm")))
}

/// 16 hex digits naming this build's files: the compiled wasm and every tool that turns it
/// into the shipped files.
fn build_id(input: &[u8]) -> Result<String, String> {
    let mut h = Sha256::new();
    h.update(input);
    h.update(tools::wasm_bindgen_version()?.as_bytes());
    h.update(tools::WASM_OPT_CRATE_VERSION.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    Ok(h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn bindgen(main_wasm: &Path, out: &Path, out_name: &str) -> Result<(), String> {
    let st = Command::new("wasm-bindgen")
        .args([
            "--target=web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
        ])
        .arg(format!("--out-dir={}", out.display()))
        .arg(format!("--out-name={out_name}"))
        .arg(main_wasm)
        .status()
        .map_err(|e| format!("could not start wasm-bindgen: {e}"))?;
    if !st.success() {
        return Err("wasm-bindgen failed on the split main module".into());
    }
    Ok(())
}

/// `wasm-opt -Oz`; its output is shown only when it fails (it warns about every chunk's
/// name section, which the splitter writes in a newer format than Binaryen 116 reads).
fn optimize(input: &Path, output: &Path) -> Result<(), String> {
    let out = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
        ])
        .arg(input)
        .arg("-o")
        .arg(output)
        .output()
        .map_err(|e| format!("could not start wasm-opt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "wasm-opt failed on {}:\n{}",
            input.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

fn file_name(path: &Path) -> Result<String, String> {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{}: no file name", path.display()))
}

/// The module that starts the app (external, so the CSP needs no inline-script hash).
fn boot_script(glue: &str, main_bg: &str) -> String {
    format!(
        "// Written by `cargo xtask dist` (xtask/src/split.rs).\n\
         import init from './{glue}';\n\
         await init({{ module_or_path: new URL('./{main_bg}', import.meta.url) }});\n"
    )
}

/// index.html with the boot script and the preloads of the first page's code, at the end of
/// `<head>` (absolute paths: every in-app URL serves this same file).
fn with_boot(html: &str, boot: &str, glue: &str, main_bg: &str) -> Result<String, String> {
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    let tags = format!(
        "<link rel=\"modulepreload\" href=\"/{glue}\">\n\
         <link rel=\"preload\" href=\"/{main_bg}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
         <script type=\"module\" src=\"/{boot}\"></script>\n"
    );
    Ok(format!("{}{tags}{}", &html[..at], &html[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boot_script_and_preloads_go_at_the_end_of_head() {
        let html = "<html><head><title>x</title></head><body></body></html>";
        let out = with_boot(html, "a-boot-1.js", "a-1.js", "a-1_bg.wasm").unwrap();
        assert!(
            out.contains("<script type=\"module\" src=\"/a-boot-1.js\"></script>\n</head><body>")
        );
        assert!(out.contains("<link rel=\"modulepreload\" href=\"/a-1.js\">"));
        assert!(out.contains("href=\"/a-1_bg.wasm\" as=\"fetch\""));
        assert!(with_boot("<html></html>", "b", "g", "w").is_err());
    }

    #[test]
    fn the_boot_script_starts_the_glue_with_its_wasm() {
        let js = boot_script("a-1.js", "a-1_bg.wasm");
        assert!(js.contains("import init from './a-1.js';"));
        assert!(js.contains("new URL('./a-1_bg.wasm', import.meta.url)"));
    }
}
