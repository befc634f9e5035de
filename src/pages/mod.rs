//! One module per page, grouped by service.

pub mod connections;
pub mod home;
pub mod netlify;
