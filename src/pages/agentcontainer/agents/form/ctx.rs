//! The agent form's state, shared by its parts through context: the values as typed, whether
//! the user tried to save (problems show from then on), and the last save error (a 422 names
//! its field). The parts depend on this module, never on each other.

use super::super::form_model::{mentions_field, AgentForm};
use crate::api::{ApiError, ApiErrorKind};
use crate::pages::agentcontainer::common::field_message;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct FormCtx {
    pub form: RwSignal<AgentForm>,
    pub submitted: RwSignal<bool>,
    pub saving: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// True on the edit form (the provider key is then kept, replaced or cleared).
    pub editing: bool,
}

impl FormCtx {
    pub fn provide(form: AgentForm, editing: bool) -> FormCtx {
        let ctx = FormCtx {
            form: RwSignal::new(form),
            submitted: RwSignal::new(false),
            saving: RwSignal::new(false),
            error: RwSignal::new(None),
            editing,
        };
        provide_context(ctx);
        ctx
    }

    pub fn use_ctx() -> FormCtx {
        expect_context::<FormCtx>()
    }

    /// What to say next to field `key`: the form's own problem (once the user tried to save),
    /// else the service's 422 message about that field.
    pub fn message(&self, key: &str) -> Option<String> {
        if self.submitted.get() {
            let own = self.form.with(|f| {
                f.problems()
                    .into_iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, m)| m)
            });
            if own.is_some() {
                return own;
            }
        }
        self.error.with(|e| {
            let e = e.as_ref()?;
            field_message(e, key).or_else(|| {
                // No `field` detail: a message that names the field still belongs beside it.
                let said = e.message.as_deref().filter(|m| mentions_field(m, key));
                (e.field.is_none() && e.kind == ApiErrorKind::Validation)
                    .then_some(said)
                    .flatten()
                    .map(str::to_string)
            })
        })
    }

    /// A text value of the form, for `prop:value`.
    pub fn text(&self, get: fn(&AgentForm) -> &String) -> String {
        self.form.with(|f| get(f).clone())
    }

    /// Sets a value of the form, as an input handler.
    pub fn set(&self, put: impl FnOnce(&mut AgentForm)) {
        self.form.update(put);
    }
}

/// The message next to a field (empty when there is none), announced when it appears.
#[component]
pub fn FieldMessage(key: &'static str) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    move || {
        ctx.message(key).map(|m| {
            view! { <span class="ac-field-error" role="alert" data-field=key>{m}</span> }
        })
    }
}
