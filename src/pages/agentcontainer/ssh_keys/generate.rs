//! Generating a key: name and description; the server makes the key pair and answers with the
//! public key only, shown at once with a Copy button and the deploy-key note. What was typed
//! stays when the server refuses.

use super::ctx::KeysCtx;
use super::model::create_body;
use super::public_key::PublicKeyBox;
use crate::api::{self, ApiError};
use crate::pages::agentcontainer::common::{field_message, ErrorNotice};
use leptos::prelude::*;

#[component]
pub fn GenerateKeyForm() -> impl IntoView {
    let ctx = KeysCtx::use_ctx();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);

    let name_msg = move || {
        problem
            .get()
            .or_else(|| error.read().as_ref().and_then(|e| field_message(e, "name")))
    };
    let general_error = move || error.get().filter(|e| field_message(e, "name").is_none());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        error.set(None);
        let body = match create_body(&name.get_untracked(), &description.get_untracked()) {
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
                .run(api::agentcontainer::create_ssh_key(&conn, &body))
                .await;
            saving.try_set(false);
            match result {
                Ok(key) => {
                    ctx.generated.try_set(Some(key.clone()));
                    ctx.upsert(key);
                    name.try_set(String::new());
                    description.try_set(String::new());
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };

    view! {
        <form class="card ac-key-form" on:submit=submit aria-label="Generate an SSH key">
            <h2 class="ac-section-title">"Generate an SSH key"</h2>
            <div class="form-grid">
                <div class="field">
                    <label for="key-name">"Name"</label>
                    <input
                        id="key-name"
                        name="name"
                        placeholder="site deploy key"
                        autocomplete="off"
                        aria-invalid=move || name_msg().is_some().to_string()
                        aria-describedby="key-name-error"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                    <span class="ac-field-error" id="key-name-error" role="alert">{name_msg}</span>
                </div>
                <div class="field">
                    <label for="key-description">"Description (optional)"</label>
                    <input
                        id="key-description"
                        name="description"
                        placeholder="Clones acme/site"
                        autocomplete="off"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <p class="hint">"AgentContainer generates an Ed25519 key pair and keeps the private key; you get the public key to add to your git host."</p>
            {move || general_error().map(|e| view! { <ErrorNotice error=e /> })}
            <div class="row">
                <button type="submit" class="button button-primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Generating…" } else { "Generate key" }}
                </button>
            </div>
        </form>
        {move || ctx.generated.get().map(|k| view! {
            <div class="card ac-generated-key" role="status" data-key-id=k.id.clone()>
                <h2 class="ac-section-title">{format!("New key “{}”", k.name)}</h2>
                <PublicKeyBox public_key=k.public_key.clone() key_name=k.name.clone() />
                <button type="button" class="button button-quiet" on:click=move |_| ctx.generated.set(None)>
                    "Done"
                </button>
            </div>
        })}
    }
}
