//! Every page has its own URL: a bookmarked, filtered list opens as it was, on a phone too.

use agentdeck_e2e::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filtered_list_opens_from_its_url_on_a_phone_without_overflow() {
    let h = Harness::start().await;
    h.client
        .set_window_size(390, 844)
        .await
        .expect("phone-sized window");
    h.open("netlify/runners?state=error").await;

    let states = h
        .until("failed runners only", || async {
            let mut states = Vec::new();
            for b in h.all(".runner-row .runner-main .badge").await {
                states.push(
                    b.attr("data-state")
                        .await
                        .ok()
                        .flatten()
                        .unwrap_or_default(),
                );
            }
            (!states.is_empty() && states.iter().all(|s| s == "error")).then_some(states)
        })
        .await;
    assert!(!states.is_empty());
    let select = h.find("select[name=state]").await;
    assert_eq!(
        select.prop("value").await.unwrap().as_deref(),
        Some("error"),
        "the filter shows what the URL says"
    );

    let overflow = h
        .client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            vec![],
        )
        .await
        .expect("script runs");
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "the page scrolls sideways on a phone by {overflow}px"
    );

    // An unknown page says so instead of showing a blank screen.
    h.open("no/such/page").await;
    h.until("a not-found page", || async {
        h.text("h1").await.filter(|t| t.contains("not found"))
    })
    .await;
    // The benchmark pages exist only in `cargo xtask bench`'s own build, never in dist/.
    h.open("__bench/diff?lines=10").await;
    h.until("the bench page to be absent", || async {
        h.text("h1").await.filter(|t| t.contains("not found"))
    })
    .await;

    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_are_prefilled_and_secrets_stay_out_of_the_url() {
    let h = Harness::start().await;
    h.open("connections").await;
    let token = h.find("#netlify-token").await;
    h.until("the dev token pre-filled", || async {
        token
            .prop("value")
            .await
            .ok()
            .flatten()
            .filter(|v| v == "local-netlify-token")
    })
    .await;
    assert_eq!(
        token.attr("type").await.unwrap().as_deref(),
        Some("password"),
        "secrets are masked"
    );
    h.click_text("Test Netlify connection").await;
    h.until("a successful test", || async {
        h.text(".check.ok")
            .await
            .filter(|t| t.contains("Connected"))
    })
    .await;
    h.click_text("Save").await;
    h.until("saved", || async {
        h.text(".save-status").await.filter(|t| t.contains("Saved"))
    })
    .await;
    let url = h.current_url().await;
    assert!(
        !url.contains("local-netlify-token") && !url.contains("agentcontainer-key"),
        "{url}"
    );
    h.stop().await;
}
