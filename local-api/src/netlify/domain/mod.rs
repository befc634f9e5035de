//! The Netlify domain: records and the operations on them, the scenarios and the simulation.
//! Nothing here knows HTTP handlers or the demo seed.

pub mod accounts;
pub mod diffs;
pub mod records;
pub mod runners;
pub mod scenario;
pub mod sessions;
pub mod sim;
pub mod uploads;
