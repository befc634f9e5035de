//! Every Netlify endpoint: happy paths and documented errors, against simulated agents.

mod common;
use common::*;
use serde_json::{json, Value};

async fn runner(r: &local_api::Running, id: &str) -> Value {
    nl(r, "GET", &format!("/agent_runners/{id}"), None)
        .await
        .json()
}

async fn wait_state(r: &local_api::Running, id: &str, states: &[&str]) -> Value {
    wait_for(20, || async {
        let v = runner(r, id).await;
        states.contains(&v["state"].as_str().unwrap()).then_some(v)
    })
    .await
}

async fn create(r: &local_api::Running, site: &str, body: Value) -> Value {
    let resp = nl(
        r,
        "POST",
        &format!("/agent_runners?site_id={site}"),
        Some(body),
    )
    .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    resp.json()
}

#[tokio::test]
async fn get_runner_and_errors() {
    let r = start().await;
    let list = nl(&r, "GET", "/agent_runners?site_id=demo-site", None)
        .await
        .json();
    let first = &list[0];
    let got = runner(&r, first["id"].as_str().unwrap()).await;
    assert_eq!(got["id"], first["id"]);
    let reference: Value = serde_json::from_str(include_str!(
        "../../wire/tests/fixtures/netlify/get_runner.json"
    ))
    .unwrap();
    for k in reference.as_object().unwrap().keys() {
        assert!(got.get(k).is_some(), "field {k}");
    }
    let nf = nl(&r, "GET", "/agent_runners/nope", None).await;
    assert_eq!(nf.status, 404);
    assert!(nf.json()["error"].is_string());
    let unauth = call(
        "GET",
        &format!(
            "{}/agent_runners/{}",
            r.netlify_url,
            first["id"].as_str().unwrap()
        ),
        &[],
        None,
    )
    .await;
    assert_eq!(unauth.status, 401);
    r.stop().await;
}

