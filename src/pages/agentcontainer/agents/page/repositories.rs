//! The Repositories tab's list: the repositories attached to the agent's current version (ref,
//! mounting point, setup script), each detachable after a confirmation (a new version).

use super::ctx::AgentCtx;
use crate::api::cursor::collect_all;
use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::{AttachedRepository, ListQuery};
use leptos::prelude::*;

/// At most this many attachments are listed (an agent rarely has more than a few).
const MAX_LISTED: usize = 500;

#[component]
pub fn AttachedRepositories() -> impl IntoView {
    let ctx = AgentCtx::use_ctx();
    let items = RwSignal::new(None::<Vec<AttachedRepository>>);
    let error = RwSignal::new(None::<ApiError>);
    let detaching = RwSignal::new(None::<(String, String)>);
    let detach_error = RwSignal::new(None::<ApiError>);

    let load = move || {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        error.set(None);
        let (scope, id) = (ctx.scope(), ctx.agent_id());
        leptos::task::spawn_local(async move {
            let fetch = |cursor: Option<String>| {
                let (conn, id) = (conn.clone(), id.clone());
                async move {
                    let q = ListQuery {
                        limit: None,
                        cursor,
                    };
                    api::agentcontainer::list_agent_repositories(&conn, &id, &q).await
                }
            };
            match scope.run(collect_all(fetch, MAX_LISTED)).await {
                Ok(list) => {
                    items.try_set(Some(list));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    Effect::new(move |_| {
        if ctx.version_id().is_some() {
            load();
        }
    });
    let detach = move |repo_id: String, mount: String| {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        detaching.set(Some((repo_id.clone(), mount.clone())));
        detach_error.set(None);
        let (scope, id) = (ctx.scope(), ctx.agent_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::detach_agent_repository(
                    &conn, &id, &repo_id, &mount,
                ))
                .await;
            detaching.try_set(None);
            match result {
                Ok(()) => ctx.reload(),
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    detach_error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <div class="card ac-agent-repositories">
            <h2 class="ac-section-title">"Attached repositories"</h2>
            <p class="hint">"Cloned into the workspace of every task. Attaching or detaching makes a new version."</p>
            {move || detach_error.get().map(|e| view! {
                <div class="ac-detach-error">
                    <p class="hint">"The repository was not detached."</p>
                    <ErrorNotice error=e />
                </div>
            })}
            {move || match items.get() {
                None if error.read().is_none() => Some(view! { <p class="loading" role="status">"Loading repositories…"</p> }.into_any()),
                None => None,
                Some(list) if list.is_empty() => Some(view! { <p class="empty-state">"No repositories attached."</p> }.into_any()),
                Some(list) => Some(view! {
                    <ul class="ac-repo-list" aria-label="Attached repositories">
                        {list.into_iter().map(|r| {
                            let repo_id = r.repository.id.clone();
                            let mount = r.mounting_point.clone();
                            let busy_key = (repo_id.clone(), mount.clone());
                            let busy = Signal::derive(move || detaching.read().as_ref() == Some(&busy_key));
                            let label = format!("Detach {} from {}", r.repository.name, r.mounting_point);
                            let explanation = format!("New tasks will no longer get {} at {}. Running tasks keep it.", r.repository.name, r.mounting_point);
                            view! {
                                <li class="ac-repo-row" data-mount=r.mounting_point.clone()>
                                    <div class="ac-repo-main">
                                        <strong class="ac-repo-name">{r.repository.name.clone()}</strong>
                                        <code class="hint">{r.repository.url.clone()}</code>
                                    </div>
                                    <dl class="ac-facts ac-repo-facts">
                                        <dt>"Ref"</dt><dd>{r.tag.clone()}</dd>
                                        <dt>"Mounted at"</dt><dd><code>{r.mounting_point.clone()}</code></dd>
                                        <dt>"Setup script"</dt><dd>{r.setup_script.clone().unwrap_or_else(|| "None".into())}</dd>
                                    </dl>
                                    <Show when=move || ctx.editable()>
                                        <ConfirmButton
                                            label=label.clone()
                                            confirm_label="Yes, detach it"
                                            explanation=explanation.clone()
                                            busy=busy
                                            busy_label="Detaching…"
                                            danger=true
                                            on_confirm=Callback::new({
                                                let (repo_id, mount) = (repo_id.clone(), mount.clone());
                                                move |_| detach(repo_id.clone(), mount.clone())
                                            })
                                        />
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()),
            }}
            {move || error.get().map(|e| view! { <ErrorNotice error=e retry=Callback::new(move |_| load()) /> })}
        </div>
    }
}
