//! The simulated Netlify agent. A session goes new -> running -> done (or error) over
//! simulated time: `current_task` changes, steps are appended, a markdown result is written, a
//! real diff of the sample site is produced and a deploy preview is served. Pull requests are
//! created asynchronously.
//!
//! Scenarios are chosen from the prompt, deterministically (see [`super::scenario`]): a word of
//! a change set (dark mode, rename, logo, contact, readme, product, accessibility, remove)
//! picks what is changed (otherwise the seed does); `#fail` ends in error; `#pr-fail` makes
//! pull request creation fail; `#slow` triples every delay; ask mode never changes files.

use super::diffs;
use super::records::{self, Deploy};
use super::scenario::{ask_answer, planned_steps, slow};
use crate::clock::ts;
use crate::ids::{det_hex, rng_for};
use crate::netlify::sample_site;
use crate::state::AppState;
use agentdeck_wire::netlify::*;
use rand::Rng;

const START_MS: u64 = 1_000;
const STEP_MS: u64 = 2_000;
const FINISH_MS: u64 = 1_000;
const PR_MS: u64 = 1_500;

const TASKS: &[&str] = &[
    "Installing dependencies",
    "Run `npm ci`",
    "Reading `index.html`",
    "Editing files",
    "Run `npx prettier --check .`",
    "Building the deploy preview",
];

/// Starts (or resumes) the simulation of a session.
pub fn spawn_session(st: &AppState, runner_id: String, session_id: String) {
    let st2 = st.clone();
    st.spawn(async move { run_session(st2, runner_id, session_id).await });
}

/// Restarts every live session's simulation and pending pull requests (start-up, seeding).
pub fn resume_all(st: &AppState) {
    resume(st, None);
}

/// Starts the simulations of one site's live sessions (after seeding it).
pub fn resume_site(st: &AppState, site_id: &str) {
    resume(st, Some(site_id));
}

fn resume(st: &AppState, site_id: Option<&str>) {
    for r in st.store.list::<AgentRunner>(records::RUNNER, site_id) {
        for s in records::sessions_of(st, &r.id) {
            if s.state.is_live() {
                spawn_session(st, r.id.clone(), s.id.clone());
            }
        }
        if r.pr_is_being_created {
            spawn_pr(st, r.id.clone());
        }
    }
}

fn live(st: &AppState, session_id: &str) -> Option<Session> {
    st.store
        .get::<Session>(records::SESSION, session_id)
        .filter(|s| s.state.is_live())
}

async fn run_session(st: AppState, runner_id: String, session_id: String) {
    let Some(session) = live(&st, &session_id) else {
        return;
    };
    let work = records::work_of(&st, &session_id);
    let factor = slow(session.prompt.as_deref()).max(work.pace);
    let mut plan = planned_steps(&session, &work);
    if let Some(step) = attachments_step(&st, &session.attached_file_keys) {
        plan.insert(0, step);
        for (k, s) in plan.iter_mut().enumerate() {
            s.id = Some(StepId::Number(k as i64 + 1));
        }
    }
    if session.state == SessionState::New {
        st.clock.sleep(START_MS * factor).await;
        let _g = st.sim_lock.lock().await;
        if live(&st, &session_id).is_none() {
            return;
        }
        update_session(&st, &runner_id, &session_id, |s, r| {
            s.state = SessionState::Running;
            s.current_task = Some(TASKS[0].into());
            r.state = RunnerState::Running;
            r.current_task = Some(TASKS[0].into());
        });
    }
    let mut done = records::work_of(&st, &session_id).steps_done;
    while done < plan.len() {
        st.clock.sleep(STEP_MS * factor).await;
        let _g = st.sim_lock.lock().await;
        if live(&st, &session_id).is_none() {
            return;
        }
        let step = plan[done].clone();
        let task = TASKS[(done + 1) % TASKS.len()].to_string();
        update_session(&st, &runner_id, &session_id, |s, r| {
            s.steps.push(step);
            s.current_task = Some(task.clone());
            r.current_task = Some(task);
        });
        done += 1;
        let mut w = records::work_of(&st, &session_id);
        w.steps_done = done;
        records::put_work(&st, &session_id, &w);
    }
    st.clock.sleep(FINISH_MS * factor).await;
    let _g = st.sim_lock.lock().await;
    if live(&st, &session_id).is_none() {
        return;
    }
    finish_session(&st, &runner_id, &session_id);
}

/// Writes a session and its runner together (runner summary refreshed).
pub fn update_session(
    st: &AppState,
    runner_id: &str,
    session_id: &str,
    f: impl FnOnce(&mut Session, &mut AgentRunner),
) {
    let Some(mut r) = records::get_runner(st, runner_id) else {
        return;
    };
    let Some(mut s) = st.store.get::<Session>(records::SESSION, session_id) else {
        return;
    };
    f(&mut s, &mut r);
    let now = st.clock.now();
    s.updated_at = now.clone();
    r.updated_at = now;
    records::put_session(st, &s);
    let sessions = records::sessions_of(st, runner_id);
    records::refresh_runner_summary(&mut r, &sessions);
    records::put_runner(st, &r);
}

