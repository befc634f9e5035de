//! `cargo xtask bench`: the diff viewer measured in headless Chromium.
//!
//! Builds the release app with the `bench` feature into `target/bench/dist` (unless
//! `--no-build`; the production `dist/` never contains the bench pages), serves it on a free loopback port (a tiny
//! static server with SPA fallback), starts chromedriver, and for each size opens
//! `/__bench/diff?lines=N` (the hidden `DiffBenchPage`, which generates a realistic diff in the
//! browser and records its timings in `window.__agentdeck_bench`), then scrolls through the
//! whole diff one viewport (or more, for huge diffs) per animation frame while collecting long
//! tasks (PerformanceObserver), frame gaps and the DOM size. Prints a table and writes it to
//! `target/bench/diff.md`.
//!
//! Then the logs, conversations and live-events table (`bench_feeds.rs`, written to
//! `target/bench/feeds.md`; `--skip-feeds` leaves it out, `--log-lines N`, `--messages N`).
//! Then it builds the production app (`dist/`) and writes what its first load weighs and the
//! wasm's code by crate to `target/bench/size.md` ([`crate::size`]).
//!
//! Options: `--no-build`, `--sizes 1000,20000`, `--dist DIR` (an already built app; implies
//! `--no-build`), `--patch FILE` (also measure a real patch; repeatable), `--git REPO A..B` (make
//! such a patch with `git diff A B` in REPO, e.g. two releases of a public project).

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_SIZES: &[usize] = &[1_000, 20_000, 100_000, 200_000];

pub fn run(args: &[String]) -> Result<(), String> {
    let mut sizes: Vec<usize> = DEFAULT_SIZES.to_vec();
    let mut build = true;
    let mut dist: Option<PathBuf> = None;
    let mut patches: Vec<PathBuf> = Vec::new();
    let mut skip_feeds = false;
    let mut log_lines = 100_000;
    let mut messages = 10_000;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-build" => build = false,
            "--skip-feeds" => skip_feeds = true,
            "--log-lines" => {
                log_lines = parse_sizes(it.next().ok_or("--log-lines needs a number")?)?[0];
            }
            "--messages" => {
                messages = parse_sizes(it.next().ok_or("--messages needs a number")?)?[0];
            }
            "--dist" => {
                dist = Some(PathBuf::from(it.next().ok_or("--dist needs a directory")?));
                build = false;
            }
            "--sizes" => {
                let v = it.next().ok_or("--sizes needs a value, e.g. 1000,20000")?;
                sizes = parse_sizes(v)?;
            }
            "--patch" => patches.push(PathBuf::from(it.next().ok_or("--patch needs a file")?)),
            "--git" => {
                let repo = it
                    .next()
                    .ok_or("--git needs a repository and a range A..B")?;
                let range = it.next().ok_or("--git needs a range A..B")?;
                patches.push(git_patch(Path::new(repo), range)?);
            }
            s if s.starts_with("--sizes=") => sizes = parse_sizes(&s["--sizes=".len()..])?,
            other => return Err(format!("unknown bench option {other:?}")),
        }
    }
    let dist = match dist {
        Some(d) => d,
        None if build => crate::run::build_bench_dist()?,
        None => crate::run::target_dir().join("bench").join("dist"),
    };
    if !dist.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build first", dist.display()));
    }
    for p in &patches {
        if !p.is_file() {
            return Err(format!("no such patch file: {}", p.display()));
        }
    }
    let server = serve(dist, patches.clone())?;
    let driver = Driver::start()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let mut jobs: Vec<(String, String)> = sizes
        .iter()
        .map(|n| (format!("{n} generated"), format!("lines={n}")))
        .collect();
    for (i, p) in patches.iter().enumerate() {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        jobs.push((format!("real: {name}"), format!("src=/__bench/patch/{i}")));
    }
    let feeds = if skip_feeds {
        Vec::new()
    } else {
        crate::bench_feeds::jobs(log_lines, messages)
    };
    let (rows, feed_rows) = rt.block_on(measure_all(driver.port, server, &jobs, &feeds))?;
    drop(driver);

    let out_dir = crate::run::target_dir().join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let mut tables = vec![("diff.md", render_table(&rows))];
    if !feed_rows.is_empty() {
        tables.push(("feeds.md", crate::bench_feeds::render_table(&feed_rows)));
    }
    // What the production build weighs (the bench build carries the bench pages).
    if build {
        crate::run::build_dist()?;
        tables.push(("size.md", size_report()?));
    }
    for (name, table) in tables {
        println!("{table}");
        let out = out_dir.join(name);
        std::fs::write(&out, &table).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("xtask: wrote {}", out.display());
    }
    Ok(())
}

/// The first-load sizes of `dist/`, its page chunks, and the wasm's code by crate: of the
/// first page's module (the splitter's main module) and of the whole program (cargo's output).
fn size_report() -> Result<String, String> {
    let dist = crate::tools::repo_root().join("dist");
    let parts = crate::size::first_load(&dist)?;
    let later = crate::size::later(&dist)?;
    let read =
        |p: std::path::PathBuf| std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()));
    let work = crate::split::work_dir(&[]);
    let whole = read(work.join(crate::split::WHOLE))?;
    let first = read(work.join(crate::split::FIRST))?;
    Ok(crate::size::report(
        &parts,
        later,
        &crate::size::by_crate(&first)?,
        &crate::size::by_crate(&whole)?,
    ))
}

