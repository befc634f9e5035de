//! The second half of `cargo xtask bench`: long logs, long conversations and a burst of live
//! events, measured in the same headless Chromium as the diff viewer.
//!
//! Each job opens a hidden page of the bench build (`/__bench/log?lines=N`,
//! `/__bench/conversation?messages=N`, `/__bench/burst?rate=R&seconds=S`). The page fills
//! `window.__agentdeck_bench` with `done`, `first_ms` (data handed over -> first rows in the
//! DOM), `dom_nodes`, `longtasks` (every main-thread task over 50 ms so far) and, for scrolling
//! pages, `scroller` (a CSS selector, or absent for the window) and `direction` (`down` for logs,
//! `up` for a conversation, which reveals earlier messages as the reader nears the top). The
//! burst page also reports `expected`, `shown` and `unique` (timeline items on screen and
//! distinct ids among them) so none lost and none doubled can be read off the table.

use fantoccini::Client;
use serde_json::Value;
use std::time::Duration;

/// Every job of this table: (label, path and query).
pub fn jobs(log_lines: usize, messages: usize) -> Vec<(String, String)> {
    vec![
        (
            format!("log, {log_lines} lines"),
            format!("/__bench/log?lines={log_lines}"),
        ),
        (
            format!("conversation, {messages} messages"),
            format!("/__bench/conversation?messages={messages}"),
        ),
        (
            "live burst, 1,000 events/s for 10 s".into(),
            "/__bench/burst?rate=1000&seconds=10".into(),
        ),
    ]
}

pub struct FeedRow {
    pub label: String,
    pub v: Value,
    pub scroll: Value,
}

/// Scrolls the page's scroller to the far end in its direction, one viewport (or more for huge
/// content) per animation frame; for `up`, it keeps going while earlier content keeps arriving.
const SCROLL_JS: &str = r#"
const b = window.__agentdeck_bench;
const sc = b.scroller ? document.querySelector(b.scroller) : document.scrollingElement;
const up = b.direction === 'up';
b.first_render_longtasks = b.longtasks.slice();
b.longtasks.length = 0;
const r = { done: false, steps: 0, maxFrame: 0, maxNodes: 0, stillAtEnd: 0, worst: null };
window.__agentdeck_scroll = r;
// Where the worst frame's time went (Long Animation Frames): script, layout the script forced,
// and the frame's own style and layout.
try {
  new PerformanceObserver((list) => {
    for (const f of list.getEntries()) {
      if (r.worst && r.worst.duration >= f.duration) continue;
      const scripts = f.scripts || [];
      r.worst = {
        duration: f.duration,
        script: scripts.reduce((s, x) => s + x.duration, 0),
        forced: scripts.reduce((s, x) => s + (x.forcedStyleAndLayoutDuration || 0), 0),
        layout: f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0,
        invokers: scripts.map((x) => x.invoker + ' ' + Math.round(x.duration)).join(', '),
      };
    }
  }).observe({ type: 'long-animation-frame' });
} catch (e) {}
let last = performance.now();
function atEnd() {
  const total = sc.scrollHeight - sc.clientHeight;
  return up ? sc.scrollTop <= 0 : sc.scrollTop >= total - 1;
}
function tick() {
  const t = performance.now();
  r.maxFrame = Math.max(r.maxFrame, t - last);
  last = t;
  r.maxNodes = Math.max(r.maxNodes, document.getElementsByTagName('*').length);
  r.stillAtEnd = atEnd() ? r.stillAtEnd + 1 : 0;
  if (r.stillAtEnd > 30 || r.steps > 8000) {
    r.heap = performance.memory ? performance.memory.usedJSHeapSize : null;
    r.scrollHeight = sc.scrollHeight;
    setTimeout(() => { r.longtasks = b.longtasks.slice(); r.done = true; }, 200);
    return;
  }
  const total = sc.scrollHeight - sc.clientHeight;
  const step = Math.max(sc.clientHeight, total / 1500);
  sc.scrollTop = up ? Math.max(0, sc.scrollTop - step) : Math.min(total, sc.scrollTop + step);
  r.steps++;
  requestAnimationFrame(tick);
}
requestAnimationFrame(() => { last = performance.now(); requestAnimationFrame(tick); });
return true;
"#;

pub async fn measure(
    client: &Client,
    port: u16,
    label: &str,
    path: &str,
) -> Result<FeedRow, String> {
    client
        .goto(&format!("http://127.0.0.1:{port}{path}"))
        .await
        .map_err(|e| format!("could not open {path}: {e}"))?;
    let v = crate::bench::poll(
        client,
        "const b = window.__agentdeck_bench; return b && b.done ? b : null;",
        Duration::from_secs(180),
    )
    .await
    .map_err(|e| format!("{label}: {e}"))?;
    let scroll = if v.get("direction").and_then(Value::as_str).is_some() {
        tokio::time::sleep(Duration::from_millis(300)).await;
        client
            .execute(SCROLL_JS, vec![])
            .await
            .map_err(|e| format!("scroll script failed: {e}"))?;
        crate::bench::poll(
            client,
            "const r = window.__agentdeck_scroll; return r && r.done ? r : null;",
            Duration::from_secs(600),
        )
        .await?
    } else {
        Value::Null
    };
    let v = client
        .execute("return window.__agentdeck_bench;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    Ok(FeedRow {
        label: label.to_string(),
        v,
        scroll,
    })
}

fn num(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64)
}

fn show(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.0}")).unwrap_or_else(|| "–".into())
}

/// The longest of the long tasks in `v[key]`, with how many there were.
fn longest(v: &Value, key: &str) -> String {
    let tasks: Vec<f64> = v
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    match tasks.iter().copied().reduce(f64::max) {
        Some(max) => format!("{max:.0} ({} > 50)", tasks.len()),
        None => "none > 50".into(),
    }
}

pub fn render_table(rows: &[FeedRow]) -> String {
    let mut s = String::new();
    s.push_str("# Logs, conversations and live events\n\n");
    s.push_str(
        "| what | first rows ms | longest task opening ms | DOM nodes (first / max) | longest task \
         scrolling or during the burst ms | longest frame ms | worst frame: script / forced layout / \
         style and layout ms | events expected / shown / unique |\n",
    );
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in rows {
        let (v, sc) = (&r.v, &r.scroll);
        let during = if sc.is_null() {
            longest(v, "longtasks")
        } else {
            longest(sc, "longtasks")
        };
        let events = match num(v, "expected") {
            Some(e) => format!(
                "{} / {} / {}",
                show(Some(e)),
                show(num(v, "shown")),
                show(num(v, "unique"))
            ),
            None => "–".into(),
        };
        let worst = sc
            .get("worst")
            .filter(|w| !w.is_null())
            .map_or("–".into(), |w| {
                format!(
                    "{} / {} / {}",
                    show(num(w, "script")),
                    show(num(w, "forced")),
                    show(num(w, "layout"))
                )
            });
        s.push_str(&format!(
            "| {} | {} | {} | {} / {} | {} | {} | {} | {} |\n",
            r.label,
            show(num(v, "first_ms")),
            longest(v, "first_render_longtasks"),
            show(num(v, "dom_nodes")),
            show(num(sc, "maxNodes").or(num(v, "max_dom_nodes"))),
            during,
            show(num(sc, "maxFrame")),
            worst,
            events,
        ));
    }
    s.push_str(
        "\nTargets: no main-thread task over 50 ms while opening or scrolling a 100,000-line log \
         or a 10,000-message conversation; every burst event shown exactly once (expected = \
         shown = unique).\n",
    );
    s
}
