//! Wire types of the two APIs agentdeck drives, shared by the web app and local-api.
//!
//! Every type here is defined once and pinned by tests against the reference examples in
//! `tests/fixtures/` (copied from `shared/reference/`). Parsing is forgiving where real servers
//! are: states and kinds are [`open_enum`]s that keep unknown values, optional fields may be
//! missing or null, and extra fields are ignored.

pub mod agentcontainer;
pub mod app_config;
pub mod netlify;
pub mod open_enum;
pub mod pagination;
pub mod timestamp;
pub mod url;

pub use timestamp::Timestamp;
