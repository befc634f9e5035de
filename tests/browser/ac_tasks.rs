// The AgentContainer task pages in the whole app, against local-api: dispatching a task with an
// input file through the form and watching it finish live on the task page (status, result,
// logs, output files); a dispatch refused for its instructions (422, next to the field) and for
// credits (402, the form kept, then retried); a missing task in plain words; cancelling a live
// task; waking a hibernating one; the tasks list filtered by status.

use crate::api_common::{admin_origin, agentcontainer};
use crate::support::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::agentcontainer::IdempotencyKey;
use agentdeck::api::AgentContainerConnection;
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck::routes::Route;
use agentdeck_wire::agentcontainer::{
    Agent, CreateAgent, CreateConversation, CreateTask, Task, TaskOverrides,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

async fn new_agent(conn: &AgentContainerConnection) -> Agent {
    let name = format!("Tasks test {}", (js_sys::Math::random() * 1e9) as u64);
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

async fn dispatch(conn: &AgentContainerConnection, agent: &Agent, instructions: &str) -> Task {
    let body = CreateTask {
        instructions: instructions.into(),
        ..Default::default()
    };
    ac::create_task(conn, &agent.id, &body, &IdempotencyKey::new())
        .await
        .expect("create_task")
}

async fn ended(conn: &AgentContainerConnection, id: &str) -> Task {
    until_async("the task to end", || async {
        let t = ac::get_task(conn, id).await.expect("get_task");
        t.status.is_terminal().then_some(t)
    })
    .await
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

/// The task page's status badge.
fn status(root: &Element) -> Option<String> {
    first(root, ".task-status .badge[data-state]").and_then(|b| b.get_attribute("data-state"))
}

async fn status_is(root: &Element, want: &str) {
    until(&format!("the task page to show `{want}`"), || {
        (status(root).as_deref() == Some(want)).then_some(())
    })
    .await;
}

fn pick(root: &Element, name: &str, body: &str) {
    let files: web_sys::FileList = js_sys::eval(&format!(
        "(() => {{ const dt = new DataTransfer(); dt.items.add(new File([{}], {}, {{type: 'text/markdown'}})); return dt.files; }})()",
        serde_json::to_string(body).unwrap(),
        serde_json::to_string(name).unwrap()
    ))
    .unwrap()
    .unchecked_into();
    let input: web_sys::HtmlInputElement =
        first(root, "input[type=file]").unwrap().unchecked_into();
    input.set_files(Some(&files));
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn textarea_value(root: &Element, css: &str) -> String {
    first(root, css)
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default()
}

fn path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

async fn set_credits(balance: f64) {
    let resp = gloo_net::http::Request::post(&format!(
        "{}/__admin/agentcontainer/credits",
        admin_origin()
    ))
    .json(&serde_json::json!({ "balance": balance }))
    .unwrap()
    .send()
    .await
    .expect("local-api answers");
    assert!(resp.ok(), "setting credits failed: {}", resp.status());
}

#[wasm_bindgen_test]
async fn a_task_dispatched_with_a_file_is_watched_to_the_end_live() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let page = open(Route::AcDispatch {
        agent_id: agent.id.clone(),
    });
    let root = &page.root;
    until("the dispatch form", || {
        first(root, "textarea[name=instructions]")
    })
    .await;
    set_value(
        root,
        "textarea[name=instructions]",
        "Summarise the brief in a report",
    );
    pick(root, "brief.md", "# Brief\nWrite a short report.");
    until("the input file to upload", || {
        first(root, ".ac-input-files .attachment[data-state=done]")
    })
    .await;
    click(root, "Dispatch the task").await;
    until("the task page", || {
        path().starts_with("/agentcontainer/tasks/").then_some(())
    })
    .await;
    status_is(root, "finished").await;
    until("the result", || {
        (!text(root, ".task-result .md").trim().is_empty()).then_some(())
    })
    .await;
    assert_eq!(text(root, ".task-title"), "Summarise the brief in a report");
    assert!(text(root, ".task-facts").contains("Cost"));
    until("the last log line", || {
        all(root, ".log-row")
            .iter()
            .any(|r| {
                r.text_content()
                    .unwrap_or_default()
                    .contains("Collecting outputs")
            })
            .then_some(())
    })
    .await;
    // Each line names its source in words.
    assert!(all(root, ".log-row .log-src")
        .iter()
        .any(|s| s.text_content().as_deref() == Some("stderr")));
    until("the output files", || {
        let names: Vec<String> = all(root, ".task-file-name")
            .iter()
            .filter_map(|n| n.text_content())
            .collect();
        (names.contains(&"report.md".to_string()) && names.contains(&"summary.json".to_string()))
            .then_some(())
    })
    .await;
    assert!(button(root, "Cancel the task").is_none());
    // The task ran with the uploaded file.
    let id = path().rsplit('/').next().unwrap().to_string();
    let task = ac::get_task(&conn, &id).await.unwrap();
    assert_eq!(task.instructions, "Summarise the brief in a report");
}

#[wasm_bindgen_test]
async fn a_refused_dispatch_keeps_the_form_422_then_402() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let page = open(Route::AcDispatch {
        agent_id: agent.id.clone(),
    });
    let root = &page.root;
    until("the dispatch form", || {
        first(root, "textarea[name=instructions]")
    })
    .await;
    pick(root, "notes.md", "notes");
    until("the input file to upload", || {
        first(root, ".ac-input-files .attachment[data-state=done]")
    })
    .await;
    // 422: the service's message next to the instructions.
    click(root, "Dispatch the task").await;
    let msg = until("the instructions' message", || {
        first(root, "label.field .field-error").and_then(|e| e.text_content())
    })
    .await;
    assert!(msg.contains("instructions is required"), "{msg}");

    // 402: out of credits; everything is kept, the Account page is offered.
    let before = ac::get_account(&conn).await.unwrap().credit_balance;
    set_credits(0.0).await;
    set_value(root, "textarea[name=instructions]", "Write the changelog");
    click(root, "Dispatch the task").await;
    let notice = until("the credits notice", || {
        first(root, ".dispatch-error .notice-error")
            .filter(|n| button(n, "See credits on the Account page").is_some())
    })
    .await;
    let after_402 = ac::list_tasks(&conn, &agent.id, &Default::default()).await;
    set_credits(before).await;
    assert!(notice
        .text_content()
        .unwrap_or_default()
        .contains("credits"));
    assert!(path().ends_with("/tasks/new"));
    assert_eq!(
        textarea_value(root, "textarea[name=instructions]"),
        "Write the changelog"
    );
    assert_eq!(text(root, ".ac-input-files .attachment-name"), "notes.md");
    assert!(after_402.unwrap().data.is_empty());
    // With credits back, "Try again" dispatches it once.
    click(root, "Try again").await;
    until("the task page", || {
        path().starts_with("/agentcontainer/tasks/").then_some(())
    })
    .await;
    let tasks = ac::list_tasks(&conn, &agent.id, &Default::default())
        .await
        .unwrap()
        .data;
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].instructions, "Write the changelog");
}

