//! The AgentContainer wire types against the shapes of shared/reference/agentcontainer-api-reference.txt.
//!
//! The reference renders schemas with placeholder values ("string", 123, true); the examples
//! below fill them with realistic values, keep every documented field, and check that a round
//! trip through our types keeps every field with its value.

use agentdeck_wire::agentcontainer::*;
use serde_json::{json, Value};

fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &Value) -> T {
    let typed: T = serde_json::from_value(example.clone()).expect("example parses");
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(&back, example, "round trip keeps every field");
    typed
}

fn version() -> Value {
    json!({
        "id": "ver_1", "number": 3,
        "runtime": {"containerImage": "ghcr.io/acme/agent:1", "agentRuntime": "pi"},
        "basePrompt": "You are careful.",
        "taskTitleInstructions": null,
        "skills": [{"skill": "mattpocock/skills/design-an-interface", "sshKeyId": null}],
        "defaults": {
            "provider": "anthropic", "hasProviderApiKey": false, "model": "claude-sonnet-4-5",
            "weakModel": null, "internetAccess": true, "maxRuntimeSeconds": 1800,
            "maxRuntimePerTurnSeconds": null, "sessionTtlSeconds": 900,
            "softFinishAfterSeconds": null, "hibernationEnabled": true,
            "maxTimePerHibernationCycle": null, "maxAccumulatedTime": null,
            "outputPolicy": {"mode": "named", "files": [{"name": "report.md", "description": "The report"}]},
            "runtimeRegion": "any"
        },
        "createdAt": "2026-03-25T09:30:00.000Z"
    })
}

fn task() -> Value {
    json!({
        "mode": "conversation", "id": "task_1", "agentId": "agt_1", "agentName": "Reviewer",
        "agentVersionId": "ver_1",
        "runtime": {"containerImage": "ghcr.io/acme/agent:1", "agentRuntime": "pi"},
        "status": "awaiting_input", "turnStatus": "awaiting_input", "turnNumber": 2,
        "sessionTtlSeconds": 900, "hibernateUntilAt": null, "title": "Review the PR",
        "instructions": "Review it.", "runtimeRegion": "eu",
        "overrides": {"mode": "conversation", "model": "claude-opus-4-1", "outputPolicy": {"mode": "any"}},
        "execution": {"provider": "anthropic", "model": "claude-opus-4-1", "weakModel": "claude-haiku-4-5"},
        "skills": [],
        "metadata": {"ticket": "ENG-12"},
        "createdAt": "2026-03-25T09:30:00.000Z", "startedAt": "2026-03-25T09:30:02.000Z",
        "completedAt": null, "result": null, "error": null, "costUsd": 0.0421,
        "containerMinutes": 1.5, "tokenUsage": {"inputTokens": 1200, "outputTokens": 300}
    })
}

fn message() -> Value {
    json!({
        "id": "msg_1", "turnNumber": 1, "role": "user", "status": "processed", "content": "Hi",
        "files": [{"id": "file_1", "filename": "a.txt", "contentType": "text/plain", "sizeBytes": 5, "createdAt": "2026-03-25T09:30:00.000Z"}],
        "tokenUsage": null, "costUsd": null, "createdAt": "2026-03-25T09:30:00.000Z"
    })
}

fn event() -> Value {
    json!({
        "id": "evt_1", "kind": "mode_switched_to_autonomous", "turnNumber": 2,
        "message": "Switched to autonomous mode", "metadata": {}, "createdAt": "2026-03-25T09:30:00.000Z"
    })
}

fn ssh_key() -> Value {
    json!({"id": "key_1", "name": "deploy", "description": null, "algorithm": "ed25519",
           "publicKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB deploy", "createdAt": "2026-03-25T09:30:00.000Z"})
}

fn repository() -> Value {
    json!({"id": "repo_1", "name": "site", "url": "git@github.com:acme/site.git", "isStandard": false,
           "postCloneScriptPath": null, "aliases": [{"name": "test", "target": "scripts/test.sh"}],
           "sshKeys": [ssh_key()], "createdAt": "2026-03-25T09:30:00.000Z"})
}