fn finish_session(st: &AppState, runner_id: &str, session_id: &str) {
    let work = records::work_of(st, session_id);
    let seed = st.config.seed;
    let now = st.clock.now_ms();
    let mut rng = rng_for(seed, &format!("usage:{session_id}"));
    let session: Session = match st.store.get(records::SESSION, session_id) {
        Some(s) => s,
        None => return,
    };
    let mode = session.mode.clone().unwrap_or(SessionMode::Normal);
    let diff_after = diffs::session_diffs(st, runner_id, session_id, true);
    let produced =
        work.outcome == "done" && diff_after.result.as_deref().is_some_and(|d| !d.is_empty());
    let has_cumulative = work.outcome == "done"
        && diff_after
            .cumulative
            .as_deref()
            .is_some_and(|d| !d.is_empty());
    let deploys = work.outcome == "done" && mode != SessionMode::Ask && has_cumulative;
    let deploy_id = deploys.then(|| det_hex(seed, &format!("deploy:{session_id}"), 0, 24));
    if let Some(d) = &deploy_id {
        st.store.put(
            records::DEPLOY,
            d,
            runner_id,
            &Deploy {
                runner_id: runner_id.into(),
                session_id: session_id.into(),
            },
        );
    }
    let result = match (work.outcome.as_str(), &mode, work.changeset.as_deref().and_then(sample_site::changeset)) {
        ("error", _, _) => "The agent could not finish:\n\n```\nError: Cannot find module './theme.config.js'\n```\n\nNo changes were kept. Try again with more detail about where the file lives.".to_string(),
        (_, SessionMode::Redeploy, _) => "Redeployed the existing changes with the current site settings.".to_string(),
        (_, SessionMode::Rebase, _) => "Re-applied the changes on top of the latest production deploy.".to_string(),
        (_, _, Some(c)) => c.result.to_string(),
        _ => ask_answer(session.title.as_deref().unwrap_or("Your question")),
    };
    let outcome = work.outcome.clone();
    update_session(st, runner_id, session_id, |s, r| {
        let started = crate::clock::ms_of(&s.created_at);
        s.state = if outcome == "error" {
            SessionState::Error
        } else {
            SessionState::Done
        };
        s.done_at = Some(ts(now));
        s.duration = Some(serde_json::Number::from((now - started).max(0)));
        s.result = Some(result);
        s.current_task = None;
        s.has_result_diff = produced;
        s.has_cumulative_diff = has_cumulative;
        s.commit_sha = produced.then(|| det_hex(seed, &format!("commit:{session_id}"), 0, 40));
        s.deploy_id = deploy_id.clone();
        s.deploy_url = deploy_id.as_deref().map(records::deploy_url);
        s.usage = Some(SessionUsage {
            input_tokens: Some(rng.gen_range(20_000..150_000)),
            output_tokens: Some(rng.gen_range(2_000..15_000)),
            credits_cost: Some(rng.gen_range(5..50) as f64 / 10.0),
            extra: Default::default(),
        });
        r.current_task = None;
        r.state = if outcome == "error" {
            RunnerState::Error
        } else {
            RunnerState::Done
        };
        r.done_at = Some(ts(now));
        if has_cumulative && r.result_branch.is_none() {
            let slug: String = r
                .title
                .as_deref()
                .unwrap_or("changes")
                .to_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(4)
                .collect::<Vec<_>>()
                .join("-");
            r.result_branch = Some(format!("agent-{slug}-{}", &r.id[..4.min(r.id.len())]));
        }
    });
}

/// Creates a runner's pull request after a delay (or fails it, by scenario).
pub fn spawn_pr(st: &AppState, runner_id: String) {
    let st2 = st.clone();
    st.spawn(async move {
        st2.clock.sleep(PR_MS).await;
        let _g = st2.sim_lock.lock().await;
        let Some(mut r) = records::get_runner(&st2, &runner_id) else {
            return;
        };
        if !r.pr_is_being_created {
            return;
        }
        let fails = records::sessions_of(&st2, &runner_id).iter().any(|s| {
            records::work_of(&st2, &s.id).pr_fails
                || s.prompt.as_deref().is_some_and(|p| p.contains("#pr-fail"))
        });
        r.pr_is_being_created = false;
        if fails {
            r.pr_error = Some(
                "Could not create the pull request: the branch has conflicts with main.".into(),
            );
        } else {
            let n = 100 + st2.store.next_counter(&format!("pr:{}", r.site_id));
            let branch = r
                .result_branch
                .clone()
                .unwrap_or_else(|| format!("agent-{}", &r.id[..6.min(r.id.len())]));
            r.pr_number = Some(n);
            r.pr_branch = Some(branch.clone());
            r.result_branch = Some(branch);
            r.pr_state = Some(PrState::Open);
            r.pr_url = Some(format!(
                "{}/__github/juniper-coffee/site/pull/{n}",
                records::LOCAL_ORIGIN
            ));
            r.pr_error = None;
        }
        r.updated_at = st2.clock.now();
        records::put_runner(&st2, &r);
    });
}

/// A first step describing the attached files, read back from storage.
fn attachments_step(st: &AppState, keys: &[String]) -> Option<Step> {
    if keys.is_empty() {
        return None;
    }
    let lines: Vec<String> = keys
        .iter()
        .map(|k| {
            let name = k.rsplit('/').next().unwrap_or(k);
            match st
                .store
                .get::<crate::storage::StoredObject>(crate::storage::OBJECT, k)
            {
                Some(o) => format!(
                    "- `{name}`: {} bytes, {}",
                    o.size,
                    o.content_type.as_deref().unwrap_or("unknown type")
                ),
                None => format!("- `{name}`: not uploaded, ignored"),
            }
        })
        .collect();
    Some(Step {
        id: None,
        title: Some("Reading attachments".into()),
        message: Some(lines.join("\n")),
    })
}
