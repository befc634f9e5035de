//! The app runs under the headers it is deployed with (`dist/_headers`, written by `cargo xtask
//! dist`): its pages load without breaking the Content-Security-Policy, and a violation is
//! noticed, so every end-to-end test ([`Harness::stop`]) fails on one.

use agentdeck_e2e::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_loads_under_its_policy_and_a_violation_is_reported() {
    let h = Harness::start().await;
    let page = local_api::http_client::send("GET", &h.app_url, &[], None)
        .await
        .expect("the app answers");
    let csp = page
        .header("content-security-policy")
        .expect("the page has a Content-Security-Policy");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(
        !csp.contains("'unsafe-eval'") && !csp.contains("script-src 'unsafe-inline'"),
        "{csp}"
    );
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );

    h.open("").await;
    h.click_text("Netlify agent runners").await;
    h.find(".runner-row").await;
    assert_eq!(h.csp_violations(), Vec::<String>::new(), "the app itself");

    // A script the policy does not allow (as injected markup would be) is blocked and reported.
    h.client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';\
             document.head.append(s); return window.__ran === 1;",
            vec![],
        )
        .await
        .map(|ran| assert_eq!(ran, serde_json::json!(false), "the inline script ran"))
        .expect("the page runs the test's script");
    let reported = h
        .until("the violation report", || async {
            let v = h.csp_violations();
            (!v.is_empty()).then_some(v)
        })
        .await;
    assert!(reported[0].starts_with("script-src"), "{reported:?}");
    // This test caused its violation on purpose: stop without the check.
    drop(h);
}
