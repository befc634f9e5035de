//! `cargo xtask test`: every check, in order, stopping at the first failure, ending with one
//! `N passed, M failed` line and a non-zero exit on any failure.

use crate::ports;
use crate::procs::LocalApi;
use crate::run::{build_dist, build_local_api, target_dir};
use crate::summary::{run_counting, Counts};
use crate::tools::{self, repo_root, Need};
use std::process::Command;
use std::time::Instant;

struct Runner {
    counts: Counts,
    started: Instant,
}

impl Runner {
    fn cargo(args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO"));
        c.args(args).current_dir(repo_root());
        c
    }

    /// Runs one step; test counts it prints are added up.
    fn step(&mut self, name: &str, mut cmd: Command) -> Result<(), String> {
        eprintln!("\n== {name}");
        let t = Instant::now();
        let (ok, counts) = run_counting(&mut cmd)?;
        self.counts.add(counts);
        eprintln!(
            "== {name}: {} in {:.0?}",
            if ok { "ok" } else { "FAILED" },
            t.elapsed()
        );
        ok.then_some(()).ok_or_else(|| format!("{name} failed"))
    }

    fn finish(&self, result: Result<(), String>) -> Result<(), String> {
        let mut counts = self.counts;
        if result.is_err() && counts.failed == 0 {
            counts.failed = 1; // a failed check that is not a test still counts as a failure
        }
        eprintln!("\nxtask test took {:.0?}", self.started.elapsed());
        if let Err(e) = &result {
            eprintln!("xtask: {e}");
        }
        println!("{} passed, {} failed", counts.passed, counts.failed);
        result.map_err(|_| "tests failed".to_string())
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let skip_browser = args.iter().any(|a| a == "--skip-browser");
    let skip_e2e = args.iter().any(|a| a == "--skip-e2e");
    let mut r = Runner {
        counts: Counts::default(),
        started: Instant::now(),
    };
    let result = all_steps(&mut r, skip_browser, skip_e2e);
    r.finish(result)
}

fn all_steps(r: &mut Runner, skip_browser: bool, skip_e2e: bool) -> Result<(), String> {
    tools::ensure(Need::Browser)?;
    let chromedriver = tools::chromedriver()?;
    r.step("format", Runner::cargo(&["fmt", "--all", "--check"]))?;
    let mut arch = Command::new(
        std::env::current_exe().map_err(|e| format!("cannot find xtask's executable: {e}"))?,
    );
    arch.arg("arch").current_dir(repo_root());
    r.step("architecture", arch)?;
    r.step(
        "clippy (native)",
        Runner::cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    r.step(
        "clippy (wasm32)",
        Runner::cargo(&[
            "clippy",
            "-p",
            "agentdeck",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            // The release build's page split points (src/page_chunks.rs) are linted too.
            "--features",
            "split",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    r.step(
        "native tests",
        Runner::cargo(&[
            "test",
            "--no-fail-fast",
            "--workspace",
            "--exclude",
            "agentdeck-e2e",
        ]),
    )?;

    if !skip_browser {
        let binary = build_local_api()?;
        let log = target_dir().join("xtask-local-api-browser.log");
        // The browser tests have local-api's URLs compiled in: the same ports as last time
        // (while free) keep a second run from recompiling the test crate.
        let (netlify_port, agentcontainer_port) = ports::browser_test_ports()?;
        let (netlify_port, agentcontainer_port) =
            (netlify_port.to_string(), agentcontainer_port.to_string());
        // local-api answers only web pages it was told about: the runner's page gets a fixed
        // address, allowed here.
        let runner_address = format!("127.0.0.1:{}", ports::free_port()?);
        let runner_origin = format!("http://{runner_address}");
        let api = LocalApi::start(
            &binary,
            &[
                "--memory",
                "--speed",
                "20",
                "--netlify-port",
                &netlify_port,
                "--agentcontainer-port",
                &agentcontainer_port,
                "--allow-origin",
                &runner_origin,
            ],
            &log,
        )?;
        let mut cmd = Runner::cargo(&[
            "test",
            "--no-fail-fast",
            "-p",
            "agentdeck",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "browser",
        ]);
        cmd.env("AGENTDECK_TEST_NETLIFY_URL", &api.netlify)
            .env("AGENTDECK_TEST_AGENTCONTAINER_URL", &api.agentcontainer)
            .env("CHROMEDRIVER", &chromedriver)
            .env("WASM_BINDGEN_TEST_ADDRESS", &runner_address)
            // One crate runs every browser test in one page: the limit is for all of them.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "1500");
        r.step("browser tests (wasm-bindgen-test, headless Chromium)", cmd)?;
        drop(api);
    }

    if !skip_e2e {
        build_dist()?;
        let weight = crate::size::check_budget(&repo_root().join("dist"))?;
        eprintln!(
            "== download size: the first page load is {} gzipped (budget {})",
            crate::size::kb(weight),
            crate::size::kb(crate::size::FIRST_LOAD_BUDGET_GZ)
        );
        let axe = tools::ensure_axe(&target_dir())?;
        let mut cmd = Runner::cargo(&[
            "test",
            "--no-fail-fast",
            "-p",
            "agentdeck-e2e",
            "--",
            "--test-threads=1",
        ]);
        cmd.env("AGENTDECK_DIST", repo_root().join("dist"))
            .env("CHROMEDRIVER", &chromedriver)
            .env("AGENTDECK_AXE", &axe);
        r.step(
            "end-to-end tests (release build, chromedriver, local-api)",
            cmd,
        )?;
    }
    Ok(())
}
