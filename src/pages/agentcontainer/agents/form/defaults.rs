//! The agent form's defaults: provider and its write-only API key ("a key is set", keep,
//! replace or remove it), models, internet access and runtime limits, session TTL, soft
//! finish, hibernation, region and output policy.

use super::ctx::{FieldMessage, FormCtx};
use super::inputs::{CheckField, SecondsField, SelectField, TextField};
use crate::pages::agentcontainer::agents::form_model::{key, KeyAction};
use agentdeck_wire::agentcontainer::{OutputPolicyMode, Provider, RuntimeRegion};
use leptos::prelude::*;

fn provider_options() -> Vec<(String, String)> {
    let mut out = vec![(String::new(), "Account default".to_string())];
    out.extend(
        Provider::KNOWN
            .iter()
            .map(|p| (p.as_str().to_string(), p.as_str().to_string())),
    );
    out
}

fn region_options() -> Vec<(String, String)> {
    RuntimeRegion::KNOWN
        .iter()
        .map(|r| {
            let label = match r {
                RuntimeRegion::Any => "Any region",
                RuntimeRegion::Eu => "EU only",
                _ => r.as_str(),
            };
            (r.as_str().to_string(), label.to_string())
        })
        .collect()
}

fn output_options() -> Vec<(String, String)> {
    OutputPolicyMode::KNOWN
        .iter()
        .map(|m| {
            let label = match m {
                OutputPolicyMode::Any => "Any files (or none)",
                OutputPolicyMode::None => "No output files",
                OutputPolicyMode::AtLeastOne => "At least one file",
                OutputPolicyMode::Named => "Named files",
                _ => m.as_str(),
            };
            (m.as_str().to_string(), label.to_string())
        })
        .collect()
}

#[component]
pub fn DefaultsSection(
    /// The named output files editor (shown when the policy is "named").
    named_files: ViewFn,
) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let named = move || {
        ctx.form
            .with(|f| f.output_mode == OutputPolicyMode::Named.as_str())
    };
    view! {
        <fieldset class="card ac-form-section">
            <legend>"Model"</legend>
            <div class="form-grid">
                <SelectField
                    label="Provider"
                    key=key::PROVIDER
                    get=|f| &f.provider
                    put=|f, v| f.provider = v
                    options=provider_options()
                />
                <ProviderKey />
                <TextField
                    label="Model"
                    key=key::MODEL
                    get=|f| &f.model
                    put=|f, v| f.model = v
                    placeholder="claude-sonnet-4-5"
                />
                <TextField
                    label="Weak model (optional)"
                    key=key::WEAK_MODEL
                    get=|f| &f.weak_model
                    put=|f, v| f.weak_model = v
                    hint="For small chores such as titles."
                />
            </div>
        </fieldset>
        <fieldset class="card ac-form-section">
            <legend>"Limits"</legend>
            <CheckField
                label="Internet access"
                key=key::INTERNET
                get=|f| f.internet_access
                put=|f, v| f.internet_access = v
                hint="Whether the container may reach the internet."
            />
            <div class="form-grid">
                <SecondsField
                    label="Max runtime"
                    key=key::MAX_RUNTIME
                    get=|f| &f.max_runtime
                    put=|f, v| f.max_runtime = v
                />
                <SecondsField
                    label="Max runtime per turn (optional)"
                    key=key::PER_TURN
                    get=|f| &f.max_runtime_per_turn
                    put=|f, v| f.max_runtime_per_turn = v
                />
                <SecondsField
                    label="Session TTL (optional)"
                    key=key::SESSION_TTL
                    get=|f| &f.session_ttl
                    put=|f, v| f.session_ttl = v
                    hint="How long a conversation may wait for input before it expires."
                />
                <SecondsField
                    label="Soft finish after (optional)"
                    key=key::SOFT_FINISH
                    get=|f| &f.soft_finish_after
                    put=|f, v| f.soft_finish_after = v
                />
            </div>
        </fieldset>
        <fieldset class="card ac-form-section">
            <legend>"Hibernation"</legend>
            <CheckField
                label="Autonomous tasks may hibernate"
                key=key::HIBERNATION
                get=|f| f.hibernation_enabled
                put=|f, v| f.hibernation_enabled = v
            />
            <div class="form-grid">
                <SecondsField
                    label="Max time per hibernation (optional)"
                    key=key::HIBERNATION_CYCLE
                    get=|f| &f.hibernation_cycle
                    put=|f, v| f.hibernation_cycle = v
                />
                <SecondsField
                    label="Max total hibernation (optional)"
                    key=key::HIBERNATION_TOTAL
                    get=|f| &f.hibernation_total
                    put=|f, v| f.hibernation_total = v
                />
            </div>
        </fieldset>
        <fieldset class="card ac-form-section">
            <legend>"Output and region"</legend>
            <div class="form-grid">
                <SelectField
                    label="Region"
                    key=key::REGION
                    get=|f| &f.region
                    put=|f, v| f.region = v
                    options=region_options()
                />
                <SelectField
                    label="Output files"
                    key=key::OUTPUT
                    get=|f| &f.output_mode
                    put=|f, v| f.output_mode = v
                    options=output_options()
                    hint="What a finished task must leave in its output folder."
                />
            </div>
            <Show when=named>{named_files.run()}</Show>
        </fieldset>
    }
}

/// The write-only provider API key: typed once, never shown again. When the agent has one,
/// "A key is set" with keep / replace / remove.
#[component]
fn ProviderKey() -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let has_key = move || ctx.editing && ctx.form.with(|f| f.has_key);
    let replacing = move || ctx.form.with(|f| f.key_action == KeyAction::Replace);
    let key_input = move || {
        view! {
            <input
                type="password"
                name=key::API_KEY
                autocomplete="new-password"
                aria-label="Provider API key"
                prop:value=move || ctx.text(|f| &f.provider_key)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.set(|f| f.provider_key = v);
                }
            />
        }
    };
    view! {
        <div class="field ac-provider-key">
            <span>"Provider API key"</span>
            <Show
                when=has_key
                fallback=move || view! {
                    {key_input()}
                    <span class="hint">"Optional. Write-only: it is stored, never shown again."</span>
                }
            >
                <p class="ac-key-set" role="status">"A key is set."</p>
                <select
                    name="providerApiKeyAction"
                    aria-label="What to do with the provider API key"
                    on:change=move |ev| {
                        let v = KeyAction::from_value(&event_target_value(&ev));
                        ctx.set(|f| f.key_action = v);
                    }
                >
                    {[(KeyAction::Keep, "Keep it"), (KeyAction::Replace, "Replace it"), (KeyAction::Clear, "Remove it")]
                        .into_iter()
                        .map(|(a, label)| view! {
                            <option value=a.value() selected=move || ctx.form.with(|f| f.key_action == a)>{label}</option>
                        })
                        .collect_view()}
                </select>
                <Show when=replacing>{key_input()}</Show>
            </Show>
            <FieldMessage key=key::API_KEY />
        </div>
    }
}
