//! Netlify Agent Runners pages.

pub mod attachments;
pub mod branch_name;
pub mod draft;
pub mod follow_up;
pub mod live;
pub mod new_runner;
pub mod runner;
pub mod runner_actions;
pub mod runner_diff;
pub mod runner_filters;
pub mod runners;
pub mod timeline;
