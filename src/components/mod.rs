//! Reusable view pieces.

pub mod avatar;
pub mod confirm;
pub mod copy_button;
pub mod diff_viewer;
pub mod file_picker;
pub mod icons;
pub mod log_view;
pub mod markdown_view;
pub mod modal;
pub mod nav_menu;
pub mod not_found;
pub mod notify;
pub mod offline_banner;
pub mod reconnect_banner;
pub mod short_id;
pub mod shortcuts;
pub mod skeleton;
pub mod state_badge;
pub mod theme;
pub mod time;
pub mod toast;