#[tokio::test]
async fn a_runner_works_produces_a_diff_and_a_served_preview() {
    let r = start().await;
    let (site, _) = new_site(&r, false).await;
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners?site_id={site}"),
            Some(json!({"prompt": "  "}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners?site_id={site}"),
            Some(json!({}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            "/agent_runners?site_id=missing",
            Some(json!({"prompt": "x"}))
        )
        .await
        .status,
        404
    );
    assert_eq!(
        nl(&r, "POST", "/agent_runners", Some(json!({"prompt": "x"})))
            .await
            .status,
        400
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners?site_id={site}"),
            Some(json!({"prompt": "x", "deploy_id": "nope"}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners?site_id={site}"),
            Some(json!({"prompt": "x #credits"}))
        )
        .await
        .status,
        403
    );

    let created = create(
        &r,
        &site,
        json!({"prompt": "Add a dark mode toggle to the header", "agent": "codex"}),
    )
    .await;
    assert_eq!(created["state"], "new");
    assert_eq!(created["agent"], "codex");
    let id = created["id"].as_str().unwrap().to_string();
    // While it runs, a follow-up is refused with a message about the active session.
    let busy = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/sessions"),
        Some(json!({"prompt": "more"})),
    )
    .await;
    assert_eq!(busy.status, 409);
    assert!(busy.json()["error"]
        .as_str()
        .unwrap()
        .contains("active session"));
    let running = wait_state(&r, &id, &["running", "done"]).await;
    assert!(running["state"] == "done" || running["current_task"].is_string());
    let done = wait_state(&r, &id, &["done"]).await;
    assert_eq!(done["has_result_diff"], true);
    assert_eq!(done["latest_session_state"], "done");
    assert!(done["result_branch"]
        .as_str()
        .unwrap()
        .starts_with("agent-"));
    let preview = done["latest_session_deploy_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(preview.starts_with(&r.netlify_origin), "{preview}");

    let sessions = nl(&r, "GET", &format!("/agent_runners/{id}/sessions"), None).await;
    assert_eq!(sessions.header("total").as_deref(), Some("1"));
    let s = sessions.json()[0].clone();
    let reference: Value = serde_json::from_str(include_str!(
        "../../wire/tests/fixtures/netlify/list_sessions.json"
    ))
    .unwrap();
    for k in reference[0].as_object().unwrap().keys() {
        assert!(s.get(k).is_some(), "session field {k}");
    }
    assert_eq!(s["state"], "done");
    assert!(s["steps"].as_array().unwrap().len() >= 3);
    assert!(s["result"].as_str().unwrap().contains("```"));
    assert!(s["duration"].is_number());
    let sid = s["id"].as_str().unwrap().to_string();
    let one = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions/{sid}"),
        None,
    )
    .await;
    assert_eq!(one.json()["id"], sid.as_str());
    assert_eq!(
        nl(
            &r,
            "GET",
            &format!("/agent_runners/{id}/sessions/nope"),
            None
        )
        .await
        .status,
        404
    );

    let diff = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions/{sid}/diff/result"),
        None,
    )
    .await;
    assert_eq!(diff.status, 200);
    assert!(diff
        .header("content-type")
        .unwrap()
        .starts_with("text/plain"));
    let text = diff.text();
    assert!(text.contains("diff --git a/css/style.css b/css/style.css"));
    assert!(text.contains("new file mode 100644") && text.contains("+++ b/js/theme.js"));
    let cumulative = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions/{sid}/diff/cumulative"),
        None,
    )
    .await
    .text();
    assert_eq!(cumulative, text);
    assert_eq!(
        nl(&r, "GET", &format!("/agent_runners/{id}/diff"), None)
            .await
            .text(),
        text
    );

    // The preview really serves the changed site.
    let page = call("GET", &preview, &[], None).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("theme-toggle"));
    let js = call("GET", &format!("{preview}js/theme.js"), &[], None).await;
    assert_eq!(js.status, 200);
    assert_eq!(
        call("GET", &format!("{preview}nope.html"), &[], None)
            .await
            .status,
        404
    );
    let shot = call(
        "GET",
        done["latest_session_deploy_screenshot_url"]
            .as_str()
            .unwrap(),
        &[],
        None,
    )
    .await;
    assert_eq!(shot.status, 200);
    assert_eq!(
        shot.header("content-type").as_deref(),
        Some("image/svg+xml")
    );
    assert!(shot.text().contains("Small-batch coffee"));

    // A follow-up builds on the first diff.
    let f = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/sessions"),
        Some(json!({"prompt": "Now rename the about page"})),
    )
    .await;
    assert_eq!(f.status, 200, "{}", f.text());
    let sid2 = f.json()["id"].as_str().unwrap().to_string();
    assert_eq!(
        nl(
            &r,
            "GET",
            &format!("/agent_runners/{id}/sessions/{sid2}/diff/result"),
            None
        )
        .await
        .status,
        404
    );
    wait_state(&r, &id, &["done"]).await;
    let result2 = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions/{sid2}/diff/result"),
        None,
    )
    .await
    .text();
    assert!(result2.contains("rename from about.html\nrename to about-us.html"));
    assert!(!result2.contains("theme.js"));
    let cum2 = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions/{sid2}/diff/cumulative"),
        None,
    )
    .await
    .text();
    assert!(cum2.contains("theme.js") && cum2.contains("about-us.html"));
    // Paged by files; strip_binary.
    let files = cum2.matches("diff --git ").count();
    let p1 = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/diff?page=1&per_page=2"),
        None,
    )
    .await
    .text();
    assert_eq!(p1.matches("diff --git ").count(), 2.min(files));
    let p2 = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/diff?page=2&per_page=2"),
        None,
    )
    .await
    .text();
    assert!(!p2.is_empty() && !p1.contains(p2.lines().next().unwrap()));

    // Revert to the first session discards the second.
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/revert"),
            Some(json!({"session_id": sid2}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/revert"),
            Some(json!({"session_id": "nope"}))
        )
        .await
        .status,
        404
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/revert"),
            Some(json!({}))
        )
        .await
        .status,
        400
    );
    let rev = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/revert"),
        Some(json!({"session_id": sid})),
    )
    .await;
    assert_eq!(rev.status, 200, "{}", rev.text());
    let visible = nl(&r, "GET", &format!("/agent_runners/{id}/sessions"), None)
        .await
        .json();
    assert_eq!(visible.as_array().unwrap().len(), 1);
    let all = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions?include_discarded=true&order_by=desc"),
        None,
    )
    .await
    .json();
    assert_eq!(all[0]["id"], sid2.as_str());
    assert_eq!(all[0]["is_discarded"], true);
    assert_eq!(
        nl(&r, "GET", &format!("/agent_runners/{id}/diff"), None)
            .await
            .text(),
        text
    );
    r.stop().await;
}

