//! Hidden benchmark pages (only in builds with the `bench` feature), measured by
//! `cargo xtask bench`: `diff` (the diff viewer), `conversation` (a long conversation and a
//! burst of live messages), `log` (a long task log); `measure` holds what they all record.

pub mod conversation;
pub mod diff;
pub mod log;
pub mod measure;

use leptos::prelude::*;

/// The benchmark page the address names (`/__bench/:page`), or "Page not found".
pub fn page() -> AnyView {
    match crate::routes::use_path_param("page").as_str() {
        "diff" => view! { <diff::DiffBenchPage /> }.into_any(),
        "conversation" => view! { <conversation::ConversationBenchPage /> }.into_any(),
        "burst" => view! { <conversation::BurstBenchPage /> }.into_any(),
        "log" => view! { <log::LogBenchPage /> }.into_any(),
        _ => view! { <crate::components::not_found::NotFound /> }.into_any(),
    }
}
