//! Hostile input on every page: the corpus of `agentdeck_e2e::hostile` goes into every field a
//! page shows, in both services (through the documented endpoints where they take the field,
//! through local-api's `/__admin/records` for what the server generates), then every page is
//! opened once. No payload may run, no dialog open, no page leave the app's origin, no error
//! reach the console; each page keeps its heading and a working navigation.

use agentdeck_e2e::{hostile, Harness};
use local_api::http_client::send;
use serde_json::{json, Value};

const NETLIFY_TOKEN: &str = "Bearer local-netlify-token";
const AC_KEY: &str = "Bearer local-agentcontainer-key";

/// Free-text fields the pages show, by their JSON names in either service.
const TEXT_KEYS: &[&str] = &[
    "title",
    "prompt",
    "result",
    "message",
    "branch",
    "result_branch",
    "pr_branch",
    "pr_error",
    "merge_commit_error",
    "current_task",
    "full_name",
    "email",
    "result_zip_file_name",
    "name",
    "description",
    "basePrompt",
    "instructions",
    "filename",
    "content",
    "lastError",
    "error",
    "agentName",
    "taskTitleInstructions",
    "setupScript",
    "postCloneScriptPath",
    "outputName",
    "target",
    "skill",
];
/// Fields that hold a link.
const URL_KEYS: &[&str] = &[
    "pr_url",
    "deploy_url",
    "avatar_url",
    "latest_session_deploy_url",
    "latest_session_deploy_screenshot_url",
    "url",
    "webhookUrl",
    "avatarUrl",
];
/// Pieces of the sample that survive as visible text, one of which a page with data shows.
const SHOWN: &[&str] = &[
    "__pwned(",
    "<svg",
    "<script",
    "<img",
    "javascript:",
    "paypal",
    "etc/passwd",
    "unclosed",
    "data:",
    "gpj.exe",
    "approved",
    "broken",
    "CDATA",
    "line one",
    "nul ",
    "<<<<",
    "%3Cscript",
];
/// Stored kinds whose documents pages show (see local-api's `records.rs` files).
const KINDS: &[&str] = &[
    "nl_runner",
    "nl_session",
    "ac_agent",
    "ac_version",
    "ac_task",
    "ac_msg",
    "ac_event",
    "ac_log",
    "ac_tfile",
    "ac_file",
    "ac_repo",
    "ac_ssh",
    "ac_webhook",
    "ac_delivery",
];

async fn call(method: &str, url: &str, auth: Option<&str>, body: Option<Value>) -> Value {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(a) = auth {
        headers.push(("authorization", a));
    }
    let resp = send(
        method,
        url,
        &headers,
        body.map(|b| b.to_string().into_bytes()),
    )
    .await
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    assert!(
        resp.status < 300,
        "{method} {url}: {} {}",
        resp.status,
        resp.text()
    );
    serde_json::from_slice(&resp.body).unwrap_or(Value::Null)
}

