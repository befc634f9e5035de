//! The parts of the dispatch form below the instructions, each bound to the form's one signal:
//! input repositories (from the account's repositories), skills, metadata rows and the
//! overrides (model, provider, limits, TTL, hibernation, output policy, region).

use super::form::{DispatchForm, RepoRow};
use crate::pages::agentcontainer::repo_mount::default_mount;
use agentdeck_wire::agentcontainer::{OutputPolicyMode, Provider, Repository, RuntimeRegion};
use leptos::prelude::*;

type Get = fn(&DispatchForm) -> String;
type Set = fn(&mut DispatchForm, String);

/// A text input bound to one field of the form.
#[component]
pub fn TextField(
    form: RwSignal<DispatchForm>,
    label: &'static str,
    name: &'static str,
    get: Get,
    set: Set,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] secret: bool,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input
                type=if secret { "password" } else { "text" }
                name=name
                inputmode=if numeric { "numeric" } else { "text" }
                autocomplete="off"
                spellcheck="false"
                prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
            />
            {(!hint.is_empty()).then(|| view! { <span class="hint">{hint}</span> })}
        </label>
    }
}

/// A select bound to one field; `""` is the agent's default.
#[component]
pub fn ChoiceField(
    form: RwSignal<DispatchForm>,
    label: &'static str,
    name: &'static str,
    get: Get,
    set: Set,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select
                name=name
                prop:value=move || form.with(get)
                on:change=move |ev| form.update(|f| set(f, event_target_value(&ev)))
            >
                <option value="">"The agent's default"</option>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </label>
    }
}

fn on_off() -> Vec<(String, String)> {
    vec![("on".into(), "On".into()), ("off".into(), "Off".into())]
}

