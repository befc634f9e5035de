// The AgentContainer client against local-api: every endpoint group, cursor pagination,
// idempotent creates under injected faults, uploads with progress, output downloads.

use crate::api_common::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::cursor::{collect_all, CursorList};
use agentdeck::api::upload::{
    complete_prepared, send_to_prepared, upload_agentcontainer_file, UploadProgress, UploadSource,
};
use agentdeck::api::{AgentContainerConnection, ApiErrorKind, IdempotencyKey};
use agentdeck_wire::agentcontainer::{
    Agent, AttachReferenceFiles, AttachRepositories, CreateAgent, CreateConversation,
    CreateRepository, CreateSshKey, CreateTask, CreateWebhook, ForkAgent, ListDeliveriesQuery,
    ListMessagesQuery, ListQuery, ListTasksQuery, RepositoryLink, SendMessage, Task, UpdateAgent,
    UpdateSshKey, UpdateWebhook, WakeTask,
};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", (js_sys::Math::random() * 1e9) as u64)
}

async fn new_agent(conn: &AgentContainerConnection) -> Agent {
    let body: CreateAgent = serde_json::from_value(serde_json::json!({
        "name": unique("test-agent"),
        "description": "made by api_agentcontainer tests",
        "runtime": {"containerImage": "ghcr.io/agentdeck/test:1", "agentRuntime": "pi"},
        "basePrompt": "You are a careful engineer.",
        "defaults": {
            "model": "claude-sonnet-4-5", "internetAccess": false, "maxRuntimeSeconds": 600,
            "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"
        }
    }))
    .expect("CreateAgent body");
    ac::create_agent(conn, &body).await.expect("create_agent")
}

async fn wait_terminal(conn: &AgentContainerConnection, id: &str) -> Task {
    until_async("the task to end", || async {
        let t = ac::get_task(conn, id).await.expect("get_task");
        t.status.is_terminal().then_some(t)
    })
    .await
}

#[wasm_bindgen_test]
async fn account_and_a_wrong_key() {
    let conn = agentcontainer();
    let account = ac::get_account(&conn).await.expect("account");
    assert!(!account.id.is_empty());
    let bad = AgentContainerConnection {
        api_key: "ak_wrong_secret_key".into(),
        ..agentcontainer()
    };
    let err = ac::get_account(&bad).await.unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Unauthorized);
    let text = format!("{err} {err:?}");
    assert!(text.contains("API key"), "{text}");
    assert!(!text.contains("ak_wrong_secret_key"), "{text}");
}

#[wasm_bindgen_test]
async fn agents_versions_fork_and_archive() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    assert_eq!(
        ac::get_agent(&conn, &agent.id).await.expect("get").id,
        agent.id
    );
    let updated = ac::update_agent(
        &conn,
        &agent.id,
        &UpdateAgent {
            base_prompt: Some("You are terse.".into()),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    assert!(
        updated.current_version.number > agent.current_version.number,
        "a new version"
    );
    let versions = ac::list_agent_versions(&conn, &agent.id, &ListQuery::default())
        .await
        .expect("versions");
    assert!(versions.data.len() >= 2);
    let v = ac::get_agent_version(&conn, &agent.id, &versions.data[0].id)
        .await
        .expect("version");
    assert_eq!(v.id, versions.data[0].id);
    // Only standard (platform) agents can be forked; a custom one is refused plainly.
    let err = ac::fork_agent(&conn, &agent.id, &ForkAgent::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Validation);
    assert!(
        err.user_message()
            .contains(err.message.as_deref().unwrap_or("?")),
        "{err}"
    );
    let all = collect_all(
        |cursor| {
            let conn = conn.clone();
            async move {
                ac::list_agents(
                    &conn,
                    &ListQuery {
                        limit: Some(100),
                        cursor,
                    },
                )
                .await
            }
        },
        10_000,
    )
    .await
    .expect("agents");
    let standard = all
        .iter()
        .find(|a| a.is_standard)
        .expect("a standard agent in the demo data");
    let fork = ac::fork_agent(
        &conn,
        &standard.id,
        &ForkAgent {
            name: Some(unique("fork")),
            description: None,
        },
    )
    .await
    .expect("fork");
    assert_ne!(fork.id, standard.id);
    assert!(!fork.is_standard);
    ac::archive_agent(&conn, &fork.id).await.expect("archive");
    // An archived agent is still readable, marked archived (local-api agents.rs `archive` and
    // `get_one`).
    let archived = ac::get_agent(&conn, &fork.id)
        .await
        .expect("an archived agent");
    assert!(archived.archived_at.is_some(), "{archived:?}");
    assert_eq!(
        ac::get_agent(&conn, "no-such-agent")
            .await
            .unwrap_err()
            .kind,
        ApiErrorKind::NotFound
    );
}

#[wasm_bindgen_test]
async fn cursor_pagination_follows_every_page_once() {
    let conn = agentcontainer();
    for _ in 0..3 {
        new_agent(&conn).await;
    }
    let all = collect_all(
        |cursor| {
            let conn = conn.clone();
            async move {
                ac::list_agents(
                    &conn,
                    &ListQuery {
                        limit: Some(2),
                        cursor,
                    },
                )
                .await
            }
        },
        10_000,
    )
    .await
    .expect("all agents");
    assert!(all.len() >= 3);
    let mut ids: Vec<_> = all.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "no agent twice");

    // "Load more" gives the same items.
    let mut list = CursorList::new();
    while list.can_load_more() {
        let page = ac::list_agents(&conn, &list.query(Some(2)))
            .await
            .expect("page");
        list.absorb(page);
    }
    assert_eq!(list.items.len(), all.len());
}

