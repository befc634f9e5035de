//! The Netlify wire types against the real responses in shared/reference (copied to fixtures/).

use agentdeck_wire::netlify::*;
use serde_json::Value;

const LIST: &str = include_str!("fixtures/netlify/list_runners.json");
const GET: &str = include_str!("fixtures/netlify/get_runner.json");
const SESSIONS: &str = include_str!("fixtures/netlify/list_sessions.json");

/// Every key of the reference object must come back, with the same value, after a round trip
/// through our type: nothing is dropped or renamed.
fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &Value) {
    let typed: T = serde_json::from_value(example.clone()).expect("example parses");
    let back = serde_json::to_value(&typed).unwrap();
    for (key, want) in example.as_object().unwrap() {
        assert_eq!(back.get(key), Some(want), "field {key}");
    }
}

#[test]
fn every_listed_runner_parses_field_by_field() {
    let list: Vec<Value> = serde_json::from_str(LIST).unwrap();
    assert_eq!(list.len(), 3);
    for r in &list {
        assert_round_trip::<AgentRunner>(r);
    }
    let runners: Vec<AgentRunner> = serde_json::from_str(LIST).unwrap();
    assert_eq!(runners[0].state, RunnerState::Running);
    assert_eq!(
        runners[0].current_task.as_deref(),
        Some("Run `git add src/pages/admin/ResearchAdminPage.tsx`")
    );
    assert_eq!(runners[0].latest_session_state, Some(SessionState::Running));
    assert!(runners[0].active_session_created_at.is_some());
    assert_eq!(
        runners[1].latest_session_deploy_url.as_deref(),
        Some("https://agent-{RUNNER_ID}--{SITE_NAME}.netlify.app")
    );
    assert_eq!(runners[2].pr_state, Some(PrState::Open));
    assert_eq!(runners[2].pr_number, Some(2));
    assert_eq!(
        runners[2].user.as_ref().unwrap().full_name.as_deref(),
        Some("Example User")
    );
    assert_eq!(runners[2].contributors.len(), 1);
    assert_eq!(runners[0].created_at.unix_millis(), Some(1_769_261_087_547));
}

#[test]
fn single_runner_parses_field_by_field() {
    let v: Value = serde_json::from_str(GET).unwrap();
    assert_round_trip::<AgentRunner>(&v);
    let r: AgentRunner = serde_json::from_value(v).unwrap();
    assert_eq!(r.state, RunnerState::Done);
    assert_eq!(
        r.attached_file_keys,
        vec!["user-uploaded-content/{ACCOUNT_ID}/{UUID}/screenshot.png"]
    );
}

#[test]
fn sessions_parse_field_by_field_with_and_without_step_ids() {
    let list: Vec<Value> = serde_json::from_str(SESSIONS).unwrap();
    for s in &list {
        assert_round_trip::<Session>(s);
    }
    let sessions: Vec<Session> = serde_json::from_str(SESSIONS).unwrap();
    let s = &sessions[0];
    assert_eq!(s.state, SessionState::Done);
    assert_eq!(s.duration_ms(), Some(255706.0));
    assert_eq!(
        s.agent_config.as_ref().unwrap().agent,
        Some(AgentKind::Gemini)
    );
    assert_eq!(s.steps.len(), 5);
    assert_eq!(s.steps[0].id, None);
    assert_eq!(s.steps[0].title.as_deref(), Some("Configuring environment"));
    assert_eq!(s.steps[1].id, Some(StepId::Number(0)));
    assert_eq!(s.steps[1].title, None);
    assert!(s.steps[3].message.as_deref().unwrap().starts_with("```"));
}

#[test]
fn documented_capitals_and_unknown_states_still_parse() {
    let mut v: Value = serde_json::from_str(GET).unwrap();
    v["state"] = "RUNNING".into();
    v["pr_state"] = "MERGED".into();
    v["latest_session_state"] = "paused_for_review".into();
    let r: AgentRunner = serde_json::from_value(v).unwrap();
    assert_eq!(r.state, RunnerState::Running);
    assert_eq!(r.pr_state, Some(PrState::Merged));
    assert_eq!(
        r.latest_session_state,
        Some(SessionState::Unknown("paused_for_review".into()))
    );
}

#[test]
fn minimal_and_newer_shapes_parse() {
    let minimal = r#"{"id":"r","site_id":"s","state":"new","created_at":"x","updated_at":"y"}"#;
    let r: AgentRunner = serde_json::from_str(minimal).unwrap();
    assert!(r.contributors.is_empty() && r.user.is_none() && !r.has_result_diff);
    let newer = r#"{"id":"s1","agent_runner_id":"r","state":"running","created_at":"x","updated_at":"y",
        "mode":"ask","current_task":"Reading","usage":{"input_tokens":10,"output_tokens":5,"credits_cost":0.5,"cache":1},
        "steps":[{"id":"abc","title":"t"}],"credit_limit_exceeded":true}"#;
    let s: Session = serde_json::from_str(newer).unwrap();
    assert_eq!(s.mode, Some(SessionMode::Ask));
    assert_eq!(s.steps[0].id, Some(StepId::Text("abc".into())));
    let usage = s.usage.unwrap();
    assert_eq!(
        (usage.input_tokens, usage.credits_cost),
        (Some(10), Some(0.5))
    );
    assert_eq!(usage.extra.get("cache"), Some(&Value::from(1)));
}

#[test]
fn list_query_writes_only_what_is_set() {
    let q = ListRunnersQuery {
        site_id: Some("site".into()),
        account_id: Some("acc".into()),
        state: Some(StateFilter::Live),
        title: Some(String::new()),
        page: Some(2),
        ..Default::default()
    };
    let pairs = q.to_pairs();
    assert_eq!(
        pairs,
        vec![
            ("account_id", "acc".into()),
            ("site_id", "site".into()),
            ("page", "2".into()),
            ("state", "live".into())
        ]
    );
}

#[test]
fn attachment_types_follow_the_reference_list() {
    assert_eq!(
        attachment_content_type("Screen Shot.PNG"),
        Some("image/png")
    );
    assert_eq!(attachment_content_type("notes.md"), Some("text/markdown"));
    assert_eq!(
        attachment_content_type("report.pdf"),
        Some("application/pdf")
    );
    for bad in ["binary.exe", "archive.zip", "noext", "trailingdot.", ".env"] {
        assert_eq!(attachment_content_type(bad), None, "{bad}");
    }
    assert_eq!(ALLOWED_ATTACHMENT_TYPES.len(), 27);
}

#[test]
fn netlify_run_page_url_encodes_segments() {
    assert_eq!(
        netlify_run_page_url("my site", "r/1"),
        "https://app.netlify.com/projects/my%20site/agent-runs/r%2F1"
    );
}
