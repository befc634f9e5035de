//! AgentContainer: account, agents, versions, reference files, agent repositories, openapi.

mod common;
use common::*;
use serde_json::json;

#[tokio::test]
async fn auth_account_and_openapi() {
    let r = start().await;
    for h in [vec![], vec![("authorization", "Bearer wrong")]] {
        let resp = call(
            "GET",
            &format!("{}/account", r.agentcontainer_url),
            &h,
            None,
        )
        .await;
        assert_eq!(resp.status, 401);
        assert_eq!(resp.json()["error"]["code"], "unauthorized");
        assert!(resp.json()["error"]["message"].is_string());
    }
    let a = ac(&r, "GET", "/account", None).await;
    assert_eq!(a.status, 200);
    let acct: agentdeck_wire::agentcontainer::Account = serde_json::from_slice(&a.body).unwrap();
    assert!(acct.credit_balance > 0.0);
    for k in [
        "id",
        "name",
        "email",
        "creditBalance",
        "billingMode",
        "fileStorage",
        "checkpointStorage",
        "createdAt",
    ] {
        assert!(a.json().get(k).is_some(), "{k}");
    }
    let spec = call(
        "GET",
        &format!("{}/openapi.yaml", r.agentcontainer_url),
        &[],
        None,
    )
    .await;
    assert_eq!(spec.status, 200);
    assert!(spec.header("content-type").unwrap().contains("yaml"));
    let doc: serde_json::Value = serde_json::from_slice(&spec.body).unwrap();
    let ops: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|p| p.as_object().unwrap().len())
        .sum();
    assert_eq!(ops, 52);
    assert!(
        doc["paths"]["/api/v1/conversations/{taskId}/events"]["get"]["x-sse-events"].is_array()
    );
    assert_eq!(ac(&r, "GET", "/nope", None).await.status, 404);
    r.stop().await;
}

