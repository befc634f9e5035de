//! A day with an AgentContainer agent, in the served release build, driven from the top
//! navigation without reloading the page: create an agent; dispatch a task with an input file,
//! watch it finish live, read its logs and download an output file; start a conversation and
//! exchange two messages live, then a third while local-api cuts the event stream after every
//! event (every message shown exactly once, in order); switch it to autonomous; wake a
//! hibernating task.

use agentdeck_e2e::Harness;
use fantoccini::Locator;
use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends one request to local-api's admin endpoints (Netlify port) and returns the status code.
async fn admin(h: &Harness, method: &str, path: &str, body: Option<serde_json::Value>) -> u16 {
    let rest = h
        .netlify_url
        .strip_prefix("http://")
        .expect("an http:// Netlify URL");
    let host = rest.split('/').next().unwrap().to_string();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(&host)
        .await
        .expect("connect to local-api");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"))
}

async fn type_into(h: &Harness, css: &str, text: &str) {
    let el = h.find(css).await;
    el.clear().await.ok();
    el.send_keys(text).await.expect("typing");
}

async fn attr(h: &Harness, css: &str, name: &str) -> Option<String> {
    let el = h.client.find(Locator::Css(css)).await.ok()?;
    el.attr(name).await.ok().flatten()
}

/// The app's path, without the query.
async fn path(h: &Harness) -> String {
    let url = h.current_url().await;
    let path = url
        .strip_prefix(h.app_url.trim_end_matches('/'))
        .unwrap_or(&url);
    path.split('?').next().unwrap_or_default().to_string()
}

async fn task_status(h: &Harness) -> String {
    attr(h, ".task-status .badge[data-state]", "data-state")
        .await
        .unwrap_or_default()
}

async fn convo_status(h: &Harness) -> String {
    attr(h, ".ac-convo-header .badge[data-state]", "data-state")
        .await
        .unwrap_or_default()
}

async fn count(h: &Harness, css: &str) -> usize {
    h.all(css).await.len()
}

/// The texts of the elements matching `css`, in page order.
async fn texts(h: &Harness, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in h.all(css).await {
        out.push(el.text().await.unwrap_or_default());
    }
    out
}

/// Whether some log row contains `needle`.
async fn log_shows(h: &Harness, needle: &str) -> bool {
    texts(h, ".log-row")
        .await
        .iter()
        .any(|t| t.contains(needle))
}

/// The conversation's timeline: (data-id, role class or event kind) of every item, in order.
async fn timeline(h: &Harness) -> Vec<(String, String)> {
    let v = h
        .client
        .execute(
            "return Array.from(document.querySelectorAll('.tl-item[data-id]')).map(e => [\
               e.getAttribute('data-id'),\
               e.getAttribute('data-kind') === 'message'\
                 ? (e.classList.contains('tl-role-assistant') ? 'assistant'\
                    : e.classList.contains('tl-role-user') ? 'user' : 'other')\
                 : 'event:' + e.getAttribute('data-event'),\
               e.textContent]);",
            vec![],
        )
        .await
        .expect("reading the timeline");
    v.as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let part = |i: usize| item[i].as_str().unwrap_or_default().to_string();
            (part(0), format!("{}|{}", part(1), part(2)))
        })
        .collect()
}

/// Back to the top, where the header's links are (the page followed new content down, and the
/// sticky top bar would take the click).
async fn to_top(h: &Harness) {
    h.client
        .execute("window.scrollTo(0, 0); return null;", vec![])
        .await
        .unwrap();
}

/// Sends a message from the conversation's composer.
async fn send(h: &Harness, text: &str) {
    type_into(h, ".ac-composer textarea[name=message]", text).await;
    h.click_text("Send message").await;
}

