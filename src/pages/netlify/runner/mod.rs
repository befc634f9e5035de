//! The runner page (`/netlify/runners/:id`): header, actions, the sessions timeline (live
//! while running) with the follow-up box, and the Changes tab. [`ctx`] holds the page's state
//! and is the only module the parts share; the parts never import each other.

pub mod actions;
pub mod changes;
pub mod ctx;
pub mod follow_up;
pub mod header;
pub mod session_actions;
pub mod timeline;
pub mod watch;

use crate::routes::{use_runner_id, use_runner_tab, Route, RunnerTab};
use actions::RunnerActions;
use changes::DiffTab;
use ctx::RunnerCtx;
use follow_up::FollowUp;
use header::RunnerHeader;
use leptos::prelude::*;
use timeline::Timeline;
use watch::watch_for_finish;

/// `/netlify/runners/:id`: rebuilt from scratch when the id changes.
#[component]
pub fn RunnerPage() -> impl IntoView {
    let id = use_runner_id();
    move || {
        let id = id.get();
        view! { <RunnerView id=id /> }
    }
}

#[component]
fn RunnerView(id: String) -> impl IntoView {
    let ctx = RunnerCtx::provide(id);
    let conn = ctx.conn;
    watch_for_finish(ctx);
    let tab = use_runner_tab();
    let loaded = move || ctx.runner.with(|r| r.is_some());

    view! {
        <section class="page runner-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=Route::runners().href()>"← Runners"</a>
            </nav>
            // Until the runner is here (or when it cannot be), the page still has a heading.
            <Show when=move || !loaded()>
                <h1 class="runner-heading">"Agent runner"</h1>
            </Show>
            {move || {
                (conn.read().is_none())
                    .then(|| {
                        view! {
                            <div class="notice" role="alert">
                                <p>"Connect to Netlify to see this runner."</p>
                                <a class="button" href=Route::Connections.href()>"Open Connections"</a>
                            </div>
                        }
                    })
            }}
            {move || {
                ctx.load_error
                    .get()
                    .map(|e| {
                        let unauthorized = e.is_unauthorized();
                        view! {
                            <div class="notice notice-error load-error" role="alert">
                                <p>{e.user_message()}</p>
                                <div class="row">
                                    <button class="button" on:click=move |_| ctx.refresh()>"Try again"</button>
                                    {unauthorized
                                        .then(|| {
                                            view! { <a class="button" href=Route::Connections.href()>"Check the token in Connections"</a> }
                                        })}
                                </div>
                            </div>
                        }
                    })
            }}
            <Show
                when=loaded
                fallback=move || {
                    (ctx.load_error.read().is_none() && conn.read().is_some())
                        .then(|| view! { <p class="loading" role="status">"Loading runner…"</p> })
                }
            >
                <RunnerHeader />
                <RunnerActions />
                <nav class="tabs" aria-label="Runner views">
                    <a
                        class="tab"
                        href=move || ctx.href(RunnerTab::Sessions)
                        aria-current=move || (!tab.read().is_changes()).then_some("page")
                    >
                        "Sessions"
                    </a>
                    <a
                        class="tab"
                        href=move || ctx.href(RunnerTab::Changes(Default::default()))
                        aria-current=move || tab.read().is_changes().then_some("page")
                    >
                        "Changes"
                    </a>
                </nav>
                <Show
                    when=move || tab.read().is_changes()
                    fallback=move || {
                        view! {
                            <Timeline />
                            <FollowUp />
                        }
                    }
                >
                    <DiffTab />
                </Show>
            </Show>
        </section>
    }
}
