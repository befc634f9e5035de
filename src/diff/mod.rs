//! The diff model: a parser of the unified diff text that `git diff` writes, per-file counts,
//! intra-line word diff, whole-diff search, lock/generated file detection, the row layout used by
//! the windowed viewer, and a generator of realistic diffs for tests and the benchmark.
//!
//! Pure Rust, no browser: tested natively (`cargo test -p agentdeck --lib diff`).

// Used by the benchmark pages and tests; nothing in the production build calls it, so the
// release link leaves it out.
pub mod gen;
pub mod generated;
pub mod layout;
pub mod model;
pub mod parse;
pub mod search;
pub mod syntax;
pub mod word;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod git_tests;

pub use layout::{Layout, Row, ViewMode};
pub use model::{Diff, FileDiff, FileStatus, Hunk, Line, LineKind};
pub use parse::parse;
pub use search::{Match, SearchIndex};
pub use word::{segments, word_diff, WordDiff, SEG_CURRENT, SEG_MATCH, SEG_WORD};
