//! `dist/_headers`: the HTTP headers Netlify sends with the app, written after every release
//! build (local-api's app server applies the same file, so `cargo xtask run` and the end-to-end
//! tests run under them).
//!
//! The Content-Security-Policy allows scripts from the app's own origin only, plus WebAssembly
//! compilation and the exact hash of each inline `<script>` Trunk wrote into `index.html` (its
//! module loader), computed here from the built file. No `'unsafe-inline'`, no `'unsafe-eval'`.
//!
//! Styles: stylesheets from the app's origin only, and no `<style>` element (checked here).
//! Style *attributes* are allowed (`style-src-attr 'unsafe-inline'`): Leptos's `style=` sets the
//! attribute, which CSP counts as an inline style, and the windowed lists (diff viewer, log
//! view) position their rows that way. Converting those to `style:prop=` (CSSOM
//! `style.setProperty`, which CSP does not block) would allow `style-src-attr 'none'`.

use sha2::{Digest, Sha256};
use std::path::Path;

/// Where the deployed app may send requests besides its own origin: the real services' API
/// origins (the AgentContainer event stream lives on its API origin) and the storage origins
/// their presigned upload URLs point to (not documented by either service: Netlify's
/// `upload_url` is an S3 URL, AgentContainer's upload behaves like Convex file storage).
/// **Talking to other origins (a proxy, a self-hosted API, local-api)? Edit this one line**,
/// or set `AGENTDECK_CONNECT_SRC` (space-separated origins) for one `cargo xtask dist`.
pub const CONNECT_ORIGINS: &str =
    "https://api.netlify.com https://agentcontainer.co https://*.amazonaws.com https://*.convex.cloud";

/// Replaces [`CONNECT_ORIGINS`] for one build.
pub const CONNECT_ENV: &str = "AGENTDECK_CONNECT_SRC";

/// Browser features the app never uses, switched off.
const PERMISSIONS: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), \
gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The text of every inline `<script>` (one without `src`) in `html`, as the browser hashes it.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let start = at + found;
        let after_name = start + "<script".len();
        at = after_name;
        if !lower[after_name..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            continue; // `<scripts>` or similar
        }
        let Some(tag_end) = tag_end(&lower, after_name) else {
            break;
        };
        let body_start = tag_end + 1;
        let body_end = lower[body_start..]
            .find("</script")
            .map_or(html.len(), |i| body_start + i);
        if !has_attribute(&lower[after_name..tag_end], "src") {
            out.push(&html[body_start..body_end]);
        }
        at = body_end;
    }
    out
}

/// The index of the `>` closing a start tag whose attributes begin at `from` (quotes skipped).
fn tag_end(lower: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in lower[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// Whether an attribute list (lower case) has the attribute `name` (not `data-name`).
fn has_attribute(attrs: &str, name: &str) -> bool {
    let mut quote = None;
    let mut word = String::new();
    for c in attrs.chars().chain([' ']) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':' => word.push(c),
            None => {
                if word == name {
                    return true;
                }
                word.clear();
            }
        }
    }
    false
}