/// `git diff A B` in `repo`, written to `target/bench/<repo>-<A>-<B>.patch`.
fn git_patch(repo: &Path, range: &str) -> Result<PathBuf, String> {
    let (a, b) = range
        .split_once("..")
        .ok_or_else(|| format!("bad range {range:?}: use A..B"))?;
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["diff", "--no-color", "--no-ext-diff", "-M", a, b])
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git diff failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let name = repo
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "repo".into());
    let safe = |s: &str| s.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "_");
    let dir = crate::run::target_dir().join("bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("{}-{}-{}.patch", safe(&name), safe(a), safe(b)));
    std::fs::write(&path, &out.stdout).map_err(|e| e.to_string())?;
    Ok(path)
}

fn parse_sizes(v: &str) -> Result<Vec<usize>, String> {
    v.split(',')
        .map(|s| {
            let s = s.trim().to_ascii_lowercase();
            let (n, mult) = match s.strip_suffix('k') {
                Some(n) => (n.to_string(), 1000),
                None => (s.clone(), 1),
            };
            n.parse::<usize>()
                .map(|n| n * mult)
                .map_err(|_| format!("bad size {s:?}"))
        })
        .collect()
}

/// One measured size.
struct Row {
    label: String,
    v: Value,
    scroll: Value,
}

fn num(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64)
}

fn fmt_ms(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.0}")).unwrap_or_else(|| "?".into())
}

fn fmt_mb(x: Option<f64>) -> String {
    x.map(|x| format!("{:.1}", x / 1_048_576.0))
        .unwrap_or_else(|| "?".into())
}

fn render_table(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str("# Diff viewer benchmark\n\n");
    s.push_str(&format!(
        "Headless Chromium ({}), release build, window 1280x900; diffs generated in the page by \
         `diff::gen::generate(N, 42)`.\n\n",
        chromium_version().unwrap_or_else(|| "version unknown".into())
    ));
    s.push_str("| diff | lines | files | MB | parse ms | first lines ms | first render long task ms | DOM nodes (first / max scrolling) | longest task scrolling ms | longest frame scrolling ms | scroll steps | JS heap MB | wasm memory MB |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in rows {
        let v = &r.v;
        let sc = &r.scroll;
        let first_task = v
            .get("first_render_longtasks")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().filter_map(Value::as_f64).reduce(f64::max));
        let long = sc
            .get("longtasks")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_f64).fold(0.0, f64::max));
        let long_s = match long {
            Some(x) if x > 0.0 => format!(
                "{x:.0} ({} tasks > 50)",
                sc["longtasks"].as_array().map_or(0, Vec::len)
            ),
            Some(_) => "none > 50".into(),
            None => "?".into(),
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} / {} | {} | {} | {} | {} | {} |\n",
            r.label,
            fmt_ms(num(v, "diff_lines")),
            fmt_ms(num(v, "files")),
            fmt_mb(num(v, "bytes")),
            fmt_ms(num(v, "parse_ms")),
            fmt_ms(num(v, "first_lines_ms")),
            first_task
                .map(|x| format!("{x:.0}"))
                .unwrap_or_else(|| "none > 50".into()),
            fmt_ms(num(v, "dom_nodes")),
            fmt_ms(num(sc, "maxNodes")),
            long_s,
            fmt_ms(num(sc, "maxFrame")),
            fmt_ms(num(sc, "steps")),
            fmt_mb(num(sc, "heap")),
            fmt_mb(num(v, "wasm_memory_bytes")),
        ));
    }
    s.push_str(
        "\nTargets: first lines within 300 ms of receiving a 100k-line diff; no main-thread task \
         over 50 ms while scrolling; fewer than 5,000 DOM nodes at any time.\n\
         \"first lines\" runs from handing the text to the viewer (which parses it) to the first \
         animation frame with diff lines in the DOM. Long tasks are those the browser reports \
         (> 50 ms). Scrolling moves by max(one viewport, total/1500) per frame, so every frame \
         replaces the rendered rows.\n",
    );
    s
}

