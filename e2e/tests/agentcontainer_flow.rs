//! A day with an AgentContainer agent, in the served release build, driven from the top
//! navigation without reloading the page: create an agent; dispatch a task with an input file,
//! watch it finish live, read its logs and download an output file; start a conversation and
//! exchange two messages live, then a third while local-api cuts the event stream after every
//! event (every message shown exactly once, in order); switch it to autonomous; wake a
//! hibernating task.

use agentdeck_e2e::Harness;
use fantoccini::Locator;
use std::collections::HashSet;
use std::time::Instant;

async fn task_status(h: &Harness) -> String {
    h.attr(".task-status .badge[data-state]", "data-state")
        .await
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

/// Sends a message from the conversation's composer.
async fn send(h: &Harness, text: &str) {
    h.type_into(".ac-composer textarea[name=message]", text)
        .await;
    h.click_text("Send message").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_works_a_task_chats_through_a_cut_feed_and_wakes() {
    let started = Instant::now();
    let h = Harness::start().await;
    h.open("").await;
    h.mark_page().await;
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
    h.type_into("input[name=name]", &name).await;
    h.type_into(
        "input[name='runtime.containerImage']",
        "ghcr.io/agentdeck/docs:1",
    )
    .await;
    h.type_into("textarea[name=basePrompt]", "You write documentation.")
        .await;
    h.type_into("input[name='defaults.model']", "claude-sonnet-4-5")
        .await;
    h.click_text("Create agent").await;
    h.until("the new agent's page", || async {
        (h.text(".ac-agent-header h1").await? == name).then_some(())
    })
    .await;
    let agent_path = h.path().await;
    assert!(
        agent_path.starts_with("/agentcontainer/agents/agt_"),
        "{agent_path}"
    );

    // 2. A task with an input file, watched to the end live.
    h.click_text("Dispatch a task").await;
    h.type_into(
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
        h.path()
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
    assert!(h.count(".log-row").await >= 3, "the log shows its lines");
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
        h.count(".task-files .notice-error").await,
        0,
        "no download error"
    );

    // 3. A conversation from the agent's page: two messages live.
    h.client.back().await.expect("back");
    h.client.back().await.expect("back");
    h.until("the agent page again", || async {
        (h.path().await == agent_path).then_some(())
    })
    .await;
    h.click_text("Start a conversation").await;
    h.type_into("textarea[name=instructions]", "Help me tidy the docs.")
        .await;
    h.type_into("textarea[name=message]", "Shorten the readme")
        .await;
    h.click_text("Start conversation").await;
    h.until("the first reply, live", || async {
        (h.path().await.starts_with("/agentcontainer/conversations/")
            && h.count(".tl-role-assistant").await == 1
            && h.conversation_status().await == "awaiting_input")
            .then_some(())
    })
    .await;
    let convo_path = h.path().await;
    send(&h, "Add a changelog").await;
    h.until("the second reply, live", || async {
        (h.count(".tl-role-assistant").await == 2
            && h.conversation_status().await == "awaiting_input")
            .then_some(())
    })
    .await;

    // local-api now cuts every event stream after one event. Leaving and coming back (in the
    // app, no reload) opens a new stream under the fault.
    h.reopen_with_cut_feed(&agent_path, &convo_path).await;
    h.until_replies(2, "the conversation again, with its two replies")
        .await;
    send(&h, "Bump the version").await;
    let feed_states = h
        .until_replies(3, "the third reply through the cut feed")
        .await;
    let items = h.timeline().await;
    h.clear_fault().await;
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
    h.to_top().await;
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
        h.count(".tl-event[data-event=mode_switched_to_autonomous]")
            .await,
        1
    );

    // 5. A hibernating task, woken from its page (local-api at speed 20 hibernates it for 3 s
    // of real time: no dawdling).
    h.to_top().await;
    h.click_text("Agent: ").await;
    h.until("the agent page", || async {
        (h.path().await == agent_path).then_some(())
    })
    .await;
    h.click_text("Dispatch a task").await;
    h.type_into(
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

    h.assert_not_reloaded("during the flow").await;
    h.stop().await;
    eprintln!("the flow took {:?}", started.elapsed());
}
