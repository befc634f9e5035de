//! The agent form's repeated rows: skills (skill, optional SSH key) and the named output files
//! of the output policy (name, optional description). Rows are added and removed; each keeps a
//! stable id so typing in one never disturbs another.

use super::ctx::{FieldMessage, FormCtx};
use crate::pages::agentcontainer::agents::form_model::{key, AgentForm, OutputFileRow, SkillRow};
use leptos::prelude::*;

fn skill_mut(f: &mut AgentForm, row: u32) -> Option<&mut SkillRow> {
    f.skills.iter_mut().find(|s| s.row == row)
}

fn file_mut(f: &mut AgentForm, row: u32) -> Option<&mut OutputFileRow> {
    f.output_files.iter_mut().find(|s| s.row == row)
}

#[component]
pub fn SkillsSection() -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let rows = move || {
        ctx.form
            .with(|f| f.skills.iter().map(|s| s.row).collect::<Vec<_>>())
    };
    view! {
        <fieldset class="card ac-form-section ac-skills">
            <legend>"Skills"</legend>
            <p class="hint">"Installed into the workspace before each task (skills add …)."</p>
            <ul class="ac-rows">
                <For
                    each=rows
                    key=|r| *r
                    children=move |row| {
                        let n = move || ctx.form.with(|f| f.skills.iter().position(|s| s.row == row).map_or(0, |i| i + 1));
                        view! {
                            <li class="ac-row-item">
                                <label class="field">
                                    <span>{move || format!("Skill {}", n())}</span>
                                    <input
                                        type="text"
                                        name="skill"
                                        placeholder="mattpocock/skills/design-an-interface"
                                        autocomplete="off"
                                        spellcheck="false"
                                        prop:value=move || ctx.form.with(|f| f.skills.iter().find(|s| s.row == row).map(|s| s.skill.clone()).unwrap_or_default())
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            ctx.set(|f| if let Some(s) = skill_mut(f, row) { s.skill = v });
                                        }
                                    />
                                </label>
                                <label class="field">
                                    <span>"SSH key id (optional)"</span>
                                    <input
                                        type="text"
                                        name="skillSshKeyId"
                                        autocomplete="off"
                                        spellcheck="false"
                                        prop:value=move || ctx.form.with(|f| f.skills.iter().find(|s| s.row == row).map(|s| s.ssh_key_id.clone()).unwrap_or_default())
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            ctx.set(|f| if let Some(s) = skill_mut(f, row) { s.ssh_key_id = v });
                                        }
                                    />
                                </label>
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    aria-label=move || format!("Remove skill {}", n())
                                    on:click=move |_| ctx.set(|f| f.skills.retain(|s| s.row != row))
                                >
                                    "Remove"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <FieldMessage key=key::SKILLS />
            <button type="button" class="button" on:click=move |_| ctx.set(|f| f.add_skill())>
                "Add a skill"
            </button>
        </fieldset>
    }
}

/// The files a "named" output policy requires.
#[component]
pub fn NamedOutputFiles() -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let rows = move || {
        ctx.form
            .with(|f| f.output_files.iter().map(|s| s.row).collect::<Vec<_>>())
    };
    let get = move |row: u32, pick: fn(&OutputFileRow) -> &String| {
        ctx.form.with(|f| {
            f.output_files
                .iter()
                .find(|s| s.row == row)
                .map(|s| pick(s).clone())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="ac-named-files">
            <p class="hint">"Each finished task must leave these files."</p>
            <ul class="ac-rows">
                <For
                    each=rows
                    key=|r| *r
                    children=move |row| {
                        let n = move || ctx.form.with(|f| f.output_files.iter().position(|s| s.row == row).map_or(0, |i| i + 1));
                        view! {
                            <li class="ac-row-item">
                                <label class="field">
                                    <span>{move || format!("File {} name", n())}</span>
                                    <input
                                        type="text"
                                        name="outputFileName"
                                        placeholder="report.md"
                                        autocomplete="off"
                                        spellcheck="false"
                                        prop:value=move || get(row, |r| &r.name)
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            ctx.set(|f| if let Some(r) = file_mut(f, row) { r.name = v });
                                        }
                                    />
                                </label>
                                <label class="field">
                                    <span>"Description (optional)"</span>
                                    <input
                                        type="text"
                                        name="outputFileDescription"
                                        autocomplete="off"
                                        prop:value=move || get(row, |r| &r.description)
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            ctx.set(|f| if let Some(r) = file_mut(f, row) { r.description = v });
                                        }
                                    />
                                </label>
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    aria-label=move || format!("Remove output file {}", n())
                                    on:click=move |_| ctx.set(|f| f.output_files.retain(|s| s.row != row))
                                >
                                    "Remove"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            <button type="button" class="button" on:click=move |_| ctx.set(|f| f.add_output_file())>
                "Add an output file"
            </button>
        </div>
    }
}
