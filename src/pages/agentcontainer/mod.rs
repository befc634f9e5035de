//! AgentContainer pages: account, agents, tasks, conversations, repositories, SSH keys,
//! webhooks; `common` holds what they share.

pub mod account;
pub mod agents;
pub mod common;
pub mod conversations;
pub mod repositories;
pub mod ssh_keys;
pub mod tasks;
pub mod webhooks;
