//! AgentContainer conversations: answers, awaiting input, autonomous switch, TTL expiry,
//! messages order, repositories, and the SSE live feed with resume.

mod common;
use common::*;
use serde_json::{json, Value};

async fn conv(r: &local_api::Running, agent: &str, extra: Value) -> Value {
    let mut body =
        json!({"instructions": "Plan the sale page", "message": "What sections do we need?"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let resp = ac(
        r,
        "POST",
        &format!("/agents/{agent}/conversations"),
        Some(body),
    )
    .await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    resp.json()
}

async fn wait_status(r: &local_api::Running, id: &str, s: &str) -> Value {
    wait_for(20, || async {
        let t = ac(r, "GET", &format!("/tasks/{id}"), None).await.json();
        (t["status"] == s).then_some(t)
    })
    .await
}

#[tokio::test]
async fn a_conversation_answers_and_waits_for_input() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/agents/{agent}/conversations"),
            Some(json!({"instructions": "x", "message": ""}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "POST",
            "/agents/agt_nope/conversations",
            Some(json!({"instructions": "x", "message": "y"}))
        )
        .await
        .status,
        404
    );
    let c = conv(&r, &agent, json!({})).await;
    let _: agentdeck_wire::agentcontainer::CreateConversationResponse =
        serde_json::from_value(c.clone()).unwrap();
    assert_eq!(c["task"]["mode"], "conversation");
    assert_eq!(c["message"]["role"], "user");
    assert_eq!(c["message"]["status"], "queued");
    assert_eq!(c["message"]["turnNumber"], 1);
    let id = c["task"]["id"].as_str().unwrap().to_string();
    let waiting = wait_status(&r, &id, "awaiting_input").await;
    assert_eq!(waiting["turnStatus"], "awaiting_input");
    let msgs = ac(&r, "GET", &format!("/conversations/{id}/messages"), None)
        .await
        .json();
    let msgs = msgs["data"].as_array().unwrap();
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0]["status"], "processed");
    assert_eq!(msgs[1]["role"], "assistant");
    assert!(msgs[1]["content"].as_str().unwrap().contains("```"));

    let sent = ac_h(
        &r,
        "POST",
        &format!("/conversations/{id}/messages"),
        &[("idempotency-key", "m1")],
        Some(json!({"content": "Add a countdown"})),
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.text());
    let sent = sent.json();
    assert_eq!(sent["message"]["turnNumber"], 2);
    assert_eq!(sent["task"]["turnNumber"], 2);
    let dup = ac_h(
        &r,
        "POST",
        &format!("/conversations/{id}/messages"),
        &[("idempotency-key", "m1")],
        Some(json!({"content": "Add a countdown"})),
    )
    .await;
    assert_eq!(dup.json()["message"]["id"], sent["message"]["id"]);
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/conversations/{id}/messages"),
            Some(json!({"content": ""}))
        )
        .await
        .status,
        422
    );
    wait_for(20, || async {
        let m = ac(&r, "GET", &format!("/conversations/{id}/messages"), None)
            .await
            .json();
        (m["data"].as_array().unwrap().len() == 4).then_some(())
    })
    .await;
    // desc: latest page first, oldest-first within the page.
    let desc = ac(
        &r,
        "GET",
        &format!("/conversations/{id}/messages?order=desc&limit=2"),
        None,
    )
    .await
    .json();
    let d = desc["data"].as_array().unwrap();
    assert_eq!(d[0]["turnNumber"], 2);
    assert_eq!(d[0]["role"], "user");
    assert_eq!(d[1]["role"], "assistant");
    assert_eq!(desc["pageInfo"]["hasMore"], true);
    let older = ac(
        &r,
        "GET",
        &format!(
            "/conversations/{id}/messages?order=desc&limit=2&cursor={}",
            desc["pageInfo"]["nextCursor"].as_str().unwrap()
        ),
        None,
    )
    .await
    .json();
    assert_eq!(older["data"][0]["turnNumber"], 1);
    assert_eq!(
        ac(&r, "GET", "/conversations/task_nope/messages", None)
            .await
            .status,
        404
    );
    // An autonomous task is not a conversation.
    let t = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(json!({"instructions": "x"})),
    )
    .await
    .json();
    assert_eq!(
        ac(
            &r,
            "GET",
            &format!("/conversations/{}/messages", t["id"].as_str().unwrap()),
            None
        )
        .await
        .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn autonomous_switch_and_ttl_expiry() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    let c = conv(&r, &agent, json!({})).await;
    let id = c["task"]["id"].as_str().unwrap().to_string();
    wait_status(&r, &id, "awaiting_input").await;
    let off = ac(
        &r,
        "POST",
        &format!("/conversations/{id}/autonomous"),
        Some(json!({"enabled": false})),
    )
    .await
    .json();
    assert!(off["event"].is_null(), "no change, no event");
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/conversations/{id}/autonomous"),
            Some(json!({}))
        )
        .await
        .status,
        422
    );
    let on = ac(
        &r,
        "POST",
        &format!("/conversations/{id}/autonomous"),
        Some(json!({"enabled": true})),
    )
    .await;
    assert_eq!(on.status, 200);
    let on = on.json();
    assert_eq!(on["event"]["kind"], "mode_switched_to_autonomous");
    assert_eq!(on["task"]["turnStatus"], "autonomous");
    let done = wait_status(&r, &id, "finished").await;
    assert!(done["result"].is_string());
    let events = ac(&r, "GET", &format!("/conversations/{id}/events"), None)
        .await
        .json();
    assert_eq!(events["data"][0]["kind"], "mode_switched_to_autonomous");
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/conversations/{id}/autonomous"),
            Some(json!({"enabled": false}))
        )
        .await
        .status,
        422
    );

    // A 1-second TTL (20x speed) expires the idle conversation.
    let c = conv(&r, &agent, json!({"overrides": {"sessionTtlSeconds": 1}})).await;
    let id = c["task"]["id"].as_str().unwrap().to_string();
    assert_eq!(c["task"]["sessionTtlSeconds"], 1);
    let expired = wait_status(&r, &id, "expired").await;
    assert!(expired["completedAt"].is_string());
    let events = ac(&r, "GET", &format!("/conversations/{id}/events"), None)
        .await
        .json();
    assert!(events["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "session_expired"));
    let late = ac(
        &r,
        "POST",
        &format!("/conversations/{id}/messages"),
        Some(json!({"content": "hello?"})),
    )
    .await;
    assert_eq!(late.status, 422);

    // Switching back to conversation mode.
    let c = conv(&r, &agent, json!({})).await;
    let id = c["task"]["id"].as_str().unwrap().to_string();
    wait_status(&r, &id, "awaiting_input").await;
    let sent = ac(
        &r,
        "POST",
        &format!("/conversations/{id}/autonomous"),
        Some(json!({"enabled": true})),
    )
    .await
    .json();
    assert_eq!(sent["event"]["kind"], "mode_switched_to_autonomous");
    let back = ac(
        &r,
        "POST",
        &format!("/conversations/{id}/autonomous"),
        Some(json!({"enabled": false})),
    )
    .await
    .json();
    if back["task"]["status"] != "finished" {
        assert_eq!(back["event"]["kind"], "mode_switched_to_conversation");
    }
    r.stop().await;
}

#[tokio::test]
async fn conversation_repositories() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    let c = conv(&r, &agent, json!({})).await;
    let id = c["task"]["id"].as_str().unwrap().to_string();
    let repo = ac(
        &r,
        "POST",
        "/repositories",
        Some(json!({"name": "docs", "url": "https://github.com/acme/docs.git"})),
    )
    .await
    .json();
    let link = json!({"repositories": [{"repositoryId": repo["id"], "tag": "v2", "mountingPoint": "/workspace/docs"}]});
    let a = ac(
        &r,
        "POST",
        &format!("/conversations/{id}/repositories"),
        Some(link),
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text());
    assert_eq!(a.json()[0]["tag"], "v2");
    let l = ac(
        &r,
        "GET",
        &format!("/conversations/{id}/repositories"),
        None,
    )
    .await
    .json();
    assert_eq!(l["data"][0]["mountingPoint"], "/workspace/docs");
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/conversations/{id}/repositories"),
            Some(json!({"repositories": []}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(&r, "GET", "/conversations/task_nope/repositories", None)
            .await
            .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn live_feed_streams_and_resumes() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    let c = conv(&r, &agent, json!({})).await;
    let id = c["task"]["id"].as_str().unwrap().to_string();
    let url = format!(
        "{}/conversations/{id}/events?stream=true",
        r.agentcontainer_url
    );
    // Auth: header, or apiKey query; nothing -> 401.
    let none = call("GET", &url, &[], None).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["error"]["code"], "unauthorized");
    let mut s = sse_connect(&format!("{url}&apiKey={KEY}"), &[]).await;
    assert_eq!(s.status, 200);
    assert!(s
        .content_type
        .as_deref()
        .unwrap()
        .starts_with("text/event-stream"));
    let first = s.next(10).await.unwrap();
    assert_eq!(first.event.as_deref(), Some("task"));
    assert_eq!(first.retry, Some(2000));
    assert!(matches!(
        agentdeck_wire::agentcontainer::classify_str(&first.data),
        agentdeck_wire::agentcontainer::FeedItem::Task(_)
    ));
    let reply = s
        .until(20, |e| {
            e.event.as_deref() == Some("message")
                && serde_json::from_str::<Value>(&e.data).unwrap()["role"] == "assistant"
        })
        .await;
    let reply_id = reply.id.clone().unwrap();
    let waiting = s
        .until(20, |e| {
            e.event.as_deref() == Some("task")
                && serde_json::from_str::<Value>(&e.data).unwrap()["status"] == "awaiting_input"
        })
        .await;
    assert!(waiting.id.unwrap().parse::<u64>().unwrap() > reply_id.parse::<u64>().unwrap());
    drop(s);

    // Resume after the reply: the next events are the ones after it, in order, without it.
    let auth = format!("Bearer {KEY}");
    let mut resumed = sse_connect(
        &url,
        &[("authorization", &auth), ("last-event-id", &reply_id)],
    )
    .await;
    let next = resumed.next(10).await.unwrap();
    assert!(next.id.unwrap().parse::<u64>().unwrap() > reply_id.parse::<u64>().unwrap());
    assert_ne!(next.data, reply.data);
    // New activity arrives live.
    ac(
        &r,
        "POST",
        &format!("/conversations/{id}/autonomous"),
        Some(json!({"enabled": true})),
    )
    .await;
    let ev = resumed
        .until(20, |e| e.event.as_deref() == Some("event"))
        .await;
    assert!(matches!(
        agentdeck_wire::agentcontainer::classify_str(&ev.data),
        agentdeck_wire::agentcontainer::FeedItem::Event(_)
    ));
    drop(resumed);

    // drop_after fault closes the stream after N events.
    let mut dropped = sse_connect(
        &url,
        &[
            ("authorization", &auth),
            ("last-event-id", "0"),
            ("x-local-api-fault", "drop_after=2"),
        ],
    )
    .await;
    assert!(dropped.next(5).await.is_some());
    assert!(dropped.next(5).await.is_some());
    assert!(dropped.next(5).await.is_none());
    // Unknown conversation: 404; without stream the list needs the header.
    assert_eq!(
        call(
            "GET",
            &format!(
                "{}/conversations/task_nope/events?stream=true&apiKey={KEY}",
                r.agentcontainer_url
            ),
            &[],
            None
        )
        .await
        .status,
        404
    );
    assert_eq!(
        call(
            "GET",
            &format!(
                "{}/conversations/{id}/events?apiKey={KEY}",
                r.agentcontainer_url
            ),
            &[],
            None
        )
        .await
        .status,
        401
    );
    r.stop().await;
}