fn chromium_version() -> Option<String> {
    let out = Command::new("/usr/bin/chromium")
        .arg("--version")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

async fn measure_all(
    driver_port: u16,
    app_port: u16,
    jobs: &[(String, String)],
    feeds: &[(String, String)],
) -> Result<(Vec<Row>, Vec<crate::bench_feeds::FeedRow>), String> {
    let profile =
        std::env::temp_dir().join(format!("agentdeck-bench-profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let caps = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--enable-precise-memory-info",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let caps = match caps {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .map_err(|e| format!("could not start Chromium through chromedriver: {e}"))?;
    let mut rows = Vec::new();
    let mut feed_rows = Vec::new();
    let mut result = Ok(());
    for (label, query) in jobs {
        eprintln!("xtask: bench {label}");
        match measure(&client, app_port, label, query).await {
            Ok(r) => rows.push(r),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if result.is_ok() {
        for (label, path) in feeds {
            eprintln!("xtask: bench {label}");
            match crate::bench_feeds::measure(&client, app_port, label, path).await {
                Ok(r) => feed_rows.push(r),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
    }
    let _ = client.close().await;
    let _ = std::fs::remove_dir_all(&profile);
    result.map(|()| (rows, feed_rows))
}

pub(crate) async fn poll(
    client: &Client,
    script: &str,
    timeout: Duration,
) -> Result<Value, String> {
    let start = Instant::now();
    loop {
        let v = client
            .execute(script, vec![])
            .await
            .map_err(|e| format!("script failed: {e}"))?;
        if !v.is_null() {
            return Ok(v);
        }
        if start.elapsed() > timeout {
            return Err(format!("timed out waiting for: {script}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const SCROLL_JS: &str = r#"
const sc = document.querySelector('.dv-scroll');
const b = window.__agentdeck_bench;
b.first_render_longtasks = b.longtasks.slice();
b.longtasks.length = 0;
const r = { done: false, steps: 0, maxFrame: 0, maxNodes: 0 };
window.__agentdeck_scroll = r;
const total = sc.scrollHeight - sc.clientHeight;
const step = Math.max(sc.clientHeight, total / 1500);
let last = performance.now();
function tick() {
  const t = performance.now();
  r.maxFrame = Math.max(r.maxFrame, t - last);
  last = t;
  r.maxNodes = Math.max(r.maxNodes, document.getElementsByTagName('*').length);
  if (sc.scrollTop >= total - 1 || r.steps > 5000) {
    r.heap = performance.memory ? performance.memory.usedJSHeapSize : null;
    r.scrollHeight = sc.scrollHeight;
    setTimeout(() => { r.longtasks = b.longtasks.slice(); r.done = true; }, 200);
    return;
  }
  sc.scrollTop = Math.min(total, sc.scrollTop + step);
  r.steps++;
  requestAnimationFrame(tick);
}
requestAnimationFrame(() => { last = performance.now(); requestAnimationFrame(tick); });
return true;
"#;

async fn measure(client: &Client, port: u16, label: &str, query: &str) -> Result<Row, String> {
    client
        .goto(&format!("http://127.0.0.1:{port}/__bench/diff?{query}"))
        .await
        .map_err(|e| format!("could not open the bench page: {e}"))?;
    let v = match poll(
        client,
        "const b = window.__agentdeck_bench; return b && b.done ? b : null;",
        Duration::from_secs(180),
    )
    .await
    {
        Ok(v) => v,
        Err(e) => {
            let why = client
                .execute(
                    "return document.querySelector('.bench-page') ? 'the bench page is there but never finished' \
                     : (document.body && document.body.children.length > 1 ? 'the app started but /__bench/diff is not routed to DiffBenchPage' \
                     : 'the app did not start (empty page): check the build, e.g. that wasm-opt did not break the externref table');",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            return Err(format!("{e}; {why}"));
        }
    };
    if num(&v, "found_lines") != Some(1.0) {
        return Err(format!("no diff lines appeared for {label}: {v}"));
    }
    // Let the page settle, then scroll through everything.
    tokio::time::sleep(Duration::from_millis(300)).await;
    client
        .execute(SCROLL_JS, vec![])
        .await
        .map_err(|e| format!("scroll script failed: {e}"))?;
    let scroll = poll(
        client,
        "const r = window.__agentdeck_scroll; return r && r.done ? r : null;",
        Duration::from_secs(600),
    )
    .await?;
    let v = client
        .execute("return window.__agentdeck_bench;", vec![])
        .await
        .map_err(|e| e.to_string())?;
    Ok(Row {
        label: label.to_string(),
        v,
        scroll,
    })
}

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Result<Driver, String> {
        let bin = crate::tools::chromedriver().or_else(|_| {
            let p = PathBuf::from("/usr/bin/chromedriver");
            if p.is_file() {
                Ok(p)
            } else {
                Err("chromedriver not found".to_string())
            }
        })?;
        let port = free_port()?;
        let child = Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start chromedriver: {e}"))?;
        let d = Driver { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(d)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Serve `dir` on a free loopback port from a background thread (lives until the process ends).
fn serve(dir: PathBuf, patches: Vec<PathBuf>) -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            let patches = patches.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &dir, &patches);
            });
        }
    });
    Ok(port)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "png" => "image/png",
        "patch" | "diff" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn handle(mut stream: TcpStream, dir: &Path, patches: &[PathBuf]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Drain the headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let mut file = dir.join("index.html");
    if let Some(i) = rel.strip_prefix("__bench/patch/") {
        if let Some(p) = i.parse::<usize>().ok().and_then(|i| patches.get(i)) {
            file = p.clone();
        }
    } else if !rel.is_empty() && !rel.split('/').any(|c| c == ".." || c.is_empty()) {
        let candidate = dir.join(rel);
        if candidate.is_file() {
            file = candidate;
        }
    }
    let mut body = Vec::new();
    std::fs::File::open(&file)?.read_to_end(&mut body)?;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}
