//! Demo data: the configured site, and a few dozen runners in every state, written through
//! the domain's records (the team and its agents are in [`super::domain::accounts`]).

use super::domain::accounts::{users, AGENTS};
use super::domain::records::{self, Deploy, SessionWork, LOCAL_ORIGIN};
use super::domain::scenario::ask_answer;
use super::sample_site::{self, CHANGESETS};
use crate::clock::ts;
use crate::ids::{det_hex, rng_for};
use crate::state::Shared;
use agentdeck_wire::netlify::*;
use rand::Rng;

/// Seeds the configured site (always) and its demo runners (when asked, on an empty database).
pub fn seed(st: &Shared) {
    let fresh = st.store.count(records::RUNNER) == 0;
    records::ensure_site(st, &st.config.site_id, &st.config.account_id);
    if fresh && st.config.demo_data {
        seed_runners(st, &st.config.site_id, 36);
    }
}

/// Runners that did not produce a diff: questions (ask mode) and failures.
const EXTRA_TITLES: &[(&str, &str)] = &[
    ("Why is the home page LCP over 3 seconds on mobile?", "Investigate why Largest Contentful Paint is slow on mobile and explain what to change. Do not edit files."),
    ("Upgrade the build to Node 22", "Set NODE_VERSION to 22 and make sure the build still passes."),
    ("Translate the home page to Spanish", "Add a Spanish version of the home page at /es/ with a language switcher."),
    ("Explain how the product list is loaded", "How does the product list on the home page get its data? Explain, don't change anything."),
];

