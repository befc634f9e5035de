//! The agent form's input building blocks, bound to [`FormCtx`]: a labelled text, number
//! (seconds), checkbox or select field, each with its message (own problem or the service's
//! 422) beside it. `name` is the field's key (the request's JSON path).

use super::ctx::{FieldMessage, FormCtx};
use crate::pages::agentcontainer::agents::form_model::AgentForm;
use leptos::prelude::*;

/// A text field; a textarea when `rows` is given.
#[component]
pub fn TextField(
    label: &'static str,
    key: &'static str,
    get: fn(&AgentForm) -> &String,
    put: fn(&mut AgentForm, String),
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] password: bool,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let value = move || ctx.text(get);
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        ctx.set(|f| put(f, v));
    };
    let invalid = move || ctx.message(key).is_some().then_some("true");
    let control = match rows {
        Some(rows) => view! {
            <textarea
                name=key
                rows=rows
                placeholder=placeholder
                aria-invalid=invalid
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                type=if password { "password" } else { "text" }
                name=key
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                aria-invalid=invalid
                prop:value=value
                on:input=on_input
            />
        }
        .into_any(),
    };
    view! {
        <label class="field" class:ac-field-wide=wide || rows.is_some()>
            <span>{label}</span>
            {control}
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <FieldMessage key=key />
        </label>
    }
}

/// A number of seconds (kept as typed; checked when saving).
#[component]
pub fn SecondsField(
    label: &'static str,
    key: &'static str,
    get: fn(&AgentForm) -> &String,
    put: fn(&mut AgentForm, String),
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type="text"
                inputmode="numeric"
                name=key
                autocomplete="off"
                placeholder="seconds"
                aria-invalid=move || ctx.message(key).is_some().then_some("true")
                prop:value=move || ctx.text(get)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.set(|f| put(f, v));
                }
            />
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <FieldMessage key=key />
        </label>
    }
}

/// A yes/no setting.
#[component]
pub fn CheckField(
    label: &'static str,
    key: &'static str,
    get: fn(&AgentForm) -> bool,
    put: fn(&mut AgentForm, bool),
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    view! {
        <div class="field">
            <label class="checkbox">
                <input
                    type="checkbox"
                    name=key
                    prop:checked=move || ctx.form.with(get)
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        ctx.set(|f| put(f, v));
                    }
                />
                {label}
            </label>
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <FieldMessage key=key />
        </div>
    }
}

/// A choice among `options` (value, label). A value the form holds that is not among them (an
/// enum value this app does not know yet) is offered as it is, so it is never lost.
#[component]
pub fn SelectField(
    label: &'static str,
    key: &'static str,
    get: fn(&AgentForm) -> &String,
    put: fn(&mut AgentForm, String),
    options: Vec<(String, String)>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let current = ctx.form.with_untracked(|f| get(f).clone());
    let mut options = options;
    if !options.iter().any(|(v, _)| *v == current) {
        options.push((current.clone(), current));
    }
    view! {
        <label class="field">
            <span>{label}</span>
            <select
                name=key
                prop:value=move || ctx.text(get)
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.set(|f| put(f, v));
                }
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let this = v.clone();
                        view! { <option value=v selected=move || ctx.text(get) == this>{l}</option> }
                    })
                    .collect_view()}
            </select>
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
            <FieldMessage key=key />
        </label>
    }
}