/// A CSP hash source for one inline script: `'sha256-<base64>'`.
pub fn script_hash(script: &str) -> String {
    use base64::Engine;
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The Content-Security-Policy of the app.
pub fn csp(script_hashes: &[String], connect_origins: &str) -> String {
    let mut script = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
    script.extend(script_hashes.iter().cloned());
    let connect: Vec<&str> = std::iter::once("'self'")
        .chain(connect_origins.split_whitespace())
        .collect();
    [
        "default-src 'none'".to_string(),
        format!("script-src {}", script.join(" ")),
        "style-src 'self'".to_string(),
        "style-src-attr 'unsafe-inline'".to_string(),
        // Avatars and deploy screenshots come from anywhere on https.
        "img-src 'self' https:".to_string(),
        "font-src 'self'".to_string(),
        format!("connect-src {}", connect.join(" ")),
        "manifest-src 'self'".to_string(),
        "base-uri 'none'".to_string(),
        // No form is ever submitted to a server: the app handles every submit itself, so a
        // form submitted by the browser (the wasm dead, Enter pressed) goes nowhere.
        "form-action 'none'".to_string(),
        "frame-ancestors 'none'".to_string(),
        "object-src 'none'".to_string(),
    ]
    .join("; ")
}

/// The whole `_headers` file. No header name is set by two rules that can match one path
/// (Netlify would join the values), so `/*` carries no `Cache-Control`: pages reached through
/// the SPA fallback get Netlify's default for HTML (`max-age=0, must-revalidate`).
pub fn headers_file(csp: &str) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask dist` (xtask/src/headers.rs) after each build: edit that file.\n",
    );
    let mut rule = |path: &str, headers: &[(&str, &str)]| {
        out.push_str(path);
        out.push('\n');
        for (k, v) in headers {
            out.push_str(&format!("  {k}: {v}\n"));
        }
    };
    rule(
        "/*",
        &[
            ("Content-Security-Policy", csp),
            ("Referrer-Policy", "no-referrer"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", PERMISSIONS),
        ],
    );
    rule("/", &[("Cache-Control", "no-cache")]);
    rule("/index.html", &[("Cache-Control", "no-cache")]);
    // Trunk puts a content hash in these names (`filehash = true`); checked by `check_hashed`.
    for ext in ["wasm", "js", "css"] {
        rule(&format!("/*.{ext}"), &[("Cache-Control", IMMUTABLE)]);
    }
    out
}

/// Whether a file name carries Trunk's content hash: `name-<hex>.ext` or `name-<hex>_bg.wasm`.
fn is_hashed(file: &str) -> bool {
    let Some((stem, _ext)) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 6 && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Every `.wasm`, `.js` and `.css` under `dist` must be hashed, or caching it forever would
/// serve a stale copy after the next deploy.
fn check_hashed(dist: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let cached = [".wasm", ".js", ".css"].iter().any(|e| name.ends_with(e));
        if entry.path().is_dir() {
            check_hashed(&entry.path())?;
        } else if cached && !is_hashed(&name) {
            return Err(format!(
                "{} has no content hash in its name, but _headers caches *{} forever",
                entry.path().display(),
                name.rsplit_once('.').map_or("", |(_, e)| e)
            ));
        }
    }
    Ok(())
}

/// Writes `dist/_headers` for the built `dist/index.html`.
pub fn write(dist: &Path) -> Result<(), String> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    if html.to_ascii_lowercase().contains("<style") {
        return Err(format!(
            "{} has a <style> element, which the Content-Security-Policy blocks",
            index.display()
        ));
    }
    check_hashed(dist)?;
    let hashes: Vec<String> = inline_scripts(&html).into_iter().map(script_hash).collect();
    let connect = std::env::var(CONNECT_ENV).unwrap_or_else(|_| CONNECT_ORIGINS.to_string());
    let text = headers_file(&csp(&hashes, &connect));
    std::fs::write(dist.join("_headers"), text).map_err(|e| format!("dist/_headers: {e}"))?;
    eprintln!(
        "xtask: wrote {} ({} inline script hash{}; connect-src {connect})",
        dist.join("_headers").display(),
        hashes.len(),
        if hashes.len() == 1 { "" } else { "es" }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/agentdeck-5e2f.js" crossorigin="anonymous" integrity="sha384-x">
<script type="module" src="/external.js"></script>
<script data-src="x">
console.log("one");
</script>
</head><body><SCRIPT type="module">
import init, * as bindings from '/agentdeck-5e2f.js';
const wasm = await init({ module_or_path: '/agentdeck-5e2f_bg.wasm' });
</SCRIPT></body></html>"#;

    #[test]
    fn finds_each_inline_script_and_skips_external_ones() {
        let scripts = inline_scripts(TRUNK_INDEX);
        assert_eq!(scripts.len(), 2, "{scripts:?}");
        assert_eq!(scripts[0], "\nconsole.log(\"one\");\n");
        assert!(scripts[1].starts_with("\nimport init, * as bindings"));
        assert!(scripts[1].ends_with("'/agentdeck-5e2f_bg.wasm' });\n"));
        assert!(inline_scripts("<p>no scripts</p><scripts>").is_empty());
        assert_eq!(
            inline_scripts("<script>a</script><script >b</script>"),
            ["a", "b"]
        );
        assert_eq!(
            inline_scripts("<script src='/x.js' data-x='>'></script><script>c</script>"),
            ["c"]
        );
    }

    #[test]
    fn hashes_are_csp_sha256_sources() {
        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert_ne!(script_hash("alert(1)"), script_hash("alert(1) "));
    }

    fn directive<'a>(csp: &'a str, name: &str) -> &'a str {
        csp.split("; ")
            .find(|d| d.split(' ').next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} in {csp}"))
    }

    #[test]
    fn the_policy_allows_only_self_wasm_the_hashes_and_the_services() {
        let csp = csp(&["'sha256-AAA='".to_string()], CONNECT_ORIGINS);
        assert!(!csp.contains("'unsafe-eval'"));
        assert_eq!(
            directive(&csp, "script-src"),
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='"
        );
        assert_eq!(directive(&csp, "style-src"), "style-src 'self'");
        assert_eq!(directive(&csp, "default-src"), "default-src 'none'");
        assert_eq!(
            directive(&csp, "connect-src"),
            "connect-src 'self' https://api.netlify.com https://agentcontainer.co https://*.amazonaws.com https://*.convex.cloud"
        );
        for d in [
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "object-src 'none'",
            "img-src 'self' https:",
        ] {
            assert!(csp.split("; ").any(|x| x == d), "{d} in {csp}");
        }
        // 'unsafe-inline' only for style attributes, never scripts or style elements.
        assert_eq!(csp.matches("'unsafe-inline'").count(), 1);
        assert_eq!(
            directive(&csp, "style-src-attr"),
            "style-src-attr 'unsafe-inline'"
        );
        let other = super::csp(&[], "https://proxy.example  http://127.0.0.1:8081");
        assert_eq!(
            directive(&other, "connect-src"),
            "connect-src 'self' https://proxy.example http://127.0.0.1:8081"
        );
        assert_eq!(
            directive(&other, "script-src"),
            "script-src 'self' 'wasm-unsafe-eval'"
        );
    }

    /// (path pattern, header names) of each rule.
    fn rules(file: &str) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in file.lines().filter(|l| !l.starts_with('#')) {
            if line.starts_with('/') {
                out.push((line.to_string(), Vec::new()));
            } else if let Some((k, _)) = line.trim().split_once(':') {
                out.last_mut().unwrap().1.push(k.to_ascii_lowercase());
            }
        }
        out
    }

    #[test]
    fn the_file_sets_security_headers_everywhere_and_caches_only_hashed_assets() {
        let file = headers_file("default-src 'none'");
        let rules = rules(&file);
        let all = &rules.iter().find(|(p, _)| p == "/*").unwrap().1;
        for h in [
            "content-security-policy",
            "referrer-policy",
            "x-content-type-options",
            "x-frame-options",
            "permissions-policy",
        ] {
            assert!(all.contains(&h.to_string()), "{h}");
        }
        assert!(file.contains("  Referrer-Policy: no-referrer\n"));
        assert!(file.contains("  X-Content-Type-Options: nosniff\n"));
        assert!(file.contains("/index.html\n  Cache-Control: no-cache\n"));
        assert!(file.contains("/\n  Cache-Control: no-cache\n"));
        for ext in ["wasm", "js", "css"] {
            assert!(file.contains(&format!("/*.{ext}\n  Cache-Control: {IMMUTABLE}\n")));
        }
        // `/*` matches every path: a header it sets must not be set again by another rule.
        for (path, names) in rules.iter().filter(|(p, _)| p != "/*") {
            for n in names {
                assert!(!all.contains(n), "{n} set by /* and {path}");
            }
        }
    }

    #[test]
    fn only_hashed_assets_pass_the_check() {
        assert!(is_hashed("agentdeck-5e2f0a91c3d4b7e6.js"));
        assert!(is_hashed("agentdeck-5e2f0a91c3d4b7e6_bg.wasm"));
        assert!(is_hashed("app-a1b2c3d4e5.css"));
        assert!(!is_hashed("app.css"));
        assert!(!is_hashed("my-app.js"));
        assert!(!is_hashed("agentdeck_bg.wasm"));
        let dir = std::env::temp_dir().join(format!("xtask-headers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app-a1b2c3d4e5.css"), "").unwrap();
        std::fs::write(dir.join("favicon.svg"), "").unwrap();
        assert_eq!(check_hashed(&dir), Ok(()));
        std::fs::write(dir.join("loader.js"), "").unwrap();
        assert!(check_hashed(&dir).unwrap_err().contains("loader.js"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
