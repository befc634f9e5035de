//! A deterministic generator of realistic git diffs, for the benchmark and tests: many files of
//! several languages, modified / added / deleted / renamed, hunks with function context, a few
//! binary files and a big lock file.

/// Tiny xorshift PRNG: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len() as u64) as usize]
    }
}

const DIRS: &[&str] = &[
    "src",
    "src/api",
    "src/components",
    "src/pages",
    "lib",
    "app/models",
    "app/views",
    "server/handlers",
    "web/src",
    "tests",
    "docs",
    "pkg/util",
];
const WORDS: &[&str] = &[
    "user", "session", "runner", "config", "value", "items", "result", "request", "response",
    "cache", "index", "count", "state", "error", "token", "buffer", "options", "handler", "path",
    "deploy", "agent", "prompt", "diff", "line", "file", "branch", "commit", "status",
];
const EXTS: &[&str] = &["rs", "ts", "tsx", "py", "go", "js", "css", "md"];

fn ident(r: &mut Rng) -> String {
    format!("{}_{}", r.pick(WORDS), r.pick(WORDS))
}

fn code_line(r: &mut Rng, ext: &str) -> String {
    let indent = "    ".repeat(r.below(3) as usize + 1);
    let a = ident(r);
    let b = ident(r);
    let n = r.below(1000);
    match (ext, r.below(6)) {
        ("rs", 0) => format!("{indent}let {a} = {b}.get({n}).unwrap_or_default();"),
        ("rs", 1) => format!("{indent}if {a}.len() > {n} {{ return Err(Error::{b}); }}"),
        ("rs", _) => format!("{indent}{a}.push({b}.clone()); // {n}"),
        ("py", 0) => format!("{indent}{a} = {b}.get(\"{n}\", None)"),
        ("py", _) => format!("{indent}if {a} > {n}: return {b}"),
        ("go", _) => format!("{indent}{a} := {b}.Load({n}) // keep"),
        ("md", _) => format!("The {a} uses {b} for {n} requests, see the docs."),
        ("css", _) => format!(
            ".{a} {{ margin: {n}px; color: #{:06x}; }}",
            r.below(0xffffff)
        ),
        (_, 0) => format!("{indent}const {a} = await {b}({n});"),
        (_, _) => format!("{indent}{a}.{b} = {n}; // {}", r.pick(WORDS)),
    }
}

fn func_ctx(r: &mut Rng, ext: &str) -> String {
    let name = ident(r);
    match ext {
        "rs" => format!("fn {name}(&self) -> Result<(), Error> {{"),
        "py" => format!("def {name}(self):"),
        "go" => format!("func (s *Server) {name}() error {{"),
        "md" | "css" => String::new(),
        _ => format!("function {name}() {{"),
    }
}

