//! Counts what the test runners report (`test result: ok. 12 passed; 0 failed; ...`, printed by
//! libtest and by wasm-bindgen-test-runner alike) while passing their output through.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

/// Reads one `test result:` line; `None` for any other line.
pub fn parse_result_line(line: &str) -> Option<Counts> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let (_, rest) = rest.split_once(". ")?;
    let mut counts = Counts::default();
    let mut seen = false;
    for part in rest.split(';') {
        let mut words = part.split_whitespace();
        let (Some(n), Some(what)) = (
            words.next().and_then(|n| n.parse::<u64>().ok()),
            words.next(),
        ) else {
            continue; // "finished in 0.01s" and the like
        };
        match what {
            "passed" => counts.passed = n,
            "failed" => counts.failed = n,
            _ => continue,
        }
        seen = true;
    }
    seen.then_some(counts)
}

/// Runs `cmd`, echoing its stdout, and returns whether it succeeded and what tests it counted.
pub fn run_counting(cmd: &mut Command) -> Result<(bool, Counts), String> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {cmd:?}: {e}"))?;
    let mut counts = Counts::default();
    for line in BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        println!("{line}");
        if let Some(c) = parse_result_line(&line) {
            counts.add(c);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok((status.success(), counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_and_wasm_runner_lines() {
        assert_eq!(
            parse_result_line("test result: ok. 9 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"),
            Some(Counts { passed: 9, failed: 0 })
        );
        assert_eq!(
            parse_result_line(
                "test result: FAILED. 7 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out"
            ),
            Some(Counts {
                passed: 7,
                failed: 1
            })
        );
        assert_eq!(parse_result_line("running 9 tests"), None);
        assert_eq!(parse_result_line("test result: garbage"), None);
    }
}