#[test]
fn account() {
    let a: Account = assert_round_trip(&json!({
        "id": "acct_1", "name": null, "email": "dev@example.com", "creditBalance": 12.5,
        "billingMode": "standard",
        "fileStorage": {"usedBytes": 10, "quotaBytes": 1000, "isEnforced": true},
        "checkpointStorage": {"usedBytes": 0, "quotaBytes": 1000, "isEnforced": false},
        "createdAt": "2026-03-25T09:30:00.000Z"
    }));
    assert_eq!(a.billing_mode, BillingMode::Standard);
    assert_eq!(a.credit_balance, 12.5);
}

#[test]
fn agent_and_versions() {
    let v = version();
    let ver: AgentVersion = assert_round_trip(&v);
    assert_eq!(ver.defaults.output_policy.mode, OutputPolicyMode::Named);
    let agent = json!({"id": "agt_1", "name": "Reviewer", "description": null, "isStandard": true,
        "archivedAt": null, "currentVersion": v, "createdAt": "2026-03-25T09:30:00.000Z"});
    let a: Agent = assert_round_trip(&agent);
    assert!(a.is_standard);
    let page: Page<Agent> = assert_round_trip(
        &json!({"data": [agent], "pageInfo": {"hasMore": true, "nextCursor": "c2"}}),
    );
    assert_eq!(page.page_info.next_cursor.as_deref(), Some("c2"));
    let _: Page<AgentVersion> = assert_round_trip(
        &json!({"data": [version()], "pageInfo": {"hasMore": false, "nextCursor": null}}),
    );
}

#[test]
fn tasks_messages_events() {
    let t: Task = assert_round_trip(&task());
    assert_eq!(t.status, TaskStatus::AwaitingInput);
    assert_eq!(t.turn_status, Some(TurnStatus::AwaitingInput));
    assert!(!t.status.is_terminal());
    let m: TaskMessage = assert_round_trip(&message());
    assert_eq!(m.role, MessageRole::User);
    let e: TaskEvent = assert_round_trip(&event());
    assert_eq!(e.kind, TaskEventKind::ModeSwitchedToAutonomous);
    let _: CreateConversationResponse =
        assert_round_trip(&json!({"task": task(), "message": message()}));
    let _: SendMessageResponse = assert_round_trip(&json!({"task": task(), "message": message()}));
    let _: AutonomousResponse = assert_round_trip(&json!({"task": task(), "event": event()}));
    let _: AutonomousResponse = assert_round_trip(&json!({"task": task(), "event": null}));
    let _: TaskFile = assert_round_trip(
        &json!({"id": "f", "filename": "report.md", "contentType": null,
        "sizeBytes": null, "createdAt": "2026-03-25T09:30:00.000Z", "outputName": "report.md"}),
    );
    let l: TaskLogEntry = assert_round_trip(&json!({"attemptNumber": 1, "source": "agent_stderr",
        "message": "warn", "createdAt": "2026-03-25T09:30:00.000Z"}));
    assert_eq!(l.source, LogSource::AgentStderr);
}

#[test]
fn unknown_states_are_kept() {
    let mut t = task();
    t["status"] = json!("teleporting");
    let t: Task = serde_json::from_value(t).unwrap();
    assert_eq!(t.status.as_str(), "teleporting");
    assert!(t.status.is_unknown());
}

