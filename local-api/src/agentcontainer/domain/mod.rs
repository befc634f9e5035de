//! The AgentContainer domain: records and the operations on them, the task journal (which
//! publishes on the event bus), the simulation, and webhook deliveries (a bus subscriber).
//! Nothing here knows HTTP handlers or the demo seed.

pub mod account;
pub mod agents;
pub mod conversations;
pub mod deliveries;
pub mod journal;
pub mod records;
pub mod repositories;
pub mod sim;
pub mod ssh_keys;
pub mod tasks;
pub mod uploads;
pub mod webhooks;
