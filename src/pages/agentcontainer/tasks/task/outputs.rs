//! The task's output files, each with a download button (saved to disk with a safe name).

use super::ctx::use_task;
use crate::pages::agentcontainer::common::ErrorNotice;
use leptos::prelude::*;

/// A byte count in words.
pub fn size_words(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

#[component]
pub fn OutputFiles() -> impl IntoView {
    let ctx = use_task();
    let retry = Callback::new(move |_| ctx.refresh_files());
    view! {
        <section class="task-files card" aria-labelledby="task-files-title">
            <h2 id="task-files-title">"Output files"</h2>
            {move || match ctx.files.get() {
                None => view! { <p class="loading" role="status">"Loading output files…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNotice error=e retry=retry /> }.into_any(),
                Some(Ok(files)) if files.is_empty() => view! {
                    <p class="empty-state">"No output files yet. They appear when the task writes them."</p>
                }.into_any(),
                Some(Ok(files)) => view! {
                    <ul class="task-file-list">
                        {files.into_iter().map(|f| {
                            let name = f.filename.clone();
                            let label = format!("Download {name}");
                            let size = f.size_bytes.map(size_words);
                            view! {
                                <li class="task-file">
                                    <span class="task-file-name">{name}</span>
                                    {size.map(|s| view! { <span class="hint">{s}</span> })}
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        aria-label=label
                                        on:click=move |_| ctx.download(f.clone())
                                    >
                                        "Download"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            {move || ctx.download_error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        assert_eq!(super::size_words(10), "10 B");
        assert_eq!(super::size_words(4096), "4 KB");
    }
}
