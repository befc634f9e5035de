//! `GET /api/v1/openapi.yaml`: an OpenAPI 3.1 document of what local-api implements, built from
//! the same route table as the router. It is written as JSON, which is valid YAML 1.2.

use axum::http::header;
use axum::response::IntoResponse;
use serde_json::{json, Map, Value};

/// (method, path, tag, summary, success status)
pub const ROUTES: &[(&str, &str, &str, &str, u16)] = &[
    ("get", "/api/v1/account", "Account", "Get account", 200),
    ("get", "/api/v1/agents", "Agents", "List agents", 200),
    ("post", "/api/v1/agents", "Agents", "Create agent", 201),
    (
        "get",
        "/api/v1/agents/{agentId}",
        "Agents",
        "Get agent",
        200,
    ),
    (
        "patch",
        "/api/v1/agents/{agentId}",
        "Agents",
        "Update agent (execution changes create a new version)",
        200,
    ),
    (
        "delete",
        "/api/v1/agents/{agentId}",
        "Agents",
        "Archive agent",
        204,
    ),
    (
        "post",
        "/api/v1/agents/{agentId}/fork",
        "Agents",
        "Fork a standard agent",
        201,
    ),
    (
        "get",
        "/api/v1/agents/{agentId}/versions",
        "Agents",
        "List agent versions",
        200,
    ),
    (
        "get",
        "/api/v1/agents/{agentId}/versions/{versionId}",
        "Agents",
        "Get agent version",
        200,
    ),
    (
        "post",
        "/api/v1/agents/{agentId}/conversations",
        "Conversations",
        "Create conversation",
        201,
    ),
    (
        "post",
        "/api/v1/conversations/{taskId}/autonomous",
        "Conversations",
        "Toggle conversation autonomous mode",
        200,
    ),
    (
        "get",
        "/api/v1/conversations/{taskId}/events",
        "Conversations",
        "List conversation events, or stream=true for the live SSE feed",
        200,
    ),
    (
        "get",
        "/api/v1/conversations/{taskId}/messages",
        "Conversations",
        "List conversation messages",
        200,
    ),
    (
        "post",
        "/api/v1/conversations/{taskId}/messages",
        "Conversations",
        "Send conversation message",
        200,
    ),
    (
        "get",
        "/api/v1/agents/{agentId}/reference-files",
        "Files",
        "List reference files for current agent version",
        200,
    ),
    (
        "post",
        "/api/v1/agents/{agentId}/reference-files",
        "Files",
        "Attach reference files to agent (new version)",
        200,
    ),
    (
        "post",
        "/api/v1/uploads/complete",
        "Files",
        "Complete file upload",
        201,
    ),
    (
        "post",
        "/api/v1/uploads/prepare",
        "Files",
        "Prepare file upload",
        201,
    ),
    (
        "get",
        "/api/v1/agents/{agentId}/repositories",
        "Repositories",
        "List repositories for current agent version",
        200,
    ),
    (
        "post",
        "/api/v1/agents/{agentId}/repositories",
        "Repositories",
        "Attach repositories to agent (new version)",
        200,
    ),
    (
        "delete",
        "/api/v1/agents/{agentId}/repositories/{repositoryId}",
        "Repositories",
        "Detach repository from agent",
        204,
    ),
    (
        "get",
        "/api/v1/conversations/{taskId}/repositories",
        "Repositories",
        "List conversation repositories",
        200,
    ),
    (
        "post",
        "/api/v1/conversations/{taskId}/repositories",
        "Repositories",
        "Attach repositories to conversation",
        201,
    ),
    (
        "get",
        "/api/v1/repositories",
        "Repositories",
        "List repositories",
        200,
    ),
    (
        "post",
        "/api/v1/repositories",
        "Repositories",
        "Create repository",
        201,
    ),
    (
        "delete",
        "/api/v1/repositories/{repositoryId}",
        "Repositories",
        "Delete repository",
        204,
    ),
    ("get", "/api/v1/ssh-keys", "SSH Keys", "List SSH keys", 200),
    (
        "post",
        "/api/v1/ssh-keys",
        "SSH Keys",
        "Create SSH key (Ed25519, generated on the server)",
        201,
    ),
    (
        "get",
        "/api/v1/ssh-keys/{sshKeyId}",
        "SSH Keys",
        "Get SSH key",
        200,
    ),
    (
        "patch",
        "/api/v1/ssh-keys/{sshKeyId}",
        "SSH Keys",
        "Update SSH key",
        200,
    ),
    (
        "delete",
        "/api/v1/ssh-keys/{sshKeyId}",
        "SSH Keys",
        "Delete SSH key",
        204,
    ),
    (
        "get",
        "/api/v1/ssh-keys/{sshKeyId}/repositories",
        "SSH Keys",
        "List repositories attached to SSH key",
        200,
    ),
    (
        "post",
        "/api/v1/ssh-keys/{sshKeyId}/repositories",
        "SSH Keys",
        "Attach SSH key to repository",
        200,
    ),
    (
        "delete",
        "/api/v1/ssh-keys/{sshKeyId}/repositories/{repositoryId}",
        "SSH Keys",
        "Remove SSH key from repository",
        204,
    ),
    (
        "get",
        "/api/v1/agents/{agentId}/tasks",
        "Tasks",
        "List tasks for agent",
        200,
    ),
    (
        "post",
        "/api/v1/agents/{agentId}/tasks",
        "Tasks",
        "Dispatch task",
        201,
    ),
    ("get", "/api/v1/tasks/{taskId}", "Tasks", "Get task", 200),
    (
        "post",
        "/api/v1/tasks/{taskId}/cancel",
        "Tasks",
        "Cancel task",
        200,
    ),
    (
        "get",
        "/api/v1/tasks/{taskId}/files",
        "Tasks",
        "List task output files",
        200,
    ),
    (
        "get",
        "/api/v1/tasks/{taskId}/files/{fileId}",
        "Tasks",
        "Download task file",
        200,
    ),
    (
        "get",
        "/api/v1/tasks/{taskId}/logs",
        "Tasks",
        "List task logs (newest first)",
        200,
    ),
    (
        "post",
        "/api/v1/tasks/{taskId}/wake",
        "Tasks",
        "Wake a hibernating autonomous task",
        200,
    ),
    (
        "get",
        "/api/v1/openapi.yaml",
        "Other",
        "Raw OpenAPI spec",
        200,
    ),
    (
        "get",
        "/api/v1/webhook-deliveries",
        "Webhooks",
        "List recent webhook deliveries",
        200,
    ),
    (
        "post",
        "/api/v1/webhook-deliveries/{deliveryId}/resend",
        "Webhooks",
        "Resend webhook delivery",
        200,
    ),
    ("get", "/api/v1/webhooks", "Webhooks", "List webhooks", 200),
    (
        "post",
        "/api/v1/webhooks",
        "Webhooks",
        "Create webhook",
        201,
    ),
    (
        "get",
        "/api/v1/webhooks/{webhookId}",
        "Webhooks",
        "Get webhook",
        200,
    ),
    (
        "patch",
        "/api/v1/webhooks/{webhookId}",
        "Webhooks",
        "Update webhook",
        200,
    ),
    (
        "delete",
        "/api/v1/webhooks/{webhookId}",
        "Webhooks",
        "Delete webhook",
        204,
    ),
    (
        "post",
        "/api/v1/webhooks/{webhookId}/rotate-secret",
        "Webhooks",
        "Rotate webhook secret",
        200,
    ),
    (
        "post",
        "/api/v1/webhooks/{webhookId}/test",
        "Webhooks",
        "Send test webhook",
        200,
    ),
];

