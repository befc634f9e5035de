//! agentdeck: a web console for cloud coding agents (Leptos CSR, compiled to wasm32).
//!
//! Map of the crate (see ARCHITECTURE.md for the whole project):
//! - `api`: typed clients of both APIs; the only code that builds URLs, sends requests and maps
//!   errors. Framework-free.
//! - `browser`: browser services that are neither HTTP nor views (saving a file to disk).
//! - `config`: the connections (tokens, keys, base URLs) and where they are stored.
//! - `pages`: one module per page, grouped by service.
//! - `routes`: every in-app URL, built and read in one place.
//! - `hooks`: the glue between `api` and views (request scopes, pollers, feeds as signals).
//! - `components`: reusable view pieces.
//! - `diff`, `markdown`, `time_fmt`: pure logic with native unit tests.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod config;
pub mod diff;
pub mod hooks;
pub mod keyboard;
pub mod markdown;
pub mod page_chunks;
pub mod pages;
pub mod routes;
pub mod safe_url;
pub mod time_fmt;
