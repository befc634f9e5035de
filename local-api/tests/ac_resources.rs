//! AgentContainer repositories, SSH keys, uploads (PUT and POST flows) and webhooks delivered
//! for real with Standard Webhooks signatures.

mod common;
use common::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

#[tokio::test]
async fn repositories_and_ssh_keys() {
    let r = start().await;
    assert_eq!(
        ac(
            &r,
            "POST",
            "/repositories",
            Some(json!({"name": "x", "url": "not a url"}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "POST",
            "/repositories",
            Some(json!({"name": "x", "url": "https://github.com/a/b.git", "sshKeyId": "key_nope"}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(&r, "POST", "/ssh-keys", Some(json!({"name": ""})))
            .await
            .status,
        422
    );
    let key = ac(
        &r,
        "POST",
        "/ssh-keys",
        Some(json!({"name": "deploy", "description": "read-only"})),
    )
    .await;
    assert_eq!(key.status, 201);
    let key = key.json();
    assert_eq!(key["algorithm"], "ed25519");
    assert!(key.get("privateKey").is_none() && !key.to_string().contains("PRIVATE"));
    let pk = key["publicKey"].as_str().unwrap();
    assert!(
        pk.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"),
        "{pk}"
    );
    let kid = key["id"].as_str().unwrap().to_string();
    assert_eq!(
        ac(&r, "GET", &format!("/ssh-keys/{kid}"), None)
            .await
            .json()["publicKey"],
        pk
    );
    assert_eq!(ac(&r, "GET", "/ssh-keys/key_nope", None).await.status, 404);
    let upd = ac(
        &r,
        "PATCH",
        &format!("/ssh-keys/{kid}"),
        Some(json!({"name": "deploy-2"})),
    )
    .await
    .json();
    assert_eq!(upd["name"], "deploy-2");
    assert_eq!(upd["publicKey"], pk);
    assert_eq!(
        ac(
            &r,
            "PATCH",
            "/ssh-keys/key_nope",
            Some(json!({"name": "x"}))
        )
        .await
        .status,
        404
    );

    let repo = ac(&r, "POST", "/repositories", Some(json!({"name": "site", "url": "git@github.com:acme/site.git", "sshKeyId": kid, "postCloneScriptPath": "setup.sh", "aliases": [{"name": "t", "target": "bin/t"}]}))).await;
    assert_eq!(repo.status, 201, "{}", repo.text());
    let repo = repo.json();
    assert_eq!(repo["sshKeys"][0]["id"], kid.as_str());
    assert_eq!(repo["aliases"][0]["name"], "t");
    let rid = repo["id"].as_str().unwrap().to_string();
    let other = ac(
        &r,
        "POST",
        "/repositories",
        Some(json!({"name": "docs", "url": "https://github.com/acme/docs.git"})),
    )
    .await
    .json();
    let oid = other["id"].as_str().unwrap().to_string();
    let attached = ac(
        &r,
        "POST",
        &format!("/ssh-keys/{kid}/repositories"),
        Some(json!({"repositoryId": oid})),
    )
    .await;
    assert_eq!(attached.status, 200);
    assert_eq!(attached.json()["sshKeys"][0]["id"], kid.as_str());
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/ssh-keys/{kid}/repositories"),
            Some(json!({"repositoryId": "repo_nope"}))
        )
        .await
        .status,
        404
    );
    let list = ac(&r, "GET", &format!("/ssh-keys/{kid}/repositories"), None)
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        ac(
            &r,
            "DELETE",
            &format!("/ssh-keys/{kid}/repositories/{oid}"),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        ac(
            &r,
            "DELETE",
            &format!("/ssh-keys/{kid}/repositories/{oid}"),
            None
        )
        .await
        .status,
        404
    );
    let all = ac(&r, "GET", "/repositories", None).await.json();
    assert!(all["data"].as_array().unwrap().len() >= 3);
    let keys = ac(&r, "GET", "/ssh-keys", None).await.json();
    assert!(keys["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["id"] == kid.as_str()));
    // Deleting the key detaches it.
    assert_eq!(
        ac(&r, "DELETE", &format!("/ssh-keys/{kid}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        ac(&r, "DELETE", &format!("/ssh-keys/{kid}"), None)
            .await
            .status,
        404
    );
    let repos = ac(&r, "GET", "/repositories?limit=100", None).await.json();
    let site = repos["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == rid.as_str())
        .unwrap()
        .clone();
    assert!(site["sshKeys"].as_array().unwrap().is_empty());
    assert_eq!(
        ac(&r, "DELETE", &format!("/repositories/{rid}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        ac(&r, "DELETE", &format!("/repositories/{rid}"), None)
            .await
            .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn uploads_post_and_put_flows() {
    let r = start().await;
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/prepare",
            Some(json!({"filename": ""}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/prepare",
            Some(json!({"filename": "big.bin", "sizeBytes": 1u64 << 40}))
        )
        .await
        .status,
        422
    );
    // POST (Convex-style).
    let p = ac(
        &r,
        "POST",
        "/uploads/prepare",
        Some(json!({"filename": "notes.txt", "contentType": "text/plain", "sizeBytes": 5})),
    )
    .await;
    assert_eq!(p.status, 201);
    let p = p.json();
    assert_eq!(p["method"], "POST");
    assert_eq!(p["headers"]["Content-Type"], "text/plain");
    assert!(p["expiresAt"].is_string());
    let url = p["uploadUrl"].as_str().unwrap();
    assert!(url.starts_with(&r.storage_url));
    let wrong = local_api::http_client::send(
        "POST",
        url,
        &[("content-type", "image/png")],
        Some(b"hello".to_vec()),
    )
    .await
    .unwrap();
    assert_eq!(wrong.status, 403);
    assert!(wrong.header("content-type").unwrap().contains("xml"));
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/complete",
            Some(json!({"uploadId": p["uploadId"]}))
        )
        .await
        .status,
        422
    );
    let put = local_api::http_client::send(
        "POST",
        url,
        &[("content-type", "text/plain")],
        Some(b"hello".to_vec()),
    )
    .await
    .unwrap();
    assert_eq!(put.status, 200);
    let storage_id = put.json()["storageId"].as_str().unwrap().to_string();
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/complete",
            Some(json!({"uploadId": p["uploadId"], "storageId": "kg2nope"}))
        )
        .await
        .status,
        422
    );
    let f = ac(
        &r,
        "POST",
        "/uploads/complete",
        Some(json!({"uploadId": p["uploadId"], "storageId": storage_id})),
    )
    .await;
    assert_eq!(f.status, 201, "{}", f.text());
    let f = f.json();
    assert_eq!(f["filename"], "notes.txt");
    assert_eq!(f["sizeBytes"], 5);
    assert_eq!(f["contentType"], "text/plain");
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/complete",
            Some(json!({"uploadId": "upl_nope"}))
        )
        .await
        .status,
        404
    );
    // PUT (S3-style), chosen by header.
    let p = ac_h(
        &r,
        "POST",
        "/uploads/prepare",
        &[("x-local-api-upload-method", "PUT")],
        Some(json!({"filename": "data.json", "contentType": "application/json"})),
    )
    .await
    .json();
    assert_eq!(p["method"], "PUT");
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/complete",
            Some(json!({"uploadId": p["uploadId"]}))
        )
        .await
        .status,
        422,
        "no bytes yet"
    );
    let put = local_api::http_client::send(
        "PUT",
        p["uploadUrl"].as_str().unwrap(),
        &[("content-type", "application/json")],
        Some(b"{}".to_vec()),
    )
    .await
    .unwrap();
    assert_eq!(put.status, 200);
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/complete",
            Some(json!({"uploadId": p["uploadId"], "storageId": "x"}))
        )
        .await
        .status,
        422
    );
    let f2 = ac(
        &r,
        "POST",
        "/uploads/complete",
        Some(json!({"uploadId": p["uploadId"]})),
    )
    .await;
    assert_eq!(f2.status, 201);
    // The file is usable as a task input and shows in the message.
    let agent = custom_agent(&r).await;
    let c = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/conversations"),
        Some(json!({"instructions": "Read it", "message": "See file", "inputFileIds": [f["id"]]})),
    )
    .await;
    assert_eq!(c.status, 201, "{}", c.text());
    let c = c.json();
    assert_eq!(c["message"]["files"][0]["filename"], "notes.txt");
    let cid = c["task"]["id"].as_str().unwrap().to_string();
    let reply = wait_for(20, || async {
        let m = ac(&r, "GET", &format!("/conversations/{cid}/messages"), None)
            .await
            .json();
        m["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["role"] == "assistant")
            .cloned()
    })
    .await;
    assert!(reply["content"]
        .as_str()
        .unwrap()
        .contains("`notes.txt` (5 bytes)"));
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/agents/{agent}/tasks"),
            Some(json!({"instructions": "x", "inputFileIds": ["file_nope"]}))
        )
        .await
        .status,
        422
    );
    // Large uploads pass axum's default 2 MB body limit; above max_upload_bytes: EntityTooLarge.
    let p = ac_h(
        &r,
        "POST",
        "/uploads/prepare",
        &[("x-local-api-upload-method", "PUT")],
        Some(json!({"filename": "big.bin"})),
    )
    .await
    .json();
    let big = local_api::http_client::send(
        "PUT",
        p["uploadUrl"].as_str().unwrap(),
        &[],
        Some(vec![7u8; 3 << 20]),
    )
    .await
    .unwrap();
    assert_eq!(big.status, 200, "{}", big.text());
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/complete",
            Some(json!({"uploadId": p["uploadId"]}))
        )
        .await
        .json()["sizeBytes"],
        3 << 20
    );
    // Expired upload URL.
    let expired = local_api::storage::presign_until(&r.state, "PUT", "ac-uploads/x", None, 1);
    let e = local_api::http_client::send("PUT", &expired, &[], Some(vec![1]))
        .await
        .unwrap();
    assert_eq!(e.status, 403);
    assert!(e.text().contains("<Code>AccessDenied</Code>"));
    r.stop().await;
}

