//! Secrets in the browser: the Connections form can never be submitted by the browser itself,
//! secrets stay for the tab unless remembered (with a plain warning), "forget" wipes them per
//! service or all, older saved connections are moved, plain http is refused next to the field
//! for hosts other than this computer, and a rejected secret (401) is asked for again in a
//! banner: the page and what was typed in it stay, and the work carries on with the new secret.

use crate::api_common::{agentcontainer, AGENTCONTAINER_KEY, NETLIFY_TOKEN};
use crate::support::*;
use agentdeck::api::{self, NetlifyConnection};
use agentdeck::app::App;
use agentdeck::config::{self, Connections};
use agentdeck::routes::Route;
use agentdeck_wire::netlify::{ListRunnersQuery, ListSessionsQuery};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

const SETTINGS: &str = "agentdeck.settings.v1";
const SECRETS: &str = "agentdeck.secrets.v1";
const LEGACY: &str = "agentdeck.connections.v1";
const NEW_RUNNER_DRAFT: &str = "agentdeck.draft.v1.new-runner";

fn storage(local: bool) -> web_sys::Storage {
    let w = web_sys::window().unwrap();
    if local {
        w.local_storage()
    } else {
        w.session_storage()
    }
    .unwrap()
    .unwrap()
}

fn stored(local: bool, key: &str) -> Option<String> {
    storage(local).get_item(key).unwrap()
}

fn href() -> String {
    web_sys::window().unwrap().location().href().unwrap()
}

fn pathname() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

struct Mounted {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn mount(path: &str, conns: Connections) -> Mounted {
    go_to(path);
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Mounted {
        root: root.into(),
        _app: Box::new(app),
    }
}

fn input_value(root: &Element, css: &str) -> String {
    first(root, css)
        .unwrap_or_else(|| panic!("no `{css}`"))
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

/// Calls the method `name` of a DOM object (for the form methods this crate's web-sys features
/// do not bind).
fn call(target: &JsValue, name: &str) -> JsValue {
    let f: js_sys::Function = js_sys::Reflect::get(target, &name.into())
        .unwrap()
        .unchecked_into();
    f.call0(target).unwrap()
}

/// What the browser would send for `form`: `new FormData(form)`, as name/value pairs.
fn form_data(form: &Element) -> Vec<(String, String)> {
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"FormData".into())
        .unwrap()
        .unchecked_into();
    let data = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(form)).unwrap();
    let entries = call(&data, "entries");
    js_sys::try_iter(&entries)
        .unwrap()
        .unwrap()
        .map(|pair| {
            let pair: js_sys::Array = pair.unwrap().unchecked_into();
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            )
        })
        .collect()
}

fn netlify(token: &str, site_id: &str, account_id: &str) -> NetlifyConnection {
    NetlifyConnection {
        base_url: netlify_url().trim_end_matches('/').to_string(),
        token: token.into(),
        account_id: account_id.into(),
        site_id: site_id.into(),
    }
}

