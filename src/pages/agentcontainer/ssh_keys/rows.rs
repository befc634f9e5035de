//! One SSH key in the list: name, description, algorithm, its public key (copy, deploy-key
//! note), "Edit" (rename, describe), the repositories it is attached to with "Detach" and an
//! attach picker, and "Delete" behind a confirmation. A refused action is said in the row.

use super::ctx::KeysCtx;
use super::model::{split_repos, update_body};
use super::public_key::PublicKeyBox;
use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::SshKey;
use leptos::prelude::*;

#[component]
pub fn KeyRow(key: SshKey) -> impl IntoView {
    let ctx = KeysCtx::use_ctx();
    let id = StoredValue::new(key.id.clone());
    let stored = StoredValue::new(key.clone());
    let editing = RwSignal::new(false);
    let any_busy = move || ctx.busy.read().is_some();
    let repos = Memo::new(move |_| split_repos(&id.get_value(), &ctx.repos.read()));
    let error = move || {
        ctx.row_error
            .get()
            .filter(|e| e.key_id == id.get_value())
            .map(|e| e.error)
    };
    let delete_label = format!("delete:{}", key.id);
    let deleting = {
        let l = delete_label.clone();
        Signal::derive(move || ctx.is_busy(&l))
    };
    let on_delete = Callback::new(move |_| {
        let kid = id.get_value();
        ctx.act(
            delete_label.clone(),
            kid.clone(),
            move |conn| async move { api::agentcontainer::delete_ssh_key(&conn, &kid).await },
            move |_| ctx.remove(&id.get_value()),
        );
    });
    let name = key.name.clone();
    let explanation = Signal::derive(move || {
        let n = repos.read().0.len();
        let name = stored.with_value(|k| k.name.clone());
        match n {
            0 => format!("Delete the SSH key “{name}”? AgentContainer forgets its private key for good."),
            1 => format!("Delete the SSH key “{name}”? It is detached from 1 repository, which can then no longer be cloned with it."),
            n => format!("Delete the SSH key “{name}”? It is detached from {n} repositories, which can then no longer be cloned with it."),
        }
    });

    view! {
        <li class="ac-key-row card" data-key-id=key.id.clone()>
            <div class="ac-repo-main">
                <strong class="ac-key-name">{key.name.clone()}</strong>
                <span class="badge badge-muted">{key.algorithm.as_str().to_string()}</span>
                <span class="hint">"Created " <RelativeTime ts=key.created_at.clone() /></span>
            </div>
            {key.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="ac-key-description">{d}</p> })}
            <PublicKeyBox public_key=key.public_key.clone() key_name=key.name.clone() />
            <Show when=move || editing.get()>
                <EditKey key=stored.get_value() close=Callback::new(move |_| editing.set(false)) />
            </Show>
            <div class="ac-key-repos">
                <span class="ac-repo-keys-title">"Attached to:"</span>
                {move || repos.read().0.is_empty().then(|| view! { <span class="hint">"no repository"</span> })}
                <ul class="ac-key-chips" aria-label=format!("Repositories of {name}")>
                    <For
                        each=move || repos.get().0
                        key=|r| r.id.clone()
                        children=move |r| {
                            let label = format!("detach:{}:{}", id.get_value(), r.id);
                            let busy_label = label.clone();
                            let rid = r.id.clone();
                            let detach = move |_| {
                                let (kid, rid) = (id.get_value(), rid.clone());
                                let rid2 = rid.clone();
                                ctx.act(
                                    label.clone(),
                                    kid.clone(),
                                    move |conn| async move {
                                        api::agentcontainer::detach_ssh_key_repository(&conn, &kid, &rid).await
                                    },
                                    move |_| ctx.repos.update(|repos| {
                                        if let Some(r) = repos.iter_mut().find(|r| r.id == rid2) {
                                            r.ssh_keys.retain(|k| k.id != id.get_value());
                                        }
                                    }),
                                );
                            };
                            view! {
                                <li class="ac-key-chip" data-repo-id=r.id.clone()>
                                    <span>{r.name.clone()}</span>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        aria-label=format!("Detach this key from {}", r.name)
                                        disabled=any_busy
                                        on:click=detach
                                    >
                                        {move || if ctx.is_busy(&busy_label) { "Detaching…" } else { "Detach" }}
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
                <AttachRepo key_id=key.id.clone() key_name=key.name.clone() />
            </div>
            <div class="row ac-key-actions">
                <button
                    type="button"
                    class="button"
                    aria-expanded=move || editing.get().to_string()
                    aria-label=format!("Edit the name and description of {}", key.name)
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Edit"
                </button>
                <ConfirmButton
                    label=format!("Delete {}", key.name)
                    confirm_label="Yes, delete the key"
                    explanation=explanation
                    busy=deleting
                    busy_label="Deleting…"
                    disabled=Signal::derive(any_busy)
                    danger=true
                    on_confirm=on_delete
                />
            </div>
            {move || error().map(|e| view! { <div class="ac-row-error"><ErrorNotice error=e /></div> })}
        </li>
    }
}

