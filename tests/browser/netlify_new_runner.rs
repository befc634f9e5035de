//! The new runner form in a real browser against local-api: validation, attachments checked
//! before upload and uploaded with progress, a failed create keeping the prompt and the files,
//! and a successful create opening the runner page.

use crate::support::*;
use agentdeck::api::NetlifyConnection;
use agentdeck::app::App;
use agentdeck::config::Connections;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

const DRAFT_KEY: &str = "agentdeck.draft.v1.new-runner";

async fn site() -> NetlifyConnection {
    let (site_id, account_id) = fresh_site(false).await;
    NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id,
        site_id,
    }
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn open_form(conn: &NetlifyConnection) -> (Element, DropApp) {
    go_to("/netlify/runners/new");
    let root = container();
    let conns = Connections {
        netlify: Some(conn.clone()),
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    (root.into(), DropApp(Some(Box::new(app))))
}

struct DropApp(Option<Box<dyn std::any::Any>>);
impl Drop for DropApp {
    fn drop(&mut self) {
        self.0.take();
    }
}

/// Picks files in the form's file input, as a user would (name, text content).
fn pick(root: &Element, files: &[(&str, &str)]) {
    let list = files
        .iter()
        .map(|(name, body)| {
            format!(
                "dt.items.add(new File([{}], {}, {{type: ''}}));",
                serde_json::to_string(body).unwrap(),
                serde_json::to_string(name).unwrap()
            )
        })
        .collect::<String>();
    let files: web_sys::FileList = js_sys::eval(&format!(
        "(() => {{ const dt = new DataTransfer(); {list} return dt.files; }})()"
    ))
    .unwrap()
    .unchecked_into();
    let input: web_sys::HtmlInputElement =
        first(root, "input[type=file]").unwrap().unchecked_into();
    input.set_files(Some(&files));
    let ev = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn attachment_states(root: &Element) -> Vec<String> {
    all(root, ".attachment")
        .iter()
        .filter_map(|a| a.get_attribute("data-state"))
        .collect()
}

fn submit_button(root: &Element) -> web_sys::HtmlButtonElement {
    first(root, ".new-runner-form button[type=submit]")
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_form_says_what_is_missing_before_sending() {
    storage().remove_item(DRAFT_KEY).unwrap();
    let conn = site().await;
    let (root, _app) = open_form(&conn);
    let submit = until("the form", || {
        first(&root, ".new-runner-form button[type=submit]")
    })
    .await;
    submit.unchecked_ref::<web_sys::HtmlElement>().click();
    until("the missing prompt", || {
        Some(text(&root, ".form-problems")).filter(|t| t.contains("Write a prompt"))
    })
    .await;
    set_value(&root, "textarea[name=prompt]", "Add a dark mode");
    set_value(&root, "input[name=branch]", "bad..branch");
    until("the bad branch", || {
        Some(text(&root, ".form-problems"))
            .filter(|t| t.contains("branch name") && !t.contains("Write a prompt"))
    })
    .await;
    set_value(&root, "select[name=start_from]", "deploy");
    until("the deploy id asked for", || {
        Some(text(&root, ".form-problems")).filter(|t| t.contains("deploy id"))
    })
    .await;
    // The prompt is a draft kept on this device.
    assert_eq!(
        storage().get_item(DRAFT_KEY).unwrap().as_deref(),
        Some("Add a dark mode")
    );
    storage().remove_item(DRAFT_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn attachments_are_checked_and_uploaded_with_progress() {
    storage().remove_item(DRAFT_KEY).unwrap();
    let conn = site().await;
    let (root, _app) = open_form(&conn);
    until("the picker", || first(&root, "input[type=file]")).await;
    set_value(&root, "textarea[name=prompt]", "Use the notes");

    pick(
        &root,
        &[("notes.md", "# Notes\nmake it blue"), ("tool.exe", "MZ")],
    );
    // The .exe is refused before any upload; the markdown file uploads.
    until("one refused, one uploaded", || {
        let s = attachment_states(&root);
        (s.contains(&"rejected".to_string()) && s.contains(&"done".to_string())).then_some(())
    })
    .await;
    assert!(text(&root, ".attachment[data-state=rejected]").contains("does not accept"));
    assert!(
        submit_button(&root).disabled(),
        "a refused file must be removed first"
    );

    let remove: web_sys::HtmlElement =
        first(&root, ".attachment[data-state=rejected] .attachment-remove")
            .unwrap()
            .unchecked_into();
    remove.click();
    until("create enabled", || {
        (!submit_button(&root).disabled()).then_some(())
    })
    .await;
    assert_eq!(attachment_states(&root), vec!["done".to_string()]);

    // A bigger file shows a progress bar while it uploads. The bar shows from the start of the
    // upload; local-api holds the request for the upload URL for 1.5 s, so the upload surely
    // lasts long enough to be seen.
    crate::netlify_common::set_fault("latency_ms=1500", "/agent_runners/upload_url").await;
    let big = "x".repeat(1536 * 1024);
    pick(&root, &[("big.txt", &big)]);
    until("the progress bar", || {
        first(&root, ".attachment[data-state=uploading] progress")
    })
    .await;
    assert_eq!(
        attachment_states(&root),
        vec!["done".to_string(), "uploading".to_string()]
    );
    until("both uploaded", || {
        (attachment_states(&root) == vec!["done".to_string(), "done".to_string()]).then_some(())
    })
    .await;
    storage().remove_item(DRAFT_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn a_failed_create_keeps_prompt_and_files_then_creates() {
    storage().remove_item(DRAFT_KEY).unwrap();
    let conn = site().await;
    let (root, _app) = open_form(&conn);
    until("the picker", || first(&root, "input[type=file]")).await;
    // local-api refuses prompts mentioning #credits as Netlify does when credits run out.
    set_value(&root, "textarea[name=prompt]", "Add a dark mode #credits");
    pick(&root, &[("palette.json", "{\"bg\": \"#000\"}")]);
    until("uploaded", || {
        (attachment_states(&root) == vec!["done".to_string()]).then_some(())
    })
    .await;
    until("create enabled", || {
        (!submit_button(&root).disabled()).then_some(())
    })
    .await;
    submit_button(&root).click();
    let err = until("the error", || first(&root, ".create-error")).await;
    let msg = err.text_content().unwrap();
    assert!(
        msg.contains("kept") && msg.to_lowercase().contains("credit"),
        "{msg}"
    );
    let area: web_sys::HtmlTextAreaElement = first(&root, "textarea[name=prompt]")
        .unwrap()
        .unchecked_into();
    assert_eq!(area.value(), "Add a dark mode #credits");
    assert_eq!(attachment_states(&root), vec!["done".to_string()]);
    assert_eq!(
        storage().get_item(DRAFT_KEY).unwrap().as_deref(),
        Some("Add a dark mode #credits")
    );

    set_value(&root, "textarea[name=prompt]", "Add a dark mode");
    submit_button(&root).click();
    until("the runner page", || first(&root, ".runner-header")).await;
    assert!(web_sys::window()
        .unwrap()
        .location()
        .pathname()
        .unwrap()
        .starts_with("/netlify/runners/"));
    assert_eq!(
        storage().get_item(DRAFT_KEY).unwrap(),
        None,
        "the draft is gone once sent"
    );
    let session = until("the first session", || first(&root, ".session")).await;
    until("the attachment on the session", || {
        Some(text(&session, ".session-files")).filter(|t| t.contains("palette.json"))
    })
    .await;
}

/// Dispatches a drop (on the picker) or a paste (in the prompt) carrying one file.
fn drop_or_paste(root: &Element, css: &str, event: &str, name: &str) {
    let target = first(root, css).unwrap_or_else(|| panic!("no `{css}`"));
    let make = match event {
        "drop" => "new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})",
        _ => "new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})",
    };
    let ev: web_sys::Event = js_sys::eval(&format!(
        "(() => {{ const dt = new DataTransfer(); dt.items.add(new File(['hello'], {}, {{type: ''}})); return {make}; }})()",
        serde_json::to_string(name).unwrap()
    ))
    .unwrap()
    .unchecked_into();
    target.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn files_come_in_by_drop_and_paste_and_can_be_removed() {
    storage().remove_item(DRAFT_KEY).unwrap();
    let conn = site().await;
    let (root, _app) = open_form(&conn);
    until("the picker", || first(&root, ".file-picker")).await;
    drop_or_paste(&root, ".file-picker", "drop", "dropped.md");
    drop_or_paste(&root, "textarea[name=prompt]", "paste", "screenshot.png");
    until("both uploaded", || {
        (attachment_states(&root) == vec!["done".to_string(), "done".to_string()]).then_some(())
    })
    .await;
    let names = text(&root, ".attachment-list");
    assert!(
        names.contains("dropped.md") && names.contains("screenshot.png"),
        "{names}"
    );
    let remove: web_sys::HtmlElement = first(&root, ".attachment .attachment-remove")
        .unwrap()
        .unchecked_into();
    remove.click();
    until("one left", || {
        (attachment_states(&root).len() == 1).then_some(())
    })
    .await;
    assert!(text(&root, ".attachment-list").contains("screenshot.png"));

    // The runner gets only the file that was kept.
    set_value(&root, "textarea[name=prompt]", "Match the screenshot");
    until("create enabled", || {
        (!submit_button(&root).disabled()).then_some(())
    })
    .await;
    submit_button(&root).click();
    let session = until("the first session", || first(&root, ".session")).await;
    let files = until("the attachment on the session", || {
        Some(text(&session, ".session-files")).filter(|t| t.contains("screenshot.png"))
    })
    .await;
    assert!(
        !files.contains("dropped.md"),
        "a removed file was attached: {files}"
    );
}