#[wasm_bindgen_test]
async fn the_connections_form_cannot_be_submitted_by_the_browser() {
    config::forget();
    let page = mount(&Route::Connections.href(), Connections::default());
    let root = &page.root;
    until("the form", || first(root, "#netlify-token")).await;
    set_value(root, "#netlify-base-url", netlify_url());
    set_value(root, "#netlify-token", "secret-token-1");
    set_value(root, "#netlify-site-id", "demo-site");
    set_value(root, "#agentcontainer-api-key", "secret-key-1");
    let form = first(root, "form.connections-form").unwrap();

    // Nothing has a name, so nothing would be serialised...
    for field in all(&form, "input, select, textarea, button") {
        assert!(
            !field.has_attribute("name"),
            "a named field: {}",
            field.outer_html()
        );
    }
    assert_eq!(form_data(&form), Vec::<(String, String)>::new());
    // ...and the browser's own submission (what Enter does when the app is not running) goes
    // nowhere: a dialog-method form outside a dialog does nothing.
    assert_eq!(
        js_sys::Reflect::get(&form, &"method".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("dialog")
    );
    let before = href();
    call(&form, "submit");
    // Time must pass for a navigation to start, if one had been queued.
    sleep(300).await;
    assert_eq!(href(), before);
    assert!(!href().contains("secret"), "{}", href());

    // Enter (a submit request) goes through the app, which saves into storage.
    call(&form, "requestSubmit");
    until("saved", || {
        Some(text(root, ".save-status")).filter(|t| t.contains("Saved"))
    })
    .await;
    assert_eq!(href(), before);
    assert!(stored(false, SECRETS).unwrap().contains("secret-token-1"));
}

#[wasm_bindgen_test]
async fn secrets_stay_for_the_tab_unless_remembered_with_a_warning() {
    config::forget();
    let page = mount(&Route::Connections.href(), Connections::default());
    let root = &page.root;
    until("the form", || first(root, "#netlify-token")).await;
    set_value(root, "#netlify-base-url", netlify_url());
    set_value(root, "#netlify-token", "secret-token-2");
    set_value(root, "#netlify-site-id", "demo-site");
    let hint = text(root, "#remember-hint");
    assert!(hint.contains("only for this tab"), "{hint}");
    click(root, "Save").await;
    until("saved", || {
        Some(text(root, ".save-status")).filter(|t| t.contains("Saved"))
    })
    .await;
    assert!(stored(false, SECRETS).unwrap().contains("secret-token-2"));
    assert_eq!(
        stored(true, SECRETS),
        None,
        "not on the device unless asked"
    );
    let settings = stored(true, SETTINGS).expect("settings are remembered");
    assert!(settings.contains("demo-site") && !settings.contains("secret-token-2"));

    first(root, "#remember-secrets")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    let warning = until("the warning", || {
        Some(text(root, "#remember-hint")).filter(|t| t.contains("anyone who"))
    })
    .await;
    assert!(warning.contains("browser profile"), "{warning}");
    click(root, "Save").await;
    until("moved to local storage", || stored(true, SECRETS)).await;
    assert!(stored(true, SECRETS).unwrap().contains("secret-token-2"));
    assert_eq!(stored(false, SECRETS), None, "one copy only");
    assert!(config::load_stored().unwrap().remember);
    config::forget();
}

#[wasm_bindgen_test]
async fn forget_wipes_one_secret_or_all_from_storage_and_memory() {
    config::forget();
    config::save(&Connections {
        netlify: Some(netlify("forget-me-token", "demo-site", "demo-account")),
        agentcontainer: Some(agentcontainer()),
        remember: true,
    });
    let page = mount(&Route::Connections.href(), config::load_stored().unwrap());
    let root = &page.root;
    until("the form", || first(root, "#netlify-token")).await;
    assert_eq!(input_value(root, "#netlify-token"), "forget-me-token");

    click(root, "Forget the Netlify token").await;
    until("the token gone from storage", || {
        (!stored(true, SECRETS)
            .unwrap_or_default()
            .contains("forget-me-token"))
        .then_some(())
    })
    .await;
    until("the token field emptied", || {
        input_value(root, "#netlify-token").is_empty().then_some(())
    })
    .await;
    assert_eq!(
        input_value(root, "#agentcontainer-api-key"),
        AGENTCONTAINER_KEY
    );
    assert!(stored(true, SECRETS).unwrap().contains(AGENTCONTAINER_KEY));
    assert!(text(root, ".forget-status").contains("Netlify token"));
    // The page forgets through `config::forget_secrets`, which also empties the app's memory:
    // checked on a signal of its own below (`forget_empties_memory_and_both_storages`).
    click(root, "Forget all secrets").await;
    until("every secret gone", || {
        (stored(true, SECRETS).is_none() && stored(false, SECRETS).is_none()).then_some(())
    })
    .await;
    until("the key field emptied", || {
        input_value(root, "#agentcontainer-api-key")
            .is_empty()
            .then_some(())
    })
    .await;
    let settings = stored(true, SETTINGS).expect("the settings stay");
    assert!(settings.contains("demo-site"), "{settings}");
    config::forget();
}

#[wasm_bindgen_test]
fn connections_saved_by_older_versions_are_moved() {
    config::forget();
    // Remembered by the user: the secret stays on the device, apart from the settings.
    let old = serde_json::json!({
        "netlify": {"base_url": "https://api.netlify.com/api/v1", "token": "legacy-token",
                    "account_id": "a", "site_id": "s"},
        "remember": true
    });
    storage(true).set_item(LEGACY, &old.to_string()).unwrap();
    let c = config::load_stored().unwrap();
    assert_eq!(c.netlify_ready().unwrap().token, "legacy-token");
    assert!(c.remember);
    assert_eq!(stored(true, LEGACY), None);
    assert!(stored(true, SECRETS).unwrap().contains("legacy-token"));
    assert!(!stored(true, SETTINGS).unwrap().contains("legacy-token"));
    config::forget();

    // Not remembered: the secret goes to the tab's storage.
    let old = serde_json::json!({
        "agentcontainer": {"base_url": "https://agentcontainer.co/api/v1", "api_key": "legacy-key"},
        "remember": false
    });
    storage(true).set_item(LEGACY, &old.to_string()).unwrap();
    let c = config::load_stored().unwrap();
    assert_eq!(c.agentcontainer_ready().unwrap().api_key, "legacy-key");
    assert_eq!(stored(true, LEGACY), None);
    assert_eq!(stored(true, SECRETS), None);
    assert!(stored(false, SECRETS).unwrap().contains("legacy-key"));
    config::forget();
}

#[wasm_bindgen_test]
async fn plain_http_is_refused_next_to_the_field_except_for_this_computer() {
    config::forget();
    let page = mount(&Route::Connections.href(), Connections::default());
    let root = &page.root;
    until("the form", || first(root, "#netlify-base-url")).await;
    set_value(root, "#netlify-base-url", "http://api.example.com/api/v1");
    let problem = until("the problem next to the field", || {
        Some(text(root, "#netlify-base-url-problem")).filter(|t| !t.is_empty())
    })
    .await;
    assert!(problem.contains("https://"), "{problem}");
    assert_eq!(
        first(root, "#netlify-base-url")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert!(
        button(root, "Save").is_none(),
        "Save waits for a usable URL"
    );

    set_value(
        root,
        "#agentcontainer-base-url",
        "http://127.0.0.1.evil.com/api/v1",
    );
    until("the AgentContainer problem", || {
        Some(text(root, "#agentcontainer-base-url-problem")).filter(|t| t.contains("https://"))
    })
    .await;

    set_value(root, "#netlify-base-url", "http://127.0.0.1:8081/api/v1");
    set_value(root, "#agentcontainer-base-url", "http://[::1]:8082/api/v1");
    until("both accepted", || {
        (text(root, "#netlify-base-url-problem").is_empty()
            && text(root, "#agentcontainer-base-url-problem").is_empty())
        .then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_connection_test_reports_a_rejected_token_itself() {
    config::forget();
    let page = mount(&Route::Connections.href(), Connections::default());
    let root = &page.root;
    until("the form", || first(root, "#netlify-token")).await;
    set_value(root, "#netlify-base-url", netlify_url());
    set_value(root, "#netlify-token", "not-the-token");
    set_value(root, "#netlify-site-id", "demo-site");
    click(root, "Test Netlify connection").await;
    let failed = until("the test's answer", || {
        Some(text(root, ".check.error")).filter(|t| !t.is_empty())
    })
    .await;
    assert!(failed.contains("did not accept"), "{failed}");
    assert!(!failed.contains("not-the-token"), "{failed}");
    assert!(
        first(root, ".reconnect-banner").is_none(),
        "no banner for a test"
    );
}

#[wasm_bindgen_test]
async fn a_rejected_token_is_asked_for_again_without_losing_the_form() {
    config::forget();
    storage(true).remove_item(NEW_RUNNER_DRAFT).unwrap();
    let (site, account) = fresh_site(false).await;
    let page = mount(
        &Route::NewRunner { parent: None }.href(),
        Connections {
            netlify: Some(netlify("not-the-token", &site, &account)),
            ..Default::default()
        },
    );
    let root = &page.root;
    let prompt = until("the prompt", || first(root, "textarea[name=prompt]")).await;
    set_value(
        root,
        "textarea[name=prompt]",
        "Add a dark mode, typed before the 401",
    );
    first(root, ".new-runner-form button[type=submit]")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();

    let banner = until("the banner", || first(root, ".reconnect-banner")).await;
    let said = banner.text_content().unwrap_or_default();
    assert!(said.contains("Netlify rejected the token"), "{said}");
    assert!(!said.contains("not-the-token"), "{said}");
    // The page stays as it is: same address, the same field with what was typed.
    assert_eq!(pathname(), "/netlify/runners/new");
    assert!(prompt.is_connected());
    assert_eq!(
        prompt
            .unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .value(),
        "Add a dark mode, typed before the 401"
    );
    assert!(
        first(root, ".create-error").is_none(),
        "the create waits, it did not fail"
    );
    let right = netlify(NETLIFY_TOKEN, &site, &account);
    let none = api::netlify::list_runners(&right, &ListRunnersQuery::default())
        .await
        .unwrap();
    assert!(
        none.items.is_empty(),
        "nothing created with the rejected token"
    );

    set_value(root, "#reconnect-netlify", NETLIFY_TOKEN);
    click(root, "Save and continue").await;
    // The create waiting on the rejected token goes out with the new one: the runner page.
    until("the runner page", || first(root, ".runner-header")).await;
    assert!(first(root, ".reconnect-banner").is_none());
    let runners = api::netlify::list_runners(&right, &ListRunnersQuery::default())
        .await
        .unwrap();
    assert_eq!(runners.items.len(), 1, "one runner, not two");
    let sessions =
        api::netlify::list_sessions(&right, &runners.items[0].id, &ListSessionsQuery::default())
            .await
            .unwrap();
    assert_eq!(
        sessions.items[0].prompt.as_deref(),
        Some("Add a dark mode, typed before the 401")
    );
    // Kept where the user keeps secrets (this tab).
    assert!(stored(false, SECRETS).unwrap().contains(NETLIFY_TOKEN));
    config::forget();
}

#[wasm_bindgen_test]
async fn polling_stops_on_a_rejected_token_and_resumes_with_a_new_one() {
    config::forget();
    let (site, account) = fresh_site(true).await;
    let page = mount(
        &Route::runners().href(),
        Connections {
            netlify: Some(netlify("not-the-token", &site, &account)),
            ..Default::default()
        },
    );
    let root = &page.root;
    until("the banner", || first(root, "#reconnect-netlify")).await;
    assert!(all(root, ".runner-row").is_empty());
    set_value(root, "#reconnect-netlify", NETLIFY_TOKEN);
    click(root, "Save and continue").await;
    until("the runners", || {
        (!all(root, ".runner-row").is_empty()).then_some(())
    })
    .await;
    assert!(first(root, ".reconnect-banner").is_none());
    config::forget();
}

#[wasm_bindgen_test]
async fn a_rejected_api_key_is_asked_for_again() {
    config::forget();
    let mut conn = agentcontainer();
    conn.api_key = "not-the-key".into();
    let page = mount(
        &Route::AcAccount.href(),
        Connections {
            agentcontainer: Some(conn),
            ..Default::default()
        },
    );
    let root = &page.root;
    let banner = until("the banner", || first(root, ".reconnect-banner")).await;
    let said = banner.text_content().unwrap_or_default();
    assert!(
        said.contains("AgentContainer rejected the API key"),
        "{said}"
    );
    set_value(root, "#reconnect-agentcontainer", AGENTCONTAINER_KEY);
    click(root, "Save and continue").await;
    until("the balance", || first(root, ".ac-credit-balance")).await;
    assert!(first(root, ".reconnect-banner").is_none());
    config::forget();
}

#[wasm_bindgen_test]
fn forget_empties_memory_and_both_storages() {
    config::forget();
    let conns = Connections {
        netlify: Some(netlify("memory-token", "demo-site", "demo-account")),
        agentcontainer: Some(agentcontainer()),
        remember: false,
    };
    config::save(&conns);
    let owner = Owner::new();
    owner.with(|| {
        let signal = RwSignal::new(conns);
        config::forget_secrets(signal, Some(api::Service::Netlify));
        let now = signal.get_untracked();
        assert_eq!(now.secret(api::Service::Netlify), "");
        assert_eq!(now.secret(api::Service::AgentContainer), AGENTCONTAINER_KEY);
        assert_eq!(
            now.netlify.as_ref().unwrap().site_id,
            "demo-site",
            "settings stay"
        );
        let kept = stored(false, SECRETS).unwrap();
        assert!(!kept.contains("memory-token") && kept.contains(AGENTCONTAINER_KEY));

        config::forget_secrets(signal, None);
        assert_eq!(
            signal.get_untracked().secret(api::Service::AgentContainer),
            ""
        );
        assert_eq!(stored(false, SECRETS), None);
        assert_eq!(stored(true, SECRETS), None);
    });
    config::forget();
}
