//! AgentContainer pages: account, agents, tasks, conversations, repositories, SSH keys,
//! webhooks; `common` holds what they share, `upload_list` the files uploaded with a task or
//! message, `repo_mount` where a repository is mounted by default.

pub mod account;
pub mod agents;
pub mod common;
pub mod conversations;
pub mod repo_mount;
pub mod repositories;
pub mod ssh_keys;
pub mod tasks;
pub mod upload_list;
pub mod webhooks;
