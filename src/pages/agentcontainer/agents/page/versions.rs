//! The Versions tab: the agent's version history ("Load more" on the cursor) and what changed
//! between any two versions, field by field (the newest and the one before it at first).

use super::ctx::AgentCtx;
use crate::api::cursor::CursorList;
use crate::api::{self, ApiError};
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::agents::version_fields::diff_versions;
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::AgentVersion;
use leptos::prelude::*;

#[component]
pub fn VersionsTab() -> impl IntoView {
    let ctx = AgentCtx::use_ctx();
    let list = RwSignal::new(CursorList::<AgentVersion>::new());
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let from = RwSignal::new(None::<String>);
    let to = RwSignal::new(None::<String>);

    let load = move || {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        error.set(None);
        let q = list.with_untracked(|l| l.query(None));
        let (scope, id) = (ctx.scope(), ctx.agent_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::list_agent_versions(&conn, &id, &q))
                .await;
            loading.try_set(false);
            match result {
                Ok(page) => {
                    list.try_update(|l| l.absorb(page));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    // Read again (from the first page) whenever the agent gets a new version.
    Effect::new(move |_| {
        if ctx.version_id().is_some() {
            list.set(CursorList::new());
            from.set(None);
            to.set(None);
            load();
        }
    });

    // Newest first: compare the one before the newest with the newest, unless picked.
    let picked = move |sig: RwSignal<Option<String>>, default_index: usize| {
        list.with(|l| {
            let id = sig
                .get()
                .or_else(|| l.items.get(default_index).map(|v| v.id.clone()));
            id.and_then(|id| l.items.iter().find(|v| v.id == id).cloned())
        })
    };
    let changes = move || match (picked(from, 1), picked(to, 0)) {
        (Some(a), Some(b)) => Some((a.number, b.number, diff_versions(&a, &b))),
        _ => None,
    };
    let options = move || {
        list.with(|l| {
            l.items
                .iter()
                .map(|v| (v.id.clone(), format!("Version {}", v.number)))
                .collect::<Vec<_>>()
        })
    };
    let select = move |label: &'static str, sig: RwSignal<Option<String>>, default_index: usize| {
        view! {
            <label class="field">
                <span>{label}</span>
                <select
                    name=label.to_ascii_lowercase()
                    on:change=move |ev| sig.set(Some(event_target_value(&ev)))
                >
                    {move || {
                        let chosen = picked(sig, default_index).map(|v| v.id);
                        options()
                            .into_iter()
                            .map(|(id, text)| {
                                let selected = chosen.as_deref() == Some(id.as_str());
                                view! { <option value=id selected=selected>{text}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };

    view! {
        <div class="card ac-versions">
            <h2 class="ac-section-title">"Compare two versions"</h2>
            <Show
                when=move || list.with(|l| l.items.len() >= 2)
                fallback=move || (!loading.get() && error.read().is_none()).then(|| view! {
                    <p class="hint">"Only one version so far: edits to the runtime, prompts, defaults, skills, files or repositories make new versions."</p>
                })
            >
                <div class="form-grid ac-version-pickers">
                    {select("From", from, 1)}
                    {select("To", to, 0)}
                </div>
                {move || changes().map(|(a, b, changes)| {
                    if changes.is_empty() {
                        return view! { <p class="hint ac-no-changes">{format!("No setting differs between version {a} and version {b}.")}</p> }.into_any();
                    }
                    view! {
                        <table class="ac-diff-table">
                            <caption>{format!("What changed from version {a} to version {b}")}</caption>
                            <thead><tr><th scope="col">"Setting"</th><th scope="col">{format!("Version {a}")}</th><th scope="col">{format!("Version {b}")}</th></tr></thead>
                            <tbody>
                                {changes.into_iter().map(|c| {
                                    let cell = |text: String| if c.long {
                                        view! { <pre class="ac-long-text">{text}</pre> }.into_any()
                                    } else {
                                        view! { <span>{text}</span> }.into_any()
                                    };
                                    view! {
                                        <tr class="ac-diff-row" data-field=c.label>
                                            <th scope="row">{c.label}</th>
                                            <td class="ac-diff-before">{cell(c.before.clone())}</td>
                                            <td class="ac-diff-after">{cell(c.after.clone())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })}
            </Show>
        </div>
        <div class="card">
            <h2 class="ac-section-title">"History"</h2>
            <ol class="ac-version-list">
                <For
                    each=move || list.get().items
                    key=|v| v.id.clone()
                    children=move |v| view! {
                        <li class="ac-version-row">
                            <strong>{format!("Version {}", v.number)}</strong>
                            " · " {v.defaults.model.clone()} " · "
                            <RelativeTime ts=v.created_at.clone() />
                        </li>
                    }
                />
            </ol>
            {move || loading.get().then(|| view! { <p class="loading" role="status">"Loading versions…"</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e retry=Callback::new(move |_| load()) /> })}
            {move || (list.with(|l| l.can_load_more() && !l.items.is_empty()) && !loading.get()).then(|| view! {
                <button type="button" class="button" on:click=move |_| load()>"Load more versions"</button>
            })}
        </div>
    }
}
