//! The runner page: header, sessions timeline (live while running), diff tab, follow-up box and
//! actions. One [`RunnerCtx`] holds the runner and its sessions; a [`Poller`] keeps them fresh
//! while anything changes on the server, and every action asks it to look again at once.

use super::follow_up::FollowUp;
use super::live::{marked_title, runner_is_changing};
use super::runner_actions::RunnerActions;
use super::runner_diff::DiffTab;
use super::timeline::Timeline;
use crate::api::poll::{runner_fingerprint, sessions_fingerprint, Observed, PollPolicy, Poller};
use crate::api::{self, ApiError, NetlifyConnection, RequestScope};
use crate::components::avatar::Avatar;
use crate::components::notify::{notify, set_title, NotifyToggle};
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use crate::config::use_connections;
use crate::safe_url::http_url;
use agentdeck_wire::netlify::{encode_path_segment, AgentRunner, RunnerState, Session};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use send_wrapper::SendWrapper;
use std::future::Future;

/// The result of the last action, shown under the actions.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionOutcome {
    pub ok: bool,
    pub message: String,
}

/// Everything the parts of the runner page share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct RunnerCtx {
    pub id: StoredValue<String>,
    pub conn: Memo<Option<NetlifyConnection>>,
    pub runner: RwSignal<Option<AgentRunner>>,
    /// Every session, discarded ones included, oldest first.
    pub sessions: RwSignal<Vec<Session>>,
    pub load_error: RwSignal<Option<ApiError>>,
    /// The label of the action running now; every action button is disabled meanwhile.
    pub busy: RwSignal<Option<String>>,
    pub outcome: RwSignal<Option<ActionOutcome>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
    poller: StoredValue<Option<SendWrapper<Poller>>>,
}

impl RunnerCtx {
    pub fn runner_id(&self) -> String {
        self.id.get_value()
    }

    /// The href of this runner's page with a query (`?tab=diff...`), or without one.
    pub fn href(&self, query: &str) -> String {
        format!(
            "/netlify/runners/{}{query}",
            encode_path_segment(&self.runner_id())
        )
    }

    /// True while something runs on the server (a session, a PR, a commit).
    pub fn changing(&self) -> bool {
        self.runner
            .with(|r| r.as_ref().is_some_and(runner_is_changing))
            || self
                .sessions
                .with(|s| s.iter().any(|s| !s.is_discarded && s.state.is_live()))
    }

    fn apply(&self, result: Result<(AgentRunner, Vec<Session>), ApiError>) {
        match result {
            Ok((r, s)) => {
                self.runner.try_set(Some(r));
                self.sessions.try_set(s);
                self.load_error.try_set(None);
            }
            Err(e) => {
                self.load_error.try_set(Some(e));
            }
        }
    }

    /// Fetch again at once, and keep polling while anything changes.
    pub fn refresh(&self) {
        let running = self.poller.with_value(|p| {
            p.as_ref()
                .filter(|p| !p.is_stopped())
                .map(|p| p.poll_now())
                .is_some()
        });
        if !running {
            self.start_polling();
        }
    }

    fn start_polling(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let ctx = *self;
        let id = self.runner_id();
        let scope = self.scope.with_value(|s| (**s).clone());
        let poller = Poller::start(
            &scope,
            PollPolicy::default(),
            move || fetch_all(conn.clone(), id.clone()),
            |(r, s): &(AgentRunner, Vec<Session>)| Observed {
                live: runner_is_changing(r)
                    || s.iter().any(|s| !s.is_discarded && s.state.is_live()),
                fingerprint: format!("{}#{}", runner_fingerprint(r), sessions_fingerprint(s)),
            },
            move |result| ctx.apply(result),
        );
        self.poller.set_value(Some(SendWrapper::new(poller)));
    }

    /// Runs one action: the busy state while it runs, then its outcome in plain words, then a
    /// fresh look at the runner. `done` turns the answer into the success message and may
    /// update the page's state with it.
    pub fn act<T, Fut>(
        &self,
        label: impl Into<String>,
        call: impl FnOnce(NetlifyConnection) -> Fut + 'static,
        done: impl FnOnce(&RunnerCtx, T) -> String + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let label = label.into();
        let Some(conn) = self.conn.get_untracked() else {
            self.outcome.set(Some(ActionOutcome {
                ok: false,
                message: "Connect to Netlify first (Connections page).".into(),
            }));
            return;
        };
        if self.busy.get_untracked().is_some() {
            return;
        }
        self.busy.set(Some(label.clone()));
        self.outcome.set(None);
        let ctx = *self;
        let scope = self.scope.with_value(|s| (**s).clone());
        leptos::task::spawn_local(async move {
            let result = scope.run(call(conn)).await;
            ctx.busy.try_set(None);
            match result {
                Ok(value) => {
                    let message = done(&ctx, value);
                    ctx.outcome
                        .try_set(Some(ActionOutcome { ok: true, message }));
                    ctx.refresh();
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    ctx.outcome.try_set(Some(ActionOutcome {
                        ok: false,
                        message: format!("{label} failed. {}", e.user_message()),
                    }));
                    ctx.refresh();
                }
            }
        });
    }

    pub fn is_busy(&self) -> bool {
        self.busy.with(|b| b.is_some())
    }
}

async fn fetch_all(
    conn: NetlifyConnection,
    id: String,
) -> Result<(AgentRunner, Vec<Session>), ApiError> {
    let (runner, sessions) = futures::join!(
        api::netlify::get_runner(&conn, &id),
        api::netlify::list_all_sessions(&conn, &id, true)
    );
    Ok((runner?, sessions?))
}

pub fn use_runner_ctx() -> RunnerCtx {
    expect_context::<RunnerCtx>()
}

