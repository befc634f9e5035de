//! Wire values shared by the native tests of this folder.

use agentdeck_wire::agentcontainer::Task;

const TASK: &str = r#"{"mode":"conversation","id":"t1","agentId":"a1","agentName":"A","agentVersionId":"v1",
    "runtime":{"containerImage":"img","agentRuntime":"pi"},"status":"running","turnStatus":"running","turnNumber":1,
    "title":"T","instructions":"do","runtimeRegion":"any","overrides":{},"sessionTtlSeconds":600,
    "execution":{"provider":"anthropic","model":"m","weakModel":"w"},
    "skills":[],"metadata":{},"createdAt":"2026-03-25T09:30:00.000Z"}"#;

/// A conversation task with `status` and `turnStatus` (none when `turn` is `None`).
pub fn task(status: &str, turn: Option<&str>) -> Task {
    let mut v: serde_json::Value = serde_json::from_str(TASK).unwrap();
    v["status"] = status.into();
    v["turnStatus"] = turn.map(Into::into).unwrap_or(serde_json::Value::Null);
    serde_json::from_value(v).expect("task fixture")
}