#[wasm_bindgen_test]
async fn a_missing_task_is_said_plainly() {
    let page = open(Route::AcTask {
        id: "task_does_not_exist".into(),
    });
    let t = until("the not-found notice", || {
        first(&page.root, ".task-not-found").and_then(|e| e.text_content())
    })
    .await;
    assert!(
        t.contains("This task does not exist, or it was deleted."),
        "{t}"
    );
}

#[wasm_bindgen_test]
async fn a_live_task_is_cancelled_after_confirming() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    // A conversation waits for input until its session TTL (an hour here): live long enough.
    let body = CreateConversation {
        instructions: "Help me plan the release".into(),
        message: "Hello".into(),
        overrides: Some(TaskOverrides {
            session_ttl_seconds: Some(3600),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = ac::create_conversation(&conn, &agent.id, &body, &IdempotencyKey::new())
        .await
        .expect("create_conversation");
    let page = open(Route::AcTask {
        id: created.task.id.clone(),
    });
    let root = &page.root;
    until("the task", || status(root)).await;
    click(root, "Cancel the task").await;
    until("the confirmation", || first(root, ".confirm")).await;
    click(root, "Yes, cancel it").await;
    status_is(root, "cancelled").await;
    let t = ac::get_task(&conn, &created.task.id).await.unwrap();
    assert_eq!(t.status.as_str(), "cancelled");
    assert!(button(root, "Cancel the task").is_none());
}

#[wasm_bindgen_test]
async fn a_hibernating_task_is_woken_from_its_page() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    // `#hibernate`: local-api's sim hibernates the task after its second step until woken.
    let task = dispatch(&conn, &agent, "Wait for the CI run #hibernate").await;
    let page = open(Route::AcTask {
        id: task.id.clone(),
    });
    let root = &page.root;
    status_is(root, "hibernating").await;
    let notice = until("the hibernation notice", || {
        first(root, ".task-hibernating")
    })
    .await;
    assert!(first(&notice, "time").is_some(), "says until when");
    click(root, "Wake the task").await;
    status_is(root, "finished").await;
    until("the wake in the logs", || {
        all(root, ".log-row")
            .iter()
            .any(|r| {
                r.text_content()
                    .unwrap_or_default()
                    .contains("Woken by an external wake")
            })
            .then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_tasks_list_filters_by_status() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let ok = dispatch(&conn, &agent, "Tidy the docs").await;
    let bad = dispatch(&conn, &agent, "Break the build #fail").await;
    ended(&conn, &ok.id).await;
    ended(&conn, &bad.id).await;
    let page = open(Route::AcAgentTasks {
        agent_id: agent.id.clone(),
        status: None,
        mode: None,
    });
    let root = &page.root;
    until("both tasks", || {
        (all(root, ".ac-task-row").len() == 2).then_some(())
    })
    .await;
    set_value(root, "select[name=status]", "failed");
    until("only the failed task", || {
        let rows = all(root, ".ac-task-row");
        (rows.len() == 1 && rows[0].get_attribute("data-status").as_deref() == Some("failed"))
            .then_some(())
    })
    .await;
    assert!(location_search().contains("status=failed"));
    let link = first(root, ".ac-task-row .ac-task-title").unwrap();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        Route::AcTask { id: bad.id.clone() }.href()
    );
    assert!(button(root, "Dispatch a task").is_some());
}

fn log_line(i: i64) -> agentdeck::components::log_view::LogLine {
    agentdeck::components::log_view::LogLine {
        key: i,
        source: agentdeck_wire::agentcontainer::LogSource::AgentStdout,
        text: std::sync::Arc::from(format!("line {i}").as_str()),
    }
}

fn shows(root: &Element, line: &str) -> bool {
    all(root, ".log-row .log-msg")
        .iter()
        .any(|r| r.text_content().as_deref() == Some(line))
}

#[wasm_bindgen_test]
async fn the_log_view_windows_100k_lines_and_follows_only_at_the_end() {
    use agentdeck::components::log_view::LogView;
    // The app's stylesheet is not loaded in tests: give the viewer its box.
    let style = crate::support::document().create_element("style").unwrap();
    style.set_text_content(Some(
        ".log-view{height:300px;overflow:auto;position:relative}\
         .log-canvas{position:relative}.log-row{position:absolute;left:0;right:0;height:20px}",
    ));
    crate::support::document()
        .head()
        .unwrap()
        .append_child(&style)
        .unwrap();
    let lines = RwSignal::new((0..100_000).map(log_line).collect::<Vec<_>>());
    let host = container();
    let app = leptos::mount::mount_to(host.clone(), move || {
        view! { <LogView lines=lines label="Test log" /> }
    });
    let root: Element = host.into();
    until("the end of the log", || {
        shows(&root, "line 99999").then_some(())
    })
    .await;
    let rendered = all(&root, ".log-row").len();
    assert!(rendered < 60, "only a window is rendered: {rendered} rows");
    // At the end, new lines are followed.
    lines.update(|l| l.push(log_line(100_000)));
    until("the new line", || shows(&root, "line 100000").then_some(())).await;
    // Scrolled up, the view stays put when lines arrive.
    let view: web_sys::HtmlElement = first(&root, ".log-view").unwrap().unchecked_into();
    view.set_scroll_top(400_000);
    until("line 20000", || shows(&root, "line 20000").then_some(())).await;
    until("the jump button", || {
        button(&root, "Jump to the newest line")
    })
    .await;
    lines.update(|l| l.push(log_line(100_001)));
    until("the count to grow", || {
        first(&root, ".log-canvas")
            .and_then(|c| c.get_attribute("style"))
            .filter(|s| s.contains(&format!("{}px", 100_002 * 20)))
    })
    .await;
    assert_eq!(view.scroll_top(), 400_000);
    assert!(shows(&root, "line 20000"));
    assert!(!shows(&root, "line 100001"));
    drop(app);
    style.remove();
}
