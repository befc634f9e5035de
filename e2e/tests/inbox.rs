//! The inbox, the served release build's home page: items of both services with their next
//! action, and a run started elsewhere shows up and ends without a reload, the tab title saying
//! so.

use agentdeck_e2e::Harness;

async fn title(h: &Harness) -> String {
    h.client.title().await.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_lists_both_services_and_a_run_ending_updates_it_live() {
    let h = Harness::start().await;
    h.open("").await;
    h.client
        .execute("window.__noReload = 'still here'; return null;", vec![])
        .await
        .unwrap();

    // The demo data: runners of the demo site, tasks and a waiting conversation of the demo agent.
    h.find(".inbox-row[data-service='netlify']").await;
    h.find(".inbox-row[data-service='agentcontainer'][data-state='awaiting_input']")
        .await;
    let reply = h
        .text(".inbox-row[data-state='awaiting_input'] .inbox-action")
        .await
        .unwrap_or_default();
    assert_eq!(reply, "Reply");

    // A run started elsewhere (another tab, the CLI): Refresh reads it at once.
    let started = h
        .client
        .execute_async(
            "const [base, done] = [arguments[0], arguments[arguments.length - 1]];\
             fetch(base + '/agent_runners?site_id=demo-site', {method: 'POST',\
               headers: {'authorization': 'Bearer local-netlify-token',\
                         'content-type': 'application/json'},\
               body: JSON.stringify({prompt: 'Tidy the inbox footer #slow'})})\
             .then(r => r.json()).then(r => done(r.id), e => done(null));",
            vec![serde_json::json!(h.netlify_url)],
        )
        .await
        .expect("the runner request");
    let id = started.as_str().expect("a runner id").to_string();
    h.click_text("Refresh").await;
    let row = format!(".inbox-row[data-key='netlify:{id}']");
    let group = format!(".inbox-group[data-group='running'] {row}");
    h.find(&group).await;

    // It ends: "Needs you", unread, the tab title marks it, and no reload happened.
    let ended = format!(".inbox-group[data-group='needs-you'] {row}[data-unread]");
    h.until("the run in Needs you, unread", || async {
        h.client
            .find(fantoccini::Locator::Css(&ended))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    assert_eq!(h.attr(&row, "data-state").await, "done");
    let t = title(&h).await;
    assert!(t.starts_with('\u{2713}') && t.contains("Inbox"), "{t}");
    let still: serde_json::Value = h
        .client
        .execute("return window.__noReload || null;", vec![])
        .await
        .unwrap();
    assert_eq!(still.as_str(), Some("still here"), "the page was reloaded");
    h.stop().await;
}
