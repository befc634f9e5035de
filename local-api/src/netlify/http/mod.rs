//! The Netlify HTTP handlers: extractors, status codes and JSON over the domain operations.
//! Handlers never call each other; what two need is in the domain, or in the helpers here
//! ([`extract`], [`paging`]).

pub mod diffs;
pub mod extract;
pub mod paging;
pub mod previews;
pub mod runners;
pub mod sessions;
pub mod uploads;
