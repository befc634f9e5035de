//! Payloads of the live feed shared by the native tests of the feed model.

pub const TASK: &str = r#"{"mode":"conversation","id":"t1","agentId":"a1","agentName":"A","agentVersionId":"v1",
    "runtime":{"containerImage":"img","agentRuntime":"pi"},"status":"running","turnStatus":"running","turnNumber":1,
    "title":"T","instructions":"do","runtimeRegion":"any","overrides":{},
    "execution":{"provider":"anthropic","model":"m","weakModel":"w"},
    "skills":[],"metadata":{},"createdAt":"2026-03-25T09:30:00.000Z"}"#;
pub const MSG: &str = r#"{"id":"m1","turnNumber":1,"role":"user","status":"queued","content":"hi","files":[],"createdAt":"2026-03-25T09:30:00.000Z"}"#;
pub const EVT: &str = r#"{"id":"e1","kind":"session_expired","turnNumber":null,"message":"bye","metadata":{},"createdAt":"2026-03-25T09:30:00.000Z"}"#;