/// `/netlify/runners/:id`: rebuilt from scratch when the id changes.
#[component]
pub fn RunnerPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    move || {
        let id = id.get();
        view! { <RunnerView id=id /> }
    }
}

#[component]
fn RunnerView(id: String) -> impl IntoView {
    let conns = use_connections();
    let conn = Memo::new(move |_| conns.read().netlify_ready().cloned());
    let ctx = RunnerCtx {
        id: StoredValue::new(id),
        conn,
        runner: RwSignal::new(None),
        sessions: RwSignal::new(Vec::new()),
        load_error: RwSignal::new(None),
        busy: RwSignal::new(None),
        outcome: RwSignal::new(None),
        scope: StoredValue::new(SendWrapper::new(RequestScope::for_component())),
        poller: StoredValue::new(None),
    };
    provide_context(ctx);
    ctx.start_polling();
    watch_for_finish(ctx);

    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").unwrap_or_default());
    let loaded = move || ctx.runner.with(|r| r.is_some());

    view! {
        <section class="page runner-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href="/netlify/runners">"← Runners"</a>
            </nav>
            {move || {
                (conn.read().is_none())
                    .then(|| {
                        view! {
                            <div class="notice" role="alert">
                                <p>"Connect to Netlify to see this runner."</p>
                                <a class="button" href="/connections">"Open Connections"</a>
                            </div>
                        }
                    })
            }}
            {move || {
                ctx.load_error
                    .get()
                    .map(|e| {
                        let unauthorized = e.is_unauthorized();
                        view! {
                            <div class="notice notice-error load-error" role="alert">
                                <p>{e.user_message()}</p>
                                <div class="row">
                                    <button class="button" on:click=move |_| ctx.refresh()>"Try again"</button>
                                    {unauthorized
                                        .then(|| {
                                            view! { <a class="button" href="/connections">"Check the token in Connections"</a> }
                                        })}
                                </div>
                            </div>
                        }
                    })
            }}
            <Show
                when=loaded
                fallback=move || {
                    (ctx.load_error.read().is_none() && conn.read().is_some())
                        .then(|| view! { <p class="loading" role="status">"Loading runner…"</p> })
                }
            >
                <RunnerHeader />
                <RunnerActions />
                <nav class="tabs" aria-label="Runner views">
                    <a
                        class="tab"
                        href=move || ctx.href("")
                        aria-current=move || (tab.get() != "diff").then_some("page")
                    >
                        "Sessions"
                    </a>
                    <a
                        class="tab"
                        href=move || ctx.href("?tab=diff")
                        aria-current=move || (tab.get() == "diff").then_some("page")
                    >
                        "Changes"
                    </a>
                </nav>
                <Show
                    when=move || tab.get() == "diff"
                    fallback=move || {
                        view! {
                            <Timeline />
                            <FollowUp />
                        }
                    }
                >
                    <DiffTab />
                </Show>
            </Show>
        </section>
    }
}

/// A person's display name: full name, else e-mail, else id.
pub fn user_name(u: &agentdeck_wire::netlify::User) -> String {
    u.full_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| u.email.clone().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| u.id.clone())
}

pub fn runner_title(r: &AgentRunner) -> String {
    r.title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Untitled runner".into())
}

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
fn RunnerHeader() -> impl IntoView {
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
                        let sha = r.sha.clone().map(|s| s.chars().take(7).collect::<String>());
                        let full_sha = r.sha.clone().unwrap_or_default();
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
                                {sha.map(|s| view! { <div><dt>"Commit"</dt><dd><code title=full_sha>{s}</code></dd></div> })}
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
                                {preview.map(|url| view! {
                                    <div>
                                        <dt>"Deploy preview"</dt>
                                        <dd><a class="deploy-preview" href=url target="_blank" rel="noopener noreferrer">"Open deploy preview ↗"</a></dd>
                                    </div>
                                })}
                                <PrFact runner=r.clone() />
                            </dl>
                            {screenshot.map(|src| view! {
                                <img class="deploy-screenshot" src=src alt="Screenshot of the latest deploy preview" loading="lazy" referrerpolicy="no-referrer" />
                            })}
                            {problem.map(|p| view! { <p class="notice notice-error runner-problem" role="alert">{p}</p> })}
                        }
                    })
            }}
            <NotifyToggle />
        </header>
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

/// Tab title and browser notification when the watched runner stops changing.
fn watch_for_finish(ctx: RunnerCtx) {
    let was_changing = StoredValue::new(None::<bool>);
    let marker = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        let Some((changing, ok, title)) = ctx.runner.with(|r| {
            r.as_ref().map(|r| {
                (
                    runner_is_changing(r),
                    r.state != RunnerState::Error,
                    runner_title(r),
                )
            })
        }) else {
            return;
        };
        if was_changing.get_value() == Some(true) && !changing {
            marker.set(Some(ok));
            let what = if ok { "finished" } else { "failed" };
            notify(&format!("Agent run {what}: {title}"));
        }
        if changing {
            marker.set(None);
        }
        was_changing.set_value(Some(changing));
    });
    Effect::new(move |_| {
        let base = ctx
            .runner
            .with(|r| r.as_ref().map(runner_title))
            .map(|t| format!("{t} · agentdeck"))
            .unwrap_or_else(|| "agentdeck".into());
        set_title(&marked_title(&base, marker.get()));
    });
    // Seen: the marker goes once the user comes back to the tab.
    let seen = move || marker.set(None);
    let h1 = window_event_listener(leptos::ev::focus, move |_| seen());
    let h2 = window_event_listener(leptos::ev::pointerdown, move |_| seen());
    let handles = SendWrapper::new((h1, h2));
    on_cleanup(move || {
        let (a, b) = handles.take();
        a.remove();
        b.remove();
        set_title("agentdeck");
    });
}
