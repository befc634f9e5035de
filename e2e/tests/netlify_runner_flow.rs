//! A whole day with one agent run, in the served release build, without reloading the page:
//! start a runner with an attachment, watch it finish, read its result, open the diff, send a
//! follow-up, open a pull request and see its link, revert to the first session, commit to a
//! branch, archive.

use agentdeck_e2e::Harness;

async fn count(h: &Harness, css: &str) -> usize {
    h.all(css).await.len()
}

async fn header_state(h: &Harness) -> String {
    h.attr(".runner-title-row .badge", "data-state").await
}

/// Back to the top, where the actions are (the page followed the new steps down, and the sticky
/// top bar would take the click).
async fn to_top(h: &Harness) {
    h.client
        .execute("window.scrollTo(0, 0); return null;", vec![])
        .await
        .unwrap();
}

async fn type_into(h: &Harness, css: &str, text: &str) {
    let el = h.find(css).await;
    el.clear().await.ok();
    el.send_keys(text).await.expect("typing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_watch_review_follow_up_and_land_a_run() {
    let h = Harness::start().await;
    h.open("netlify/runners").await;
    // A marker that a page load would wipe: everything below happens in this one page.
    h.client
        .execute("window.__noReload = 'still here'; return null;", vec![])
        .await
        .unwrap();

    h.click_text("New runner").await;
    type_into(&h, "textarea[name=prompt]", "Add a dark mode").await;
    let file = std::env::temp_dir().join(format!("agentdeck-e2e-notes-{}.md", std::process::id()));
    std::fs::write(&file, "# Notes\nUse a warm dark palette.\n").unwrap();
    let input = h.find("input[type=file]").await;
    input
        .send_keys(&file.display().to_string())
        .await
        .expect("picking a file");
    h.until("the attachment uploaded", || async {
        (count(&h, ".attachment[data-state=done]").await == 1).then_some(())
    })
    .await;
    h.click_text("Start agent run").await;

    // Watch it finish and read the result.
    h.until("the runner page", || async {
        let url = h.current_url().await;
        (url.contains("/netlify/runners/") && !url.contains("/new")).then_some(())
    })
    .await;
    h.until("the run done", || async {
        (header_state(&h).await == "done").then_some(())
    })
    .await;
    let result = h
        .until("the result", || async {
            h.text(".session-result")
                .await
                .filter(|t| !t.trim().is_empty())
        })
        .await;
    assert!(result.to_lowercase().contains("dark"), "{result}");
    let files = h.text(".session-files").await.unwrap_or_default();
    assert!(
        files.contains("agentdeck-e2e-notes"),
        "attachment listed: {files}"
    );

    // The diff.
    to_top(&h).await;
    h.click_text("Changes").await;
    h.find(".dv-files").await;
    h.until("a changed file", || async {
        h.text(".dv").await.filter(|t| t.contains("css"))
    })
    .await;

    // A follow-up.
    h.click_text("Sessions").await;
    type_into(&h, "textarea[name=follow_up]", "Now rename the about page").await;
    h.click_text("Send follow-up").await;
    h.until("two finished sessions", || async {
        (count(&h, ".session[data-state=done]").await == 2 && header_state(&h).await == "done")
            .then_some(())
    })
    .await;

    // A pull request, with its link.
    to_top(&h).await;
    h.click_text("Open a pull request").await;
    h.click_text("Yes, open it").await;
    let pr = h.find("a.pr-link").await;
    let href = pr.attr("href").await.unwrap().unwrap_or_default();
    assert!(href.starts_with("http"), "{href}");
    assert!(pr.text().await.unwrap().contains("PR #"));

    // Revert to the first session: the second is discarded.
    h.click_text("Revert to session #1").await;
    h.click_text("Yes, revert").await;
    h.until("one session left", || async {
        (count(&h, ".session").await == 1).then_some(())
    })
    .await;
    h.find(".show-discarded").await;

    // Commit to a branch.
    to_top(&h).await;
    type_into(&h, "input[name=target_branch]", "feature-e2e").await;
    h.click_text("to branch feature-e2e").await;
    h.click_text("Yes, commit to feature-e2e").await;
    h.until("the merge commit", || async {
        h.text(".merge-commit")
            .await
            .filter(|t| t.contains("Committed as"))
    })
    .await;

    // Archive.
    to_top(&h).await;
    h.click_text("Archive").await;
    h.click_text("Yes, archive it").await;
    h.until("archived", || async {
        (header_state(&h).await == "archived").then_some(())
    })
    .await;

    let marker = h
        .client
        .execute("return window.__noReload || null;", vec![])
        .await
        .unwrap();
    assert_eq!(
        marker,
        serde_json::json!("still here"),
        "the page was reloaded"
    );
    let _ = std::fs::remove_file(&file);

    // The same page on a phone: nothing wider than the screen.
    let url = h.current_url().await;
    h.client.set_window_size(390, 844).await.expect("resize");
    h.client.goto(&url).await.expect("reload at phone width");
    h.find(".session-result").await;
    let overflow = h
        .client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_f64().unwrap_or(0.0) <= 1.0,
        "the runner page scrolls sideways on a phone by {overflow}px"
    );
    h.stop().await;
}
