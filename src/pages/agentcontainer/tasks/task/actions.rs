//! What the user can do to a task: cancel it (confirmed first) while it has not ended, and wake
//! it while it hibernates (saying until when it would sleep); a failure is shown in plain words
//! with the action still offered.

use super::ctx::use_task;
use crate::components::confirm::ConfirmButton;
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::TaskStatus;
use leptos::prelude::*;

#[component]
pub fn TaskActions() -> impl IntoView {
    let ctx = use_task();
    let status = Memo::new(move |_| ctx.task.with(|t| t.as_ref().map(|t| t.status.clone())));
    let open = move || status.get().is_some_and(|s| !s.is_terminal());
    let hibernating = move || status.get() == Some(TaskStatus::Hibernating);
    let until = Memo::new(move |_| {
        ctx.task
            .with(|t| t.as_ref().and_then(|t| t.hibernate_until_at.clone()))
    });
    let busy = Signal::derive(move || ctx.busy.get().is_some());
    view! {
        <div class="task-actions">
            <Show when=hibernating>
                <div class="notice task-hibernating" role="status">
                    <p>
                        "The task is hibernating to save resources"
                        {move || until.get().map(|ts| view! { " until " <RelativeTime ts=ts /> })}
                        ". Wake it to carry on now."
                    </p>
                    <button
                        type="button"
                        class="button button-primary"
                        disabled=move || busy.get()
                        on:click=move |_| ctx.wake()
                    >
                        {move || if ctx.busy.get().as_deref() == Some("Waking…") { "Waking…" } else { "Wake the task" }}
                    </button>
                </div>
            </Show>
            <Show when=open>
                <ConfirmButton
                    label="Cancel the task"
                    confirm_label="Yes, cancel it"
                    explanation="The container stops now; work not yet written to the output is lost."
                    busy=Signal::derive(move || ctx.busy.get().as_deref() == Some("Cancelling…"))
                    busy_label="Cancelling…"
                    disabled=busy
                    danger=true
                    on_confirm=Callback::new(move |_| ctx.cancel())
                />
            </Show>
            {move || ctx.action_error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}
