//! One module per page, grouped by service.

pub mod agentcontainer;
#[cfg(feature = "bench")]
pub mod bench;
pub mod connections;
pub mod inbox;
pub mod netlify;
