//! The browser tests: one wasm-bindgen-test crate (one link of the app), a module per area,
//! run in headless Chromium against local-api by `cargo xtask test`.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

// Shared helpers.
mod api_common;
mod netlify_common;
mod support;

// Tests, one module per area.
mod ac_account;
mod ac_agents;
mod ac_conversations;
mod ac_resources;
mod ac_tasks;
mod api_agentcontainer;
mod api_events;
mod api_netlify;
mod api_poll;
mod connections;
mod diff_viewer;
mod inbox;
mod look;
mod look_parts;
mod markdown;
mod netlify_new_runner;
mod netlify_runner_actions;
mod netlify_runner_page;
mod netlify_runners_live;
mod offline;
mod page_chunks;
mod runners_list;
mod secrets;
mod shortcuts;
