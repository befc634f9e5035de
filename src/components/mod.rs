//! Reusable view pieces.

pub mod avatar;
pub mod diff_viewer;
pub mod markdown_view;
pub mod state_badge;
pub mod time;
