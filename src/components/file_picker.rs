//! A drop zone with a "choose files" button: files come in by picking, dragging and dropping, or
//! pasting (a screenshot) into any element that forwards its paste events to [`files_of_paste`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn list_to_vec(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The files in a paste (a copied screenshot, copied files); empty for pasted text.
pub fn files_of_paste(ev: &web_sys::ClipboardEvent) -> Vec<web_sys::File> {
    list_to_vec(ev.clipboard_data().and_then(|d| d.files()))
}

#[component]
pub fn FilePicker(
    /// Called with the files picked, dropped or pasted.
    on_files: Callback<Vec<web_sys::File>>,
    /// The `accept` attribute of the file input (`.png,.md,...`).
    #[prop(into, optional)]
    accept: String,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// What the zone says, e.g. "Attach files".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let over = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    view! {
        <div
            class="file-picker"
            class:file-picker-over=move || over.get()
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(false);
                if disabled.get_untracked() {
                    return;
                }
                let files = list_to_vec(ev.data_transfer().and_then(|d| d.files()));
                if !files.is_empty() {
                    on_files.run(files);
                }
            }
        >
            <span class="file-picker-text">{label}" — drop files here, paste a screenshot, or "</span>
            <button
                type="button"
                class="button button-quiet"
                disabled=move || disabled.get()
                on:click=move |_| {
                    if let Some(i) = input.get() {
                        i.click();
                    }
                }
            >
                "choose files"
            </button>
            <input
                node_ref=input
                class="file-picker-input"
                type="file"
                multiple
                accept=accept
                tabindex="-1"
                aria-hidden="true"
                on:change=move |ev| {
                    let Some(el) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
                    let files = list_to_vec(el.files());
                    // Let the same file be picked again after it was removed.
                    el.set_value("");
                    if !files.is_empty() {
                        on_files.run(files);
                    }
                }
            />
        </div>
    }
}
