//! Hidden benchmark pages (only in builds with the `bench` feature), measured by
//! `cargo xtask bench`: `diff` (the diff viewer), `conversation` (a long conversation and a
//! burst of live messages), `log` (a long task log); `measure` holds what they all record.

pub mod conversation;
pub mod diff;
pub mod log;
pub mod measure;