async fn no_reload(h: &Harness) {
    let marker = h
        .client
        .execute("return window.__noReload || null;", vec![])
        .await
        .unwrap();
    assert_eq!(
        marker,
        serde_json::json!("still here"),
        "the page was reloaded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_works_a_task_chats_through_a_cut_feed_and_wakes() {
    let started = Instant::now();
    let h = Harness::start().await;
    h.open("").await;
    h.client
        .execute("window.__noReload = 'still here'; return null;", vec![])
        .await
        .unwrap();
    // Records what the page saves to disk (a download is an anchor click on a blob URL): the
    // file's name and text. The blob is read directly: fetching its URL would break the
    // Content-Security-Policy (`connect-src` has no `blob:`).
    h.client
        .execute(
            "window.__downloads = [];\
             const blobs = new Map();\
             const create = URL.createObjectURL;\
             URL.createObjectURL = function (b) { const u = create.call(URL, b); blobs.set(u, b); return u; };\
             const click = HTMLAnchorElement.prototype.click;\
             HTMLAnchorElement.prototype.click = function () {\
               const blob = blobs.get(this.href);\
               if (this.download && blob) {\
                 const name = this.download;\
                 blob.text().then(t => window.__downloads.push([name, t]));\
               }\
               return click.call(this);\
             };\
             return null;",
            vec![],
        )
        .await
        .unwrap();

    // 1. A new agent, from the navigation.
    let name = format!("E2E docs agent {}", std::process::id());
    h.click_text("Agents").await;
    h.find(".ac-agent-list").await;
    h.click_text("New agent").await;
    type_into(&h, "input[name=name]", &name).await;
    type_into(
        &h,
        "input[name='runtime.containerImage']",
        "ghcr.io/agentdeck/docs:1",
    )
    .await;
    type_into(&h, "textarea[name=basePrompt]", "You write documentation.").await;
    type_into(&h, "input[name='defaults.model']", "claude-sonnet-4-5").await;
    h.click_text("Create agent").await;
    h.until("the new agent's page", || async {
        (h.text(".ac-agent-header h1").await? == name).then_some(())
    })
    .await;
    let agent_path = path(&h).await;
    assert!(
        agent_path.starts_with("/agentcontainer/agents/agt_"),
        "{agent_path}"
    );

    // 2. A task with an input file, watched to the end live.
    h.click_text("Dispatch a task").await;
    type_into(
        &h,
        "textarea[name=instructions]",
        "Summarise the brief in a report",
    )
    .await;
    h.find(".ac-input-files input[type=file]").await;
    h.client
        .execute(
            "const dt = new DataTransfer();\
             dt.items.add(new File(['# Brief\\nWrite a short report.'], 'brief.md', {type: 'text/markdown'}));\
             const input = document.querySelector('.ac-input-files input[type=file]');\
             input.files = dt.files;\
             input.dispatchEvent(new Event('change', {bubbles: true}));\
             return null;",
            vec![],
        )
        .await
        .unwrap();
    h.until("the input file uploaded", || async {
        h.client
            .find(Locator::Css(".ac-input-files .attachment[data-state=done]"))
            .await
            .ok()
    })
    .await;
    h.click_text("Dispatch the task").await;
    h.until("the task page", || async {
        path(&h)
            .await
            .starts_with("/agentcontainer/tasks/")
            .then_some(())
    })
    .await;
    h.until("the task finished, live", || async {
        (task_status(&h).await == "finished").then_some(())
    })
    .await;
    assert_eq!(
        h.text(".task-title").await.unwrap_or_default(),
        "Summarise the brief in a report"
    );
    h.until("the last log line", || async {
        log_shows(&h, "Collecting outputs").await.then_some(())
    })
    .await;
    assert!(count(&h, ".log-row").await >= 3, "the log shows its lines");
    h.until("the output files", || async {
        let names = texts(&h, ".task-file-name").await;
        (names.iter().any(|n| n == "report.md") && names.iter().any(|n| n == "summary.json"))
            .then_some(())
    })
    .await;
    h.find("button[aria-label='Download report.md']")
        .await
        .click()
        .await
        .expect("clicking the download");
    let saved = h
        .until("report.md saved", || async {
            let v = h
                .client
                .execute("return window.__downloads;", vec![])
                .await
                .ok()?;
            let first = v.as_array()?.first()?.clone();
            Some((
                first[0].as_str()?.to_string(),
                first[1].as_str()?.to_string(),
            ))
        })
        .await;
    assert_eq!(saved.0, "report.md");
    assert!(!saved.1.trim().is_empty(), "the report has content");
    assert_eq!(
        count(&h, ".task-files .notice-error").await,
        0,
        "no download error"
    );

    // 3. A conversation from the agent's page: two messages live.
    h.client.back().await.expect("back");
    h.client.back().await.expect("back");
    h.until("the agent page again", || async {
        (path(&h).await == agent_path).then_some(())
    })
    .await;
    h.click_text("Start a conversation").await;
    type_into(&h, "textarea[name=instructions]", "Help me tidy the docs.").await;
    type_into(&h, "textarea[name=message]", "Shorten the readme").await;
    h.click_text("Start conversation").await;
    h.until("the first reply, live", || async {
        (path(&h).await.starts_with("/agentcontainer/conversations/")
            && count(&h, ".tl-role-assistant").await == 1
            && convo_status(&h).await == "awaiting_input")
            .then_some(())
    })
    .await;
    let convo_path = path(&h).await;
    send(&h, "Add a changelog").await;
    h.until("the second reply, live", || async {
        (count(&h, ".tl-role-assistant").await == 2 && convo_status(&h).await == "awaiting_input")
            .then_some(())
    })
    .await;

    // local-api now cuts every event stream after one event. Leaving and coming back (in the
    // app, no reload) opens a new stream under the fault.
    let status = admin(
        &h,
        "POST",
        "/__admin/faults",
        Some(serde_json::json!({
            "spec": "drop_after=1",
            "api": "agentcontainer",
            "path_contains": "/events",
        })),
    )
    .await;
    assert!((200..300).contains(&status), "setting the fault: {status}");
    to_top(&h).await;
    h.click_text("Agent: ").await;
    h.until("the agent page", || async {
        (path(&h).await == agent_path).then_some(())
    })
    .await;
    h.client.back().await.expect("back");
    h.until("the conversation again", || async {
        (path(&h).await == convo_path
            && count(&h, ".tl-role-assistant").await == 2
            && convo_status(&h).await == "awaiting_input")
            .then_some(())
    })
    .await;
    send(&h, "Bump the version").await;
    let feed_states = RefCell::new(HashSet::new());
    h.until("the third reply through the cut feed", || async {
        let state = h.text(".ac-stream-text").await.unwrap_or_default();
        feed_states.borrow_mut().insert(state);
        (count(&h, ".tl-role-assistant").await == 3 && convo_status(&h).await == "awaiting_input")
            .then_some(())
    })
    .await;
    let feed_states = feed_states.into_inner();
    let items = timeline(&h).await;
    let status = admin(&h, "DELETE", "/__admin/faults", None).await;
    assert!((200..300).contains(&status), "clearing the fault: {status}");
    assert!(
        feed_states.iter().any(|s| s.contains("reconnecting")),
        "the feed's line told of the cuts: {feed_states:?}"
    );
    let ids: Vec<&String> = items.iter().map(|(id, _)| id).collect();
    let unique: HashSet<&&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no item twice: {items:?}");
    let messages: Vec<&String> = items
        .iter()
        .map(|(_, what)| what)
        .filter(|w| w.starts_with("user|") || w.starts_with("assistant|"))
        .collect();
    assert_eq!(
        messages.len(),
        6,
        "three messages and three replies: {items:?}"
    );
    for (i, needle) in ["Shorten the readme", "Add a changelog", "Bump the version"]
        .iter()
        .enumerate()
    {
        let (asked, answered) = (messages[2 * i], messages[2 * i + 1]);
        assert!(
            asked.starts_with("user|") && asked.contains(needle),
            "message {i} is the user's {needle:?}: {items:?}"
        );
        assert!(
            answered.starts_with("assistant|"),
            "then the agent's reply: {items:?}"
        );
    }
    for needle in ["Shorten the readme", "Add a changelog", "Bump the version"] {
        let asked = messages
            .iter()
            .filter(|m| m.starts_with("user|") && m.contains(needle))
            .count();
        assert_eq!(asked, 1, "{needle:?} shown once: {items:?}");
    }

    // 4. Autonomous: the switch shows in the timeline.
    to_top(&h).await;
    h.click_text("Autonomous mode: off").await;
    h.until("the mode switch in the timeline", || async {
        h.client
            .find(Locator::Css(
                ".tl-event[data-event=mode_switched_to_autonomous]",
            ))
            .await
            .ok()
    })
    .await;
    assert_eq!(
        count(&h, ".tl-event[data-event=mode_switched_to_autonomous]").await,
        1
    );

    // 5. A hibernating task, woken from its page (local-api at speed 20 hibernates it for 3 s
    // of real time: no dawdling).
    to_top(&h).await;
    h.click_text("Agent: ").await;
    h.until("the agent page", || async {
        (path(&h).await == agent_path).then_some(())
    })
    .await;
    h.click_text("Dispatch a task").await;
    type_into(
        &h,
        "textarea[name=instructions]",
        "Wait for the CI run #hibernate",
    )
    .await;
    h.click_text("Dispatch the task").await;
    h.click_text("Wake the task").await;
    h.until("the task woken and finished", || async {
        (task_status(&h).await == "finished").then_some(())
    })
    .await;
    h.until("the wake in the logs", || async {
        log_shows(&h, "Woken by an external wake")
            .await
            .then_some(())
    })
    .await;
    assert!(
        !log_shows(&h, "Hibernation time is up").await,
        "woken by the button, not by the clock"
    );

    no_reload(&h).await;
    h.stop().await;
    eprintln!("the flow took {:?}", started.elapsed());
}