#[tokio::test]
async fn agents_crud_versions_and_pagination() {
    let r = start().await;
    let list = ac(&r, "GET", "/agents", None).await.json();
    let standard: Vec<_> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["isStandard"] == true)
        .cloned()
        .collect();
    assert!(standard.len() >= 2);
    let _: agentdeck_wire::agentcontainer::Page<agentdeck_wire::agentcontainer::Agent> =
        serde_json::from_value(list.clone()).unwrap();
    // Validation.
    assert_eq!(
        ac(&r, "POST", "/agents", Some(json!({"name": "x"})))
            .await
            .status,
        422
    );
    let bad = ac(&r, "POST", "/agents", Some(json!({"name": "", "runtime": {"containerImage": "i", "agentRuntime": "pi"}, "basePrompt": "p",
        "defaults": {"model": "m", "internetAccess": false, "maxRuntimeSeconds": 1, "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"}}))).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["error"]["code"], "validation_error");
    assert_eq!(
        bad.json()["error"]["field"],
        "name",
        "a validation error names its field, for the form to show it there"
    );
    let id = custom_agent(&r).await;
    let got = ac(&r, "GET", &format!("/agents/{id}"), None).await.json();
    assert_eq!(got["currentVersion"]["number"], 1);
    assert_eq!(
        got["currentVersion"]["defaults"]["hasProviderApiKey"],
        false
    );
    assert!(got["description"].is_null());
    assert_eq!(ac(&r, "GET", "/agents/agt_nope", None).await.status, 404);
    // Metadata change: same version. Execution change: new version.
    let p = ac(
        &r,
        "PATCH",
        &format!("/agents/{id}"),
        Some(json!({"name": "Renamed"})),
    )
    .await
    .json();
    assert_eq!(p["name"], "Renamed");
    assert_eq!(p["currentVersion"]["number"], 1);
    let p = ac(
        &r,
        "PATCH",
        &format!("/agents/{id}"),
        Some(json!({"basePrompt": "New prompt", "taskTitleInstructions": "Short titles"})),
    )
    .await
    .json();
    assert_eq!(p["currentVersion"]["number"], 2);
    assert_eq!(p["currentVersion"]["basePrompt"], "New prompt");
    let p = ac(
        &r,
        "PATCH",
        &format!("/agents/{id}"),
        Some(json!({"taskTitleInstructions": null})),
    )
    .await
    .json();
    assert_eq!(p["currentVersion"]["number"], 3);
    assert!(p["currentVersion"]["taskTitleInstructions"].is_null());
    assert_eq!(
        ac(&r, "PATCH", "/agents/agt_nope", Some(json!({"name": "x"})))
            .await
            .status,
        404
    );
    let versions = ac(&r, "GET", &format!("/agents/{id}/versions?limit=2"), None)
        .await
        .json();
    assert_eq!(versions["data"].as_array().unwrap().len(), 2);
    assert_eq!(versions["data"][0]["number"], 3);
    assert_eq!(versions["pageInfo"]["hasMore"], true);
    let cursor = versions["pageInfo"]["nextCursor"].as_str().unwrap();
    let rest = ac(
        &r,
        "GET",
        &format!("/agents/{id}/versions?limit=2&cursor={cursor}"),
        None,
    )
    .await
    .json();
    assert_eq!(rest["data"][0]["number"], 1);
    assert_eq!(rest["pageInfo"]["hasMore"], false);
    assert!(rest["pageInfo"]["nextCursor"].is_null());
    assert_eq!(
        ac(
            &r,
            "GET",
            &format!("/agents/{id}/versions?cursor=garbage!"),
            None
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(&r, "GET", &format!("/agents/{id}/versions?limit=0"), None)
            .await
            .status,
        422
    );
    let v1 = rest["data"][0]["id"].as_str().unwrap();
    assert_eq!(
        ac(&r, "GET", &format!("/agents/{id}/versions/{v1}"), None)
            .await
            .json()["number"],
        1
    );
    assert_eq!(
        ac(&r, "GET", &format!("/agents/{id}/versions/ver_nope"), None)
            .await
            .status,
        404
    );

    // Standard agents: forkable, not editable.
    let sid = standard[0]["id"].as_str().unwrap();
    assert_eq!(
        ac(
            &r,
            "PATCH",
            &format!("/agents/{sid}"),
            Some(json!({"name": "x"}))
        )
        .await
        .status,
        422
    );
    let fork = ac(
        &r,
        "POST",
        &format!("/agents/{sid}/fork"),
        Some(json!({"name": "My reviewer"})),
    )
    .await;
    assert_eq!(fork.status, 201);
    let fork = fork.json();
    assert_eq!(fork["isStandard"], false);
    assert_eq!(fork["name"], "My reviewer");
    assert_eq!(
        fork["currentVersion"]["basePrompt"],
        standard[0]["currentVersion"]["basePrompt"]
    );
    assert_eq!(
        ac(&r, "POST", &format!("/agents/{id}/fork"), Some(json!({})))
            .await
            .status,
        422
    );
    assert_eq!(
        ac(&r, "POST", "/agents/agt_nope/fork", Some(json!({})))
            .await
            .status,
        404
    );

    // Archive marks it; the list still carries it, with `archivedAt`.
    assert_eq!(
        ac(&r, "DELETE", &format!("/agents/{id}"), None)
            .await
            .status,
        204
    );
    assert!(ac(&r, "GET", &format!("/agents/{id}"), None).await.json()["archivedAt"].is_string());
    let all = ac(&r, "GET", "/agents?limit=100", None).await.json();
    let listed: Vec<_> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["id"] == id.as_str())
        .collect();
    assert_eq!(listed.len(), 1, "{all}");
    assert!(listed[0]["archivedAt"].is_string());
    assert_eq!(ac(&r, "DELETE", "/agents/agt_nope", None).await.status, 404);
    // Pagination over agents with limit 1.
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/agents?limit=1&cursor={c}"),
            None => "/agents?limit=1".to_string(),
        };
        let page = ac(&r, "GET", &path, None).await.json();
        seen += page["data"].as_array().unwrap().len();
        match page["pageInfo"]["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, all["data"].as_array().unwrap().len());
    r.stop().await;
}

