//! Hidden benchmark page (`/__bench/diff?lines=N`) used by `cargo xtask bench`: generates a
//! realistic diff of N lines in the browser, hands it to the diff viewer, and records timings in
//! `window.__agentdeck_bench` (and as `performance` marks / measures):
//!
//! - `gen_ms`: generating the text (not part of the viewer's cost),
//! - `parse_ms`: `diff::parse` alone,
//! - `first_lines_ms`: from "diff received" (the text handed to the viewer) to the first
//!   animation frame where diff lines are in the DOM (the viewer parses it again inside),
//! - `longtasks`: durations of every main-thread task over 50 ms (PerformanceObserver),
//! - `dom_nodes`, `wasm_memory_bytes` right after the first lines.

use super::measure::{dom_nodes, mark, now, observe_longtasks, record, results, wasm_memory_bytes};
use crate::components::diff_viewer::DiffViewer;
use crate::diff;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn has_lines() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".dv-line").ok().flatten())
        .is_some()
}

fn wait_for_lines(start: f64, frames: u32) {
    request_animation_frame(move || {
        if has_lines() || frames > 600 {
            let t = now() - start;
            mark("agentdeck-diff-first-lines");
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.measure_with_start_mark_and_end_mark(
                    "agentdeck-diff-first-lines",
                    "agentdeck-diff-received",
                    "agentdeck-diff-first-lines",
                );
            }
            record("first_lines_ms", t);
            record("dom_nodes", dom_nodes());
            record("wasm_memory_bytes", wasm_memory_bytes());
            record("found_lines", if has_lines() { 1.0 } else { 0.0 });
            record("done", 1.0);
        } else {
            wait_for_lines(start, frames + 1);
        }
    });
}

fn lines_param() -> usize {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lines"))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1000)
        .clamp(1, 2_000_000)
}

/// A same-origin URL given as `?src=` (a real patch served by the bench driver). The origin is
/// compared after the browser's own URL parser resolved it, so tricks like `/\host/x` (which
/// parsers read as `//host/x`) cannot point it elsewhere.
fn src_param() -> Option<String> {
    let location = web_sys::window()?.location();
    let origin = location.origin().ok()?;
    let raw = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?)
        .ok()?
        .get("src")?;
    let url = web_sys::Url::new_with_base(&raw, &origin).ok()?;
    (url.origin() == origin).then(|| url.href())
}

/// Time the parser alone, then (in a separate task, so long-task attribution is clean) hand the
/// text to the viewer and wait for its first lines.
fn run_with(text: String, patch: RwSignal<String>) {
    record("bytes", text.len() as f64);
    let t1 = now();
    let parsed = diff::parse(&text);
    record("parse_ms", now() - t1);
    record("files", parsed.files.len() as f64);
    record("diff_lines", parsed.lines.len() as f64);
    record("notes", if parsed.has_notes() { 1.0 } else { 0.0 });
    drop(parsed);
    set_timeout(
        move || {
            // Long tasks so far belong to start-up and generation, not the viewer.
            if let Some(o) = results() {
                if let Ok(arr) = js_sys::Reflect::get(&o, &"longtasks".into()) {
                    let arr: js_sys::Array = arr.unchecked_into();
                    let _ = js_sys::Reflect::set(
                        &o,
                        &"setup_longtasks".into(),
                        &arr.slice(0, arr.length()),
                    );
                    arr.set_length(0);
                }
            }
            // The diff "arrives" now.
            mark("agentdeck-diff-received");
            let start = now();
            patch.set(text);
            wait_for_lines(start, 0);
        },
        std::time::Duration::from_millis(200),
    );
}

/// The benchmark page.
#[component]
pub fn DiffBenchPage() -> impl IntoView {
    let lines = lines_param();
    let src = src_param();
    let patch = RwSignal::new(String::new());
    let _ = results();
    observe_longtasks();
    record("lines", lines as f64);
    let title = match &src {
        Some(s) => format!("Diff benchmark: {s}"),
        None => format!("Diff benchmark: {lines} generated lines"),
    };
    match src {
        Some(src) => wasm_bindgen_futures::spawn_local(async move {
            let t0 = now();
            let text = match gloo_net::http::Request::get(&src).send().await {
                Ok(r) if r.ok() => r.text().await.unwrap_or_default(),
                _ => String::new(),
            };
            record("gen_ms", now() - t0);
            run_with(text, patch);
        }),
        None => set_timeout(
            move || {
                let t0 = now();
                let text = diff::gen::generate(lines, 42);
                record("gen_ms", now() - t0);
                run_with(text, patch);
            },
            std::time::Duration::from_millis(50),
        ),
    }
    view! {
        <div class="bench-page">
            <p class="bench-title">{title}</p>
            <DiffViewer
                patch=patch
                storage_key="__bench"
                download_name="bench.patch"
                height="calc(100vh - 110px)"
            />
        </div>
    }
}