/// Replaces every free-text and link field of `v` (at any depth) with a hostile string.
fn poison(v: &mut Value, n: &mut usize) {
    match v {
        Value::Object(map) => {
            for (k, field) in map.iter_mut() {
                if field.is_string() && TEXT_KEYS.contains(&k.as_str()) {
                    *field = Value::String(hostile::pick(*n));
                    *n += 1;
                } else if field.is_string() && URL_KEYS.contains(&k.as_str()) {
                    let urls = hostile::urls();
                    *field = Value::String(urls[*n % urls.len()].clone());
                    *n += 1;
                } else {
                    poison(field, n);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| poison(i, n)),
        _ => {}
    }
}

/// Writes the corpus: the whole of it into lists (runner titles, one session's steps and
/// diff, SSH key names), a sample into every other field.
async fn seed(h: &Harness) -> Seeded {
    let admin = h.netlify_url.trim_end_matches("/api/v1").to_string() + "/__admin/records";
    let corpus = hostile::corpus();

    // AgentContainer, through the API: SSH keys named by the whole corpus, a repository and
    // a webhook whose texts are hostile.
    let ac = &h.agentcontainer_url;
    for name in &corpus {
        let name = if name.trim().is_empty() { "x" } else { name };
        call(
            "POST",
            &format!("{ac}/ssh-keys"),
            Some(AC_KEY),
            Some(json!({ "name": name, "description": hostile::pick(name.len()) })),
        )
        .await;
    }
    call(
        "POST",
        &format!("{ac}/repositories"),
        Some(AC_KEY),
        Some(json!({
            "name": hostile::pick(1),
            "url": "https://github.com/acme/x.git#\"><svg/onload=__pwned(960)>",
        })),
    )
    .await;
    let hook = call(
        "POST",
        &format!("{ac}/webhooks"),
        Some(AC_KEY),
        Some(json!({ "url": "http://127.0.0.1:9/hook", "description": hostile::pick(2) })),
    )
    .await;
    // A delivery, queued now (not left to a task event racing the rewrite below): its texts
    // are rewritten with the rest and shown on the webhook's page.
    let hook_id = hook["webhook"]["id"].as_str().expect("the webhook's id");
    call(
        "POST",
        &format!("{ac}/webhooks/{hook_id}/test"),
        Some(AC_KEY),
        None,
    )
    .await;

    // Everything stored, through the admin hook (fields the server generates included).
    let mut n = 0;
    for kind in KINDS {
        let docs = call("GET", &format!("{admin}/{kind}"), None, None).await;
        for doc in docs.as_array().into_iter().flatten() {
            let mut value = doc["value"].clone();
            poison(&mut value, &mut n);
            let id = doc["id"].as_str().expect("an id");
            call(
                "PATCH",
                &format!("{admin}/{kind}/{}", encode(id)),
                None,
                Some(value),
            )
            .await;
        }
    }

    // Netlify: the whole corpus across the runner titles of the list.
    let runners = call("GET", &format!("{admin}/nl_runner"), None, None).await;
    let runners: Vec<Value> = runners.as_array().cloned().unwrap_or_default();
    let per = corpus.len().div_ceil(runners.len().max(1));
    for (i, r) in runners.iter().enumerate() {
        let title = corpus.iter().skip(i * per).take(per).cloned();
        let title: Vec<String> = title.collect();
        call(
            "PATCH",
            &format!("{admin}/nl_runner/{}", encode(r["id"].as_str().unwrap())),
            None,
            Some(json!({ "title": title.join(" ") })),
        )
        .await;
    }
    // One finished runner's last session, through the documented PATCH: steps, result,
    // branch and both diffs carry the corpus.
    let runner = runners
        .iter()
        .find(|r| r["value"]["state"] == "done")
        .expect("a finished demo runner");
    let runner_id = runner["id"].as_str().unwrap().to_string();
    let nl = &h.netlify_url;
    let sessions = call(
        "GET",
        &format!("{nl}/agent_runners/{runner_id}/sessions"),
        Some(NETLIFY_TOKEN),
        None,
    )
    .await;
    let session = sessions
        .as_array()
        .and_then(|s| s.last())
        .expect("a session")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let steps: Vec<Value> = corpus
        .iter()
        .enumerate()
        .map(|(i, s)| json!({ "title": hostile::pick(i), "message": s }))
        .collect();
    let files: Vec<String> = hostile::sample().into_iter().take(12).collect();
    let diff = hostile::diff(&files, &corpus);
    call(
        "PATCH",
        &format!("{nl}/agent_runners/{runner_id}/sessions/{session}"),
        Some(NETLIFY_TOKEN),
        Some(json!({
            "title": hostile::pick(0),
            "steps": steps,
            "result": hostile::sample().join("\n\n"),
            "result_branch": hostile::pick(3),
            "result_diff": diff,
            "cumulative_diff": diff,
        })),
    )
    .await;

    let first = |kind: &'static str| {
        let admin = admin.clone();
        async move {
            call("GET", &format!("{admin}/{kind}"), None, None).await[0]["id"]
                .as_str()
                .expect("one")
                .to_string()
        }
    };
    let tasks = call("GET", &format!("{admin}/ac_task"), None, None).await;
    let task = |interactive: bool| {
        tasks
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| (t["value"]["mode"] == "conversation") == interactive)
            .map(|t| t["id"].as_str().unwrap().to_string())
            .expect("a demo task")
    };
    // The demo agent: the one with the tasks.
    let agent = tasks[0]["value"]["agentId"]
        .as_str()
        .expect("a task's agent")
        .to_string();
    Seeded {
        runner: runner_id,
        agent,
        task: task(false),
        conversation: task(true),
        webhook: first("ac_webhook").await,
    }
}

