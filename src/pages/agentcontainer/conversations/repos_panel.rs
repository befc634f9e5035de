//! Repositories of a live conversation: what is attached now, and attaching more for the
//! agent's later turns (picked from the account's repositories).

use super::ctx::use_convo_ctx;
use super::repos::{load_repositories, RepoPicker};
use crate::api::{self, ApiError};
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::{
    AttachRepositories, AttachedRepository, ListQuery, RepositoryLink,
};
use leptos::prelude::*;

#[component]
pub fn ReposPanel() -> impl IntoView {
    let ctx = use_convo_ctx();
    let attached = RwSignal::new(None::<Result<Vec<AttachedRepository>, ApiError>>);
    let links = RwSignal::new(Vec::<RepositoryLink>::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let open = RwSignal::new(false);

    let load_attached = move || {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let (scope, id) = (ctx.scope(), ctx.task_id());
        leptos::task::spawn_local(async move {
            let q = ListQuery {
                limit: Some(100),
                cursor: None,
            };
            let r = scope
                .run(api::agentcontainer::list_conversation_repositories(
                    &conn, &id, &q,
                ))
                .await;
            if !matches!(&r, Err(e) if e.is_aborted()) {
                attached.try_set(Some(r.map(|p| p.data)));
            }
        });
    };
    // The account's repositories load when the panel is first opened.
    let repositories = LocalResource::new(move || {
        let (wanted, conn, scope) = (open.get(), ctx.conn.get(), ctx.scope());
        async move {
            match (wanted, conn) {
                (true, Some(c)) => Some(load_repositories(scope, c).await),
                _ => None,
            }
        }
    });
    let repo_list = Signal::derive(move || repositories.get().flatten());
    let ended = Memo::new(move |_| {
        ctx.task
            .with(|t| t.as_ref().is_some_and(|t| t.status.is_terminal()))
    });

    let attach = move |_| {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let body = AttachRepositories {
            repositories: links.get_untracked(),
        };
        if body.repositories.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        done.set(false);
        let (scope, id) = (ctx.scope(), ctx.task_id());
        leptos::task::spawn_local(async move {
            let r = scope
                .run(api::agentcontainer::attach_conversation_repositories(
                    &conn, &id, &body,
                ))
                .await;
            busy.try_set(false);
            match r {
                Ok(_) => {
                    links.try_set(Vec::new());
                    done.try_set(true);
                    load_attached();
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <details class="card ac-convo-repos" on:toggle=move |_| {
            if !open.get_untracked() {
                open.set(true);
                load_attached();
            }
        }>
            <summary>"Repositories for later turns"</summary>
            {move || match attached.get() {
                None => view! { <p class="loading">"Loading attached repositories\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e retry=Callback::new(move |_| load_attached()) /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="hint">"No repositories attached."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="repo-links" aria-label="Attached repositories">
                        {list.into_iter().map(|r| view! {
                            <li>{format!("{} @ {} \u{2192} {}", r.repository.name, r.tag, r.mounting_point)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <Show when=move || !ended.get() fallback=|| view! { <p class="hint">"The conversation has ended: no more repositories can be attached."</p> }>
                <RepoPicker links=links repositories=repo_list />
                <div class="row">
                    <button type="button" class="button button-primary" on:click=attach
                        disabled=move || busy.get() || links.read().is_empty()>
                        {move || if busy.get() { "Attaching\u{2026}" } else { "Attach to the conversation" }}
                    </button>
                    {move || done.get().then(|| view! { <span class="hint" role="status">"Attached: the agent sees them from its next turn."</span> })}
                </div>
            </Show>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </details>
    }
}
