//! AgentContainer pages: account, agents, tasks, conversations; `common` holds what they share.

pub mod account;
pub mod agents;
pub mod common;
pub mod conversations;
pub mod tasks;
