//! The rows of the runners list and its pagination.

use super::filters::RunnerFilters;
use crate::api::poll::runner_fingerprint;
use crate::components::avatar::Avatar;
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use crate::pages::netlify::text::{runner_title, user_name};
use crate::routes::Route;
use crate::safe_url::http_url;
use agentdeck_wire::netlify::AgentRunner;
use agentdeck_wire::pagination::PageLinks;
use leptos::prelude::*;

#[component]
pub fn RunnerList(
    links: PageLinks,
    /// The runners of this page, kept fresh by the page's poller.
    runners: Signal<Vec<AgentRunner>>,
    filters: Memo<RunnerFilters>,
    on_change: impl Fn(RunnerFilters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let current = filters.get_untracked().page;
    let prev = links.prev.or((current > 1).then(|| current - 1));
    let next = links.next;
    let summary = match (links.total, links.last) {
        (Some(total), Some(last)) => format!("Page {current} of {last} · {total} runners"),
        (Some(total), None) => format!("Page {current} · {total} runners"),
        _ => format!("Page {current}"),
    };
    let go_prev = on_change.clone();
    let go_next = on_change;
    // Rows are keyed by id and what they show: a changed runner redraws its own row only.
    let rows = move || {
        runners.with(|rs| {
            rs.iter()
                .map(|r| ((r.id.clone(), runner_fingerprint(r)), r.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="runner-list" data-nav-list="">
            <For each=rows key=|(k, _)| k.clone() children=|(_, r)| view! { <RunnerRow runner=r /> } />
        </ul>
        <nav class="pagination" aria-label="Pages">
            <button class="button" disabled=prev.is_none() on:click=move |_| {
                if let Some(p) = prev { go_prev(filters.get_untracked().with_page(p)) }
            }>"← Newer"</button>
            <span class="pagination-summary">{summary}</span>
            <button class="button" disabled=next.is_none() on:click=move |_| {
                if let Some(p) = next { go_next(filters.get_untracked().with_page(p)) }
            }>"Older →"</button>
        </nav>
    }
}

#[component]
fn RunnerRow(runner: AgentRunner) -> impl IntoView {
    let title = runner_title(&runner);
    let href = Route::runner(&runner.id).href();
    let state = runner.state.as_str().to_string();
    let agent = runner.agent.as_ref().map(|a| a.as_str().to_string());
    let model = runner.model.clone();
    let branch = runner.branch.clone().unwrap_or_default();
    let result_branch = runner.result_branch.clone();
    let user = runner.user.clone();
    // Contributors other than the one who started it.
    let others: Vec<_> = runner
        .contributors
        .iter()
        .filter(|c| user.as_ref().is_none_or(|u| u.id != c.id))
        .cloned()
        .collect();
    let pr = runner.pr_url.as_deref().and_then(http_url).map(|url| {
        let label = runner
            .pr_number
            .map(|n| format!("PR #{n}"))
            .unwrap_or_else(|| "Pull request".into());
        (
            url.to_string(),
            label,
            runner.pr_state.as_ref().map(|s| s.as_str().to_string()),
        )
    });
    let preview = runner
        .latest_session_deploy_url
        .as_deref()
        .and_then(http_url)
        .map(str::to_string);
    let current_task = runner
        .current_task
        .clone()
        .filter(|_| runner.state.is_live());
    view! {
        <li class="runner-row" data-runner-id=runner.id.clone()>
            <div class="runner-main">
                <StateBadge state=state />
                <a class="runner-title" href=href data-nav-item="">{title}</a>
                {current_task.map(|t| view! { <p class="runner-task">{t}</p> })}
            </div>
            <div class="runner-meta">
                <span class="runner-branch" title="Branch → result branch">
                    <code>{branch}</code>
                    {result_branch.map(|b| view! { " → " <code>{b}</code> })}
                </span>
                {agent.map(|a| view! { <span class="runner-agent">{a}{model.map(|m| format!(" · {m}"))}</span> })}
                {pr.map(|(url, label, pr_state)| view! {
                    <a class="runner-pr" href=url target="_blank" rel="noopener noreferrer">
                        {label}
                        {pr_state.map(|s| view! { " " <StateBadge state=s /> })}
                    </a>
                })}
                {preview.map(|url| view! {
                    <a class="runner-preview" href=url target="_blank" rel="noopener noreferrer">"Deploy preview"</a>
                })}
                {runner.has_result_diff.then(|| view! { <span class="runner-changes" title="This runner changed files">"has changes"</span> })}
            </div>
            <div class="runner-people">
                {user.map(|u| {
                    let name = user_name(&u);
                    view! {
                        <Avatar name=name.clone() url=u.avatar_url.clone() />
                        <span class="runner-user">{name}</span>
                    }
                })}
                {(!others.is_empty()).then(|| view! {
                    <span class="runner-contributors" title="Contributors">
                        {others.into_iter().map(|u| view! { <Avatar name=user_name(&u) url=u.avatar_url.clone() /> }).collect_view()}
                    </span>
                })}
                <span class="runner-times">
                    "created " <RelativeTime ts=runner.created_at.clone() />
                    {runner.done_at.clone().map(|t| view! { " · finished " <RelativeTime ts=t /> })}
                </span>
            </div>
        </li>
    }
}
