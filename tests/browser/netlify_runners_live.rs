//! The runners list keeps running runners' rows live: a run started elsewhere shows up, and its
//! row moves to "done" with its changes marker without a reload.

use crate::support::*;
use agentdeck::api::{self, NetlifyConnection};
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck_wire::netlify::CreateRunner;
use leptos::prelude::*;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn a_running_row_updates_in_place() {
    let (site_id, account_id) = fresh_site(false).await;
    let conn = NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id,
        site_id,
    };
    let r = api::netlify::create_runner(
        &conn,
        &CreateRunner {
            prompt: "Add a dark mode #slow".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    go_to("/netlify/runners");
    let root = container();
    let conns = Connections {
        netlify: Some(conn.clone()),
        ..Default::default()
    };
    let _app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    let root: web_sys::Element = root.into();
    let row_css = format!(".runner-row[data-runner-id='{}']", r.id);
    until("the row", || first(&root, &row_css)).await;
    until("the row done, live", || {
        let row = first(&root, &row_css)?;
        let state = first(&row, ".runner-main .badge")?.get_attribute("data-state")?;
        (state == "done" && first(&row, ".runner-changes").is_some()).then_some(())
    })
    .await;
    assert!(
        first(&root, "a[href='/netlify/runners/new']").is_some(),
        "a New runner link"
    );
}