#[tokio::test]
async fn binary_files_and_strip_binary() {
    let r = start().await;
    let (site, _) = new_site(&r, false).await;
    let id = create(
        &r,
        &site,
        json!({"prompt": "Replace the logo with the new one"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_state(&r, &id, &["done"]).await;
    let full = nl(&r, "GET", &format!("/agent_runners/{id}/diff"), None)
        .await
        .text();
    assert!(full.contains("Binary files a/images/logo.png and b/images/logo.png differ"));
    let stripped = nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/diff?strip_binary=true"),
        None,
    )
    .await
    .text();
    assert!(!stripped.contains("Binary files") && stripped.contains("diff --git a/index.html"));
    r.stop().await;
}

#[tokio::test]
async fn stop_error_ask_mode_and_archive() {
    let r = start().await;
    let (site, _) = new_site(&r, false).await;
    let slow = create(&r, &site, json!({"prompt": "Add a contact form #slow"})).await;
    let id = slow["id"].as_str().unwrap().to_string();
    assert_eq!(
        nl(&r, "POST", &format!("/agent_runners/{id}/archive"), None)
            .await
            .status,
        422
    );
    assert_eq!(
        nl(&r, "DELETE", &format!("/agent_runners/{id}"), None)
            .await
            .status,
        202
    );
    let stopped = wait_state(&r, &id, &["cancelled"]).await;
    assert_eq!(stopped["latest_session_state"], "cancelled");
    assert_eq!(
        nl(&r, "DELETE", "/agent_runners/nope", None).await.status,
        404
    );

    let failing = create(&r, &site, json!({"prompt": "Upgrade everything #fail"})).await;
    let fid = failing["id"].as_str().unwrap().to_string();
    let failed = wait_state(&r, &fid, &["error"]).await;
    assert_eq!(failed["has_result_diff"], false);
    let errs = nl(
        &r,
        "GET",
        &format!("/agent_runners?site_id={site}&state=error"),
        None,
    )
    .await
    .json();
    assert_eq!(errs.as_array().unwrap().len(), 1);

    let ask = create(
        &r,
        &site,
        json!({"prompt": "Why is the page slow?", "mode": "ask"}),
    )
    .await;
    let aid = ask["id"].as_str().unwrap().to_string();
    let answered = wait_state(&r, &aid, &["done"]).await;
    assert_eq!(answered["has_result_diff"], false);
    assert!(answered["latest_session_deploy_url"].is_null());
    assert_eq!(
        nl(&r, "GET", &format!("/agent_runners/{aid}/diff"), None)
            .await
            .status,
        404
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{aid}/pull_request"),
            None
        )
        .await
        .status,
        400
    );

    // Session stop endpoint.
    let s2 = create(&r, &site, json!({"prompt": "Add dark mode #slow"})).await;
    let s2id = s2["id"].as_str().unwrap().to_string();
    let sess = nl(&r, "GET", &format!("/agent_runners/{s2id}/sessions"), None)
        .await
        .json();
    let sid = sess[0]["id"].as_str().unwrap();
    assert_eq!(
        nl(
            &r,
            "DELETE",
            &format!("/agent_runners/{s2id}/sessions/{sid}"),
            None
        )
        .await
        .status,
        202
    );
    wait_state(&r, &s2id, &["cancelled"]).await;

    assert_eq!(
        nl(&r, "POST", &format!("/agent_runners/{aid}/archive"), None)
            .await
            .status,
        202
    );
    assert_eq!(runner(&r, &aid).await["state"], "archived");
    let list = nl(&r, "GET", &format!("/agent_runners?site_id={site}"), None)
        .await
        .json();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"] != aid.as_str()));
    assert_eq!(
        nl(&r, "POST", "/agent_runners/nope/archive", None)
            .await
            .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn pull_requests_commits_and_redeploys() {
    let r = start().await;
    let (site, _) = new_site(&r, false).await;
    let id = create(
        &r,
        &site,
        json!({"prompt": "Add Kenya AA to the product list"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/pull_request"),
            None
        )
        .await
        .status,
        409
    );
    wait_state(&r, &id, &["done"]).await;
    let pr = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/pull_request"),
        None,
    )
    .await;
    assert_eq!(pr.status, 200);
    assert_eq!(pr.json()["pr_is_being_created"], true);
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/pull_request"),
            None
        )
        .await
        .status,
        409
    );
    let with_pr = wait_for(20, || async {
        let v = runner(&r, &id).await;
        (v["pr_is_being_created"] == false).then_some(v)
    })
    .await;
    assert_eq!(with_pr["pr_state"], "open");
    assert!(with_pr["pr_number"].as_u64().unwrap() > 0);
    assert_eq!(with_pr["pr_branch"], with_pr["result_branch"]);
    let pr_page = call("GET", with_pr["pr_url"].as_str().unwrap(), &[], None).await;
    assert_eq!(pr_page.status, 200);

    let bad = create(&r, &site, json!({"prompt": "Add a contact form #pr-fail"})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_state(&r, &bad, &["done"]).await;
    nl(
        &r,
        "POST",
        &format!("/agent_runners/{bad}/pull_request"),
        None,
    )
    .await;
    let failed = wait_for(20, || async {
        let v = runner(&r, &bad).await;
        (v["pr_is_being_created"] == false).then_some(v)
    })
    .await;
    assert!(failed["pr_error"].as_str().unwrap().contains("conflict"));
    assert!(failed["pr_url"].is_null());

    // Commit to a branch.
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/commit"),
            Some(json!({}))
        )
        .await
        .status,
        400
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/commit"),
            Some(json!({"target_branch": "main"}))
        )
        .await
        .status,
        400
    );
    let c = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/commit"),
        Some(json!({"target_branch": "release"})),
    )
    .await;
    assert_eq!(c.status, 200, "{}", c.text());
    assert_eq!(c.json()["merge_commit_sha"].as_str().unwrap().len(), 40);

    // Redeploy the done session.
    let sessions = nl(&r, "GET", &format!("/agent_runners/{id}/sessions"), None)
        .await
        .json();
    let sid = sessions[0]["id"].as_str().unwrap().to_string();
    let re = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/sessions/{sid}/redeploy"),
        None,
    )
    .await;
    assert_eq!(re.status, 200, "{}", re.text());
    let re = re.json();
    assert_eq!(re["mode"], "redeploy");
    assert_eq!(re["source_session_id"], sid.as_str());
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/sessions/{sid}/redeploy"),
            None
        )
        .await
        .status,
        409
    );
    let after = wait_state(&r, &id, &["done"]).await;
    assert_ne!(after["latest_session_deploy_id"], sessions[0]["deploy_id"]);
    let rid = re["id"].as_str().unwrap();
    assert_eq!(
        nl(
            &r,
            "GET",
            &format!("/agent_runners/{id}/sessions/{rid}/diff/result"),
            None
        )
        .await
        .status,
        404
    );
    assert!(nl(
        &r,
        "GET",
        &format!("/agent_runners/{id}/sessions/{rid}/diff/cumulative"),
        None
    )
    .await
    .text()
    .contains("Kenya"));
    // Committed sessions cannot be reverted away.
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/commit"),
            Some(json!({"target_branch": "release"}))
        )
        .await
        .status,
        200
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{id}/revert"),
            Some(json!({"session_id": sid}))
        )
        .await
        .status,
        400
    );
    // Redeploy of an errored session is refused.
    let e = create(&r, &site, json!({"prompt": "x #fail"})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_state(&r, &e, &["error"]).await;
    let es = nl(&r, "GET", &format!("/agent_runners/{e}/sessions"), None)
        .await
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        nl(
            &r,
            "POST",
            &format!("/agent_runners/{e}/sessions/{es}/redeploy"),
            None
        )
        .await
        .status,
        400
    );
    // Publish.
    let p = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/publish_to_production"),
        None,
    )
    .await;
    assert_eq!(p.status, 200);
    assert_eq!(p.json()["latest_session_is_published"], true);
    r.stop().await;
}

