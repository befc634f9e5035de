//! A button that asks before doing something that destroys or publishes: the first click opens
//! a modal confirmation (what will happen, a confirm and a cancel button), the second does it.
//! The question is a [`Modal`]: focus starts on the confirm button, stays inside, Escape or
//! Cancel closes it and focus goes back to the button that asked.

use crate::components::modal::Modal;
use leptos::prelude::*;

#[component]
pub fn ConfirmButton(
    /// What the button does, e.g. "Archive runner".
    #[prop(into)]
    label: Signal<String>,
    /// The confirm button's text, e.g. "Yes, archive it".
    #[prop(into)]
    confirm_label: Signal<String>,
    /// What will happen, in plain words.
    #[prop(into)]
    explanation: Signal<String>,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// True while the action runs: the button shows `busy_label` and cannot be pressed.
    #[prop(into, optional)]
    busy: Signal<bool>,
    #[prop(into, optional)] busy_label: Option<String>,
    /// Styles the confirm button as dangerous.
    #[prop(optional)]
    danger: bool,
    /// Why the button is disabled, shown as its tooltip.
    #[prop(into, optional)]
    disabled_reason: Signal<Option<String>>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // An action that starts elsewhere (busy) withdraws the question.
    Effect::new(move |_| {
        if busy.get() {
            open.set(false);
        }
    });
    let busy_label = busy_label.unwrap_or_else(|| "Working…".into());
    let confirm_class = if danger {
        "button button-danger"
    } else {
        "button button-primary"
    };
    view! {
        <span class="confirm-wrap">
            <button
                type="button"
                class="button"
                aria-haspopup="dialog"
                disabled=move || disabled.get() || busy.get()
                title=move || disabled_reason.get().unwrap_or_default()
                on:click=move |_| open.set(true)
            >
                {move || if busy.get() { busy_label.clone() } else { label.get() }}
            </button>
            <Modal open=open label=label alert=true class="confirm">
                <p class="confirm-text">{move || explanation.get()}</p>
                <div class="row">
                    <button
                        type="button"
                        class=confirm_class
                        disabled=move || disabled.get()
                        on:click=move |_| {
                            open.set(false);
                            on_confirm.run(());
                        }
                    >
                        {move || confirm_label.get()}
                    </button>
                    <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                </div>
            </Modal>
        </span>
    }
}