async fn upload(r: &local_api::Running, name: &str, bytes: &[u8]) -> String {
    let p = ac(
        r,
        "POST",
        "/uploads/prepare",
        Some(json!({"filename": name, "contentType": "text/plain", "sizeBytes": bytes.len()})),
    )
    .await
    .json();
    let put = local_api::http_client::send(
        p["method"].as_str().unwrap(),
        p["uploadUrl"].as_str().unwrap(),
        &[("content-type", "text/plain")],
        Some(bytes.to_vec()),
    )
    .await
    .unwrap();
    let sid = put.json()["storageId"].as_str().unwrap().to_string();
    let f = ac(
        r,
        "POST",
        "/uploads/complete",
        Some(json!({"uploadId": p["uploadId"], "storageId": sid})),
    )
    .await;
    assert_eq!(f.status, 201, "{}", f.text());
    f.json()["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn reference_files_and_repositories_make_new_versions() {
    let r = start().await;
    let id = custom_agent(&r).await;
    let file = upload(&r, "style-guide.md", b"# Style").await;
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/agents/{id}/reference-files"),
            Some(json!({"fileIds": ["file_nope"]}))
        )
        .await
        .status,
        422
    );
    let a = ac(
        &r,
        "POST",
        &format!("/agents/{id}/reference-files"),
        Some(json!({"fileIds": [file]})),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["currentVersion"]["number"], 2);
    let files = ac(&r, "GET", &format!("/agents/{id}/reference-files"), None)
        .await
        .json();
    assert_eq!(files["data"][0]["filename"], "style-guide.md");
    assert_eq!(
        ac(&r, "GET", "/agents/agt_nope/reference-files", None)
            .await
            .status,
        404
    );

    let repo = ac(
        &r,
        "POST",
        "/repositories",
        Some(json!({"name": "site", "url": "https://github.com/acme/site.git"})),
    )
    .await
    .json();
    let rid = repo["id"].as_str().unwrap();
    let link = json!({"repositories": [{"repositoryId": rid, "tag": "main", "mountingPoint": "/workspace/site", "setupScript": "setup.sh"}]});
    let a = ac(
        &r,
        "POST",
        &format!("/agents/{id}/repositories"),
        Some(link),
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["currentVersion"]["number"], 3);
    let bad = json!({"repositories": [{"repositoryId": "repo_nope", "tag": "main", "mountingPoint": "/w"}]});
    assert_eq!(
        ac(&r, "POST", &format!("/agents/{id}/repositories"), Some(bad))
            .await
            .status,
        422
    );
    let repos = ac(&r, "GET", &format!("/agents/{id}/repositories"), None)
        .await
        .json();
    assert_eq!(repos["data"][0]["mountingPoint"], "/workspace/site");
    assert_eq!(repos["data"][0]["tag"], "main");
    assert_eq!(repos["data"][0]["name"], "site");
    // In use: cannot delete the repository.
    assert_eq!(
        ac(&r, "DELETE", &format!("/repositories/{rid}"), None)
            .await
            .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "DELETE",
            &format!("/agents/{id}/repositories/{rid}"),
            None
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "DELETE",
            &format!("/agents/{id}/repositories/{rid}?mountingPoint=/elsewhere"),
            None
        )
        .await
        .status,
        404
    );
    assert_eq!(
        ac(
            &r,
            "DELETE",
            &format!("/agents/{id}/repositories/{rid}?mountingPoint=/workspace/site"),
            None
        )
        .await
        .status,
        204
    );
    assert_eq!(
        ac(&r, "GET", &format!("/agents/{id}"), None).await.json()["currentVersion"]["number"],
        4
    );
    assert_eq!(
        ac(&r, "DELETE", &format!("/repositories/{rid}"), None)
            .await
            .status,
        204
    );
    r.stop().await;
}