#[wasm_bindgen_test]
async fn tasks_run_and_keep_their_outputs_and_logs() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let key = IdempotencyKey::new();
    let body = CreateTask {
        instructions: "Write a short report.".into(),
        ..Default::default()
    };
    let task = ac::create_task(&conn, &agent.id, &body, &key)
        .await
        .expect("create_task");
    // The same key again: the same task, not a second one.
    let again = ac::create_task(&conn, &agent.id, &body, &key)
        .await
        .expect("replayed create");
    assert_eq!(again.id, task.id);
    let listed = ac::list_tasks(&conn, &agent.id, &ListTasksQuery::default())
        .await
        .expect("list_tasks");
    assert_eq!(listed.data.iter().filter(|t| t.id == task.id).count(), 1);
    assert_eq!(listed.data.len(), 1);

    let done = wait_terminal(&conn, &task.id).await;
    assert_eq!(
        done.status,
        agentdeck_wire::agentcontainer::TaskStatus::Finished
    );
    let logs = ac::list_task_logs(&conn, &task.id, &ListQuery::default())
        .await
        .expect("logs");
    assert!(!logs.data.is_empty());
    // A finished task has local-api's two output files (agentcontainer sim.rs `finish`).
    let files = ac::list_task_files(&conn, &task.id, &ListQuery::default())
        .await
        .expect("files");
    let mut names: Vec<&str> = files.data.iter().map(|f| f.filename.as_str()).collect();
    names.sort();
    assert_eq!(names, ["report.md", "summary.json"]);
    for f in &files.data {
        let dl = ac::download_task_file(&conn, &task.id, &f.id)
            .await
            .expect("download");
        assert!(!dl.bytes.is_empty(), "{}", f.filename);
        assert_eq!(Some(dl.bytes.len() as u64), f.size_bytes, "{}", f.filename);
    }

    // Cancel a second task.
    let t2 = ac::create_task(&conn, &agent.id, &body, &IdempotencyKey::new())
        .await
        .expect("second task");
    let cancelled = ac::cancel_task(&conn, &t2.id).await.expect("cancel");
    assert_eq!(cancelled.id, t2.id);
    assert_eq!(
        cancelled.status,
        agentdeck_wire::agentcontainer::TaskStatus::Cancelled
    );
}

