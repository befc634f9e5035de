//! The form that creates a repository: name, git URL, optional SSH key, post-clone script path
//! and command aliases (name -> target rows). Problems found before sending and the server's
//! 422 appear next to their field; whatever was typed stays until the repository is created.

use super::ctx::ReposCtx;
use super::model::{AliasRow, FieldProblem, RepoDraft};
use crate::api::{self, ApiError};
use crate::pages::agentcontainer::common::{field_message, ErrorNotice};
use leptos::prelude::*;

/// The message to show next to `field`: the local problem, else the server's.
fn message_for(
    problem: &Option<FieldProblem>,
    error: &Option<ApiError>,
    field: &str,
) -> Option<String> {
    problem
        .as_ref()
        .filter(|p| p.field == field)
        .map(|p| p.message.clone())
        .or_else(|| error.as_ref().and_then(|e| field_message(e, field)))
}

#[component]
pub fn CreateRepositoryForm() -> impl IntoView {
    let ctx = ReposCtx::use_ctx();
    let draft = RwSignal::new(RepoDraft::default());
    let next_key = StoredValue::new(0u32);
    let problem = RwSignal::new(None::<FieldProblem>);
    let error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let created = RwSignal::new(None::<String>);

    let msg = move |field: &'static str| {
        Signal::derive(move || message_for(&problem.get(), &error.get(), field))
    };
    let (name_msg, url_msg, alias_msg) = (msg("name"), msg("url"), msg("aliases"));
    // A 422 that names no field of this form is shown as a whole.
    let general_error = move || {
        error.get().filter(|e| {
            ["name", "url", "aliases", "postCloneScriptPath", "sshKeyId"]
                .iter()
                .all(|f| field_message(e, f).is_none())
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        created.set(None);
        error.set(None);
        let body = match draft.with_untracked(|d| d.to_request()) {
            Ok(b) => b,
            Err(p) => {
                problem.set(Some(p));
                return;
            }
        };
        problem.set(None);
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        saving.set(true);
        let scope = ctx.scope();
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::create_repository(&conn, &body))
                .await;
            saving.try_set(false);
            match result {
                Ok(repo) => {
                    created.try_set(Some(repo.name.clone()));
                    ctx.upsert(repo);
                    draft.try_set(RepoDraft::default());
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };

    let text_field = move |label: &'static str,
                           name: &'static str,
                           placeholder: &'static str,
                           get: fn(&RepoDraft) -> String,
                           set: fn(&mut RepoDraft, String),
                           message: Option<Signal<Option<String>>>| {
        let id = format!("repo-{name}");
        let err_id = format!("{id}-error");
        let invalid = move || message.is_some_and(|m| m.read().is_some());
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    name=name
                    placeholder=placeholder
                    autocomplete="off"
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=err_id.clone()
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
                />
                <span class="ac-field-error" id=err_id role="alert">
                    {move || message.and_then(|m| m.get())}
                </span>
            </div>
        }
    };

    let add_alias = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        draft.update(|d| {
            d.aliases.push(AliasRow {
                key,
                ..Default::default()
            })
        });
    };

    view! {
        <form class="card ac-repo-form" on:submit=submit aria-label="New repository">
            <h2 class="ac-section-title">"New repository"</h2>
            <div class="form-grid">
                {text_field("Name", "name", "my-site", |d| d.name.clone(), |d, v| d.name = v, Some(name_msg))}
                {text_field("Git URL", "url", "git@github.com:acme/site.git", |d| d.url.clone(), |d, v| d.url = v, Some(url_msg))}
                {text_field(
                    "Post-clone script path (optional)",
                    "post_clone_script_path",
                    "scripts/setup.sh",
                    |d| d.post_clone_script_path.clone(),
                    |d, v| d.post_clone_script_path = v,
                    None,
                )}
                <div class="field">
                    <label for="repo-ssh-key">"SSH key for cloning (optional)"</label>
                    <select
                        id="repo-ssh-key"
                        name="ssh_key_id"
                        prop:value=move || draft.with(|d| d.ssh_key_id.clone())
                        on:change=move |ev| draft.update(|d| d.ssh_key_id = event_target_value(&ev))
                    >
                        <option value="">"No key (public repository)"</option>
                        <For
                            each=move || ctx.keys.get()
                            key=|k| (k.id.clone(), k.name.clone())
                            children=move |k| view! { <option value=k.id.clone()>{k.name.clone()}</option> }
                        />
                    </select>
                </div>
            </div>
            <p class="hint">
                "The post-clone script path is saved for reuse: it only runs when an attachment sets it as its setup script. "
                "Use read-only deploy keys for cloning."
            </p>
            <fieldset class="ac-alias-fieldset">
                <legend>"Command aliases (optional)"</legend>
                <ul class="ac-rows" aria-label="Aliases">
                    <For
                        each=move || draft.with(|d| d.aliases.iter().map(|a| a.key).collect::<Vec<_>>())
                        key=|k| *k
                        children=move |key| {
                            let get = move |f: fn(&AliasRow) -> String| {
                                draft.with(|d| d.aliases.iter().find(|a| a.key == key).map(f).unwrap_or_default())
                            };
                            let set = move |f: fn(&mut AliasRow, String), v: String| {
                                draft.update(|d| {
                                    if let Some(a) = d.aliases.iter_mut().find(|a| a.key == key) {
                                        f(a, v);
                                    }
                                })
                            };
                            view! {
                                <li class="ac-row-item ac-alias-row">
                                    <label class="field">
                                        "Alias name"
                                        <input
                                            name="alias_name"
                                            placeholder="test"
                                            prop:value=move || get(|a| a.name.clone())
                                            on:input=move |ev| set(|a, v| a.name = v, event_target_value(&ev))
                                        />
                                    </label>
                                    <label class="field">
                                        "Target (repository-relative path)"
                                        <input
                                            name="alias_target"
                                            placeholder="scripts/test.sh"
                                            prop:value=move || get(|a| a.target.clone())
                                            on:input=move |ev| set(|a, v| a.target = v, event_target_value(&ev))
                                        />
                                    </label>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        aria-label="Remove this alias"
                                        on:click=move |_| draft.update(|d| d.aliases.retain(|a| a.key != key))
                                    >
                                        "Remove"
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
                <span class="ac-field-error" role="alert">{move || alias_msg.get()}</span>
                <button type="button" class="button" on:click=add_alias>"Add alias"</button>
            </fieldset>
            {move || general_error().map(|e| view! { <ErrorNotice error=e /> })}
            {move || created.get().map(|n| view! {
                <p class="notice ac-created" role="status">{format!("Created repository “{n}”.")}</p>
            })}
            <div class="row">
                <button type="submit" class="button button-primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Creating…" } else { "Create repository" }}
                </button>
            </div>
        </form>
    }
}
