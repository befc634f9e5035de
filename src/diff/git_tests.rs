//! The parser against real `git diff` output: sample repositories made in a temp dir, per-file
//! counts checked against `git diff --numstat -z`, statuses against `--name-status -z`.

use super::{parse, FileStatus};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static N: AtomicUsize = AtomicUsize::new(0);

struct Repo(PathBuf);

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Repo {
    fn new() -> Repo {
        let dir = std::env::temp_dir().join(format!(
            "agentdeck-diff-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let r = Repo(dir);
        r.git(&["init", "-q"]);
        r
    }

    fn git(&self, args: &[&str]) -> Vec<u8> {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "core.autocrlf=false",
                "-c",
                "core.quotepath=true",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "diff.noprefix=false",
                "-c",
                "diff.mnemonicprefix=false",
            ])
            .args(args)
            .current_dir(&self.0)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let p = self.0.join(path);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(p, bytes).unwrap();
    }

    fn rm(&self, path: &str) {
        std::fs::remove_file(self.0.join(path)).unwrap();
    }

    fn chmod_x(&self, path: &str) {
        use std::os::unix::fs::PermissionsExt;
        let p = self.0.join(path);
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_mode(0o755);
        std::fs::set_permissions(p, perm).unwrap();
    }

    fn commit(&self, msg: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", msg]);
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

fn lines(prefix: &str, n: usize) -> String {
    (1..=n).map(|i| format!("{prefix} line {i}\n")).collect()
}

/// `--numstat -z`: path -> (added, removed) or None for binary.
fn numstat(out: &[u8]) -> HashMap<String, Option<(u32, u32)>> {
    let s = String::from_utf8_lossy(out);
    let mut parts = s.split('\0');
    let mut map = HashMap::new();
    while let Some(head) = parts.next() {
        if head.is_empty() {
            continue;
        }
        let mut f = head.splitn(3, '\t');
        let a = f.next().unwrap_or("");
        let d = f.next().unwrap_or("");
        let mut path = f.next().unwrap_or("").to_string();
        if path.is_empty() {
            // rename / copy: old NUL new NUL
            let _old = parts.next();
            path = parts.next().unwrap_or("").to_string();
        }
        let counts = match (a.parse(), d.parse()) {
            (Ok(a), Ok(d)) => Some((a, d)),
            _ => None,
        };
        map.insert(path, counts);
    }
    map
}

/// `--name-status -z`: path -> (letter, similarity).
fn name_status(out: &[u8]) -> HashMap<String, (char, Option<u8>)> {
    let s = String::from_utf8_lossy(out);
    let mut parts = s.split('\0');
    let mut map = HashMap::new();
    while let Some(st) = parts.next() {
        if st.is_empty() {
            continue;
        }
        let letter = st.chars().next().unwrap_or('?');
        let sim = st[1..].parse::<u8>().ok();
        let mut path = parts.next().unwrap_or("").to_string();
        if letter == 'R' || letter == 'C' {
            path = parts.next().unwrap_or("").to_string();
        }
        map.insert(path, (letter, sim));
    }
    map
}

fn check(repo: &Repo, diff_args: &[&str]) -> super::Diff {
    let mut args = vec!["diff", "--cached"];
    args.extend_from_slice(diff_args);
    let patch = String::from_utf8(repo.git(&args)).expect("utf-8 patch");
    let d = parse(&patch);
    assert!(!d.has_notes(), "notes: {:?} {:#?}", d.notes, d.files);

    // `--binary` and `-U` imply a patch: leave it out of the summary commands.
    args.retain(|a| *a != "--binary" && !a.starts_with("-U"));
    let mut ns_args = args.clone();
    ns_args.extend_from_slice(&["--numstat", "-z"]);
    let expected = numstat(&repo.git(&ns_args));
    let mut st_args = args.clone();
    st_args.extend_from_slice(&["--name-status", "-z"]);
    let statuses = name_status(&repo.git(&st_args));

    assert_eq!(
        d.files.len(),
        expected.len(),
        "file count: parsed {:?}, numstat {:?}",
        d.files.iter().map(|f| f.path()).collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for f in &d.files {
        let p = f.path().to_string();
        let exp = expected
            .get(&p)
            .unwrap_or_else(|| panic!("{p:?} not in numstat {expected:?}"));
        match exp {
            None => assert!(f.binary, "{p} should be binary"),
            Some((a, r)) => {
                assert!(!f.binary, "{p} should not be binary");
                assert_eq!((f.added, f.removed), (*a, *r), "counts of {p}");
            }
        }
        if let Some((letter, sim)) = statuses.get(&p) {
            let want = match letter {
                'A' => FileStatus::Added,
                'D' => FileStatus::Deleted,
                'R' => FileStatus::Renamed,
                'C' => FileStatus::Copied,
                _ => FileStatus::Modified,
            };
            assert_eq!(
                f.status,
                want,
                "status of {p}; patch:\n{}",
                d.file_patch(d.files.iter().position(|x| x.path() == p).unwrap_or(0))
            );
            if matches!(letter, 'R' | 'C') {
                assert_eq!(f.similarity, *sim, "similarity of {p}");
            }
        }
    }
    d
}

#[test]
fn git_diff_of_every_kind_of_change() {
    let r = Repo::new();
    let mut crlf = String::new();
    for i in 0..8 {
        crlf.push_str(&format!("crlf {i}\r\n"));
    }
    let funcs = "int alpha(void)\n{\n    int a = 1;\n    int b = 2;\n    int c = 3;\n    int d = 4;\n    int e = 5;\n    return a;\n}\n\nint beta(void)\n{\n    int a = 1;\n    int b = 2;\n    int c = 3;\n    int d = 4;\n    int e = 5;\n    return a;\n}\n";
    r.write("mod.txt", lines("mod", 30).as_bytes());
    r.write("del.txt", lines("del", 5).as_bytes());
    r.write("ren_src.txt", lines("rename me", 20).as_bytes());
    r.write("copy_src.txt", lines("copy me", 20).as_bytes());
    r.write("mode.sh", b"#!/bin/sh\necho hi\n");
    r.write("mode_and_content.sh", b"#!/bin/sh\necho a\n");
    r.write("bin.dat", b"\x00\x01\x02binary\x00data");
    r.write("with space.txt", lines("space", 3).as_bytes());
    r.write("ünï cödé.txt", lines("unicode", 3).as_bytes());
    r.write("crlf.txt", crlf.as_bytes());
    r.write("nonl.txt", b"a\nb\nc");
    r.write("empty_gone.txt", b"");
    r.write("funcs.c", funcs.as_bytes());
    r.write("quote\"tab\there.txt", b"q\n");
    r.commit("base");

    let mut m = lines("mod", 30).replace("mod line 3\n", "mod line three\n");
    m = m.replace("mod line 25\n", "");
    m.push_str("appended\n");
    r.write("mod.txt", m.as_bytes());
    r.rm("del.txt");
    r.rm("ren_src.txt");
    r.write(
        "dir/ren_dst.txt",
        lines("rename me", 20)
            .replace("rename me line 7\n", "renamed line 7\n")
            .as_bytes(),
    );
    r.write(
        "copy_dst.txt",
        lines("copy me", 20)
            .replace("copy me line 2\n", "copied line 2\n")
            .as_bytes(),
    );
    r.chmod_x("mode.sh");
    r.write("mode_and_content.sh", b"#!/bin/sh\necho b\n");
    r.chmod_x("mode_and_content.sh");
    r.write("bin.dat", b"\x00\x01\x03binary\x00data changed");
    r.write("new_bin.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00");
    r.write(
        "with space.txt",
        lines("space", 3)
            .replace("space line 2", "space line TWO")
            .as_bytes(),
    );
    r.write(
        "ünï cödé.txt",
        lines("unicode", 3)
            .replace("unicode line 1", "ünïcödé line 1")
            .as_bytes(),
    );
    r.write(
        "crlf.txt",
        crlf.replace("crlf 3\r\n", "crlf three\r\n")
            .replace("crlf 5\r\n", "crlf 5\n")
            .as_bytes(),
    );
    r.write("nonl.txt", b"a\nB\nc");
    r.write("empty_new.txt", b"");
    r.rm("empty_gone.txt");
    r.write(
        "funcs.c",
        funcs
            .replace(
                "    int e = 5;\n    return a;\n}\n\nint beta",
                "    int e = 50;\n    return a;\n}\n\nint beta",
            )
            .replace(
                "    int d = 4;\n    int e = 5;\n    return a;\n}\n",
                "    int d = 4;\n    int e = 5;\n    return e;\n}\n",
            )
            .as_bytes(),
    );
    r.write("quote\"tab\there.txt", b"Q\n");
    r.git(&["add", "-A"]);

    let d = check(&r, &["-M", "-C", "--find-copies-harder"]);
    let by_path = |p: &str| {
        d.files
            .iter()
            .find(|f| f.path() == p)
            .unwrap_or_else(|| panic!("{p} missing"))
    };
    let ren = by_path("dir/ren_dst.txt");
    assert_eq!(ren.old_path.as_deref(), Some("ren_src.txt"));
    assert_eq!(ren.status, FileStatus::Renamed);
    let cp = by_path("copy_dst.txt");
    assert_eq!(cp.status, FileStatus::Copied);
    assert_eq!(cp.old_path.as_deref(), Some("copy_src.txt"));
    let mode = by_path("mode.sh");
    assert!(mode.mode_changed());
    assert_eq!(mode.new_mode.as_deref(), Some("100755"));
    assert!(mode.hunks.is_empty());
    assert!(by_path("mode_and_content.sh").mode_changed());
    assert!(by_path("bin.dat").binary);
    let nb = by_path("new_bin.png");
    assert!(nb.binary);
    assert_eq!(nb.status, FileStatus::Added);
    assert!(by_path("with space.txt").added == 1);
    assert!(by_path("ünï cödé.txt").added == 1);
    assert_eq!(by_path("quote\"tab\there.txt").added, 1);
    let c = by_path("crlf.txt");
    let crlf_lines: Vec<_> = d.hunks[c.hunks.clone()]
        .iter()
        .flat_map(|h| d.lines[h.lines.clone()].iter())
        .collect();
    assert!(crlf_lines.iter().any(|l| l.crlf));
    assert!(crlf_lines
        .iter()
        .any(|l| !l.crlf && d.line_text(l) == "crlf 5"));
    assert!(crlf_lines.iter().all(|l| !d.line_text(l).ends_with('\r')));
    let n = by_path("nonl.txt");
    let last = d.hunks[n.hunks.clone()].last().unwrap().lines.end - 1;
    assert!(d.lines[last].no_newline);
    let f = by_path("funcs.c");
    let ctxs: Vec<&str> = d.hunks[f.hunks.clone()]
        .iter()
        .map(|h| d.slice(h.context.clone()))
        .collect();
    assert!(ctxs.iter().any(|c| c.starts_with("int ")), "{ctxs:?}");
    // Each file's patch slice is exactly its section and hashes differ.
    let joined: String = (0..d.files.len()).map(|i| d.file_patch(i)).collect();
    assert_eq!(joined, d.text);

    // Binary patches (`--binary`) are skipped cleanly.
    let d2 = check(&r, &["-M", "--binary"]);
    assert!(d2.files.iter().any(|f| f.binary));

    // Without rename detection, renames are a delete plus an add.
    let d3 = check(&r, &["--no-renames"]);
    assert!(d3
        .files
        .iter()
        .any(|f| f.path() == "ren_src.txt" && f.status == FileStatus::Deleted));
    // Empty files (git pairs them as a rename when detecting renames).
    let e = d3
        .files
        .iter()
        .find(|f| f.path() == "empty_new.txt")
        .unwrap();
    assert_eq!(e.status, FileStatus::Added);
    assert!(e.hunks.is_empty());
    let g = d3
        .files
        .iter()
        .find(|f| f.path() == "empty_gone.txt")
        .unwrap();
    assert_eq!(g.status, FileStatus::Deleted);

    // Function context off, more context, whole-file rewrite.
    check(&r, &["-U0"]);
    check(&r, &["-U10", "-B"]);
    check(&r, &["-M", "--ignore-space-at-eol"]);
    let _ = r.path();
}

#[test]
fn hash_changes_with_content() {
    let r = Repo::new();
    r.write("a.txt", b"1\n");
    r.write("b.txt", b"1\n");
    r.commit("base");
    r.write("a.txt", b"2\n");
    r.write("b.txt", b"2\n");
    r.git(&["add", "-A"]);
    let d1 = check(&r, &[]);
    r.write("a.txt", b"3\n");
    r.git(&["add", "-A"]);
    let d2 = check(&r, &[]);
    assert_ne!(d1.files[0].hash, d2.files[0].hash);
    assert_eq!(d1.files[1].hash, d2.files[1].hash);
}
