//! The webhook form, for creating (URL, event types all picked by default) and editing (URL,
//! event types, only what changed is sent). The documented event types are checkboxes, with
//! "All" and "None"; problems found before sending and the server's 422 appear next to their
//! field, and nothing typed is lost on an error.

use super::ctx::HooksCtx;
use super::model::{choices, create_body, edit_body, FieldProblem};
use crate::api::{self, ApiError};
use crate::pages::agentcontainer::common::{field_message, ErrorNotice};
use agentdeck_wire::agentcontainer::{Webhook, WebhookEventType};
use leptos::prelude::*;

#[component]
pub fn WebhookForm(
    /// The webhook being edited; `None` to create one.
    #[prop(optional)]
    editing: Option<Webhook>,
    /// Called after a successful edit (or one that changed nothing).
    #[prop(optional)]
    done: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = HooksCtx::use_ctx();
    let prefix = editing
        .as_ref()
        .map(|h| format!("wh-edit-{}", h.id))
        .unwrap_or_else(|| "wh-new".into());
    let initial_types = editing
        .as_ref()
        .map(|h| h.event_types.clone())
        .unwrap_or_else(|| choices(&[]));
    let offered = choices(&initial_types);
    let url = RwSignal::new(editing.as_ref().map(|h| h.url.clone()).unwrap_or_default());
    let selected = RwSignal::new(initial_types);
    let problem = RwSignal::new(None::<FieldProblem>);
    let error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let editing = StoredValue::new(editing);
    let offered = StoredValue::new(offered);

    let msg = move |field: &'static str| {
        problem
            .read()
            .as_ref()
            .filter(|p| p.field == field)
            .map(|p| p.message.clone())
            .or_else(|| error.read().as_ref().and_then(|e| field_message(e, field)))
    };
    let general_error = move || {
        error.get().filter(|e| {
            field_message(e, "url").is_none() && field_message(e, "eventTypes").is_none()
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        error.set(None);
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let (u, types) = (url.get_untracked(), selected.get_untracked());
        let scope = ctx.scope();
        match editing.get_value() {
            None => {
                let body = match create_body(&u, &types) {
                    Ok(b) => b,
                    Err(p) => return problem.set(Some(p)),
                };
                problem.set(None);
                saving.set(true);
                leptos::task::spawn_local(async move {
                    let result = scope
                        .run(api::agentcontainer::create_webhook(&conn, &body))
                        .await;
                    saving.try_set(false);
                    match result {
                        Ok(answer) => {
                            ctx.show_secret(answer, false);
                            url.try_set(String::new());
                            selected.try_set(choices(&[]));
                        }
                        Err(e) if e.is_aborted() => {}
                        Err(e) => {
                            error.try_set(Some(e));
                        }
                    }
                });
            }
            Some(hook) => {
                let body = match edit_body(&hook, &u, &types) {
                    Ok(Some(b)) => b,
                    Ok(None) => {
                        if let Some(d) = done {
                            d.run(());
                        }
                        return;
                    }
                    Err(p) => return problem.set(Some(p)),
                };
                problem.set(None);
                saving.set(true);
                leptos::task::spawn_local(async move {
                    let result = scope
                        .run(api::agentcontainer::update_webhook(&conn, &hook.id, &body))
                        .await;
                    saving.try_set(false);
                    match result {
                        Ok(updated) => {
                            ctx.upsert(updated);
                            if let Some(d) = done {
                                d.run(());
                            }
                        }
                        Err(e) if e.is_aborted() => {}
                        Err(e) => {
                            error.try_set(Some(e));
                        }
                    }
                });
            }
        }
    };

    let is_new = editing.with_value(|e| e.is_none());
    let url_id = format!("{prefix}-url");
    let types_err_id = format!("{prefix}-types-error");
    let described_by = types_err_id.clone();
    let checkbox = move |t: WebhookEventType| {
        let id = format!("{prefix}-type-{}", t.as_str().replace('.', "-"));
        let (t1, t2) = (t.clone(), t.clone());
        let for_id = id.clone();
        view! {
            <label class="checkbox ac-event-type" for=for_id>
                <input
                    type="checkbox"
                    id=id
                    name="event_type"
                    value=t.as_str().to_string()
                    prop:checked=move || selected.read().contains(&t1)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let t = t2.clone();
                        selected.update(|s| {
                            s.retain(|x| *x != t);
                            if on {
                                s.push(t);
                            }
                        });
                    }
                />
                {t.as_str().to_string()}
            </label>
        }
    };

    view! {
        <form
            class=if is_new { "card ac-webhook-form" } else { "ac-webhook-form ac-webhook-edit" }
            on:submit=submit
            aria-label=if is_new { "New webhook" } else { "Edit the webhook" }
        >
            {is_new.then(|| view! { <h2 class="ac-section-title">"New webhook"</h2> })}
            <div class="field">
                <label for=url_id.clone()>"Receiver URL"</label>
                <input
                    id=url_id
                    name="url"
                    type="url"
                    placeholder="https://example.com/hooks/agentcontainer"
                    autocomplete="off"
                    aria-invalid=move || msg("url").is_some().to_string()
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev))
                />
                <span class="ac-field-error" role="alert">{move || msg("url")}</span>
            </div>
            <fieldset class="ac-event-types" aria-describedby=described_by>
                <legend>"Event types"</legend>
                <div class="row">
                    <button type="button" class="button button-quiet" on:click=move |_| selected.set(offered.get_value())>
                        "All"
                    </button>
                    <button type="button" class="button button-quiet" on:click=move |_| selected.set(Vec::new())>
                        "None"
                    </button>
                </div>
                <div class="ac-event-type-grid">
                    {offered.get_value().into_iter().map(checkbox).collect_view()}
                </div>
                <span class="ac-field-error" id=types_err_id role="alert">{move || msg("eventTypes")}</span>
            </fieldset>
            {move || general_error().map(|e| view! { <ErrorNotice error=e /> })}
            <div class="row">
                <button type="submit" class="button button-primary" disabled=move || saving.get()>
                    {move || match (is_new, saving.get()) {
                        (true, false) => "Create webhook",
                        (true, true) => "Creating…",
                        (false, false) => "Save changes",
                        (false, true) => "Saving…",
                    }}
                </button>
                {(!is_new).then(|| view! {
                    <button type="button" class="button button-quiet" on:click=move |_| { if let Some(d) = done { d.run(()) } }>
                        "Cancel"
                    </button>
                })}
            </div>
        </form>
    }
}
