// The AgentContainer account page in the whole app, against local-api: the balance, billing
// mode and storage bars; the banner that explains 402 when the balance is zero (local-api's
// balance is shared by every test, so it is restored at once).

use crate::api_common::{admin_origin, agentcontainer};
use crate::support::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck::routes::Route;
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

struct Page {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn open() -> Page {
    go_to(&Route::AcAccount.href());
    let root = container();
    let conns = Connections {
        agentcontainer: Some(agentcontainer()),
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Page {
        root: root.into(),
        _app: Box::new(app),
    }
}

async fn set_balance(balance: f64) {
    let resp = gloo_net::http::Request::post(&format!(
        "{}/__admin/agentcontainer/credits",
        admin_origin()
    ))
    .json(&serde_json::json!({ "balance": balance }))
    .unwrap()
    .send()
    .await
    .expect("POST /__admin/agentcontainer/credits");
    assert!(resp.ok(), "setting credits answered {}", resp.status());
}

#[wasm_bindgen_test]
async fn the_account_shows_balance_mode_and_storage() {
    let page = open();
    let root = &page.root;
    let balance = until("the balance", || {
        first(root, ".ac-credit-balance").and_then(|e| e.text_content())
    })
    .await;
    assert!(balance.starts_with('$'), "{balance}");
    assert!(text(root, ".ac-billing-mode").starts_with("Standard"));
    let bars = all(root, ".ac-usage");
    assert_eq!(bars.len(), 2);
    assert_eq!(text(&bars[0], ".ac-usage-label"), "File storage");
    assert_eq!(text(&bars[1], ".ac-usage-label"), "Checkpoint storage");
    // The numbers are in words, not only in the bar's colour.
    let checkpoint = text(&bars[1], ".ac-usage-text");
    assert!(checkpoint.contains("of 5.0 GB used"), "{checkpoint}");
    assert!(checkpoint.contains("quota not enforced"), "{checkpoint}");
    assert!(first(&bars[0], "meter").is_some());
}

#[wasm_bindgen_test]
async fn a_zero_balance_explains_that_dispatch_is_refused_with_402() {
    let conn = agentcontainer();
    let original = ac::get_account(&conn).await.unwrap().credit_balance;
    set_balance(0.0).await;
    let page = open();
    let root = &page.root;
    // Wait without panicking, so the shared balance is restored whatever happens.
    let started = js_sys::Date::now();
    let mut banner = None;
    while banner.is_none() && js_sys::Date::now() - started < 30_000.0 {
        banner = first(root, ".ac-credit-banner[data-credits='empty']");
        if banner.is_none() {
            sleep(20).await;
        }
    }
    set_balance(if original > 0.0 { original } else { 25.0 }).await;
    let banner = banner.expect("the out-of-credits banner");
    let words = banner.text_content().unwrap_or_default();
    assert!(words.contains("too low to dispatch"), "{words}");
    assert!(words.contains("402"), "{words}");
    assert_eq!(text(root, ".ac-credit-balance"), "$0.00");
}
