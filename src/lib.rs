//! agentdeck: a web console for cloud coding agents (Leptos CSR, compiled to wasm32).
//!
//! Map of the crate (see ARCHITECTURE.md for the whole project):
//! - `api`: typed clients of both APIs; the only code that builds URLs, sends requests and maps errors.
//! - `config`: the connections (tokens, keys, base URLs) and where they are stored.
//! - `pages`: one module per page, grouped by service.
//! - `components`: reusable view pieces.
//! - `diff`, `markdown`, `time_fmt`: pure logic with native unit tests.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod diff;
pub mod markdown;
pub mod pages;
pub mod safe_url;
pub mod time_fmt;
