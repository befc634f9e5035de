//! What every benchmark page records in `window.__agentdeck_bench` (read by `cargo xtask
//! bench`): timings, long main-thread tasks (PerformanceObserver), DOM size, wasm memory.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

pub fn results() -> Option<js_sys::Object> {
    let w = web_sys::window()?;
    let key = JsValue::from_str("__agentdeck_bench");
    let existing = js_sys::Reflect::get(&w, &key).ok()?;
    if existing.is_object() {
        return existing.dyn_into().ok();
    }
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"longtasks".into(), &js_sys::Array::new());
    let _ = js_sys::Reflect::set(&w, &key, &o);
    Some(o)
}

pub fn record(name: &str, value: f64) {
    if let Some(o) = results() {
        let _ = js_sys::Reflect::set(&o, &name.into(), &value.into());
    }
}

pub fn observe_longtasks() {
    let cb = Closure::<dyn FnMut(web_sys::PerformanceObserverEntryList)>::new(
        |list: web_sys::PerformanceObserverEntryList| {
            let Some(o) = results() else { return };
            let Ok(arr) = js_sys::Reflect::get(&o, &"longtasks".into()) else {
                return;
            };
            let arr: js_sys::Array = arr.unchecked_into();
            for e in list.get_entries().iter() {
                let e: web_sys::PerformanceEntry = e.unchecked_into();
                arr.push(&e.duration().into());
            }
        },
    );
    if let Ok(obs) = web_sys::PerformanceObserver::new(cb.as_ref().unchecked_ref()) {
        let init = web_sys::PerformanceObserverInit::new(&js_sys::Array::of1(&"longtask".into()));
        obs.observe(&init);
    }
    // Lives as long as the page.
    cb.forget();
}

pub fn dom_nodes() -> f64 {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| f64::from(d.get_elements_by_tag_name("*").length()))
        .unwrap_or(0.0)
}

pub fn wasm_memory_bytes() -> f64 {
    let mem = wasm_bindgen::memory();
    js_sys::Reflect::get(&mem, &"buffer".into())
        .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

/// Records a text value (a CSS selector, a direction) for the driver.
pub fn record_str(name: &str, value: &str) {
    if let Some(o) = results() {
        let _ = js_sys::Reflect::set(&o, &name.into(), &value.into());
    }
}

/// A number from the page's query string (`?lines=1000`), clamped to `1..=max`.
pub fn query_number(name: &str, default: usize, max: usize) -> usize {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get(name))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(default)
        .clamp(1, max)
}
