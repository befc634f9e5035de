//! A newcomer opens the served app and, without typing anything, sees the demo runners, filters
//! them and pages through them.

use agentdeck_e2e::Harness;

async fn row_ids(h: &Harness) -> Vec<String> {
    let mut ids = Vec::new();
    for row in h.all(".runner-row").await {
        if let Ok(Some(id)) = row.attr("data-runner-id").await {
            ids.push(id);
        }
    }
    ids
}

async fn row_states(h: &Harness) -> Vec<String> {
    let mut states = Vec::new();
    for badge in h.all(".runner-row .runner-main .badge").await {
        states.push(
            badge
                .attr("data-state")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    states
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_runners_filter_and_paginate_without_typing_a_token() {
    let h = Harness::start().await;
    h.open("").await;
    // Home knows Netlify is connected (config.json pre-filled it) and links to the runners.
    h.click_text("Netlify agent runners").await;

    let first_page = h
        .until("a full first page of demo runners", || async {
            let ids = row_ids(&h).await;
            (ids.len() == 20).then_some(ids)
        })
        .await;
    let summary = h.text(".pagination-summary").await.unwrap_or_default();
    assert!(summary.starts_with("Page 1 of "), "{summary}");

    // Older runners are on page 2, and the URL says so.
    h.click_text("Older").await;
    let second_page = h
        .until("page 2 of the runners", || async {
            let ids = row_ids(&h).await;
            (!ids.is_empty() && ids != first_page).then_some(ids)
        })
        .await;
    assert!(h.current_url().await.contains("page=2"));
    assert!(
        second_page.iter().all(|id| !first_page.contains(id)),
        "pages overlap"
    );
    h.click_text("Newer").await;
    h.until("back on page 1", || async {
        (row_ids(&h).await == first_page).then_some(())
    })
    .await;

    // Failed runners only: every row says error, and the filter is in the URL.
    let select = h.find("select[name=state]").await;
    select
        .select_by_value("error")
        .await
        .expect("choose failed");
    h.until("only failed runners", || async {
        let states = row_states(&h).await;
        (!states.is_empty() && states.iter().all(|s| s == "error")).then_some(())
    })
    .await;
    assert!(h.current_url().await.contains("state=error"));

    // A title nobody has: a clear empty state, and one click brings everything back.
    let title = h.find("input[name=title]").await;
    title
        .send_keys("no runner is called this\n")
        .await
        .expect("type");
    h.until("the empty state", || async {
        h.text(".empty-state")
            .await
            .filter(|t| t.contains("No runners match"))
    })
    .await;
    h.click_text("Clear filters").await;
    h.until("the unfiltered first page", || async {
        (row_ids(&h).await == first_page).then_some(())
    })
    .await;
    assert!(!h.current_url().await.contains('?'));

    h.stop().await;
}