/// Seeds `count` demo runners into a site.
pub fn seed_runners(st: &Shared, site_id: &str, count: usize) {
    let now = crate::clock::now_ms();
    let people = users();
    let mut rng = rng_for(st.config.seed, &format!("demo-runners:{site_id}"));
    let mut pr_number = 40u64;
    for i in 0..count {
        let runner_id = det_hex(st.config.seed, &format!("runner:{site_id}"), i as u64, 24);
        let state = match i {
            0 | 1 => RunnerState::Running,
            2 => RunnerState::New,
            _ => match rng.gen_range(0..100) {
                0..=59 => RunnerState::Done,
                60..=71 => RunnerState::Error,
                72..=83 => RunnerState::Cancelled,
                _ => RunnerState::Archived,
            },
        };
        let created = match i {
            0..=2 => now - 30_000 - (i as i64) * 45_000,
            _ => now - (i as i64) * 4 * 3_600_000 - rng.gen_range(0..3_600_000),
        };
        let user = people[rng.gen_range(0..people.len())].clone();
        let (agent, model_name) = AGENTS[rng.gen_range(0..AGENTS.len())];
        let ask_or_fail =
            matches!(state, RunnerState::Error | RunnerState::Cancelled) || i % 9 == 5;
        let (title, prompt, cs) = if ask_or_fail && i % 9 == 5 && state == RunnerState::Done {
            let (t, p) = EXTRA_TITLES[(i / 9) % EXTRA_TITLES.len()];
            (t.to_string(), p.to_string(), None)
        } else {
            let c = &CHANGESETS[i % CHANGESETS.len()];
            (c.title.to_string(), c.prompt.to_string(), Some(c.id))
        };
        let ask = cs.is_none();
        let branch = match i % 7 {
            3 => "staging",
            5 => "feature/holiday-sale",
            _ => "main",
        };
        // Sessions: the first, then up to two follow-ups for finished runners.
        let follow_ups = if matches!(state, RunnerState::Done | RunnerState::Archived) && !ask {
            rng.gen_range(0..3)
        } else {
            0
        };
        let mut sessions = Vec::new();
        let mut t = created;
        for n in 0..=follow_ups {
            let last = n == follow_ups;
            let sid = det_hex(
                st.config.seed,
                &format!("session:{runner_id}"),
                n as u64,
                24,
            );
            let (s_state, s_cs, s_title, s_prompt) = if n == 0 {
                (
                    session_state_for(&state, last),
                    cs,
                    title.clone(),
                    prompt.clone(),
                )
            } else {
                let c = &CHANGESETS[(i + n * 3) % CHANGESETS.len()];
                (
                    session_state_for(&state, last),
                    Some(c.id),
                    c.title.to_string(),
                    c.prompt.to_string(),
                )
            };
            let duration = rng.gen_range(60_000..420_000i64);
            let done_at = (!s_state.is_live()).then_some(t + duration);
            let steps_all: Vec<Step> = match s_cs.and_then(sample_site::changeset) {
                Some(c) => c
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(k, (ti, m))| Step {
                        id: Some(StepId::Number(k as i64 + 1)),
                        title: Some(ti.to_string()),
                        message: Some(m.to_string()),
                    })
                    .collect(),
                None => vec![
                    Step {
                        id: Some(StepId::Number(1)),
                        title: Some("Reading the code".into()),
                        message: Some(
                            "Looked at `index.html`, `js/main.js` and `netlify.toml`.".into(),
                        ),
                    },
                    Step {
                        id: Some(StepId::Number(2)),
                        title: Some("Thinking".into()),
                        message: Some(
                            "Comparing what the page loads with what it needs for first paint."
                                .into(),
                        ),
                    },
                ],
            };
            let steps: Vec<Step> = match s_state {
                SessionState::New => vec![],
                SessionState::Running => steps_all.into_iter().take(1).collect(),
                SessionState::Error | SessionState::Cancelled => {
                    steps_all.into_iter().take(1).collect()
                }
                _ => steps_all,
            };
            let produced = s_state == SessionState::Done && s_cs.is_some();
            let deploy_id = (s_state == SessionState::Done && !ask)
                .then(|| det_hex(st.config.seed, &format!("deploy:{sid}"), 0, 24));
            let result = match (&s_state, s_cs.and_then(sample_site::changeset)) {
                (SessionState::Done, Some(c)) => Some(c.result.to_string()),
                (SessionState::Done, None) => Some(ask_answer(&s_title)),
                (SessionState::Error, _) => Some("The agent stopped with an error:\n\n```\nnpm ERR! code ERESOLVE\nnpm ERR! Could not resolve dependency: peer eslint@\"^8\"\n```\n\nThe build command failed before any change was made.".to_string()),
                (SessionState::Cancelled, _) => Some("Stopped by the user.".to_string()),
                _ => None,
            };
            let session = Session {
                id: sid.clone(),
                agent_runner_id: runner_id.clone(),
                dev_server_id: None,
                state: s_state.clone(),
                created_at: ts(t),
                updated_at: ts(done_at.unwrap_or(t + 20_000)),
                done_at: done_at.map(ts),
                title: Some(s_title),
                prompt: Some(s_prompt),
                agent_config: Some(AgentConfig {
                    agent: Some(AgentKind::parse(agent)),
                    model: Some(model_name.into()),
                }),
                result,
                duration: done_at.map(|d| serde_json::Number::from(d - t)),
                steps,
                commit_sha: produced
                    .then(|| det_hex(st.config.seed, &format!("commit:{sid}"), 0, 40)),
                deploy_id: deploy_id.clone(),
                deploy_url: deploy_id.as_deref().map(records::deploy_url),
                result_zip_file_name: None,
                attached_file_keys: vec![],
                is_published: false,
                is_discarded: false,
                has_result_diff: produced,
                has_cumulative_diff: produced,
                mode: Some(if ask {
                    SessionMode::Ask
                } else {
                    SessionMode::Normal
                }),
                source_session_id: None,
                user: Some(user.clone()),
                current_task: (s_state == SessionState::Running)
                    .then(|| "Run `npx prettier --check .`".to_string()),
                usage: (!s_state.is_live()).then(|| SessionUsage {
                    input_tokens: Some(rng.gen_range(20_000..180_000)),
                    output_tokens: Some(rng.gen_range(2_000..20_000)),
                    credits_cost: Some((rng.gen_range(5..60) as f64) / 10.0),
                    extra: Default::default(),
                }),
                credit_limit_exceeded: Some(false),
            };
            if let Some(d) = &deploy_id {
                st.store.put(
                    records::DEPLOY,
                    d,
                    &runner_id,
                    &Deploy {
                        runner_id: runner_id.clone(),
                        session_id: sid.clone(),
                    },
                );
            }
            let work = SessionWork {
                changeset: s_cs.map(str::to_string),
                outcome: match &s_state {
                    SessionState::New | SessionState::Running => "done".into(),
                    other => other.as_str().to_string(),
                },
                steps_done: session.steps.len(),
                pr_fails: i % 11 == 7,
                // Live demo runners take about a minute at speed 1, so a newcomer sees them work.
                pace: if s_state.is_live() { 4 } else { 1 },
                ..Default::default()
            };
            records::put_work(st, &sid, &work);
            sessions.push(session);
            t = done_at.unwrap_or(t) + rng.gen_range(60_000..900_000);
        }
        let last = sessions.last().cloned().expect("one session");
        let done_at = matches!(
            state,
            RunnerState::Done | RunnerState::Error | RunnerState::Cancelled | RunnerState::Archived
        )
        .then(|| last.done_at.clone())
        .flatten();
        let has_diff = sessions.iter().any(|s| s.has_result_diff);
        let pr = (state == RunnerState::Done && has_diff && i % 3 != 0).then(|| {
            pr_number += 1;
            let pr_state = match i % 4 {
                0 => PrState::Merged,
                1 => PrState::Open,
                2 => PrState::Draft,
                _ => PrState::Closed,
            };
            (pr_number, pr_state)
        });
        let slug: String = title
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(4)
            .collect::<Vec<_>>()
            .join("-");
        let result_branch = has_diff.then(|| format!("agent-{slug}-{}", &runner_id[..4]));
        let mut runner = AgentRunner {
            id: runner_id.clone(),
            site_id: site_id.into(),
            parent_agent_runner_id: None,
            state: state.clone(),
            created_at: ts(created),
            updated_at: last.updated_at.clone(),
            done_at,
            title: Some(title),
            branch: Some(branch.into()),
            result_branch: result_branch.clone(),
            pr_url: pr
                .as_ref()
                .map(|(n, _)| format!("{LOCAL_ORIGIN}/__github/juniper-coffee/site/pull/{n}")),
            pr_branch: pr.as_ref().and(result_branch.clone()),
            pr_state: pr.as_ref().map(|(_, s)| s.clone()),
            pr_number: pr.as_ref().map(|(n, _)| *n),
            pr_is_being_created: false,
            pr_error: None,
            current_task: last.current_task.clone(),
            sha: Some(det_hex(st.config.seed, "base-sha", 0, 40)),
            merge_commit_sha: None,
            merge_commit_error: None,
            merge_commit_is_being_created: false,
            base_deploy_id: None,
            last_session_created_at: Some(last.created_at.clone()),
            has_result_diff: has_diff,
            user: Some(user.clone()),
            contributors: vec![user.clone()],
            active_session_created_at: None,
            attached_file_keys: vec![],
            latest_session_deploy_id: None,
            latest_session_deploy_url: None,
            latest_session_state: None,
            agent: Some(AgentKind::parse(agent)),
            model: Some(model_name.into()),
            latest_session_mode: None,
            latest_session_is_published: None,
            latest_session_deploy_screenshot_url: None,
            rebase_available: Some(false),
            merge_target_available: Some(true),
            needs_git_sync: Some(false),
        };
        records::refresh_runner_summary(&mut runner, &sessions);
        for s in &sessions {
            records::put_session(st, s);
        }
        records::put_runner(st, &runner);
    }
}

fn session_state_for(runner: &RunnerState, last: bool) -> SessionState {
    if !last {
        return SessionState::Done;
    }
    match runner {
        RunnerState::Running => SessionState::Running,
        RunnerState::New => SessionState::New,
        RunnerState::Error => SessionState::Error,
        RunnerState::Cancelled => SessionState::Cancelled,
        _ => SessionState::Done,
    }
}
