//! `/__bench/log?lines=N`: the task page's log viewer with N generated lines from the three
//! sources (some long, some with escapes), as a 100,000-line task log would arrive. The driver
//! then scrolls it from the top to the end.

use super::measure::{
    dom_nodes, now, observe_longtasks, query_number, record, record_str, results,
};
use crate::components::log_view::{LogLine, LogView};
use agentdeck_wire::agentcontainer::LogSource;
use leptos::prelude::*;
use std::sync::Arc;

/// Line `i` of a generated log.
fn line(i: usize) -> LogLine {
    let (source, text) = match i % 7 {
        0 => (
            LogSource::Daemon,
            format!("[daemon] step {i}: container healthy, 512 MiB used"),
        ),
        1..=3 => (
            LogSource::AgentStdout,
            format!(
                "running test suite shard {} of 64 ... ok ({} ms)",
                i % 64,
                i % 997
            ),
        ),
        4 => (
            LogSource::AgentStderr,
            format!(
                "warning: unused variable `x{i}` in src/module_{}.rs:{}",
                i % 40,
                i % 300
            ),
        ),
        5 => (LogSource::AgentStdout, "=".repeat(200 + i % 300)),
        _ => (
            LogSource::AgentStdout,
            format!("\u{1b}[32mPASS\u{1b}[0m tests/case_{i}.spec.ts <script>x</script>"),
        ),
    };
    LogLine {
        key: i as i64,
        source,
        text: Arc::from(text),
    }
}

fn has_rows() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".log-row").ok().flatten())
        .is_some()
}

fn when_rows_appear(frames: u32, then: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        if has_rows() || frames > 600 {
            then();
        } else {
            when_rows_appear(frames + 1, then);
        }
    });
}

/// Appends lines up to `n` to `v`, 10,000 a task, then calls `done` with the time it took.
fn generate(
    mut v: Vec<LogLine>,
    n: usize,
    spent: f64,
    done: impl FnOnce(Vec<LogLine>, f64) + 'static,
) {
    let first = v.is_empty();
    set_timeout(
        move || {
            let t0 = now();
            let to = (v.len() + 10_000).min(n);
            v.extend((v.len()..to).map(line));
            let spent = spent + now() - t0;
            if to >= n {
                done(v, spent);
            } else {
                generate(v, n, spent, done);
            }
        },
        std::time::Duration::from_millis(if first { 50 } else { 0 }),
    );
}

#[component]
pub fn LogBenchPage() -> impl IntoView {
    let n = query_number("lines", 100_000, 2_000_000);
    let _ = results();
    observe_longtasks();
    record("lines", n as f64);
    record_str("scroller", ".log-view");
    record_str("direction", "down");
    let lines = RwSignal::new(Vec::<LogLine>::new());
    // Generated 10,000 lines a task (the generator's work is not the viewer's: kept out of
    // the long tasks measured while opening), then shown at once.
    generate(Vec::with_capacity(n), n, 0.0, move |generated, gen_ms| {
        record("gen_ms", gen_ms);
        let start = now();
        lines.set(generated);
        when_rows_appear(0, move || {
            record("first_ms", now() - start);
            record("dom_nodes", dom_nodes());
            record("done", 1.0);
            // Start scrolling from the top: the viewer follows the end by default.
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".log-view").ok().flatten())
            {
                el.set_scroll_top(0);
            }
        });
    });
    view! {
        <div class="bench-page page">
            <p class="bench-title">{format!("Log benchmark: {n} lines")}</p>
            <LogView lines=lines label="Benchmark log" />
        </div>
    }
}