fn verify(secret: &str, headers: &axum::http::HeaderMap, body: &str) -> bool {
    let id = headers["webhook-id"].to_str().unwrap();
    let ts: i64 = headers["webhook-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let sig = headers["webhook-signature"].to_str().unwrap();
    sig == local_api::agentcontainer::webhooks::sign(secret, id, ts, body)
}

#[tokio::test]
async fn webhooks_are_delivered_signed_and_recorded() {
    // No demo tasks: only this test's task may reach the receiver.
    let r = start_with(local_api::Config {
        demo_data: false,
        ..local_api::Config::for_tests()
    })
    .await;
    let status = Arc::new(AtomicU16::new(200));
    let mut recv = receiver(status.clone()).await;
    assert_eq!(
        ac(&r, "POST", "/webhooks", Some(json!({"url": "nope"})))
            .await
            .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "POST",
            "/webhooks",
            Some(json!({"url": recv.url, "eventTypes": ["webhook.test"]}))
        )
        .await
        .status,
        422
    );
    let created = ac(
        &r,
        "POST",
        "/webhooks",
        Some(json!({"url": recv.url, "eventTypes": ["task.created", "task.finished"]})),
    )
    .await;
    assert_eq!(created.status, 201);
    let created = created.json();
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    let wid = created["webhook"]["id"].as_str().unwrap().to_string();
    assert!(secret.starts_with(created["webhook"]["secretPrefix"].as_str().unwrap()));
    let got = ac(&r, "GET", &format!("/webhooks/{wid}"), None)
        .await
        .json();
    assert!(got.get("secret").is_none());
    assert_eq!(
        ac(&r, "GET", "/webhooks", None).await.json()["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // A task's lifecycle reaches the receiver, signed.
    let agent = custom_agent(&r).await;
    let t = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(json!({"instructions": "Webhook me"})),
    )
    .await
    .json();
    let (h, body) = tokio::time::timeout(std::time::Duration::from_secs(10), recv.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(verify(&secret, &h, &body));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["type"], "task.created");
    assert_eq!(v["data"]["task"]["id"], t["id"]);
    let (h2, body2) = tokio::time::timeout(std::time::Duration::from_secs(20), recv.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(verify(&secret, &h2, &body2));
    assert_eq!(
        serde_json::from_str::<Value>(&body2).unwrap()["type"],
        "task.finished"
    );
    let deliveries = wait_for(10, || async {
        let d = ac(
            &r,
            "GET",
            &format!("/webhook-deliveries?webhookId={wid}"),
            None,
        )
        .await
        .json();
        let all_done = d["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["status"] == "delivered");
        (d["data"].as_array().unwrap().len() == 2 && all_done).then_some(d)
    })
    .await;
    let first = &deliveries["data"][0];
    assert_eq!(first["attemptCount"], 1);
    assert_eq!(first["lastStatusCode"], 200);
    assert!(first["deliveredAt"].is_string());
    assert_eq!(
        ac(&r, "GET", "/webhook-deliveries?webhookId=wh_nope", None)
            .await
            .status,
        404
    );

    // Test event, resend, rotate.
    let test = ac(&r, "POST", &format!("/webhooks/{wid}/test"), None).await;
    assert_eq!(test.status, 200);
    assert_eq!(test.json()["eventType"], "webhook.test");
    let (_, tb) = tokio::time::timeout(std::time::Duration::from_secs(10), recv.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&tb).unwrap()["type"],
        "webhook.test"
    );
    let did = first["id"].as_str().unwrap();
    let resent = ac(
        &r,
        "POST",
        &format!("/webhook-deliveries/{did}/resend"),
        None,
    )
    .await;
    assert_eq!(resent.status, 200);
    assert_ne!(resent.json()["id"], first["id"]);
    assert_eq!(resent.json()["eventId"], first["eventId"]);
    let (_, rb) = tokio::time::timeout(std::time::Duration::from_secs(10), recv.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        rb,
        serde_json::from_str::<Value>(&rb)
            .map(|_| rb.clone())
            .unwrap()
    );
    assert_eq!(
        ac(&r, "POST", "/webhook-deliveries/dlv_nope/resend", None)
            .await
            .status,
        404
    );
    let rotated = ac(&r, "POST", &format!("/webhooks/{wid}/rotate-secret"), None)
        .await
        .json();
    let new_secret = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret);
    ac(&r, "POST", &format!("/webhooks/{wid}/test"), None).await;
    let (h3, b3) = tokio::time::timeout(std::time::Duration::from_secs(10), recv.rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(verify(&new_secret, &h3, &b3), "{h3:?} {b3} {new_secret}");
    assert!(!verify(&secret, &h3, &b3));

    // Failing target: retried, then failed.
    status.store(500, Ordering::SeqCst);
    let d = ac(&r, "POST", &format!("/webhooks/{wid}/test"), None)
        .await
        .json();
    let did = d["id"].as_str().unwrap().to_string();
    let failed = wait_for(20, || async {
        let list = ac(
            &r,
            "GET",
            &format!("/webhook-deliveries?webhookId={wid}&limit=50"),
            None,
        )
        .await
        .json();
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == did.as_str() && x["status"] == "failed")
            .cloned()
    })
    .await;
    assert_eq!(failed["attemptCount"], 3);
    assert_eq!(failed["retryCount"], 2);
    assert_eq!(failed["lastStatusCode"], 500);

    // Update and delete; inactive targets refuse tests.
    let upd = ac(
        &r,
        "PATCH",
        &format!("/webhooks/{wid}"),
        Some(json!({"isActive": false, "eventTypes": ["task.failed"]})),
    )
    .await
    .json();
    assert_eq!(upd["isActive"], false);
    assert!(upd["updatedAt"].is_string());
    assert_eq!(
        ac(&r, "POST", &format!("/webhooks/{wid}/test"), None)
            .await
            .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "PATCH",
            &format!("/webhooks/{wid}"),
            Some(json!({"eventTypes": ["task.nope"]}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(&r, "DELETE", &format!("/webhooks/{wid}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        ac(&r, "GET", &format!("/webhooks/{wid}"), None)
            .await
            .status,
        404
    );
    assert_eq!(
        ac(&r, "POST", &format!("/webhooks/{wid}/rotate-secret"), None)
            .await
            .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn webhooks_only_reach_loopback_by_default() {
    let r = start().await;
    let w = ac(
        &r,
        "POST",
        "/webhooks",
        Some(json!({"url": "http://192.0.2.10/hook"})),
    )
    .await
    .json();
    let wid = w["webhook"]["id"].as_str().unwrap().to_string();
    assert_eq!(w["webhook"]["eventTypes"].as_array().unwrap().len(), 12);
    ac(&r, "POST", &format!("/webhooks/{wid}/test"), None).await;
    let d = wait_for(10, || async {
        let list = ac(
            &r,
            "GET",
            &format!("/webhook-deliveries?webhookId={wid}"),
            None,
        )
        .await
        .json();
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["status"] == "failed")
            .cloned()
    })
    .await;
    assert!(d["lastError"].as_str().unwrap().contains("loopback"));
    assert_eq!(d["attemptCount"], 1);
    r.stop().await;
}

#[tokio::test]
async fn uploads_above_the_limit_are_refused() {
    let r = start_with(local_api::Config {
        max_upload_bytes: 1000,
        ..local_api::Config::for_tests()
    })
    .await;
    assert_eq!(
        ac(
            &r,
            "POST",
            "/uploads/prepare",
            Some(json!({"filename": "a.bin", "sizeBytes": 2000}))
        )
        .await
        .status,
        422
    );
    let p = ac_h(
        &r,
        "POST",
        "/uploads/prepare",
        &[("x-local-api-upload-method", "PUT")],
        Some(json!({"filename": "a.bin"})),
    )
    .await
    .json();
    let resp = local_api::http_client::send(
        "PUT",
        p["uploadUrl"].as_str().unwrap(),
        &[],
        Some(vec![0u8; 2000]),
    )
    .await
    .unwrap();
    assert_eq!(resp.status, 400);
    assert!(resp.text().contains("<Code>EntityTooLarge</Code>"));
    r.stop().await;
}
