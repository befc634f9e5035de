//! The runners list page mounted in a real browser against local-api: rows, filters bound to the
//! URL, pagination, and what a user sees when the token is wrong or nothing is connected.

use crate::support::*;
use agentdeck::api::NetlifyConnection;
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck_wire::netlify::CreateRunner;
use leptos::prelude::*;
use wasm_bindgen_test::*;

fn connections(site_id: &str, account_id: &str, token: &str) -> Connections {
    Connections {
        netlify: Some(NetlifyConnection {
            base_url: netlify_url().to_string(),
            token: token.to_string(),
            account_id: account_id.to_string(),
            site_id: site_id.to_string(),
        }),
        ..Default::default()
    }
}

fn row_ids(root: &web_sys::Element) -> Vec<String> {
    all(root, ".runner-row")
        .iter()
        .filter_map(|r| r.get_attribute("data-runner-id"))
        .collect()
}

#[wasm_bindgen_test]
async fn rows_filters_and_pages_follow_the_url() {
    let (site, account) = fresh_site(true).await;
    go_to("/netlify/runners");
    let root = container();
    let conns = connections(&site, &account, "local-netlify-token");
    let _app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    let root: web_sys::Element = root.into();

    let page1 = until("20 rows", || {
        Some(row_ids(&root)).filter(|ids| ids.len() == 20)
    })
    .await;
    // Each row shows what a user scans for: a state, a title that links to the runner, a branch.
    let row = first(&root, ".runner-row").unwrap();
    assert!(first(&row, ".badge[data-state]").is_some());
    let link = first(&row, "a.runner-title").unwrap();
    assert!(link
        .get_attribute("href")
        .unwrap()
        .starts_with("/netlify/runners/"));
    assert!(!text(&row, ".runner-branch").is_empty());
    assert!(text(&root, ".pagination-summary").starts_with("Page 1 of "));

    click(&root, "Older").await;
    let page2 = until("page 2", || {
        Some(row_ids(&root)).filter(|ids| !ids.is_empty() && *ids != page1)
    })
    .await;
    assert!(
        location_search().contains("page=2"),
        "{}",
        location_search()
    );
    assert!(page2.iter().all(|id| !page1.contains(id)));

    // A run that is surely still working when the filter applies (demo runs finish fast here).
    let conn = connections(&site, &account, "local-netlify-token")
        .netlify
        .unwrap();
    let body = CreateRunner {
        prompt: "Audit every page for broken links #slow".into(),
        ..Default::default()
    };
    let live_one = agentdeck::api::netlify::create_runner(&conn, &body)
        .await
        .expect("create a runner")
        .id;
    set_value(&root, "select[name=state]", "live");
    until("only live runners", || {
        let states: Vec<String> = all(&root, ".runner-main .badge")
            .iter()
            .filter_map(|b| b.get_attribute("data-state"))
            .collect();
        (!states.is_empty() && states.iter().all(|s| s == "new" || s == "running")).then_some(())
    })
    .await;
    assert!(
        row_ids(&root).contains(&live_one),
        "the running runner is listed"
    );
    let search = location_search();
    assert!(
        search.contains("state=live") && !search.contains("page="),
        "a new filter starts at page 1: {search}"
    );

    set_value(&root, "input[name=title]", "nothing is called this");
    until("the empty state", || {
        Some(text(&root, ".empty-state")).filter(|t| t.contains("No runners match"))
    })
    .await;
    click(&root, "Clear filters").await;
    // The first page again, now led by the runner created above.
    let again = until("the first page again", || {
        Some(row_ids(&root)).filter(|ids| ids.len() == 20 && ids[0] == live_one)
    })
    .await;
    assert_eq!(again[1..], page1[..19]);
    assert_eq!(location_search(), "");
}

#[wasm_bindgen_test]
async fn a_wrong_token_says_so_and_points_to_connections() {
    let (site, account) = fresh_site(false).await;
    go_to("/netlify/runners");
    let root = container();
    let conns = connections(&site, &account, "not-the-token");
    let _app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    let root: web_sys::Element = root.into();
    let notice = until("an error notice", || first(&root, ".notice-error")).await;
    let message = notice.text_content().unwrap_or_default();
    assert!(message.to_lowercase().contains("token"), "{message}");
    assert!(
        !message.contains("not-the-token"),
        "the secret must not be shown: {message}"
    );
    let link = first(&notice, "a[href='/connections']").expect("a link to Connections");
    assert!(link.text_content().unwrap().contains("Connections"));
}

#[wasm_bindgen_test]
async fn an_empty_site_and_no_connection_are_explained() {
    let (site, account) = fresh_site(false).await;
    go_to("/netlify/runners");
    let root = container();
    let conns = connections(&site, &account, "local-netlify-token");
    let _app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    let root_el: web_sys::Element = root.into();
    until("the empty state", || {
        Some(text(&root_el, ".empty-state")).filter(|t| t.contains("No agent runners"))
    })
    .await;
    drop(_app);

    go_to("/netlify/runners");
    let root = container();
    let _app = leptos::mount::mount_to(
        root.clone(),
        || view! { <App initial=Connections::default() /> },
    );
    let root: web_sys::Element = root.into();
    until("the connect prompt", || {
        Some(text(&root, ".notice")).filter(|t| t.contains("Connect to Netlify"))
    })
    .await;
}
