//! The agent form's first sections: name and description, the runtime (container image, agent
//! runtime) and the prompts (base prompt, title instructions).

use super::inputs::{SelectField, TextField};
use crate::pages::agentcontainer::agents::form_model::key;
use agentdeck_wire::agentcontainer::AgentRuntimeKind;
use leptos::prelude::*;

#[component]
pub fn BasicsSection() -> impl IntoView {
    let runtimes: Vec<(String, String)> = AgentRuntimeKind::KNOWN
        .iter()
        .map(|r| (r.as_str().to_string(), r.as_str().to_string()))
        .collect();
    view! {
        <fieldset class="card ac-form-section">
            <legend>"Agent"</legend>
            <div class="form-grid">
                <TextField
                    label="Name"
                    key=key::NAME
                    get=|f| &f.name
                    put=|f, v| f.name = v
                    placeholder="Docs writer"
                />
                <TextField
                    label="Description (optional)"
                    key=key::DESCRIPTION
                    get=|f| &f.description
                    put=|f, v| f.description = v
                    wide=true
                />
            </div>
        </fieldset>
        <fieldset class="card ac-form-section">
            <legend>"Runtime"</legend>
            <div class="form-grid">
                <TextField
                    label="Container image"
                    key=key::IMAGE
                    get=|f| &f.container_image
                    put=|f, v| f.container_image = v
                    placeholder="ghcr.io/you/agent:1.0"
                    hint="The image every task of this agent runs in."
                    wide=true
                />
                <SelectField
                    label="Agent runtime"
                    key=key::RUNTIME
                    get=|f| &f.agent_runtime
                    put=|f, v| f.agent_runtime = v
                    options=runtimes
                    hint="The agent harness inside the container."
                />
            </div>
        </fieldset>
        <fieldset class="card ac-form-section">
            <legend>"Prompts"</legend>
            <TextField
                label="Base prompt"
                key=key::BASE_PROMPT
                get=|f| &f.base_prompt
                put=|f, v| f.base_prompt = v
                rows=8
                hint="Given to the agent before every task's instructions."
            />
            <TextField
                label="Title instructions (optional)"
                key=key::TITLE
                get=|f| &f.title_instructions
                put=|f, v| f.title_instructions = v
                rows=3
                hint="How task titles are written. Empty: the default title prompt."
            />
        </fieldset>
    }
}
