//! The Connections page: saving keeps secrets for this tab only unless "remember" is ticked,
//! form problems are said before anything is saved, and forgetting clears both storages (more
//! on secrets in `secrets`).

use crate::support::*;
use agentdeck::app::App;
use agentdeck::config::{self, Connections};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const KEY: &str = "agentdeck.secrets.v1";

fn stored(local: bool) -> Option<String> {
    let w = web_sys::window().unwrap();
    let s = if local {
        w.local_storage()
    } else {
        w.session_storage()
    };
    s.unwrap().unwrap().get_item(KEY).unwrap()
}

#[wasm_bindgen_test]
async fn secrets_go_where_the_user_chose() {
    config::forget();
    go_to("/connections");
    let root = container();
    let _app = leptos::mount::mount_to(
        root.clone(),
        || view! { <App initial=Connections::default() /> },
    );
    let root: web_sys::Element = root.into();

    until("the form", || first(&root, "#netlify-token")).await;
    set_value(&root, "#netlify-base-url", netlify_url());
    set_value(&root, "#netlify-token", "secret-token-1");
    // A token without a site cannot list anything: the form says so and Save waits.
    until("a problem about the site", || {
        Some(text(&root, ".form-problems")).filter(|t| t.contains("site id"))
    })
    .await;
    assert!(
        button(&root, "Save").is_none(),
        "Save is disabled while the form has problems"
    );
    set_value(&root, "#netlify-site-id", "demo-site");
    set_value(&root, "#netlify-account-id", "demo-account");
    click(&root, "Save").await;
    until("saved", || {
        Some(text(&root, ".save-status")).filter(|t| t.contains("Saved"))
    })
    .await;

    let session = stored(false).expect("kept for this tab");
    assert!(session.contains("secret-token-1"));
    assert_eq!(
        stored(true),
        None,
        "not remembered on the device unless asked"
    );
    assert!(!web_sys::window()
        .unwrap()
        .location()
        .href()
        .unwrap()
        .contains("secret"));

    let remember = first(&root, "#remember-secrets").unwrap();
    remember.unchecked_ref::<web_sys::HtmlElement>().click();
    click(&root, "Save").await;
    until("moved to local storage", || stored(true)).await;
    assert_eq!(stored(false), None, "one copy only");
    assert!(config::load_stored().unwrap().remember);

    click(&root, "Forget all secrets").await;
    until("forgotten", || {
        (stored(true).is_none() && stored(false).is_none()).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_bad_base_url_is_refused_in_words() {
    config::forget();
    go_to("/connections");
    let root = container();
    let _app = leptos::mount::mount_to(
        root.clone(),
        || view! { <App initial=Connections::default() /> },
    );
    let root: web_sys::Element = root.into();
    until("the form", || first(&root, "#agentcontainer-base-url")).await;
    set_value(&root, "#agentcontainer-base-url", "javascript:alert(1)");
    until("a base URL problem", || {
        Some(text(&root, ".form-problems"))
            .filter(|t| t.contains("AgentContainer") && t.contains("http"))
    })
    .await;
    assert!(button(&root, "Save").is_none());
}
