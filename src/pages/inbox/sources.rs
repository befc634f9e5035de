//! Where the inbox's items come from, one section per service: how far it read, or why it
//! could not, or that it is not connected. A token or key rejected with 401 is seen through the
//! app's shared `Rejected` state (such requests wait for a new secret rather than fail) and
//! points to Connections; other errors offer "Try again" while the rows read before stay. With
//! neither service connected, a notice guides to Connections.

use super::ctx::{use_inbox, Source};
use super::item::{service_key, Service};
use crate::routes::Route;
use leptos::prelude::*;

#[component]
pub fn Sources() -> impl IntoView {
    let ctx = use_inbox();
    let none = move || ctx.netlify_conn.with(Option::is_none) && ctx.ac_conn.with(Option::is_none);
    view! {
        <Show
            when=none
            fallback=|| view! {
                <div class="inbox-sources">
                    <SourceStatus service=Service::Netlify />
                    <SourceStatus service=Service::AgentContainer />
                </div>
            }
        >
            <div class="notice inbox-none">
                <p>
                    "Nothing is connected yet. Connect Netlify, AgentContainer or both, and this "
                    "page shows which agent needs you: running, waiting for your input, finished "
                    "or failed."
                </p>
                <a class="button button-primary" href=Route::Connections.href()>"Open Connections"</a>
            </div>
        </Show>
    }
}

/// What the section says about how far the reading got.
fn summary(service: Service, s: &Source) -> String {
    if !s.loaded {
        return "Loading…".into();
    }
    let n = s.items.len();
    match (service, s.agents) {
        (Service::Netlify, _) => format!("{n} recent runners of the connected site"),
        (Service::AgentContainer, Some((agents, read))) if read < agents => {
            format!("{n} recent tasks so far, from {read} of {agents} agents")
        }
        (Service::AgentContainer, Some((agents, _))) => {
            format!("{n} recent tasks of {agents} agents")
        }
        (Service::AgentContainer, None) => format!("{n} recent tasks"),
    }
}

#[component]
fn SourceStatus(service: Service) -> impl IntoView {
    let ctx = use_inbox();
    let (source, connected) = match service {
        Service::Netlify => (
            ctx.netlify,
            Signal::derive(move || ctx.netlify_conn.with(Option::is_some)),
        ),
        Service::AgentContainer => (
            ctx.ac,
            Signal::derive(move || ctx.ac_conn.with(Option::is_some)),
        ),
    };
    let (all_label, all_href, secret) = match service {
        Service::Netlify => (
            "All Netlify agent runners",
            Route::runners().href(),
            "token",
        ),
        Service::AgentContainer => (
            "All AgentContainer agents",
            Route::AcAgents { archived: false }.href(),
            "API key",
        ),
    };
    let heading = format!("inbox-source-{}", service_key(service));
    let labelled_by = heading.clone();
    let error = Memo::new(move |_| source.with(|s| s.error.clone()));
    let status = move || {
        if ctx.rejected.with(|r| r.get(service)) {
            "Rejected (401)".to_string()
        } else {
            source.with(|s| summary(service, s))
        }
    };
    view! {
        <section class="inbox-source" data-service=service_key(service) aria-labelledby=labelled_by>
            <h2 id=heading class="inbox-source-name">{service.name()}</h2>
            <Show
                when=move || connected.get()
                fallback=move || view! {
                    <p class="hint">
                        "Not connected. "
                        <a href=Route::Connections.href()>{format!("Connect {}", service.name())}</a>
                    </p>
                }
            >
                <p class="hint inbox-source-status">{status}</p>
                <Show when=move || ctx.rejected.with(|r| r.get(service))>
                    <div class="notice notice-error inbox-source-rejected" role="alert">
                        <p>{format!(
                            "{} rejected the {secret}: its items wait for a new one (asked for at the top of the page).",
                            service.name(),
                        )}</p>
                        <a class="button" href=Route::Connections.href()>
                            {format!("Check the {secret} in Connections")}
                        </a>
                    </div>
                </Show>
                {move || error.get().map(|e| {
                    let unauthorized = e.is_unauthorized();
                    view! {
                        <div class="notice notice-error inbox-source-error" role="alert">
                            <p>{e.user_message()}</p>
                            {if unauthorized {
                                view! {
                                    <a class="button" href=Route::Connections.href()>
                                        {format!("Check the {secret} in Connections")}
                                    </a>
                                }.into_any()
                            } else {
                                view! {
                                    <button type="button" class="button" on:click=move |_| ctx.retry(service)>
                                        {format!("Try {} again", service.name())}
                                    </button>
                                }.into_any()
                            }}
                        </div>
                    }
                })}
                <a class="inbox-source-all" href=all_href.clone()>{all_label}</a>
            </Show>
        </section>
    }
}
