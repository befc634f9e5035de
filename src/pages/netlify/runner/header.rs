//! The runner page's header: title, state, what it is doing now, branch and commit, agent,
//! people, deploy preview and screenshot, pull request, and why a run stopped badly. Compact on
//! purpose: one line per fact, the screenshot a thumbnail beside them (linking to the preview),
//! so the sessions start on the first screen.

use super::ctx::use_runner_ctx;
use crate::components::avatar::Avatar;
use crate::components::notify::NotifyToggle;
use crate::components::short_id::ShortId;
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use crate::pages::netlify::text::{runner_title, user_name};
use crate::safe_url::http_url;
use agentdeck_wire::netlify::{AgentRunner, RunnerState, Session};
use leptos::prelude::*;

/// Why a runner stopped badly, in words a user can act on; `None` when nothing went wrong.
pub fn runner_problem(r: &AgentRunner, sessions: &[Session]) -> Option<String> {
    let last = sessions.iter().rev().find(|s| !s.is_discarded);
    if last.is_some_and(|s| s.credit_limit_exceeded == Some(true)) {
        return Some(
            "Netlify stopped this run: the account reached its credit or plan limit. Add credits \
             or upgrade the plan on Netlify, then send a follow-up to continue."
                .into(),
        );
    }
    match r.state {
        RunnerState::Error => Some(
            "The agent failed. The last session's steps show how far it got; send a follow-up \
             to try again, or revert to an earlier session."
                .into(),
        ),
        RunnerState::Cancelled => {
            Some("This run was stopped before it finished. Its work so far is kept.".into())
        }
        _ => None,
    }
}

#[component]
pub fn RunnerHeader() -> impl IntoView {
    let ctx = use_runner_ctx();
    let r = move || ctx.runner.get();
    view! {
        <header class="runner-header">
            {move || {
                r()
                    .map(|r| {
                        let title = runner_title(&r);
                        let state = r.state.as_str().to_string();
                        let live = r.state.is_live();
                        let branch = r.branch.clone().unwrap_or_else(|| "(default branch)".into());
                        let sha = r.sha.clone();
                        let preview = r
                            .latest_session_deploy_url
                            .as_deref()
                            .and_then(http_url)
                            .map(str::to_string);
                        let screenshot = r
                            .latest_session_deploy_screenshot_url
                            .as_deref()
                            .and_then(http_url)
                            .map(str::to_string);
                        let mut people = Vec::new();
                        for u in r.user.iter().chain(r.contributors.iter()) {
                            if !people.iter().any(|p: &agentdeck_wire::netlify::User| p.id == u.id) {
                                people.push(u.clone());
                            }
                        }
                        let agent = r
                            .agent
                            .as_ref()
                            .map(|a| {
                                format!(
                                    "{}{}",
                                    a.as_str(),
                                    r.model.as_deref().map(|m| format!(" · {m}")).unwrap_or_default(),
                                )
                            });
                        let problem = ctx.sessions.with(|s| runner_problem(&r, s));
                        let task = r.current_task.clone().filter(|_| live);
                        view! {
                            <div class="runner-header-main">
                                <div class="runner-title-row">
                                    <h1 class="runner-heading">{title}</h1>
                                    <StateBadge state=state />
                                    {r.has_result_diff.then(|| view! { <span class="runner-changes">"has changes"</span> })}
                                </div>
                                {task.map(|t| view! { <p class="runner-current-task" role="status"><span class="spinner" aria-hidden="true"></span>{t}</p> })}
                                <dl class="runner-facts">
                                    <div>
                                        <dt>"Branch"</dt>
                                        <dd>
                                            <code>{branch}</code>
                                            {r.result_branch.clone().map(|b| view! { " → " <code class="result-branch">{b}</code> })}
                                        </dd>
                                    </div>
                                    {sha.map(|s| view! { <div><dt>"Commit"</dt><dd><ShortId id=s what="commit SHA" chars=7 /></dd></div> })}
                                    {agent.map(|a| view! { <div><dt>"Agent"</dt><dd>{a}</dd></div> })}
                                    <div>
                                        <dt>"Started"</dt>
                                        <dd>
                                            <RelativeTime ts=r.created_at.clone() />
                                            {r.done_at.clone().map(|t| view! { " · finished " <RelativeTime ts=t /> })}
                                        </dd>
                                    </div>
                                    {(!people.is_empty()).then(|| view! {
                                        <div>
                                            <dt>"People"</dt>
                                            <dd class="contributors">
                                                {people.into_iter().map(|u| {
                                                    let name = user_name(&u);
                                                    view! { <span class="contributor"><Avatar name=name.clone() url=u.avatar_url.clone() />" "{name}</span> }
                                                }).collect_view()}
                                            </dd>
                                        </div>
                                    })}
                                    {preview.clone().map(|url| view! {
                                        <div>
                                            <dt>"Deploy preview"</dt>
                                            <dd><a class="deploy-preview" href=url target="_blank" rel="noopener noreferrer">"Open deploy preview ↗"</a></dd>
                                        </div>
                                    })}
                                    <PrFact runner=r.clone() />
                                </dl>
                                {problem.map(|p| view! { <p class="notice notice-error runner-problem" role="alert">{p}</p> })}
                            </div>
                            {screenshot.map(|src| deploy_thumbnail(src, preview))}
                        }
                    })
            }}
            // Offered only while the run can still finish: a finished run has nothing to wait for.
            <Show when=move || ctx.changing()>
                <NotifyToggle />
            </Show>
        </header>
    }
}

