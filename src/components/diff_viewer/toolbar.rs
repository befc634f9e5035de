//! The toolbar: the summary (files, lines added / removed), unified / split, expand / collapse all,
//! the search box (given as children), "Download patch" and the status message; and the patch
//! exports: downloading the whole patch, copying one file's patch (the file headers' button).

use super::state::Ctx;
use super::storage;
use crate::diff::ViewMode;
use leptos::prelude::*;

/// `name` reduced to a safe file name (ASCII letters, digits, `.`, `-`, `_`; at most 100).
pub(super) fn safe_file_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if s.is_empty() {
        "changes.patch".to_string()
    } else {
        s
    }
}

/// Copies the patch of file `file` to the clipboard and reports the result in the status line.
pub(super) fn copy_patch(ctx: Ctx, file: usize) {
    let d = ctx.parsed.get_untracked().diff;
    let text = d.file_patch(file).to_string();
    let name = d
        .files
        .get(file)
        .map(|f| f.path().to_string())
        .unwrap_or_default();
    let status = ctx.status;
    if let Some(w) = web_sys::window() {
        let p = w.navigator().clipboard().write_text(&text);
        wasm_bindgen_futures::spawn_local(async move {
            let msg = match wasm_bindgen_futures::JsFuture::from(p).await {
                Ok(_) => format!("Copied the patch of {name}"),
                Err(_) => "Copying failed (clipboard not available)".to_string(),
            };
            status.try_set(msg);
        });
    }
}

/// The toolbar; `children` (the search box) go between "Collapse all" and "Download patch".
#[component]
pub(super) fn Toolbar(
    ctx: Ctx,
    /// File name for "Download patch" (made safe here; default `changes.patch`).
    download_name: Option<String>,
    children: Children,
) -> impl IntoView {
    let Ctx {
        parsed,
        mode,
        status,
        ..
    } = ctx;
    let download_name = StoredValue::new(safe_file_name(
        download_name.as_deref().unwrap_or("changes.patch"),
    ));
    let summary = move || {
        parsed.with(|d| {
            let n = d.diff.files.len();
            format!("{n} file{} changed", if n == 1 { "" } else { "s" })
        })
    };

    view! {
        <div class="dv-toolbar">
            <span class="dv-summary">
                {summary} " "
                <span class="dv-plus">{move || format!("+{}", parsed.with(|d| d.diff.added))}</span>
                " "
                <span class="dv-minus">{move || format!("−{}", parsed.with(|d| d.diff.removed))}</span>
            </span>
            <span class="dv-group" role="group" aria-label="View">
                <button
                    type="button"
                    class="dv-mode-unified"
                    class:dv-active=move || mode.get() == ViewMode::Unified
                    aria-pressed=move || (mode.get() == ViewMode::Unified).to_string()
                    on:click=move |_| {
                        mode.set(ViewMode::Unified);
                        storage::save_mode(ViewMode::Unified);
                    }
                >
                    "Unified"
                </button>
                <button
                    type="button"
                    class="dv-mode-split"
                    class:dv-active=move || mode.get() == ViewMode::Split
                    aria-pressed=move || (mode.get() == ViewMode::Split).to_string()
                    on:click=move |_| {
                        mode.set(ViewMode::Split);
                        storage::save_mode(ViewMode::Split);
                    }
                >
                    "Split"
                </button>
            </span>
            <span class="dv-group">
                <button type="button" class="dv-expand-all" on:click=move |_| ctx.set_all_collapsed(false)>
                    "Expand all"
                </button>
                <button type="button" class="dv-collapse-all" on:click=move |_| ctx.set_all_collapsed(true)>
                    "Collapse all"
                </button>
            </span>
            {children()}
            <button
                type="button"
                class="dv-download"
                on:click=move |_| {
                    let d = parsed.get_untracked().diff;
                    let name = download_name.get_value();
                    if crate::browser::save_text(&name, &d.text, "text/x-diff").is_err() {
                        status.set("Download failed".to_string());
                    }
                }
            >
                "Download patch"
            </button>
            <span class="dv-status-msg" aria-live="polite">{move || status.get()}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_safe() {
        assert_eq!(safe_file_name("../../etc/passwd"), ".._.._etc_passwd");
    }
}
