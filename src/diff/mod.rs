//! Owned by the diff/markdown work (issue 5).
