//! A button that asks before doing something that destroys or publishes: the first click opens
//! an inline confirmation (what will happen, a confirm and a cancel button), the second does it.
//! Inline rather than a modal so it works the same on a phone and needs no focus trap.

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
    // Keyboard users land on the confirm button when the question opens.
    let yes = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = yes.get() {
            let _ = b.focus();
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
                aria-expanded=move || open.get().to_string()
                disabled=move || disabled.get() || busy.get()
                title=move || disabled_reason.get().unwrap_or_default()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if busy.get() { busy_label.clone() } else { label.get() }}
            </button>
            <Show when=move || open.get() && !busy.get()>
                <div class="confirm" role="alertdialog" aria-label=move || label.get()>
                    <p class="confirm-text">{move || explanation.get()}</p>
                    <div class="row">
                        <button
                            node_ref=yes
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
                </div>
            </Show>
        </span>
    }
}