#[test]
fn repositories_keys_webhooks_uploads() {
    let _: SshKey = assert_round_trip(&ssh_key());
    let _: Repository = assert_round_trip(&repository());
    let mut attached = repository();
    attached["tag"] = json!("main");
    attached["mountingPoint"] = json!("/workspace/site");
    attached["setupScript"] = json!(null);
    let a: AttachedRepository = assert_round_trip(&attached);
    assert_eq!(a.repository.name, "site");
    let _: Vec<AttachedRepository> = assert_round_trip(&json!([attached]));
    let hook = json!({"id": "wh_1", "url": "http://127.0.0.1:9/hook", "eventTypes": ["task.created", "task.finished"],
        "isActive": true, "secretPrefix": "whsec_ab", "createdAt": "2026-03-25T09:30:00.000Z", "updatedAt": null});
    let w: Webhook = assert_round_trip(&hook);
    assert_eq!(w.event_types[1], WebhookEventType::TaskFinished);
    let _: WebhookWithSecret = assert_round_trip(&json!({"webhook": hook, "secret": "whsec_abc"}));
    let _: DataList<Webhook> = assert_round_trip(&json!({"data": [hook]}));
    let _: WebhookDelivery = assert_round_trip(
        &json!({"id": "d1", "webhookId": "wh_1", "webhookUrl": "http://127.0.0.1:9/hook",
        "eventId": "e1", "eventType": "webhook.test", "taskId": null, "status": "delivered", "attemptCount": 1,
        "retryCount": 0, "lastStatusCode": 200, "lastError": null, "createdAt": "2026-03-25T09:30:00.000Z",
        "deliveredAt": "2026-03-25T09:30:01.000Z", "nextRetryAt": null}),
    );
    let p: PreparedUpload = assert_round_trip(
        &json!({"uploadId": "up_1", "uploadUrl": "http://127.0.0.1:1/u",
        "method": "PUT", "headers": {"Content-Type": "text/plain"}, "expiresAt": "2026-03-25T09:45:00.000Z"}),
    );
    assert_eq!(p.method, UploadMethod::Put);
}

#[test]
fn request_bodies_leave_unset_fields_out() {
    let c = CreateTask {
        instructions: "Do it".into(),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&c).unwrap(),
        json!({"instructions": "Do it"})
    );
    let w: WakeTask = serde_json::from_value(json!({"kind": "external_wake"})).unwrap();
    assert_eq!(w, WakeTask::ExternalWake);
    assert_eq!(
        serde_json::to_value(WakeTask::Message {
            message: "go".into()
        })
        .unwrap(),
        json!({"kind": "message", "message": "go"})
    );
    let u: UpdateAgent = serde_json::from_value(json!({"taskTitleInstructions": null})).unwrap();
    assert_eq!(u.task_title_instructions, Some(None));
    let u: UpdateAgent = serde_json::from_value(json!({"name": "x"})).unwrap();
    assert_eq!(u.task_title_instructions, None);
    let q = ListEventsQuery {
        stream: Some(true),
        api_key: Some("k".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&q).unwrap(),
        json!({"stream": true, "apiKey": "k"})
    );
    let create: CreateAgent = serde_json::from_value(json!({
        "name": "A", "runtime": {"containerImage": "img", "agentRuntime": "pi"}, "basePrompt": "p",
        "defaults": {"model": "m", "internetAccess": false, "maxRuntimeSeconds": 60,
                     "outputPolicy": {"mode": "none"}, "runtimeRegion": "eu"}
    }))
    .unwrap();
    assert_eq!(create.defaults.runtime_region, RuntimeRegion::Eu);
}

#[test]
fn errors() {
    let e: ErrorBody = assert_round_trip(
        &json!({"error": {"code": "not_found", "message": "No such agent", "agentId": "x"}}),
    );
    assert_eq!(e.error.extra["agentId"], "x");
    assert_eq!(
        serde_json::to_value(ErrorBody::new("c", "m")).unwrap(),
        json!({"error": {"code": "c", "message": "m"}})
    );
}

#[test]
fn feed_items_are_classified_by_shape() {
    assert!(matches!(classify(&task()), FeedItem::Task(_)));
    assert!(matches!(classify(&message()), FeedItem::Message(_)));
    assert!(matches!(classify(&event()), FeedItem::Event(_)));
    assert!(matches!(
        classify(&json!({"task": task()})),
        FeedItem::Task(_)
    ));
    assert!(matches!(
        classify(&json!({"ping": 1})),
        FeedItem::Unknown(_)
    ));
    assert!(matches!(classify(&json!([1, 2])), FeedItem::Unknown(_)));
    assert!(matches!(
        classify(&json!({"status": "x", "agentId": 3})),
        FeedItem::Unknown(_)
    ));
    assert!(matches!(classify_str("not json"), FeedItem::Unknown(_)));
    assert_eq!(classify(&message()).id(), Some("msg_1"));
    let mut e = event();
    e["kind"] = json!("brand_new_kind");
    match classify(&e) {
        FeedItem::Event(e) => assert!(e.kind.is_unknown()),
        other => panic!("{other:?}"),
    }
}
