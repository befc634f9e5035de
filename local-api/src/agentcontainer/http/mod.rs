//! The AgentContainer HTTP handlers: extractors, status codes and JSON over the domain
//! operations. Handlers never call each other; what two need is in the domain, or in the
//! helpers here ([`extract`], [`paging`]).

pub mod agents;
pub mod conversations;
pub mod events;
pub mod extract;
pub mod openapi;
pub mod paging;
pub mod repositories;
pub mod ssh_keys;
pub mod tasks;
pub mod uploads;
pub mod webhooks;
