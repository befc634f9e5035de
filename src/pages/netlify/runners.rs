//! The runners list: filters bound to the URL, pagination, loading/empty/error states.

use super::live::marked_title;
use super::runner::{runner_title, user_name};
use super::runner_filters::RunnerFilters;
use crate::api::poll::{observe_runners, runner_fingerprint, PollPolicy, Poller};
use crate::api::{self, ApiError, Paged, RequestScope};
use crate::components::avatar::Avatar;
use crate::components::notify::{notify, set_title};
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use crate::config::use_connections;
use crate::safe_url::http_url;
use agentdeck_wire::netlify::{AgentRunner, RunnerState, StateFilter};
use agentdeck_wire::pagination::PageLinks;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use send_wrapper::SendWrapper;
use std::collections::HashMap;
use std::time::Duration;

/// What the list area shows; changes only when the shape of the page changes, so polling
/// updates rows in place instead of redrawing the list.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Loading,
    Empty,
    Rows(PageLinks),
    Failed(LoadError),
}

/// Why the list could not be shown.
#[derive(Debug, Clone, PartialEq)]
enum LoadError {
    NotConnected,
    Api(ApiError),
}

#[component]
pub fn RunnersPage() -> impl IntoView {
    let conns = use_connections();
    let query = use_query_map();
    let filters = Memo::new(move |_| RunnerFilters::from_query(|k| query.read().get(k)));
    let navigate = use_navigate();
    let go = move |f: RunnerFilters| {
        navigate(
            &format!("/netlify/runners{}", f.to_query_string()),
            Default::default(),
        );
    };

    // The current page of runners, kept fresh by a poller: fast while a runner on it is live,
    // every 30 s otherwise (to show new runs); restarted when the filters change.
    let runners: RwSignal<Option<Result<Paged<AgentRunner>, LoadError>>> = RwSignal::new(None);
    let scope = StoredValue::new(SendWrapper::new(RequestScope::for_component()));
    let poller: StoredValue<Option<SendWrapper<Poller>>> = StoredValue::new(None);
    let watched = StoredValue::new(HashMap::<String, bool>::new());
    // The tab title marker goes once the user is back on the page, and with the page.
    let seen = move || set_title("Agent runners · agentdeck");
    seen();
    let h1 = window_event_listener(leptos::ev::focus, move |_| seen());
    let h2 = window_event_listener(leptos::ev::pointerdown, move |_| seen());
    let handles = SendWrapper::new((h1, h2));
    on_cleanup(move || {
        let (a, b) = handles.take();
        a.remove();
        b.remove();
        set_title("agentdeck");
    });
    let restart = RwSignal::new(0u32);
    Effect::new(move |_| {
        restart.track();
        let conn = conns.read().netlify_ready().cloned();
        let q = filters.get().to_api_query();
        if let Some(old) = poller.get_value() {
            old.stop();
        }
        runners.set(None);
        watched.set_value(HashMap::new());
        let Some(conn) = conn else {
            runners.set(Some(Err(LoadError::NotConnected)));
            return;
        };
        let scope = scope.with_value(|s| (**s).clone());
        let p = Poller::start(
            &scope,
            PollPolicy::for_list(Duration::from_secs(30)),
            move || {
                let (conn, q) = (conn.clone(), q.clone());
                async move { api::netlify::list_runners(&conn, &q).await }
            },
            |page: &Paged<AgentRunner>| observe_runners(&page.items),
            move |result| {
                if let Ok(page) = &result {
                    announce_finished(watched, &page.items);
                }
                runners.try_set(Some(result.map_err(LoadError::Api)));
            },
        );
        poller.set_value(Some(SendWrapper::new(p)));
    });
    let status = Memo::new(move |_| {
        runners.with(|r| match r {
            None => Status::Loading,
            Some(Ok(p)) if p.items.is_empty() => Status::Empty,
            Some(Ok(p)) => Status::Rows(p.links.clone()),
            Some(Err(e)) => Status::Failed(e.clone()),
        })
    });
    let refresh = move |_| match poller.get_value() {
        Some(p) if !p.is_stopped() => p.poll_now(),
        // Stopped after an error: start over.
        _ => restart.update(|n| *n += 1),
    };

    view! {
        <section class="page runners-page">
            <header class="page-header">
                <h1>"Agent runners"</h1>
                <div class="row">
                    <button class="button" on:click=refresh>"Refresh"</button>
                    <a class="button button-primary" href="/netlify/runners/new">"New runner"</a>
                </div>
            </header>
            <FilterBar filters=filters on_change=go.clone() />
            {move || match status.get() {
                Status::Loading => view! { <p class="loading" role="status">"Loading runners…"</p> }.into_any(),
                Status::Empty => view! { <EmptyList filters=filters on_change=go.clone() /> }.into_any(),
                Status::Rows(links) => view! { <RunnerList links=links runners=runners filters=filters on_change=go.clone() /> }.into_any(),
                Status::Failed(e) => view! { <ListError error=e /> }.into_any(),
            }}
        </section>
    }
}