struct Seeded {
    runner: String,
    agent: String,
    task: String,
    conversation: String,
    webhook: String,
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What is wrong with the page as the browser holds it: a payload that fired, a dialog, an
/// element that can run script or leave the page, a navigation covered or gone.
const INSPECT: &str = r#"
const bad = [...(window.__hostileHits || ['the traps are missing'])];
const root = document.body;
for (const el of root.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (a.name.startsWith('on')) bad.push(`${el.tagName} has ${a.name}`);
    if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc'].includes(a.name)) {
      let ok = a.name !== 'srcdoc';
      try {
        const u = new URL(a.value, location.href);
        ok = ok && ['http:', 'https:', 'blob:'].includes(u.protocol);
      } catch (e) { ok = false; }
      if (!ok) bad.push(`${el.tagName} ${a.name}=${a.value.slice(0, 80)}`);
    }
  }
}
for (const el of root.querySelectorAll('iframe, object, embed, base, meta, form[action], script:not([src])')) {
  if (el.tagName !== 'SCRIPT' || el.textContent.includes('pwned')) bad.push(`a ${el.tagName} element`);
}
if (!document.querySelector('h1')) bad.push('no heading');
const nav = document.querySelector('nav.mainnav');
if (!nav) bad.push('no navigation');
const link = nav && [...nav.querySelectorAll('a')].find((a) => a.getBoundingClientRect().width > 0);
if (link) {
  const r = link.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  if (!link.contains(hit)) bad.push(`the navigation is covered by ${hit && hit.outerHTML.slice(0, 80)}`);
}
return bad;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_strings_in_every_field_run_nothing_and_leave_every_page_usable() {
    let h = Harness::start().await;
    h.before_every_page(hostile::TRAPS).await;
    let s = seed(&h).await;
    let origin = h.app_url.clone();

    // (path, whether the page shows seeded text: it must appear, as text)
    let pages: Vec<(String, bool)> = vec![
        ("".into(), false),
        ("connections".into(), false),
        ("netlify/runners".into(), true),
        ("netlify/runners/new".into(), false),
        (format!("netlify/runners/{}", s.runner), true),
        (format!("netlify/runners/{}?tab=diff", s.runner), true),
        ("agentcontainer/account".into(), false),
        ("agentcontainer/agents".into(), true),
        ("agentcontainer/agents/new".into(), false),
        (format!("agentcontainer/agents/{}", s.agent), true),
        (
            format!("agentcontainer/agents/{}?tab=versions", s.agent),
            true,
        ),
        (
            format!("agentcontainer/agents/{}?tab=files", s.agent),
            false,
        ),
        (
            format!("agentcontainer/agents/{}?tab=repositories", s.agent),
            true,
        ),
        (format!("agentcontainer/agents/{}/edit", s.agent), false),
        (format!("agentcontainer/agents/{}/tasks", s.agent), true),
        (
            format!("agentcontainer/agents/{}/tasks/new", s.agent),
            false,
        ),
        (
            format!("agentcontainer/agents/{}/conversations/new", s.agent),
            false,
        ),
        (format!("agentcontainer/tasks/{}", s.task), true),
        (
            format!("agentcontainer/conversations/{}", s.conversation),
            true,
        ),
        ("agentcontainer/repositories".into(), true),
        ("agentcontainer/ssh-keys".into(), true),
        (
            format!("agentcontainer/webhooks?webhook={}", s.webhook),
            true,
        ),
    ];
    for (path, shows_text) in &pages {
        h.open(path).await;
        h.until(&format!("the heading of /{path}"), || async {
            h.text("h1").await.filter(|t| !t.trim().is_empty())
        })
        .await;
        if *shows_text {
            // Payloads shown as text prove the field reached the page (and stayed text).
            h.until(
                &format!("hostile text shown as text on /{path}"),
                || async {
                    let text = h.text("main, body").await?;
                    SHOWN.iter().any(|m| text.contains(m)).then_some(())
                },
            )
            .await;
        }
        // Absence cannot be awaited: give late payloads (a failed image's onerror, a
        // meta refresh) a moment to fire before looking.
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let url = h.current_url().await;
        assert!(url.starts_with(&origin), "/{path} navigated away to {url}");
        let bad = h.client.execute(INSPECT, vec![]).await.expect("inspect");
        let bad: Vec<String> = serde_json::from_value(bad).unwrap_or_default();
        assert!(bad.is_empty(), "/{path}: {bad:#?}");
        h.assert_no_console_errors(&format!("on /{path}")).await;
    }

    // The navigation still works after all of it.
    h.click_text("Runners").await;
    h.until("the runners list through the navigation", || async {
        h.current_url()
            .await
            .contains("/netlify/runners")
            .then_some(())
    })
    .await;
    h.assert_no_console_errors("after navigating").await;
    h.stop().await;
}
