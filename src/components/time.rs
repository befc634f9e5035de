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

/// The exact time in the reader's language and time zone ("3 Jan 2025, 14:05:22").
///
/// One formatter for the page: `Date.toLocaleString` with options builds a new one on every
/// call, which cost a long conversation most of a frame per chunk of messages revealed.
fn exact_time(ms: i64) -> String {
    thread_local! {
        static FORMAT: js_sys::Function = {
            let lang = web_sys::window()
                .and_then(|w| w.navigator().language())
                .unwrap_or_else(|| "en".into());
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
            let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"medium".into());
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&lang.into()), &opts).format()
        };
    }
    let date = js_sys::Date::new(&(ms as f64).into());
    FORMAT
        .with(|f| f.call1(&wasm_bindgen::JsValue::NULL, &date))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// "3 min ago", with the exact time as its tooltip: on hover (`title`) and on keyboard focus
/// (the element is focusable; style/app.css shows the title under it while focused).
#[component]
pub fn RelativeTime(ts: Timestamp) -> impl IntoView {
    let now = use_now();
    let raw = ts.as_str().to_string();
    let shown = raw.clone();
    let millis = ts.unix_millis();
    let exact = millis.map(exact_time).unwrap_or_else(|| raw.clone());
    view! {
        <time class="reltime" datetime=raw title=exact tabindex="0">
            {move || match millis {
                Some(ms) => crate::time_fmt::relative(ms, now.get()),
                None => shown.clone(),
            }}
        </time>
    }
}