/// Generate a diff of about `target_lines` lines (patch lines, headers included).
pub fn generate(target_lines: usize, seed: u64) -> String {
    let mut r = Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = String::with_capacity(target_lines * 48);
    let mut lines = 0usize;
    let mut file_no = 0usize;
    // A big lock file first when the diff is large.
    if target_lines >= 5000 {
        let n = target_lines / 20;
        let mut body = String::new();
        let (mut old_c, mut new_c) = (0, 0);
        for i in 0..n / 4 {
            body.push_str(&format!(" name = \"crate-{i}\"\n"));
            body.push_str(&format!("-version = \"0.{}.{}\"\n", i % 17, i % 9));
            body.push_str(&format!("+version = \"0.{}.{}\"\n", i % 17, i % 9 + 1));
            body.push_str(&format!(
                "+checksum = \"{:016x}{:016x}\"\n",
                r.next(),
                r.next()
            ));
            old_c += 2;
            new_c += 3;
        }
        out.push_str("diff --git a/Cargo.lock b/Cargo.lock\nindex 3f2a1b0..9c8d7e6 100644\n--- a/Cargo.lock\n+++ b/Cargo.lock\n");
        out.push_str(&format!("@@ -100,{old_c} +100,{new_c} @@ version = 3\n"));
        out.push_str(&body);
        lines += 5 + (n / 4) * 4;
    }
    while lines < target_lines {
        file_no += 1;
        let dir = r.pick(DIRS);
        let ext = r.pick(EXTS);
        let name = format!("{dir}/{}_{file_no}.{ext}", r.pick(WORDS));
        let kind = r.below(20);
        let idx = format!(
            "index {:07x}..{:07x} 100644\n",
            r.below(0xfffffff),
            r.below(0xfffffff)
        );
        match kind {
            0 => {
                // binary
                out.push_str(&format!("diff --git a/{dir}/img_{file_no}.png b/{dir}/img_{file_no}.png\n{idx}Binary files a/{dir}/img_{file_no}.png and b/{dir}/img_{file_no}.png differ\n"));
                lines += 3;
                continue;
            }
            1 => {
                // added file
                let n = 5 + r.below(60) as usize;
                out.push_str(&format!("diff --git a/{name} b/{name}\nnew file mode 100644\nindex 0000000..{:07x}\n--- /dev/null\n+++ b/{name}\n@@ -0,0 +1,{n} @@\n", r.below(0xfffffff)));
                for _ in 0..n {
                    out.push('+');
                    out.push_str(&code_line(&mut r, ext));
                    out.push('\n');
                }
                lines += 6 + n;
                continue;
            }
            2 => {
                // deleted file
                let n = 3 + r.below(30) as usize;
                out.push_str(&format!("diff --git a/{name} b/{name}\ndeleted file mode 100644\nindex {:07x}..0000000\n--- a/{name}\n+++ /dev/null\n@@ -1,{n} +0,0 @@\n", r.below(0xfffffff)));
                for _ in 0..n {
                    out.push('-');
                    out.push_str(&code_line(&mut r, ext));
                    out.push('\n');
                }
                lines += 6 + n;
                continue;
            }
            3 => {
                // pure rename
                out.push_str(&format!("diff --git a/old/{name} b/{name}\nsimilarity index 100%\nrename from old/{name}\nrename to {name}\n"));
                lines += 4;
                continue;
            }
            _ => {}
        }
        // modified file with several hunks
        out.push_str(&format!(
            "diff --git a/{name} b/{name}\n{idx}--- a/{name}\n+++ b/{name}\n"
        ));
        lines += 4;
        let hunks = 1 + r.below(5);
        let mut old_line = 1 + r.below(40) as u32;
        let mut new_line = old_line;
        for _ in 0..hunks {
            let mut body = String::new();
            let (mut oc, mut nc) = (0u32, 0u32);
            let mut body_lines = 0;
            for _ in 0..3 {
                body.push(' ');
                body.push_str(&code_line(&mut r, ext));
                body.push('\n');
                oc += 1;
                nc += 1;
                body_lines += 1;
            }
            let blocks = 1 + r.below(3);
            for _ in 0..blocks {
                let dels = r.below(5);
                let adds = r.below(6) + u64::from(dels == 0);
                let mut del_lines = Vec::new();
                for _ in 0..dels {
                    let l = code_line(&mut r, ext);
                    body.push('-');
                    body.push_str(&l);
                    body.push('\n');
                    del_lines.push(l);
                    oc += 1;
                    body_lines += 1;
                }
                for k in 0..adds {
                    // Often a small edit of the removed line (word highlighting).
                    let l = match del_lines.get(k as usize) {
                        Some(d) if r.below(3) > 0 => {
                            let from = r.pick(WORDS);
                            let to = r.pick(WORDS);
                            d.replacen(from, to, 1)
                        }
                        _ => code_line(&mut r, ext),
                    };
                    body.push('+');
                    body.push_str(&l);
                    body.push('\n');
                    nc += 1;
                    body_lines += 1;
                }
                for _ in 0..1 + r.below(3) {
                    body.push(' ');
                    body.push_str(&code_line(&mut r, ext));
                    body.push('\n');
                    oc += 1;
                    nc += 1;
                    body_lines += 1;
                }
            }
            let ctx = func_ctx(&mut r, ext);
            let sep = if ctx.is_empty() { "" } else { " " };
            out.push_str(&format!(
                "@@ -{old_line},{oc} +{new_line},{nc} @@{sep}{ctx}\n"
            ));
            out.push_str(&body);
            lines += 1 + body_lines;
            let gap = 10 + r.below(50) as u32;
            old_line += oc + gap;
            new_line += nc + gap;
            if lines >= target_lines {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_diffs_parse_cleanly() {
        for n in [10, 1000, 20_000] {
            let t = generate(n, 7);
            let lines = t.lines().count();
            assert!(lines >= n && lines < n + 200, "{n}: {lines}");
            let d = crate::diff::parse(&t);
            assert!(
                !d.has_notes(),
                "{:?} {:?}",
                d.notes,
                d.files.iter().find(|f| !f.notes.is_empty())
            );
            assert!(n < 1000 || d.files.len() > 10);
        }
        assert_eq!(generate(500, 3), generate(500, 3));
    }
}
