//! Netlify Agent Runners pages.

pub mod runner_filters;
pub mod runners;