/// Tells the user when a runner seen live on this page finished or failed: a browser
/// notification (when allowed) and a marker in the tab title.
fn announce_finished(watched: StoredValue<HashMap<String, bool>>, items: &[AgentRunner]) {
    let mut finished = Vec::new();
    watched.update_value(|w| {
        for r in items {
            let live = r.state.is_live();
            if w.get(&r.id) == Some(&true) && !live {
                finished.push((r.state == RunnerState::Done, runner_title(r)));
            }
            w.insert(r.id.clone(), live);
        }
    });
    for (ok, title) in finished {
        let what = if ok { "finished" } else { "failed" };
        notify(&format!("Agent run {what}: {title}"));
        set_title(&marked_title("Agent runners · agentdeck", Some(ok)));
    }
}

/// Filters that write themselves to the URL when changed (text fields on Enter or blur).
#[component]
fn FilterBar(
    filters: Memo<RunnerFilters>,
    on_change: impl Fn(RunnerFilters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let field_change = on_change.clone();
    let text_field = move |label: &'static str,
                           name: &'static str,
                           get: fn(&RunnerFilters) -> String,
                           set: fn(&mut RunnerFilters, String)| {
        let on_change = field_change.clone();
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type=if name == "from" || name == "to" { "date" } else { "search" }
                    name=name
                    prop:value=move || get(&filters.read())
                    on:change=move |ev| {
                        let mut f = filters.get_untracked();
                        set(&mut f, event_target_value(&ev).trim().to_string());
                        f.page = 1;
                        on_change(f);
                    }
                />
            </label>
        }
    };
    let state_change = on_change.clone();
    let clear = on_change.clone();
    view! {
        <form class="filter-bar" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="field">
                <span>"State"</span>
                <select
                    name="state"
                    prop:value=move || filters.read().state.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let mut f = filters.get_untracked();
                        f.state = (!v.is_empty()).then(|| StateFilter::parse(&v));
                        f.page = 1;
                        state_change(f);
                    }
                >
                    <option value="">"All"</option>
                    <option value="live">"Live (new or running)"</option>
                    <option value="error">"Failed"</option>
                </select>
            </label>
            {text_field("Title", "title", |f| f.title.clone(), |f, v| f.title = v)}
            {text_field("Branch", "branch", |f| f.branch.clone(), |f, v| f.branch = v)}
            {text_field("Result branch", "result_branch", |f| f.result_branch.clone(), |f, v| f.result_branch = v)}
            {text_field("User id", "user_id", |f| f.user_id.clone(), |f, v| f.user_id = v)}
            {text_field("Created from", "from", |f| f.from.clone(), |f, v| f.from = v)}
            {text_field("Created to", "to", |f| f.to.clone(), |f, v| f.to = v)}
            <Show when=move || filters.read().is_filtered()>
                <button type="button" class="button button-quiet clear-filters" on:click={
                    let clear = clear.clone();
                    move |_| clear(RunnerFilters::default())
                }>"Clear filters"</button>
            </Show>
        </form>
    }
}

#[component]
fn EmptyList(
    filters: Memo<RunnerFilters>,
    on_change: impl Fn(RunnerFilters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let filtered = filters.get_untracked().is_filtered();
    let clear = on_change.clone();
    view! {
        <div class="empty-state" role="status">
            {if filtered {
                view! {
                    <p>"No runners match these filters."</p>
                    <button class="button" on:click=move |_| clear(RunnerFilters::default())>"Clear filters"</button>
                }
                .into_any()
            } else {
                view! { <p>"No agent runners on this site yet."</p> }.into_any()
            }}
        </div>
    }
}

#[component]
fn RunnerList(
    links: PageLinks,
    runners: RwSignal<Option<Result<Paged<AgentRunner>, LoadError>>>,
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
        runners.with(|r| match r {
            Some(Ok(p)) => p
                .items
                .iter()
                .map(|r| ((r.id.clone(), runner_fingerprint(r)), r.clone()))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    view! {
        <ul class="runner-list">
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
    let title = runner
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled runner".into());
    let href = format!(
        "/netlify/runners/{}",
        agentdeck_wire::netlify::encode_path_segment(&runner.id)
    );
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
                <a class="runner-title" href=href>{title}</a>
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

#[component]
fn ListError(error: LoadError) -> impl IntoView {
    match error {
        LoadError::NotConnected => view! {
            <div class="notice" role="alert">
                <p>"Connect to Netlify to see your agent runners."</p>
                <a class="button" href="/connections">"Open Connections"</a>
            </div>
        }
        .into_any(),
        LoadError::Api(e) => {
            let unauthorized = e.is_unauthorized();
            view! {
                <div class="notice notice-error" role="alert">
                    <p>{e.user_message()}</p>
                    {unauthorized.then(|| view! { <a class="button" href="/connections">"Check the token in Connections"</a> })}
                </div>
            }
            .into_any()
        }
    }
}