#[tokio::test]
async fn rebase_only_on_sites_without_git() {
    let r = start().await;
    let (git_site, _) = new_site(&r, false).await;
    let id = create(
        &r,
        &git_site,
        json!({"prompt": "Fix the typo in the readme"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_state(&r, &id, &["done"]).await;
    assert_eq!(
        nl(&r, "POST", &format!("/agent_runners/{id}/rebase"), None)
            .await
            .status,
        422
    );
    let resp = call(
        "POST",
        &format!("{}/__admin/sites?git=false", r.netlify_origin),
        &[],
        None,
    )
    .await;
    let site = resp.json()["site_id"].as_str().unwrap().to_string();
    let id = create(&r, &site, json!({"prompt": "Fix the typo in the readme"})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        nl(&r, "POST", &format!("/agent_runners/{id}/rebase"), None)
            .await
            .status,
        400
    );
    wait_state(&r, &id, &["done"]).await;
    assert_eq!(runner(&r, &id).await["rebase_available"], true);
    let rb = nl(&r, "POST", &format!("/agent_runners/{id}/rebase"), None).await;
    assert_eq!(rb.status, 200, "{}", rb.text());
    assert_eq!(rb.json()["mode"], "rebase");
    wait_state(&r, &id, &["done"]).await;
    assert_eq!(
        nl(&r, "POST", &format!("/agent_runners/{id}/rebase"), None)
            .await
            .status,
        400
    );
    r.stop().await;
}

#[tokio::test]
async fn patch_runner_and_session_and_diff_upload_urls() {
    let r = start().await;
    let (site, _) = new_site(&r, false).await;
    let id = create(&r, &site, json!({"prompt": "Improve accessibility"})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_state(&r, &id, &["done"]).await;
    let p = nl(
        &r,
        "PATCH",
        &format!("/agent_runners/{id}"),
        Some(json!({"base_deploy_id": "d1", "sha": "abc"})),
    )
    .await;
    assert_eq!(p.status, 200);
    assert_eq!(p.json()["sha"], "abc");
    assert_eq!(
        nl(&r, "PATCH", "/agent_runners/nope", Some(json!({})))
            .await
            .status,
        404
    );
    let sid = nl(&r, "GET", &format!("/agent_runners/{id}/sessions"), None)
        .await
        .json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ps = nl(
        &r,
        "PATCH",
        &format!("/agent_runners/{id}/sessions/{sid}"),
        Some(json!({"title": "Renamed", "steps": [{"title": "only"}]})),
    )
    .await;
    assert_eq!(ps.status, 200, "{}", ps.text());
    assert_eq!(ps.json()["title"], "Renamed");
    assert_eq!(ps.json()["steps"].as_array().unwrap().len(), 1);
    assert_eq!(
        nl(
            &r,
            "PATCH",
            &format!("/agent_runners/{id}/sessions/{sid}"),
            Some(json!({"steps": "x"}))
        )
        .await
        .status,
        400
    );

    let urls = nl(
        &r,
        "POST",
        &format!("/agent_runners/{id}/sessions/{sid}/diff/upload_urls"),
        None,
    )
    .await;
    assert_eq!(urls.status, 200);
    let urls = urls.json();
    let up = urls["result"]["upload_url"].as_str().unwrap();
    let diff =
        "diff --git a/x b/x\nnew file mode 100644\n--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n+hi\n";
    let put = local_api::http_client::send(
        "PUT",
        up,
        &[("content-type", "text/plain")],
        Some(diff.as_bytes().to_vec()),
    )
    .await
    .unwrap();
    assert_eq!(put.status, 200, "{}", put.text());
    let key = urls["result"]["s3_key"].as_str().unwrap();
    nl(
        &r,
        "PATCH",
        &format!("/agent_runners/{id}/sessions/{sid}"),
        Some(json!({"result_diff_s3_key": key})),
    )
    .await;
    assert_eq!(
        nl(
            &r,
            "GET",
            &format!("/agent_runners/{id}/sessions/{sid}/diff/result"),
            None
        )
        .await
        .text(),
        diff
    );
    r.stop().await;
}

#[tokio::test]
async fn attachments_upload_and_delete_with_presigned_urls() {
    let r = start().await;
    let bad = nl(&r, "POST", "/agent_runners/upload_url", Some(json!({"account_id": "demo-account", "filename": "run.exe", "content_type": "application/octet-stream"}))).await;
    assert_eq!(bad.status, 422);
    assert!(bad.json()["error"].as_str().unwrap().contains("file type"));
    assert_eq!(
        nl(
            &r,
            "POST",
            "/agent_runners/upload_url",
            Some(json!({"filename": "a.png", "content_type": "image/png"}))
        )
        .await
        .status,
        400
    );
    let ok = nl(&r, "POST", "/agent_runners/upload_url", Some(json!({"account_id": "demo-account", "filename": "shot.png", "content_type": "image/png"}))).await;
    assert_eq!(ok.status, 200);
    let ok = ok.json();
    let url = ok["upload_url"].as_str().unwrap();
    let key = ok["file_key"].as_str().unwrap();
    assert!(key.starts_with("user-uploaded-content/demo-account/") && key.ends_with("/shot.png"));
    assert!(url.starts_with(&r.storage_url));
    let wrong = local_api::http_client::send(
        "PUT",
        url,
        &[("content-type", "text/plain")],
        Some(vec![1, 2, 3]),
    )
    .await
    .unwrap();
    assert_eq!(wrong.status, 403);
    assert!(wrong.text().contains("<Code>SignatureDoesNotMatch</Code>"));
    let tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0");
    assert_eq!(
        local_api::http_client::send(
            "PUT",
            &tampered,
            &[("content-type", "image/png")],
            Some(vec![1])
        )
        .await
        .unwrap()
        .status,
        403
    );
    let put = local_api::http_client::send(
        "PUT",
        url,
        &[("content-type", "image/png")],
        Some(vec![137, 80, 78, 71]),
    )
    .await
    .unwrap();
    assert_eq!(put.status, 200);
    // Attach it to a runner.
    let (site, _) = new_site(&r, false).await;
    let run = create(
        &r,
        &site,
        json!({"prompt": "Use this screenshot", "file_keys": [key]}),
    )
    .await;
    assert_eq!(run["attached_file_keys"][0], key);
    let rid = run["id"].as_str().unwrap().to_string();
    wait_state(&r, &rid, &["done"]).await;
    let steps = nl(&r, "GET", &format!("/agent_runners/{rid}/sessions"), None)
        .await
        .json()[0]["steps"]
        .clone();
    assert_eq!(steps[0]["title"], "Reading attachments");
    assert!(steps[0]["message"]
        .as_str()
        .unwrap()
        .contains("`shot.png`: 4 bytes, image/png"));
    assert_eq!(steps[1]["id"], 2);
    // Expired URLs are refused like S3.
    let expired = local_api::storage::presign_until(
        &r.state,
        "PUT",
        "user-uploaded-content/demo-account/x/a.png",
        Some("image/png"),
        1,
    );
    let e = local_api::http_client::send(
        "PUT",
        &expired,
        &[("content-type", "image/png")],
        Some(vec![1]),
    )
    .await
    .unwrap();
    assert_eq!(e.status, 403);
    assert!(e.text().contains("Request has expired"));
    let del = nl(
        &r,
        "POST",
        "/agent_runners/delete_url",
        Some(json!({"account_id": "demo-account", "file_key": key})),
    )
    .await;
    assert_eq!(del.status, 200);
    let del_url = del.json()["delete_url"].as_str().unwrap().to_string();
    assert_eq!(
        local_api::http_client::send("DELETE", &del_url, &[], None)
            .await
            .unwrap()
            .status,
        204
    );
    assert_eq!(
        nl(
            &r,
            "POST",
            "/agent_runners/delete_url",
            Some(json!({"account_id": "demo-account"}))
        )
        .await
        .status,
        400
    );
    r.stop().await;
}

#[tokio::test]
async fn providers_and_account_wide_list() {
    let r = start().await;
    let p = call(
        "GET",
        &format!("{}/ai-gateway/providers", r.netlify_url),
        &[],
        None,
    )
    .await;
    assert_eq!(p.status, 200);
    assert!(!p.json()["providers"]["anthropic"]["models"]
        .as_array()
        .unwrap()
        .is_empty());
    let all = nl(&r, "GET", "/demo-account/agent_runners?per_page=5", None).await;
    assert_eq!(all.status, 200, "{}", all.text());
    assert_eq!(all.json().as_array().unwrap().len(), 5);
    r.stop().await;
}

#[tokio::test]
async fn restart_keeps_everything() {
    let dir = std::env::temp_dir().join(format!(
        "local-api-restart-{}",
        local_api::ids::random_hex(4)
    ));
    let db = dir.join("db.sqlite");
    let config = || local_api::Config {
        db: Some(db.clone()),
        ..local_api::Config::for_tests()
    };
    let r = start_with(config()).await;
    let (site, _) = new_site(&r, false).await;
    let id = create(&r, &site, json!({"prompt": "Add dark mode"})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    wait_state(&r, &id, &["done"]).await;
    let before = nl(&r, "GET", "/agent_runners?site_id=demo-site", None)
        .await
        .json();
    r.stop().await;
    let r = start_with(config()).await;
    let after = nl(&r, "GET", "/agent_runners?site_id=demo-site", None)
        .await
        .json();
    assert_eq!(
        before.as_array().unwrap().len(),
        after.as_array().unwrap().len()
    );
    let again = runner(&r, &id).await;
    assert_eq!(again["state"], "done");
    assert!(nl(&r, "GET", &format!("/agent_runners/{id}/diff"), None)
        .await
        .text()
        .contains("theme.js"));
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn seeded_live_runners_progress_once() {
    let r = start().await;
    let (site, _) = new_site(&r, true).await;
    let (_other, _) = new_site(&r, true).await;
    let live = nl(
        &r,
        "GET",
        &format!("/agent_runners?site_id={site}&state=live"),
        None,
    )
    .await
    .json();
    assert!(!live.as_array().unwrap().is_empty());
    for run in live.as_array().unwrap() {
        let id = run["id"].as_str().unwrap();
        wait_state(&r, id, &["done"]).await;
        let sessions = nl(&r, "GET", &format!("/agent_runners/{id}/sessions"), None)
            .await
            .json();
        let steps = sessions.as_array().unwrap().last().unwrap()["steps"]
            .as_array()
            .unwrap()
            .clone();
        let mut ids: Vec<i64> = steps.iter().map(|s| s["id"].as_i64().unwrap()).collect();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate steps: {steps:?}");
    }
    r.stop().await;
}
