//! The Settings tab: every setting of the agent's current version, as text.

use super::ctx::AgentCtx;
use crate::pages::agentcontainer::agents::version_fields::{version_fields, Field};
use leptos::prelude::*;

/// A version's settings as a definition list (long text keeps its line breaks).
#[component]
pub fn FieldList(fields: Vec<Field>) -> impl IntoView {
    view! {
        <dl class="ac-facts ac-settings">
            {fields
                .into_iter()
                .map(|f| {
                    let value = if f.long {
                        view! { <pre class="ac-long-text">{f.value}</pre> }.into_any()
                    } else {
                        view! { <span>{f.value}</span> }.into_any()
                    };
                    view! {
                        <dt>{f.label}</dt>
                        <dd>{value}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
}

#[component]
pub fn SettingsTab() -> impl IntoView {
    let ctx = AgentCtx::use_ctx();
    move || {
        ctx.agent.with(|a| {
            a.as_ref().map(|a| {
                let fields = version_fields(&a.current_version);
                view! {
                    <div class="card">
                        <h2 class="ac-section-title">{format!("Version {}", a.current_version.number)}</h2>
                        <FieldList fields=fields />
                    </div>
                }
            })
        })
    }
}
