//! Hidden benchmark pages (only in builds with the `bench` feature), measured by
//! `cargo xtask bench`: `diff` (the diff viewer); `measure` holds what they all record.

pub mod diff;
pub mod measure;
