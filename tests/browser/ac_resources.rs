// The AgentContainer repositories, SSH keys and webhooks pages in the whole app, against
// local-api: creating a repository with aliases (a 422 next to its field, the form kept),
// attaching and detaching a key, a delete refused while an agent uses the repository and one
// that goes through; generating a key (public key and deploy-key note, copy with and without a
// clipboard), editing it, attaching it to a repository, deleting it; creating a webhook (every
// documented event type picked, the secret shown once and stored nowhere), a test delivery to
// an unreachable loopback port followed live until it fails, resend, editing, rotating,
// deactivating, deleting; a missing webhook's deliveries in plain words.

use crate::api_common::agentcontainer;
use crate::support::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::AgentContainerConnection;
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck::routes::Route;
use agentdeck_wire::agentcontainer::{
    Agent, AttachRepositories, CreateAgent, CreateRepository, CreateSshKey, ListQuery, Repository,
    RepositoryLink,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

fn unique(prefix: &str) -> String {
    format!("{prefix} {}", (js_sys::Math::random() * 1e9) as u64)
}

struct Page {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn open(route: Route) -> Page {
    go_to(&route.href());
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

fn input_value(root: &Element, css: &str) -> String {
    let Some(el) = first(root, css) else {
        return String::new();
    };
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    String::new()
}

/// The row (`css`) whose `name_css` text is `name`.
fn row(root: &Element, css: &str, name_css: &str, name: &str) -> Option<Element> {
    all(root, css)
        .into_iter()
        .find(|r| text(r, name_css) == name)
}

fn repo_row(root: &Element, name: &str) -> Option<Element> {
    row(root, ".ac-repo-row", ".ac-repo-name", name)
}

fn key_row(root: &Element, name: &str) -> Option<Element> {
    row(root, ".ac-key-row", ".ac-key-name", name)
}

fn hook_row(root: &Element, url: &str) -> Option<Element> {
    row(root, ".ac-webhook-row", ".ac-webhook-url", url)
}

async fn confirm_in(root: &Element, label: &str, yes: &str) {
    click(root, label).await;
    until("the confirmation", || first(root, ".confirm")).await;
    click(root, yes).await;
}

async fn new_agent(conn: &AgentContainerConnection, name: &str) -> Agent {
    let body: CreateAgent = serde_json::from_value(serde_json::json!({
        "name": name,
        "runtime": {"containerImage": "ghcr.io/agentdeck/test:1", "agentRuntime": "pi"},
        "basePrompt": "You test things.",
        "defaults": {
            "model": "claude-sonnet-4-5", "internetAccess": true, "maxRuntimeSeconds": 600,
            "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"
        }
    }))
    .unwrap();
    ac::create_agent(conn, &body).await.expect("create_agent")
}

async fn new_repo(conn: &AgentContainerConnection, name: &str) -> Repository {
    ac::create_repository(
        conn,
        &CreateRepository {
            name: name.into(),
            url: "https://github.com/acme/fixture.git".into(),
            ..Default::default()
        },
    )
    .await
    .expect("create_repository")
}

#[wasm_bindgen_test]
async fn a_repository_is_created_with_aliases_keys_are_attached_and_it_is_deleted() {
    let conn = agentcontainer();
    let key = ac::create_ssh_key(
        &conn,
        &CreateSshKey {
            name: unique("repo test key"),
            description: None,
        },
    )
    .await
    .unwrap();
    let name = unique("site repo");
    let page = open(Route::AcRepositories);
    let root = &page.root;
    until("the form", || {
        first(root, "form[aria-label='New repository']")
    })
    .await;
    // Standard repositories are marked.
    let standard = until("a standard repository", || {
        all(root, ".ac-repo-row")
            .into_iter()
            .find(|r| text(r, ".badge") == "Standard")
    })
    .await;
    assert!(
        button(&standard, "Delete").is_none(),
        "standard ones cannot be deleted"
    );

    set_value(root, "input[name=name]", &name);
    set_value(root, "input[name=url]", "not a git url");
    set_value(
        root,
        "input[name=post_clone_script_path]",
        "scripts/setup.sh",
    );
    click(root, "Add alias").await;
    until("an alias row", || first(root, "input[name=alias_name]")).await;
    set_value(root, "input[name=alias_name]", "test");
    set_value(root, "input[name=alias_target]", "scripts/test.sh");
    click(root, "Create repository").await;
    // The service's 422 names the URL: shown next to it, nothing typed lost.
    let msg = until("the URL's 422 message", || {
        let t = text(root, "#repo-url-error");
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(msg.contains("url"), "{msg}");
    assert_eq!(input_value(root, "input[name=name]"), name);
    assert_eq!(
        input_value(root, "input[name=alias_target]"),
        "scripts/test.sh"
    );

    set_value(root, "input[name=url]", "git@github.com:acme/site.git");
    click(root, "Create repository").await;
    let r = until("the new repository", || repo_row(root, &name)).await;
    assert_eq!(text(&r, ".ac-repo-url"), "git@github.com:acme/site.git");
    assert!(
        first(&r, "a.ac-repo-url").is_none(),
        "an ssh URL is no link"
    );
    assert!(text(&r, ".ac-repo-aliases").contains("test → scripts/test.sh"));
    assert!(text(&r, ".ac-repo-detail").contains("scripts/setup.sh"));
    assert!(text(root, ".ac-created").contains(&name));
    assert_eq!(
        input_value(root, "input[name=name]"),
        "",
        "the form is cleared"
    );

    // Attach the key, then detach it.
    let select_css = "select[name=attach_key]";
    until("the key in the picker", || {
        let r = repo_row(root, &name)?;
        first(&r, &format!("{select_css} option[value='{}']", key.id))
    })
    .await;
    set_value(&repo_row(root, &name).unwrap(), select_css, &key.id);
    click(&repo_row(root, &name).unwrap(), "Attach key").await;
    until("the key on the repository", || {
        let r = repo_row(root, &name)?;
        first(&r, &format!(".ac-key-chip[data-key-id='{}']", key.id))
    })
    .await;
    let r = repo_row(root, &name).unwrap();
    let chip = first(&r, &format!(".ac-key-chip[data-key-id='{}']", key.id)).unwrap();
    click(&chip, "Detach").await;
    until("the key detached", || {
        let r = repo_row(root, &name)?;
        first(&r, ".ac-key-chip").is_none().then_some(())
    })
    .await;

    // Delete, confirmed.
    confirm_in(&repo_row(root, &name).unwrap(), "Delete", "Yes, delete it").await;
    until("the repository gone", || {
        repo_row(root, &name).is_none().then_some(())
    })
    .await;
    let left = ac::list_repositories(
        &conn,
        &ListQuery {
            limit: Some(100),
            cursor: None,
        },
    )
    .await
    .unwrap();
    assert!(left.data.iter().all(|r| r.name != name));
}

#[wasm_bindgen_test]
async fn deleting_a_repository_an_agent_uses_is_refused_in_plain_words() {
    let conn = agentcontainer();
    let name = unique("used repo");
    let repo = new_repo(&conn, &name).await;
    let agent = new_agent(&conn, &unique("Repo user")).await;
    ac::attach_agent_repositories(
        &conn,
        &agent.id,
        &AttachRepositories {
            repositories: vec![RepositoryLink {
                repository_id: repo.id.clone(),
                tag: "main".into(),
                mounting_point: "/workspace/used".into(),
                setup_script: None,
            }],
        },
    )
    .await
    .unwrap();
    let page = open(Route::AcRepositories);
    let root = &page.root;
    let r = until("the used repository", || repo_row(root, &name)).await;
    confirm_in(&r, "Delete", "Yes, delete it").await;
    let said = until("the refusal", || {
        let r = repo_row(root, &name)?;
        let t = text(&r, ".ac-row-error");
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(said.contains("in use by an agent"), "{said}");
    assert!(said.contains("detach it from the agents"), "{said}");
    assert!(repo_row(root, &name).is_some(), "still listed");
}

/// Replaces `navigator.clipboard` for this page (`None`: no clipboard at all); returns a
/// function reading what was written.
fn fake_clipboard(works: bool) -> js_sys::Function {
    js_sys::Function::new_with_args(
        "works",
        "window.__copied = null;
         const c = works ? { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } : undefined;
         Object.defineProperty(navigator, 'clipboard', { value: c, configurable: true });",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &works.into())
    .unwrap();
    js_sys::Function::new_no_args("return window.__copied;")
}

fn restore_clipboard() {
    let _ = js_sys::Function::new_no_args("delete navigator.clipboard;")
        .call0(&wasm_bindgen::JsValue::NULL);
}

#[wasm_bindgen_test]
async fn a_key_is_generated_its_public_key_copied_edited_attached_and_deleted() {
    let conn = agentcontainer();
    let repo_name = unique("key target repo");
    let repo = new_repo(&conn, &repo_name).await;
    let name = unique("deploy key");
    let page = open(Route::AcSshKeys);
    let root = &page.root;
    until("the form", || {
        first(root, "form[aria-label='Generate an SSH key']")
    })
    .await;
    click(root, "Generate key").await;
    until("the name asked for", || {
        (text(root, "#key-name-error") == "Give the key a name.").then_some(())
    })
    .await;
    set_value(root, "input[name=name]", &name);
    set_value(root, "input[name=description]", "Clones the fixture");
    click(root, "Generate key").await;
    let panel = until("the generated key", || first(root, ".ac-generated-key")).await;
    let public = input_value(&panel, "textarea");
    assert!(public.starts_with("ssh-ed25519 AAAA"), "{public}");
    assert!(text(&panel, ".ac-deploy-note").contains("read-only deploy key"));
    assert!(text(&panel, ".ac-deploy-note").contains("private key stays on AgentContainer"));

    // Copy, with a clipboard that works, then with none.
    let copied = fake_clipboard(true);
    click(&panel, "Copy").await;
    until("the copy confirmed", || {
        text(&panel, ".copy-status")
            .contains("Copied the public key")
            .then_some(())
    })
    .await;
    assert_eq!(
        copied
            .call0(&wasm_bindgen::JsValue::NULL)
            .unwrap()
            .as_string(),
        Some(public.clone())
    );
    fake_clipboard(false);
    click(&panel, "Copy").await;
    until("copying said to be unavailable", || {
        text(&panel, ".copy-status")
            .contains("select the public key and copy it yourself")
            .then_some(())
    })
    .await;
    restore_clipboard();

    let r = until("the key in the list", || key_row(root, &name)).await;
    assert_eq!(text(&r, ".ac-key-description"), "Clones the fixture");
    assert_eq!(input_value(&r, "textarea"), public);

    // Rename it.
    let renamed = unique("renamed key");
    click(&r, "Edit").await;
    until("the edit form", || first(&r, "input[name=edit_name]")).await;
    set_value(&r, "input[name=edit_name]", &renamed);
    click(&r, "Save").await;
    until("the new name", || key_row(root, &renamed)).await;

    // Attach it to the repository, then detach.
    let select_css = format!("select[name=attach_repo] option[value='{}']", repo.id);
    until("the repository in the picker", || {
        first(&key_row(root, &renamed)?, &select_css)
    })
    .await;
    set_value(
        &key_row(root, &renamed).unwrap(),
        "select[name=attach_repo]",
        &repo.id,
    );
    click(&key_row(root, &renamed).unwrap(), "Attach to repository").await;
    let chip_css = format!(".ac-key-chip[data-repo-id='{}']", repo.id);
    until("the repository on the key", || {
        first(&key_row(root, &renamed)?, &chip_css)
    })
    .await;
    let key_id = key_row(root, &renamed)
        .unwrap()
        .get_attribute("data-key-id")
        .unwrap();
    let attached = ac::list_ssh_key_repositories(&conn, &key_id, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(attached.data.len(), 1);
    assert_eq!(attached.data[0].id, repo.id);
    let chip = first(&key_row(root, &renamed).unwrap(), &chip_css).unwrap();
    click(&chip, "Detach").await;
    until("the repository detached", || {
        first(&key_row(root, &renamed)?, &chip_css)
            .is_none()
            .then_some(())
    })
    .await;

    // Delete, confirmed.
    confirm_in(
        &key_row(root, &renamed).unwrap(),
        "Delete",
        "Yes, delete the key",
    )
    .await;
    until("the key gone", || {
        key_row(root, &renamed).is_none().then_some(())
    })
    .await;
    assert!(ac::get_ssh_key(&conn, &key_id).await.is_err());
}

fn storage_holds(secret: &str) -> bool {
    let w = web_sys::window().unwrap();
    [w.local_storage(), w.session_storage()]
        .into_iter()
        .flatten()
        .flatten()
        .any(|s| {
            (0..s.length().unwrap_or(0)).any(|i| {
                let k = s.key(i).ok().flatten().unwrap_or_default();
                let v = s.get_item(&k).ok().flatten().unwrap_or_default();
                k.contains(secret) || v.contains(secret)
            })
        })
}

#[wasm_bindgen_test]
async fn a_webhook_shows_its_secret_once_and_its_failed_deliveries_live() {
    // Nothing listens on the discard port: every attempt fails, then the delivery gives up.
    let url = format!(
        "http://127.0.0.1:9/hook-{}",
        (js_sys::Math::random() * 1e9) as u64
    );
    let page = open(Route::AcWebhooks { webhook: None });
    let root = &page.root;
    until("the form", || first(root, "form[aria-label='New webhook']")).await;
    let boxes = all(
        root,
        "form[aria-label='New webhook'] input[name=event_type]",
    );
    assert_eq!(boxes.len(), 12, "every documented event type");
    assert!(boxes
        .iter()
        .all(|b| b.dyn_ref::<web_sys::HtmlInputElement>().unwrap().checked()));

    // None picked: said before sending; an invalid URL: the service's 422 next to the URL.
    set_value(root, "input[name=url]", "ftp://127.0.0.1/hook");
    click(root, "None").await;
    click(root, "Create webhook").await;
    until("an event type asked for", || {
        (text(root, "#wh-new-types-error") == "Pick at least one event type.").then_some(())
    })
    .await;
    click(root, "All").await;
    click(root, "Create webhook").await;
    let msg = until("the URL's 422", || {
        let f = first(root, "input[name=url]")?.parent_element()?;
        let t = text(&f, ".ac-field-error");
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(msg.contains("http"), "{msg}");
    assert_eq!(input_value(root, "input[name=url]"), "ftp://127.0.0.1/hook");

    set_value(root, "input[name=url]", &url);
    click(root, "Create webhook").await;
    let panel = until("the secret, shown once", || first(root, ".ac-secret-panel")).await;
    let secret = text(&panel, ".ac-secret-value");
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(text(&panel, ".ac-secret-warning").contains("will not be shown again"));
    assert!(button(&panel, "Copy").is_some());
    let r = until("the webhook in the list", || hook_row(root, &url)).await;
    assert_eq!(text(&r, ".ac-webhook-types"), "All 12 event types");
    assert_eq!(text(&r, ".badge"), "Active");
    let prefix = text(&r, ".ac-secret-prefix");
    assert!(secret.starts_with(prefix.trim_end_matches('…')), "{prefix}");
    assert!(!storage_holds(&secret), "the secret is in storage");
    assert!(!web_sys::window()
        .unwrap()
        .location()
        .href()
        .unwrap()
        .contains(&secret));
    click(&panel, "I have stored it").await;
    until("the secret gone", || {
        first(root, ".ac-secret-panel").is_none().then_some(())
    })
    .await;
    assert!(!root.text_content().unwrap_or_default().contains(&secret));
    let hook_id = r.get_attribute("data-webhook-id").unwrap();

    // Only this webhook's deliveries, from its own URL (other tests' task events reach it too,
    // so only its test events are counted).
    let link = first(&hook_row(root, &url).unwrap(), "a[href*='webhook=']").unwrap();
    let filtered = Route::AcWebhooks {
        webhook: Some(hook_id.clone()),
    };
    assert_eq!(link.get_attribute("href"), Some(filtered.href()));
    drop(page);
    let page = open(filtered);
    let root = &page.root;
    until("the filtered heading", || {
        text(root, "#deliveries-title").contains(&url).then_some(())
    })
    .await;
    assert!(button(root, "Show all deliveries").is_some());
    let tests = |root: &Element| -> Vec<String> {
        all(root, ".ac-delivery-row")
            .into_iter()
            .filter(|r| text(r, ".ac-delivery-event") == "webhook.test")
            .filter_map(|r| r.get_attribute("data-status"))
            .collect()
    };

    // A test: followed live until it gives up.
    click(
        &until("the row", || hook_row(root, &url)).await,
        "Send test",
    )
    .await;
    let row = until("the test delivery, failed", || {
        all(root, ".ac-delivery-row").into_iter().find(|r| {
            text(r, ".ac-delivery-event") == "webhook.test"
                && r.get_attribute("data-status").as_deref() == Some("failed")
        })
    })
    .await;
    assert_eq!(
        text(&row, ".ac-delivery-attempts"),
        "3 attempts (2 retries)"
    );
    assert_eq!(text(&row, ".ac-delivery-code"), "no answer");
    assert!(text(&row, ".ac-delivery-error").contains("Connection failed"));
    assert!(text(&row, ".ac-delivery-when").starts_with("Gave up"));
    assert!(text(&row, "dd").contains("none (test event)"));

    // Resend: a second delivery, followed the same way.
    click(&row, "Resend").await;
    until("two failed test deliveries", || {
        (tests(root) == ["failed", "failed"]).then_some(())
    })
    .await;

    // Edit the event types.
    let r = hook_row(root, &url).unwrap();
    click(&r, "Edit").await;
    let edit = until("the edit form", || first(&r, ".ac-webhook-edit")).await;
    let created = first(&edit, "input[value='task.created']")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>();
    created.click();
    click(&edit, "Save changes").await;
    until("11 event types", || {
        let t = text(&hook_row(root, &url)?, ".ac-webhook-types");
        (t.starts_with("task.turn.queued") && !t.contains("task.created")).then_some(())
    })
    .await;

    // Rotate: a new secret, shown once.
    confirm_in(
        &hook_row(root, &url).unwrap(),
        "Rotate secret",
        "Yes, rotate it",
    )
    .await;
    let panel = until("the new secret", || first(root, ".ac-secret-panel")).await;
    assert!(text(&panel, "h2").contains("New signing secret"));
    let rotated = text(&panel, ".ac-secret-value");
    assert!(rotated.starts_with("whsec_") && rotated != secret);

    // Deactivate: no tests then.
    click(&hook_row(root, &url).unwrap(), "Deactivate").await;
    let r = until("inactive", || {
        let r = hook_row(root, &url)?;
        (text(&r, ".badge") == "Inactive").then_some(r)
    })
    .await;
    assert!(button(&r, "Send test").is_none(), "disabled while inactive");

    // Delete, confirmed: its secret goes too.
    confirm_in(&r, "Delete webhook", "Yes, delete the webhook").await;
    until("the webhook gone", || {
        hook_row(root, &url).is_none().then_some(())
    })
    .await;
    assert!(first(root, ".ac-secret-panel").is_none());
}

#[wasm_bindgen_test]
async fn the_deliveries_of_a_missing_webhook_are_said_plainly() {
    let page = open(Route::AcWebhooks {
        webhook: Some("wh_missing".into()),
    });
    let root = &page.root;
    let said = until("the 404", || {
        let t = text(root, ".ac-deliveries .notice-error");
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(said.contains("Not found"), "{said}");
    assert!(button(root, "Show all deliveries").is_some());
}
