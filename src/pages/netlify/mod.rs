//! Netlify Agent Runners pages: the runners list, the runner page, the new runner form, and
//! what they share (attachments, branch names, how runners and people are named).

pub mod attachments;
pub mod branch_name;
pub mod new_runner;
pub mod runner;
pub mod runners;
pub mod text;
