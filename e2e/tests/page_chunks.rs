//! The release build is split per page (xtask/src/split.rs): the first page downloads only
//! the main wasm module, another page's code arrives when it is first opened, and a failed
//! download says so and is tried again with a click, the page the user was on staying put.

use agentdeck_e2e::Harness;

/// The wasm files this page downloaded so far, by file name.
async fn wasm_downloads(h: &Harness) -> Vec<String> {
    let v = h
        .client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)\
               .filter(n => n.endsWith('.wasm')).map(n => n.split('/').pop());",
            vec![],
        )
        .await
        .expect("the resource timings");
    serde_json::from_value(v).expect("a list of names")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_page_loads_one_module_and_a_page_brings_its_code_when_opened() {
    let h = Harness::start().await;
    h.open("").await;
    h.find(".inbox-row[data-service='netlify']").await;
    let first = wasm_downloads(&h).await;
    assert_eq!(first.len(), 1, "only the main module: {first:?}");
    assert!(first[0].ends_with("_bg.wasm"), "{first:?}");

    // In-app navigation: the runners page's code downloads, then the page shows.
    h.click_text("Runners").await;
    h.find(".runner-row").await;
    let now = wasm_downloads(&h).await;
    assert!(
        now.len() > 1 && now.iter().skip(1).all(|n| !n.ends_with("_bg.wasm")),
        "the runners page's chunks came after the main module: {now:?}"
    );
    assert!(
        now.iter().any(|n| n.starts_with("split_netlify_runners-")),
        "{now:?}"
    );
    h.assert_no_console_errors("opening a split page").await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_whose_code_fails_to_download_says_so_and_a_click_brings_it() {
    let h = Harness::start().await;
    // The network drops the first download of any page chunk.
    h.before_every_page(
        "const realFetch = window.fetch; let dropped = 0;\
         window.fetch = function (input, init) {\
           const url = String(input && input.url || input);\
           if (/\\/(split|chunk)_[^/]*\\.wasm$/.test(url) && dropped++ === 0) {\
             return Promise.reject(new TypeError('Failed to fetch'));\
           }\
           return realFetch.call(this, input, init);\
         };",
    )
    .await;
    h.open("").await;
    h.find(".inbox-row[data-service='netlify']").await;
    h.click_text("Runners").await;
    let alert = h
        .until("the download failure", || async {
            h.text("main [role=alert]").await.filter(|t| !t.is_empty())
        })
        .await;
    assert!(
        alert.starts_with("This page could not be downloaded."),
        "{alert}"
    );
    assert!(h.current_url().await.ends_with("/netlify/runners"));

    h.click_text("Try loading the page again").await;
    h.find(".runner-row").await;
    assert!(h.text("main [role=alert]").await.is_none());
    // The split loader logs the dropped download; nothing panicked or went uncaught.
    let errors = h.console_errors().await;
    assert!(
        errors.iter().all(|e| e.contains("Failed to fetch")),
        "{errors:#?}"
    );
    h.stop().await;
}
