//! Project chores: `cargo xtask run | test | arch | bench | dist`. See README.md.
//!
//! Every command first installs what is missing (from crates.io and Debian's packages, never a
//! downloaded binary) and skips what is already there, so a fresh machine needs only Rust.

mod arch;
mod bench;
mod bench_feeds;
mod dist_stamp;
mod headers;
mod ports;
mod procs;
mod run;
mod size;
mod split;
mod summary;
mod test;
mod tools;
mod wasm_check;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  run     install what is missing, build the app, serve it with local-api and demo data
          options: --app-port N (8080) --netlify-port N (8081) --agentcontainer-port N (8082)
                   and any other local-api flag (see `cargo run -p local-api -- --help`)
  arch    check the rules of the code's shape (import circles, Leptos outside src/api/,
          app paths spelled in pages, file sizes); prints every violation
          options: --edges (print every file -> file dependency instead)
  test    install what is missing and run every check; exits non-zero on any failure
          options: --skip-e2e, --skip-browser (for quick local loops only; CI runs everything)
  bench   build the release app and measure the diff viewer in headless Chromium
  dist    build the release app into dist/ with its _headers (deploy that folder to Netlify)
          env: AGENTDECK_CONNECT_SRC='origins...' replaces the API and upload origins the
          Content-Security-Policy allows (default: xtask/src/headers.rs CONNECT_ORIGINS)";

fn main() -> ExitCode {
    tools::cargo_bin_on_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "arch" => arch::run(rest),
        "run" => run::run(rest),
        "test" => test::run(rest),
        "bench" => tools::ensure(tools::Need::Browser).and_then(|()| bench::run(rest)),
        "dist" => tools::ensure(tools::Need::Build).and_then(|()| run::build_dist()),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
