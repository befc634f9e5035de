//! One repository in the list: name (standard ones marked), URL (a link only when http(s)),
//! the saved post-clone script path and aliases, its SSH keys with "Detach" and an attach
//! picker, and "Delete" behind a confirmation. A refused action is said in the row, in plain
//! words, with what to do about it.

use super::ctx::ReposCtx;
use super::model::{attachable_keys, repo_link};
use crate::api;
use crate::api::ApiErrorKind;
use crate::components::confirm::ConfirmButton;
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::common::ErrorNotice;
use crate::routes::Route;
use agentdeck_wire::agentcontainer::Repository;
use leptos::prelude::*;

#[component]
pub fn RepositoryRow(repo: Repository) -> impl IntoView {
    let ctx = ReposCtx::use_ctx();
    let id = StoredValue::new(repo.id.clone());
    let name = repo.name.clone();
    let url_view = match repo_link(&repo.url) {
        Some(href) => view! {
            <a class="ac-repo-url" href=href target="_blank" rel="noopener noreferrer">{repo.url.clone()}</a>
        }
        .into_any(),
        None => view! { <code class="ac-repo-url">{repo.url.clone()}</code> }.into_any(),
    };
    let delete_label = format!("delete:{}", repo.id);
    let deleting = {
        let l = delete_label.clone();
        Signal::derive(move || ctx.is_busy(&l))
    };
    let on_delete = Callback::new(move |_| {
        let rid = id.get_value();
        ctx.act(
            delete_label.clone(),
            rid.clone(),
            move |conn| async move { api::agentcontainer::delete_repository(&conn, &rid).await },
            move |_| ctx.remove(&id.get_value()),
        );
    });
    let error = move || {
        ctx.row_error
            .get()
            .filter(|e| e.repo_id == id.get_value())
            .map(|e| e.error)
    };
    let aliases = repo.aliases.clone();
    let keys = repo.ssh_keys.clone();
    let repo_for_picker = repo.clone();
    let any_busy = move || ctx.busy.read().is_some();

    view! {
        <li class="ac-repo-row" data-repo-id=repo.id.clone()>
            <div class="ac-repo-main">
                <strong class="ac-repo-name">{repo.name.clone()}</strong>
                {repo.is_standard.then(|| view! { <span class="badge badge-info">"Standard"</span> })}
                {url_view}
                <span class="hint">"Created " <RelativeTime ts=repo.created_at.clone() /></span>
            </div>
            {repo.post_clone_script_path.clone().map(|p| view! {
                <p class="ac-repo-detail">"Post-clone script: " <code>{p}</code></p>
            })}
            {(!aliases.is_empty()).then(|| view! {
                <ul class="ac-repo-aliases" aria-label=format!("Aliases of {}", repo.name)>
                    {aliases.into_iter().map(|a| view! {
                        <li><code>{a.name}</code>" → "<code>{a.target}</code></li>
                    }).collect_view()}
                </ul>
            })}
            <div class="ac-repo-keys">
                <span class="ac-repo-keys-title">"SSH keys:"</span>
                {keys.is_empty().then(|| view! { <span class="hint">"none (public clone)"</span> })}
                <ul class="ac-key-chips" aria-label=format!("SSH keys of {}", repo.name)>
                    {keys.into_iter().map(|k| {
                        let label = format!("detach:{}:{}", repo.id, k.id);
                        let busy_label = label.clone();
                        let (kid, kname) = (k.id.clone(), k.name.clone());
                        let detach = move |_| {
                            let (rid, kid) = (id.get_value(), kid.clone());
                            ctx.act(
                                label.clone(),
                                rid.clone(),
                                move |conn| async move {
                                    api::agentcontainer::detach_ssh_key_repository(&conn, &kid, &rid).await
                                },
                                move |_| ctx.reload(),
                            );
                        };
                        view! {
                            <li class="ac-key-chip" data-key-id=k.id.clone()>
                                <span>{k.name.clone()}</span>
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    aria-label=format!("Detach the SSH key {kname} from this repository")
                                    disabled=any_busy
                                    on:click=detach
                                >
                                    {move || if ctx.is_busy(&busy_label) { "Detaching…" } else { "Detach" }}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <AttachKey repo=repo_for_picker />
            </div>
            <div class="row ac-repo-actions">
                {(!repo.is_standard).then(|| view! {
                    <ConfirmButton
                        label=format!("Delete {name}")
                        confirm_label="Yes, delete it"
                        explanation=format!(
                            "Delete the repository “{name}”? Agents and tasks can no longer attach it. \
                             AgentContainer refuses while an agent or a running task uses it."
                        )
                        busy=deleting
                        busy_label="Deleting…"
                        disabled=Signal::derive(any_busy)
                        danger=true
                        on_confirm=on_delete
                    />
                })}
            </div>
            {move || error().map(|e| {
                let in_use = e.kind == ApiErrorKind::Validation;
                view! {
                    <div class="ac-row-error">
                        <ErrorNotice error=e />
                        {in_use.then(|| view! {
                            <p class="hint">
                                "If it is in use, detach it from the agents that use it (Repositories tab of each agent) or wait for their tasks to end, then delete it. "
                                <a href=Route::AcAgents { archived: false }.href()>"Open the agents"</a>
                            </p>
                        })}
                    </div>
                }
            })}
        </li>
    }
}

/// A picker of the keys not yet attached, and "Attach key".
#[component]
fn AttachKey(repo: Repository) -> impl IntoView {
    let ctx = ReposCtx::use_ctx();
    let chosen = RwSignal::new(String::new());
    let repo = StoredValue::new(repo);
    let options = Memo::new(move |_| repo.with_value(|r| attachable_keys(r, &ctx.keys.read())));
    let label = repo.with_value(|r| format!("attach:{}", r.id));
    let busy_label = label.clone();
    let select_id = repo.with_value(|r| format!("attach-key-{}", r.id));
    let attach = move |_| {
        let key_id = chosen.get_untracked();
        if key_id.is_empty() {
            return;
        }
        let rid = repo.with_value(|r| r.id.clone());
        ctx.act(
            label.clone(),
            rid.clone(),
            move |conn| async move {
                api::agentcontainer::attach_ssh_key_repository(&conn, &key_id, &rid).await
            },
            move |updated| {
                chosen.set(String::new());
                ctx.upsert(updated);
            },
        );
    };
    view! {
        <Show when=move || !options.read().is_empty()>
            <span class="ac-attach-key row">
                <select
                    id=select_id.clone()
                    aria-label=repo.with_value(|r| format!("SSH key to attach to {}", r.name))
                    name="attach_key"
                    prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    <option value="">"Choose a key…"</option>
                    {move || options.get().into_iter().map(|k| view! {
                        <option value=k.id.clone()>{k.name.clone()}</option>
                    }).collect_view()}
                </select>
                <button
                    type="button"
                    class="button"
                    disabled=move || chosen.read().is_empty() || ctx.busy.read().is_some()
                    on:click=attach.clone()
                >
                    {let l = busy_label.clone(); move || if ctx.is_busy(&l) { "Attaching…" } else { "Attach key" }}
                </button>
            </span>
        </Show>
    }
}