/// Input repositories: rows of repository, ref, mount point and setup script.
#[component]
pub fn RepoRows(form: RwSignal<DispatchForm>, repos: Signal<Vec<Repository>>) -> impl IntoView {
    let add = move |_| {
        form.update(|f| {
            f.repos.push(RepoRow {
                tag: "main".into(),
                ..Default::default()
            })
        })
    };
    let rows = move || form.with(|f| f.repos.len());
    view! {
        <fieldset class="ac-repos">
            <legend>"Input repositories"</legend>
            {move || (0..rows()).map(|i| {
                let field = move |get: fn(&RepoRow) -> &String| form.with(|f| f.repos.get(i).map(|r| get(r).clone()).unwrap_or_default());
                let set = move |v: String, put: fn(&mut RepoRow, String)| form.update(|f| if let Some(r) = f.repos.get_mut(i) { put(r, v) });
                view! {
                    <div class="form-grid ac-repo-row">
                        <label class="field">
                            <span>{format!("Repository {}", i + 1)}</span>
                            <select
                                prop:value=move || field(|r| &r.repository_id)
                                on:change=move |ev| {
                                    let id = event_target_value(&ev);
                                    let name = repos.with(|rs| rs.iter().find(|r| r.id == id).map(|r| r.name.clone()));
                                    form.update(|f| if let Some(r) = f.repos.get_mut(i) {
                                        if r.mounting_point.is_empty() {
                                            r.mounting_point = default_mount(&name.unwrap_or_default());
                                        }
                                        r.repository_id = id;
                                    });
                                }
                            >
                                <option value="">"Choose a repository"</option>
                                {move || repos.with(|rs| rs.iter().map(|r| view! { <option value=r.id.clone()>{r.name.clone()}</option> }).collect_view())}
                            </select>
                        </label>
                        <label class="field">
                            <span>"Ref (branch or tag)"</span>
                            <input type="text" autocomplete="off" prop:value=move || field(|r| &r.tag) on:input=move |ev| set(event_target_value(&ev), |r, v| r.tag = v) />
                        </label>
                        <label class="field">
                            <span>"Mount point"</span>
                            <input type="text" autocomplete="off" prop:value=move || field(|r| &r.mounting_point) on:input=move |ev| set(event_target_value(&ev), |r, v| r.mounting_point = v) />
                        </label>
                        <label class="field">
                            <span>"Setup script (optional)"</span>
                            <input type="text" autocomplete="off" prop:value=move || field(|r| &r.setup_script) on:input=move |ev| set(event_target_value(&ev), |r, v| r.setup_script = v) />
                        </label>
                        <button type="button" class="button button-quiet" aria-label=format!("Remove repository {}", i + 1)
                            on:click=move |_| form.update(|f| { if i < f.repos.len() { f.repos.remove(i); } })>"Remove"</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button" on:click=add>"Add a repository"</button>
        </fieldset>
    }
}

/// Metadata: key / value rows.
#[component]
pub fn MetadataRows(form: RwSignal<DispatchForm>) -> impl IntoView {
    let rows = move || form.with(|f| f.metadata.len());
    view! {
        <fieldset class="ac-metadata">
            <legend>"Metadata"</legend>
            {move || (0..rows()).map(|i| {
                let get = move |k: bool| form.with(|f| f.metadata.get(i).map(|(a, b)| if k { a.clone() } else { b.clone() }).unwrap_or_default());
                let put = move |k: bool, v: String| form.update(|f| if let Some(row) = f.metadata.get_mut(i) { if k { row.0 = v } else { row.1 = v } });
                view! {
                    <div class="row ac-meta-row">
                        <label class="field"><span>{format!("Key {}", i + 1)}</span>
                            <input type="text" autocomplete="off" prop:value=move || get(true) on:input=move |ev| put(true, event_target_value(&ev)) />
                        </label>
                        <label class="field"><span>{format!("Value {}", i + 1)}</span>
                            <input type="text" autocomplete="off" prop:value=move || get(false) on:input=move |ev| put(false, event_target_value(&ev)) />
                        </label>
                        <button type="button" class="button button-quiet" aria-label=format!("Remove metadata row {}", i + 1)
                            on:click=move |_| form.update(|f| { if i < f.metadata.len() { f.metadata.remove(i); } })>"Remove"</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button" on:click=move |_| form.update(|f| f.metadata.push(Default::default()))>"Add metadata"</button>
        </fieldset>
    }
}

/// Overrides of the agent's defaults for this task.
#[component]
pub fn Overrides(form: RwSignal<DispatchForm>) -> impl IntoView {
    let providers = Provider::KNOWN
        .iter()
        .map(|p| (p.as_str().to_string(), p.as_str().to_string()))
        .collect();
    let regions = RuntimeRegion::KNOWN
        .iter()
        .map(|r| (r.as_str().to_string(), r.as_str().to_string()))
        .collect();
    let outputs = OutputPolicyMode::KNOWN
        .iter()
        .map(|m| (m.as_str().to_string(), m.as_str().replace('_', " ")))
        .collect();
    view! {
        <details class="ac-overrides">
            <summary>"Overrides (model, limits, TTL, output policy…)"</summary>
            <div class="form-grid">
                <TextField form label="Model" name="model" get=|f| f.model.clone() set=|f, v| f.model = v hint="Empty: the agent's model." />
                <TextField form label="Weak model" name="weak_model" get=|f| f.weak_model.clone() set=|f, v| f.weak_model = v />
                <ChoiceField form label="Provider" name="provider" get=|f| f.provider.clone() set=|f, v| f.provider = v options=providers />
                <TextField form label="Provider API key" name="provider_api_key" secret=true get=|f| f.provider_api_key.clone() set=|f, v| f.provider_api_key = v hint="Write-only: sent once, never shown again." />
                <ChoiceField form label="Internet access" name="internet" get=|f| f.internet.clone() set=|f, v| f.internet = v options=on_off() />
                <ChoiceField form label="Hibernation" name="hibernation" get=|f| f.hibernation.clone() set=|f, v| f.hibernation = v options=on_off() />
                <TextField form label="Maximum runtime (seconds)" name="max_runtime_seconds" numeric=true get=|f| f.max_runtime_seconds.clone() set=|f, v| f.max_runtime_seconds = v />
                <TextField form label="Maximum runtime per turn (seconds)" name="max_runtime_per_turn_seconds" numeric=true get=|f| f.max_runtime_per_turn_seconds.clone() set=|f, v| f.max_runtime_per_turn_seconds = v />
                <TextField form label="Session TTL (seconds)" name="session_ttl_seconds" numeric=true get=|f| f.session_ttl_seconds.clone() set=|f, v| f.session_ttl_seconds = v />
                <TextField form label="Soft finish after (seconds)" name="soft_finish_after_seconds" numeric=true get=|f| f.soft_finish_after_seconds.clone() set=|f, v| f.soft_finish_after_seconds = v />
                <ChoiceField form label="Runtime region" name="region" get=|f| f.region.clone() set=|f, v| f.region = v options=regions />
                <ChoiceField form label="Output policy" name="output_mode" get=|f| f.output_mode.clone() set=|f, v| f.output_mode = v options=outputs />
            </div>
            <Show when=move || form.with(|f| f.output_mode == "named")>
                <label class="field">
                    <span>"Named output files (one per line, \u{201c}name: description\u{201d})"</span>
                    <textarea name="output_files" rows="3" prop:value=move || form.with(|f| f.output_files.clone())
                        on:input=move |ev| form.update(|f| f.output_files = event_target_value(&ev))></textarea>
                </label>
            </Show>
            <label class="field">
                <span>"Base prompt override (optional)"</span>
                <textarea name="base_prompt" rows="3" prop:value=move || form.with(|f| f.base_prompt.clone())
                    on:input=move |ev| form.update(|f| f.base_prompt = event_target_value(&ev))></textarea>
            </label>
        </details>
    }
}