#[wasm_bindgen_test]
async fn a_retried_create_never_makes_two() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let path = format!("/agents/{}/tasks", agent.id);
    let body = CreateTask {
        instructions: "Once only.".into(),
        ..Default::default()
    };

    // The first answer is cut off after the task was made: the retry (same key) gets the same task.
    set_fault("agentcontainer", &path, "truncate", 1).await;
    let task = ac::create_task(&conn, &agent.id, &body, &IdempotencyKey::new()).await;
    clear_fault().await;
    let task = task.expect("create retried past a truncated answer");

    // Two 503s before the server sees it.
    set_fault("agentcontainer", &path, "status=503", 2).await;
    let second = ac::create_task(&conn, &agent.id, &body, &IdempotencyKey::new()).await;
    clear_fault().await;
    let second = second.expect("create retried past 503s");

    let listed = ac::list_tasks(&conn, &agent.id, &ListTasksQuery::default())
        .await
        .expect("list");
    let mut ids: Vec<_> = listed.data.iter().map(|t| t.id.as_str()).collect();
    ids.sort();
    let mut want = vec![task.id.as_str(), second.id.as_str()];
    want.sort();
    assert_eq!(ids, want, "exactly one task per create");

    // A plain write is not retried: one 503 is the answer.
    set_fault("agentcontainer", "/repositories", "status=503", 1).await;
    let err = ac::create_repository(
        &conn,
        &CreateRepository {
            name: unique("repo"),
            url: "https://github.com/acme/x.git".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    clear_fault().await;
    assert_eq!(err.kind, ApiErrorKind::Server);
}

#[wasm_bindgen_test]
async fn conversations_messages_autonomy_and_wake() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let created = ac::create_conversation(
        &conn,
        &agent.id,
        &CreateConversation {
            instructions: "Chat.".into(),
            message: "Hello there".into(),
            ..Default::default()
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("create_conversation");
    let task_id = created.task.id.clone();
    assert_eq!(created.message.content, "Hello there");

    let reply = until_async("an assistant reply", || async {
        let page = ac::list_messages(&conn, &task_id, &ListMessagesQuery::default())
            .await
            .expect("list_messages");
        page.data
            .iter()
            .any(|m| m.role.as_str() == "assistant")
            .then_some(page)
    })
    .await;
    let roles: Vec<&str> = reply.data.iter().map(|m| m.role.as_str()).collect();
    assert_eq!(roles, ["user", "assistant"], "the message and its reply");

    // A conversation that has not ended accepts a message at once (local-api conversations.rs
    // `send`; it only refuses ended ones).
    let sent = ac::send_message(
        &conn,
        &task_id,
        &SendMessage {
            content: "And now?".into(),
            input_file_ids: None,
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("send_message");
    assert_eq!(sent.message.content, "And now?");

    let auto = ac::set_autonomous(&conn, &task_id, true)
        .await
        .expect("autonomous on");
    assert_eq!(auto.task.id, task_id);
    let events = ac::list_conversation_events(&conn, &task_id, &ListQuery::default())
        .await
        .expect("events");
    assert!(
        events
            .data
            .iter()
            .any(|e| e.kind.as_str().contains("autonomous")),
        "{:?}",
        events.data
    );
    ac::set_autonomous(&conn, &task_id, false)
        .await
        .expect("autonomous off");

    // A conversation never hibernates: waking it is refused plainly (local-api tasks.rs `wake`).
    // Waking a hibernating task: `a_hibernating_task_is_woken_and_resumes`.
    let err = ac::wake_task(
        &conn,
        &task_id,
        &WakeTask::ExternalWake,
        &IdempotencyKey::new(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Validation, "{err:?}");
    assert_eq!(err.status, Some(422));
    assert_eq!(
        err.message.as_deref(),
        Some("Only hibernating tasks can be woken")
    );

    // Repositories of the conversation.
    let repo = ac::create_repository(
        &conn,
        &CreateRepository {
            name: unique("conv-repo"),
            url: "https://github.com/acme/site.git".into(),
            ..Default::default()
        },
    )
    .await
    .expect("repository");
    let attached = ac::attach_conversation_repositories(
        &conn,
        &task_id,
        &AttachRepositories {
            repositories: vec![RepositoryLink {
                repository_id: repo.id.clone(),
                tag: "main".into(),
                mounting_point: "/workspace/site".into(),
                setup_script: None,
            }],
        },
    )
    .await
    .expect("attach to conversation");
    assert!(attached.iter().any(|r| r.repository.id == repo.id));
    let listed = ac::list_conversation_repositories(&conn, &task_id, &ListQuery::default())
        .await
        .expect("list");
    assert!(listed.data.iter().any(|r| r.repository.id == repo.id));
}

#[wasm_bindgen_test]
async fn a_hibernating_task_is_woken_and_resumes() {
    use agentdeck_wire::agentcontainer::TaskStatus;
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    // `#hibernate`: local-api (agentcontainer sim.rs `run_task`) hibernates the task once, after
    // its second step, until woken or until `hibernateUntilAt` (60 s of simulated time).
    let task = ac::create_task(
        &conn,
        &agent.id,
        &CreateTask {
            instructions: "Wait for the CI run #hibernate".into(),
            ..Default::default()
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("create_task");
    let asleep = until_async("the task to hibernate", || async {
        let t = ac::get_task(&conn, &task.id).await.expect("get_task");
        (t.status == TaskStatus::Hibernating).then_some(t)
    })
    .await;
    assert!(asleep.hibernate_until_at.is_some(), "{asleep:?}");

    let woken = ac::wake_task(
        &conn,
        &task.id,
        &WakeTask::ExternalWake,
        &IdempotencyKey::new(),
    )
    .await
    .expect("wake_task");
    assert_eq!(woken.id, task.id);
    assert_eq!(woken.status, TaskStatus::Running);
    assert!(woken.hibernate_until_at.is_none(), "{woken:?}");
    // Woken by this request, not by its time running out (sim.rs `wake` records the note).
    let events = ac::list_conversation_events(&conn, &task.id, &ListQuery::default())
        .await
        .expect("events");
    let kinds: Vec<&str> = events.data.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["hibernation_requested", "hibernation_woken"]);
    assert_eq!(events.data[1].message, "Woken by an external wake");

    // It resumes where it stopped and finishes.
    let done = wait_terminal(&conn, &task.id).await;
    assert_eq!(done.status, TaskStatus::Finished);
    assert!(done.result.is_some(), "{done:?}");
    // Awake, it cannot be woken again.
    let err = ac::wake_task(
        &conn,
        &task.id,
        &WakeTask::ExternalWake,
        &IdempotencyKey::new(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Validation, "{err:?}");
    assert_eq!(
        err.message.as_deref(),
        Some("Only hibernating tasks can be woken")
    );
}

#[wasm_bindgen_test]
async fn uploads_with_progress_and_reference_files() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let bytes: Vec<u8> = (0..250_000u32).map(|i| (i % 251) as u8).collect();
    let source = UploadSource::from_bytes("spec.bin", &bytes, "application/octet-stream").unwrap();
    let progress: Rc<RefCell<Vec<UploadProgress>>> = Rc::default();
    let on_progress = {
        let progress = progress.clone();
        Rc::new(move |p: UploadProgress| progress.borrow_mut().push(p))
    };
    let file = upload_agentcontainer_file(&conn, &source, on_progress)
        .await
        .expect("upload");
    assert_eq!(file.filename, "spec.bin");
    let seen = progress.borrow().clone();
    assert_eq!(seen.first(), Some(&UploadProgress::Preparing));
    assert!(seen.contains(&UploadProgress::Completing));
    assert_eq!(seen.last(), Some(&UploadProgress::Done));
    assert!(seen.iter().any(
        |p| matches!(p, UploadProgress::Sending { loaded, .. } if *loaded == bytes.len() as u64)
    ));

    let with_files = ac::attach_reference_files(
        &conn,
        &agent.id,
        &AttachReferenceFiles {
            file_ids: vec![file.id.clone()],
        },
    )
    .await
    .expect("attach reference files");
    assert_eq!(with_files.id, agent.id);
    let refs = ac::list_reference_files(&conn, &agent.id, &ListQuery::default())
        .await
        .expect("reference files");
    assert!(refs.data.iter().any(|f| f.id == file.id));

    // Empty files never leave the browser.
    let empty = UploadSource::from_bytes("empty.bin", b"", "").unwrap();
    let err = upload_agentcontainer_file(&conn, &empty, Rc::new(|_| {}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ApiErrorKind::Invalid);
}

#[wasm_bindgen_test]
async fn repositories_and_ssh_keys() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let key = ac::create_ssh_key(
        &conn,
        &CreateSshKey {
            name: unique("key"),
            description: Some("deploy".into()),
        },
    )
    .await
    .expect("ssh key");
    assert!(
        key.public_key.starts_with("ssh-ed25519 "),
        "{}",
        key.public_key
    );
    assert_eq!(
        ac::get_ssh_key(&conn, &key.id).await.expect("get key").id,
        key.id
    );
    let renamed = ac::update_ssh_key(
        &conn,
        &key.id,
        &UpdateSshKey {
            name: Some("renamed".into()),
            description: None,
        },
    )
    .await
    .expect("update key");
    assert_eq!(renamed.name, "renamed");
    let keys = ac::list_ssh_keys(
        &conn,
        &ListQuery {
            limit: Some(100),
            cursor: None,
        },
    )
    .await
    .expect("keys");
    assert!(keys.data.iter().any(|k| k.id == key.id));

    let repo = ac::create_repository(
        &conn,
        &CreateRepository {
            name: unique("repo"),
            url: "git@github.com:acme/private.git".into(),
            ..Default::default()
        },
    )
    .await
    .expect("repository");
    let repos = collect_all(
        |cursor| {
            let conn = conn.clone();
            async move {
                ac::list_repositories(
                    &conn,
                    &ListQuery {
                        limit: Some(50),
                        cursor,
                    },
                )
                .await
            }
        },
        10_000,
    )
    .await
    .expect("repositories");
    assert!(repos.iter().any(|r| r.id == repo.id));

    let with_key = ac::attach_ssh_key_repository(&conn, &key.id, &repo.id)
        .await
        .expect("attach key");
    assert_eq!(with_key.id, repo.id);
    let key_repos = ac::list_ssh_key_repositories(&conn, &key.id, &ListQuery::default())
        .await
        .expect("key repos");
    assert!(key_repos.data.iter().any(|r| r.id == repo.id));
    ac::detach_ssh_key_repository(&conn, &key.id, &repo.id)
        .await
        .expect("detach key");

    let agent2 = ac::attach_agent_repositories(
        &conn,
        &agent.id,
        &AttachRepositories {
            repositories: vec![RepositoryLink {
                repository_id: repo.id.clone(),
                tag: "main".into(),
                mounting_point: "/workspace/private".into(),
                setup_script: None,
            }],
        },
    )
    .await
    .expect("attach to agent");
    assert_eq!(agent2.id, agent.id);
    let agent_repos = ac::list_agent_repositories(&conn, &agent.id, &ListQuery::default())
        .await
        .expect("agent repos");
    assert!(agent_repos
        .data
        .iter()
        .any(|r| r.repository.id == repo.id && r.mounting_point == "/workspace/private"));
    ac::detach_agent_repository(&conn, &agent.id, &repo.id, "/workspace/private")
        .await
        .expect("detach");

    ac::delete_repository(&conn, &repo.id)
        .await
        .expect("delete repository");
    ac::delete_ssh_key(&conn, &key.id)
        .await
        .expect("delete key");
    assert_eq!(
        ac::get_ssh_key(&conn, &key.id).await.unwrap_err().kind,
        ApiErrorKind::NotFound
    );
}

#[wasm_bindgen_test]
async fn webhooks_and_deliveries() {
    let conn = agentcontainer();
    let created = ac::create_webhook(
        &conn,
        &CreateWebhook {
            url: "http://127.0.0.1:9/hook".into(),
            event_types: None,
        },
    )
    .await
    .expect("create webhook");
    assert!(created.secret.starts_with("whsec_"));
    let id = created.webhook.id.clone();
    assert_eq!(ac::get_webhook(&conn, &id).await.expect("get").id, id);
    let all = ac::list_webhooks(&conn).await.expect("list");
    assert!(all.data.iter().any(|w| w.id == id));
    let paused = ac::update_webhook(
        &conn,
        &id,
        &UpdateWebhook {
            is_active: Some(false),
            ..Default::default()
        },
    )
    .await
    .expect("update");
    assert!(!paused.is_active);
    ac::update_webhook(
        &conn,
        &id,
        &UpdateWebhook {
            is_active: Some(true),
            ..Default::default()
        },
    )
    .await
    .expect("re-enable");
    let delivery = ac::test_webhook(&conn, &id).await.expect("test delivery");
    let deliveries = until_async("the test delivery to be listed", || async {
        let list = ac::list_webhook_deliveries(
            &conn,
            &ListDeliveriesQuery {
                webhook_id: Some(id.clone()),
                limit: Some(10),
            },
        )
        .await
        .expect("list_webhook_deliveries");
        list.data
            .iter()
            .any(|d| d.id == delivery.id)
            .then_some(list)
    })
    .await;
    assert!(!deliveries.data.is_empty());
    let resent = ac::resend_webhook_delivery(&conn, &delivery.id)
        .await
        .expect("resend");
    assert!(!resent.id.is_empty());
    let rotated = ac::rotate_webhook_secret(&conn, &id).await.expect("rotate");
    assert_ne!(rotated.secret, created.secret);
    ac::delete_webhook(&conn, &id).await.expect("delete");
    assert_eq!(
        ac::get_webhook(&conn, &id).await.unwrap_err().kind,
        ApiErrorKind::NotFound
    );
}

#[wasm_bindgen_test]
async fn the_openapi_document() {
    let yaml = ac::get_openapi_yaml(&agentcontainer())
        .await
        .expect("openapi.yaml");
    assert!(yaml.contains("openapi"), "{}", &yaml[..yaml.len().min(200)]);
}

/// `POST /uploads/prepare` sent by hand, asking local-api for a PUT (S3-style) upload URL.
async fn prepare_put(
    conn: &AgentContainerConnection,
    name: &str,
    size: usize,
) -> agentdeck_wire::agentcontainer::PreparedUpload {
    let resp = gloo_net::http::Request::post(&format!("{}/uploads/prepare", conn.base_url))
        .header("Authorization", &format!("Bearer {}", conn.api_key))
        .header("x-local-api-upload-method", "PUT")
        .json(
            &serde_json::json!({"filename": name, "contentType": "text/plain", "sizeBytes": size}),
        )
        .unwrap()
        .send()
        .await
        .expect("prepare");
    assert_eq!(resp.status(), 201);
    resp.json().await.expect("PreparedUpload")
}

#[wasm_bindgen_test]
async fn the_put_upload_flow_and_a_refused_url() {
    let conn = agentcontainer();
    let bytes = b"hello from a PUT upload".to_vec();
    let source = UploadSource::from_bytes("put.txt", &bytes, "text/plain").unwrap();
    let prepared = prepare_put(&conn, "put.txt", bytes.len()).await;
    assert_eq!(prepared.method.as_str(), "PUT");
    let progress: Rc<RefCell<Vec<UploadProgress>>> = Rc::default();
    let on_progress = {
        let progress = progress.clone();
        Rc::new(move |p: UploadProgress| progress.borrow_mut().push(p))
    };
    let storage_id = send_to_prepared(&source, &prepared, on_progress.clone())
        .await
        .expect("PUT bytes");
    assert_eq!(storage_id, None, "no storageId for PUT");
    let file = complete_prepared(&conn, &prepared, storage_id, on_progress)
        .await
        .expect("complete");
    assert_eq!(file.filename, "put.txt");
    assert_eq!(progress.borrow().last(), Some(&UploadProgress::Done));

    // A URL whose signature does not match is refused like S3 does (403, XML body): typed, and
    // recognised as worth one fresh URL by the full flow.
    let mut tampered = prepare_put(&conn, "put.txt", bytes.len()).await;
    tampered.upload_url = tampered
        .upload_url
        .replace("X-Amz-Signature=", "X-Amz-Signature=00");
    let err = send_to_prepared(&source, &tampered, Rc::new(|_| {}))
        .await
        .unwrap_err();
    assert_eq!(err.status, Some(403));
    assert_eq!(err.kind, ApiErrorKind::Validation);
    assert!(err.user_message().contains("may have expired"), "{err}");
    assert!(
        !err.user_message().contains("<Error>"),
        "XML error bodies are not shown: {err:?}"
    );
    assert!(
        !format!("{err:?}").contains("X-Amz-Signature"),
        "the presigned URL stays out of errors"
    );
}