/// The latest deploy's screenshot as a thumbnail; a link to the deploy preview when there is one.
fn deploy_thumbnail(src: String, preview: Option<String>) -> AnyView {
    let img = move |alt: &'static str| {
        view! { <img class="deploy-screenshot" src=src alt=alt loading="lazy" referrerpolicy="no-referrer" /> }
    };
    match preview {
        Some(url) => view! {
            <a class="deploy-thumb" href=url target="_blank" rel="noopener noreferrer">
                {img("Screenshot of the latest deploy preview (opens the preview)")}
            </a>
        }
        .into_any(),
        None => {
            view! { <span class="deploy-thumb">{img("Screenshot of the latest deploy")}</span> }
                .into_any()
        }
    }
}

/// The pull request fact: link, number and state, or "being created", or the error.
#[component]
fn PrFact(runner: AgentRunner) -> impl IntoView {
    let link = runner
        .pr_url
        .as_deref()
        .and_then(http_url)
        .map(str::to_string);
    if runner.pr_is_being_created {
        return view! {
            <div><dt>"Pull request"</dt><dd role="status" class="pr-progress"><span class="spinner" aria-hidden="true"></span>"Creating the pull request…"</dd></div>
        }
        .into_any();
    }
    if let Some(url) = link {
        let label = runner
            .pr_number
            .map(|n| format!("PR #{n}"))
            .unwrap_or_else(|| "Pull request".into());
        let state = runner.pr_state.as_ref().map(|s| s.as_str().to_string());
        return view! {
            <div>
                <dt>"Pull request"</dt>
                <dd>
                    <a class="pr-link" href=url target="_blank" rel="noopener noreferrer">{label}" ↗"</a>
                    {state.map(|s| view! { " " <StateBadge state=s /> })}
                    {runner.pr_branch.clone().map(|b| view! { " from " <code>{b}</code> })}
                </dd>
            </div>
        }
        .into_any();
    }
    if let Some(err) = runner.pr_error.clone().filter(|e| !e.trim().is_empty()) {
        return view! {
            <div><dt>"Pull request"</dt><dd class="pr-error">"Could not be created: "{err}</dd></div>
        }
        .into_any();
    }
    ().into_any()
}