/// Rename and re-describe a key; sends only what changed.
#[component]
fn EditKey(key: SshKey, close: Callback<()>) -> impl IntoView {
    let ctx = KeysCtx::use_ctx();
    let name = RwSignal::new(key.name.clone());
    let description = RwSignal::new(key.description.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let label = format!("edit:{}", key.id);
    let saving = {
        let l = label.clone();
        Signal::derive(move || ctx.is_busy(&l))
    };
    let key = StoredValue::new(key);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body =
            key.with_value(|k| update_body(k, &name.get_untracked(), &description.get_untracked()));
        let body = match body {
            Ok(Some(b)) => b,
            Ok(None) => {
                close.run(());
                return;
            }
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        problem.set(None);
        let kid = key.with_value(|k| k.id.clone());
        ctx.act(
            label.clone(),
            kid.clone(),
            move |conn| async move { api::agentcontainer::update_ssh_key(&conn, &kid, &body).await },
            move |updated| {
                close.run(());
                ctx.upsert(updated);
            },
        );
    };
    let prefix = key.with_value(|k| format!("edit-{}", k.id));
    view! {
        <form class="ac-key-edit" on:submit=submit aria-label="Edit the key">
            <div class="form-grid">
                <div class="field">
                    <label for=format!("{prefix}-name")>"Name"</label>
                    <input
                        id=format!("{prefix}-name")
                        name="edit_name"
                        aria-invalid=move || problem.read().is_some().to_string()
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <span class="ac-field-error" role="alert">{move || problem.get()}</span>
                </div>
                <div class="field">
                    <label for=format!("{prefix}-description")>"Description"</label>
                    <input
                        id=format!("{prefix}-description")
                        name="edit_description"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <div class="row">
                <button type="submit" class="button button-primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| close.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// A picker of the repositories this key is not attached to, and "Attach".
#[component]
fn AttachRepo(key_id: String, key_name: String) -> impl IntoView {
    let ctx = KeysCtx::use_ctx();
    let chosen = RwSignal::new(String::new());
    let id = StoredValue::new(key_id.clone());
    let options = Memo::new(move |_| split_repos(&id.get_value(), &ctx.repos.read()).1);
    let label = format!("attach:{key_id}");
    let busy_label = label.clone();
    let attach = move |_| {
        let repo_id = chosen.get_untracked();
        if repo_id.is_empty() {
            return;
        }
        let kid = id.get_value();
        ctx.act(
            label.clone(),
            kid.clone(),
            move |conn| async move {
                api::agentcontainer::attach_ssh_key_repository(&conn, &kid, &repo_id).await
            },
            move |repo| {
                chosen.set(String::new());
                ctx.upsert_repo(repo);
            },
        );
    };
    view! {
        <Show when=move || !options.read().is_empty()>
            <span class="ac-attach-key row">
                <select
                    name="attach_repo"
                    aria-label=format!("Repository to attach {key_name} to")
                    prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    <option value="">"Choose a repository…"</option>
                    {move || options.get().into_iter().map(|r| view! {
                        <option value=r.id.clone()>{r.name.clone()}</option>
                    }).collect_view()}
                </select>
                <button
                    type="button"
                    class="button"
                    disabled=move || chosen.read().is_empty() || ctx.busy.read().is_some()
                    on:click=attach.clone()
                >
                    {let l = busy_label.clone(); move || if ctx.is_busy(&l) { "Attaching…" } else { "Attach to repository" }}
                </button>
            </span>
        </Show>
    }
}
