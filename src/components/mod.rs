//! Reusable view pieces.

pub mod avatar;
pub mod confirm;
pub mod copy_button;
pub mod diff_viewer;
pub mod file_picker;
pub mod log_view;
pub mod markdown_view;
pub mod notify;
pub mod reconnect_banner;
pub mod state_badge;
pub mod time;
