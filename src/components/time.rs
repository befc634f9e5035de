//! Relative times that stay true while the page is open: one app-wide clock ticks every
//! 30 seconds and every `<RelativeTime>` reads it.

use agentdeck_wire::Timestamp;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Clock(ReadSignal<i64>);

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Starts the app-wide clock and shares it with every component below. Call once, at the root:
/// the clock must live as long as the app, not as long as whichever row happened to ask first.
pub fn provide_clock() -> ReadSignal<i64> {
    let now = ticking_clock();
    provide_context(Clock(now));
    now
}

/// The current time in Unix milliseconds, updated every 30 s. Outside an app (a component
/// mounted alone in a test) it makes a clock owned by the caller.
pub fn use_now() -> ReadSignal<i64> {
    use_context::<Clock>()
        .map(|c| c.0)
        .unwrap_or_else(ticking_clock)
}

fn ticking_clock() -> ReadSignal<i64> {
    let (now, set_now) = signal(now_ms());
    let handle = set_interval_with_handle(
        move || {
            set_now.try_set(now_ms());
        },
        std::time::Duration::from_secs(30),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }
    now
}

/// "3 min ago", with the exact time as a tooltip.
#[component]
pub fn RelativeTime(ts: Timestamp) -> impl IntoView {
    let now = use_now();
    let raw = ts.as_str().to_string();
    let shown = raw.clone();
    let millis = ts.unix_millis();
    view! {
        <time datetime=raw.clone() title=raw>
            {move || match millis {
                Some(ms) => crate::time_fmt::relative(ms, now.get()),
                None => shown.clone(),
            }}
        </time>
    }
}
