//! The runners list: filters bound to the URL, pagination, loading/empty/error states.

mod filter_bar;
pub mod filters;
mod rows;

use super::text::runner_title;
use crate::api::poll::{observe_runners, PollPolicy, Poller};
use crate::api::{self, ApiError, Paged};
use crate::components::notify::notify;
use crate::components::skeleton::Skeleton;
use crate::config::use_connections;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use crate::routes::Route;
use crate::time_fmt::local_day_bounds;
use agentdeck_wire::netlify::AgentRunner;
use agentdeck_wire::pagination::PageLinks;
use filter_bar::{EmptyList, FilterBar};
use filters::RunnerFilters;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use rows::RunnerList;
use send_wrapper::SendWrapper;
use std::collections::HashMap;
use std::time::Duration;

/// What the list area shows; changes only when the shape of the page changes, so polling
/// updates rows in place instead of redrawing the list.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Loading,
    Empty,
    Rows(PageLinks),
    Failed(LoadError),
}

/// Why the list could not be shown.
#[derive(Debug, Clone, PartialEq)]
enum LoadError {
    NotConnected,
    Api(ApiError),
}

#[component]
pub fn RunnersPage() -> impl IntoView {
    let conns = use_connections();
    let query = use_query_map();
    let filters = Memo::new(move |_| RunnerFilters::from_query(|k| query.read().get(k)));
    let navigate = use_navigate();
    let go = move |f: RunnerFilters| {
        navigate(
            &Route::Runners {
                query: f.to_query_string(),
            }
            .href(),
            Default::default(),
        );
    };

    // The current page of runners, kept fresh by a poller: fast while a runner on it is live,
    // every 30 s otherwise (to show new runs); restarted when the filters change.
    let runners: RwSignal<Option<Result<Paged<AgentRunner>, LoadError>>> = RwSignal::new(None);
    let scope = StoredValue::new(SendWrapper::new(use_request_scope()));
    let poller: StoredValue<Option<SendWrapper<Poller>>> = StoredValue::new(None);
    let watched = StoredValue::new(HashMap::<String, bool>::new());
    // The tab title marks a runner seen live here that finished or failed.
    let marker = use_tab_title(|| "Agent runners · agentdeck".into());
    let restart = RwSignal::new(0u32);
    Effect::new(move |_| {
        restart.track();
        let conn = conns.read().netlify_ready().cloned();
        let q = filters.get().to_api_query(local_day_bounds);
        if let Some(old) = poller.get_value() {
            old.stop();
        }
        runners.set(None);
        watched.set_value(HashMap::new());
        let Some(conn) = conn else {
            runners.set(Some(Err(LoadError::NotConnected)));
            return;
        };
        let scope = scope.with_value(|s| (**s).clone());
        let p = Poller::start(
            &scope,
            PollPolicy::for_list(Duration::from_secs(30)),
            move || {
                let (conn, q) = (conn.clone(), q.clone());
                async move { api::netlify::list_runners(&conn, &q).await }
            },
            |page: &Paged<AgentRunner>| observe_runners(&page.items),
            move |result| {
                if let Ok(page) = &result {
                    announce_finished(watched, marker, &page.items);
                }
                runners.try_set(Some(result.map_err(LoadError::Api)));
            },
        );
        poller.set_value(Some(SendWrapper::new(p)));
    });
    let status = Memo::new(move |_| {
        runners.with(|r| match r {
            None => Status::Loading,
            Some(Ok(p)) if p.items.is_empty() => Status::Empty,
            Some(Ok(p)) => Status::Rows(p.links.clone()),
            Some(Err(e)) => Status::Failed(e.clone()),
        })
    });
    let items = Signal::derive(move || {
        runners.with(|r| match r {
            Some(Ok(p)) => p.items.clone(),
            _ => Vec::new(),
        })
    });
    let refresh = move |_| match poller.get_value() {
        Some(p) if !p.is_stopped() => p.poll_now(),
        // Stopped after an error: start over.
        _ => restart.update(|n| *n += 1),
    };

    view! {
        <section class="page runners-page">
            <header class="page-header">
                <h1>"Agent runners"</h1>
                <div class="row">
                    <button class="button" on:click=refresh>"Refresh"</button>
                    <a class="button button-primary" href=Route::NewRunner { parent: None }.href() data-shortcut="new">"New runner"</a>
                </div>
            </header>
            <FilterBar filters=filters on_change=go.clone() />
            {move || match status.get() {
                Status::Loading => view! { <Skeleton label="Loading runners…" /> }.into_any(),
                Status::Empty => view! { <EmptyList filters=filters on_change=go.clone() /> }.into_any(),
                Status::Rows(links) => view! { <RunnerList links=links runners=items filters=filters on_change=go.clone() /> }.into_any(),
                Status::Failed(e) => view! { <ListError error=e /> }.into_any(),
            }}
        </section>
    }
}

/// Tells the user when a runner seen live on this page finished or failed: a browser
/// notification (when allowed) and a marker in the tab title.
fn announce_finished(
    watched: StoredValue<HashMap<String, bool>>,
    marker: RwSignal<Option<bool>>,
    items: &[AgentRunner],
) {
    let mut finished = Vec::new();
    watched.update_value(|w| {
        for r in items {
            let live = r.state.is_live();
            if w.get(&r.id) == Some(&true) && !live {
                finished.push((r.state.finished_ok(), runner_title(r)));
            }
            w.insert(r.id.clone(), live);
        }
    });
    for (ok, title) in finished {
        let what = if ok { "finished" } else { "failed" };
        notify(&format!("Agent run {what}: {title}"));
        marker.try_set(Some(ok));
    }
}

#[component]
fn ListError(error: LoadError) -> impl IntoView {
    match error {
        LoadError::NotConnected => view! {
            <div class="notice" role="alert">
                <p>"Connect to Netlify to see your agent runners."</p>
                <a class="button" href=Route::Connections.href()>"Open Connections"</a>
            </div>
        }
        .into_any(),
        LoadError::Api(e) => {
            let unauthorized = e.is_unauthorized();
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{e.user_message()}</p>
                    {unauthorized.then(|| view! { <a class="button" href=Route::Connections.href()>"Check the token in Connections"</a> })}
                </div>
            }
            .into_any()
        }
    }
}