const SSE: &str = "With stream=true the answer is text/event-stream. Events (local-api's names; the \
real service does not publish its names, so classify payloads by shape): `task` (a Task, sent first \
with the current state and after every change), `message` (a TaskMessage, created or updated), \
`event` (a TaskEvent). Every event has an `id:`; reconnect with the Last-Event-ID header (or \
lastEventId query) to resume after it. The first event carries `retry: 2000`. Authenticate with the \
Authorization header or the apiKey query parameter.";

pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, tag, summary, status) in ROUTES {
        let mut params: Vec<Value> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|p| json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if *path == "/api/v1/conversations/{taskId}/events" {
            for (n, t) in [
                ("limit", "integer"),
                ("cursor", "string"),
                ("stream", "boolean"),
                ("apiKey", "string"),
            ] {
                params.push(json!({"name": n, "in": "query", "schema": {"type": t}}));
            }
        }
        let mut responses = Map::new();
        responses.insert(status.to_string(), json!({"description": summary}));
        if *path != "/api/v1/openapi.yaml" {
            responses.insert(
                "401".into(),
                json!({"$ref": "#/components/responses/Error"}),
            );
            responses.insert(
                "404".into(),
                json!({"$ref": "#/components/responses/Error"}),
            );
            responses.insert(
                "422".into(),
                json!({"$ref": "#/components/responses/Error"}),
            );
        }
        if path.ends_with("/tasks") && *method == "post" || path.ends_with("/conversations") {
            responses.insert(
                "402".into(),
                json!({"$ref": "#/components/responses/Error"}),
            );
        }
        let mut op = json!({"tags": [tag], "summary": summary, "parameters": params, "responses": responses});
        if path.ends_with("/events") {
            op["description"] = json!(SSE);
            op["x-sse-events"] = json!(["task", "message", "event"]);
        }
        if *path != "/api/v1/openapi.yaml" {
            op["security"] = json!([{"bearerAuth": []}]);
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "AgentContainer API (local-api)",
            "version": "0.2.0",
            "description": "The local implementation of the AgentContainer API served by agentdeck's local-api, with simulated agents."
        },
        "servers": [{"url": "/", "description": "local-api"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "API key"}},
            "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}},
            "schemas": {"ErrorResponse": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}, "additionalProperties": true}}}}
        }
    })
}

pub async fn serve() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/yaml")],
        serde_json::to_string_pretty(&document()).unwrap_or_default(),
    )
}
