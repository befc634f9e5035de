// Pages whose code downloads when first opened: what shows while it comes, and a failed
// download that a click tries again (the release build's chunks; here the loader is faked).

use crate::support::{click, container, first, text, until};
use agentdeck::page_chunks::{lazy_page, Loaded, PageNotLoaded};
use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen_test::wasm_bindgen_test;

thread_local! {
    static ATTEMPTS: Cell<u32> = const { Cell::new(0) };
}

/// Fails the first download, then brings the page.
async fn flaky_page() -> Loaded {
    let n = ATTEMPTS.with(|a| {
        a.set(a.get() + 1);
        a.get()
    });
    crate::support::sleep(400).await;
    if n == 1 {
        Err(PageNotLoaded)
    } else {
        Ok(view! { <h1>"The page"</h1> }.into_any())
    }
}

#[wasm_bindgen_test]
async fn a_page_whose_download_fails_says_so_and_a_click_loads_it() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), || lazy_page(flaky_page));
    let loading = until("the loading line", || first(&root, ".page-loading")).await;
    assert_eq!(loading.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(loading.text_content().unwrap(), "Loading page…");

    let alert = until("the failure", || first(&root, "[role=alert]")).await;
    assert_eq!(
        alert.text_content().unwrap(),
        "This page could not be downloaded. Check the connection, then try again (after a new \
         version was deployed, reloading the tab fetches it)."
    );
    assert!(first(&root, "h1").is_none());

    click(&root, "Try loading the page again").await;
    until("the page", || first(&root, "h1")).await;
    assert_eq!(text(&root, "h1"), "The page");
    assert!(
        first(&root, "[role=alert]").is_none(),
        "the failure is gone"
    );
    assert_eq!(ATTEMPTS.with(Cell::get), 2);
}
