//! The sessions timeline: each session's prompt, who asked, agent and mode, state, duration,
//! steps (long messages collapsed), result, attachments and per-session actions. Sessions and
//! steps are keyed, so polling adds new ones without redrawing the rest; the page follows new
//! steps while the reader is at the bottom.

use super::ctx::{use_runner_ctx, RunnerCtx};
use super::session_actions::SessionActions;
use crate::components::avatar::Avatar;
use crate::components::icons::{Icon, IconKind};
use crate::components::markdown_view::MarkdownView;
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use crate::hooks::follow_bottom::follow_new_content;
use crate::pages::netlify::text::user_name;
use crate::routes::{DiffSource, RunnerTab};
use crate::safe_url::http_url;
use agentdeck_wire::netlify::{Session, SessionMode, Step};
use leptos::prelude::*;

/// Step messages longer than this (characters or lines) start collapsed.
const LONG_CHARS: usize = 700;
const LONG_LINES: usize = 12;

pub fn is_long(text: &str) -> bool {
    text.chars().count() > LONG_CHARS || text.lines().count() > LONG_LINES
}

/// The file name of an attachment key (`uploads/abc/screenshot.png` -> `screenshot.png`).
pub fn file_name_of_key(key: &str) -> &str {
    key.rsplit('/').find(|p| !p.is_empty()).unwrap_or(key)
}

/// "Build" / "Ask" / the raw mode.
pub fn mode_label(mode: &SessionMode) -> String {
    match mode {
        SessionMode::Normal => "Build".into(),
        SessionMode::Ask => "Ask (read-only)".into(),
        SessionMode::Redeploy => "Redeploy".into(),
        SessionMode::Rebase => "Rebase".into(),
        SessionMode::Create => "Create".into(),
        other => other.as_str().replace('_', " "),
    }
}

/// How long a session took: its `duration` (milliseconds), else `done_at - created_at`.
pub fn session_duration_ms(s: &Session) -> Option<f64> {
    s.duration_ms().filter(|d| *d > 0.0).or_else(|| {
        let end = s.done_at.as_ref()?.unix_millis()?;
        let start = s.created_at.unix_millis()?;
        (end >= start).then_some((end - start) as f64)
    })
}

#[component]
pub fn Timeline() -> impl IntoView {
    let ctx = use_runner_ctx();
    let show_discarded = RwSignal::new(false);
    let discarded_count = Memo::new(move |_| {
        ctx.sessions
            .with(|s| s.iter().filter(|s| s.is_discarded).count())
    });
    // (id, number shown) of the sessions to show, numbered among kept sessions.
    let shown = Memo::new(move |_| {
        let all = show_discarded.get();
        ctx.sessions.with(|ss| {
            let mut n = 0;
            ss.iter()
                .filter_map(|s| {
                    if !s.is_discarded {
                        n += 1;
                    }
                    (all || !s.is_discarded).then(|| {
                        let label = if s.is_discarded {
                            "discarded".to_string()
                        } else {
                            n.to_string()
                        };
                        (s.id.clone(), label)
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    // Keep a reader at the bottom as new sessions, steps and tasks arrive.
    follow_new_content(session_sizes(ctx), |(sessions, _, _)| *sessions == 0);

    view! {
        <div class="timeline-bar">
            <h2 class="timeline-heading">"Sessions"</h2>
            <Show when=move || { discarded_count.get() > 0 }>
                <label class="checkbox show-discarded">
                    <input
                        type="checkbox"
                        prop:checked=move || show_discarded.get()
                        on:change=move |ev| show_discarded.set(event_target_checked(&ev))
                    />
                    {move || format!("Show {} discarded session(s)", discarded_count.get())}
                </label>
            </Show>
        </div>
        <Show when=move || ctx.sessions.with(|s| s.is_empty())>
            <p class="empty-state">"No sessions yet."</p>
        </Show>
        <ol class="timeline">
            <For
                each=move || shown.get()
                key=|(id, label)| (id.clone(), label.clone())
                children=move |(id, label)| view! { <SessionCard id=id number=label /> }
            />
        </ol>
    }
}

/// What grows as the runner works: sessions, steps, the current task of each session.
fn session_sizes(ctx: RunnerCtx) -> Memo<(usize, usize, Vec<String>)> {
    Memo::new(move |_| {
        ctx.sessions.with(|ss| {
            (
                ss.len(),
                ss.iter().map(|s| s.steps.len()).sum::<usize>(),
                ss.iter()
                    .filter_map(|s| s.current_task.clone())
                    .collect::<Vec<_>>(),
            )
        })
    })
}

#[component]
fn SessionCard(id: String, number: String) -> impl IntoView {
    let ctx = use_runner_ctx();
    let sid = id.clone();
    let session = Memo::new(move |_| {
        ctx.sessions
            .with(|ss| ss.iter().find(|s| s.id == sid).cloned())
    });
    let get =
        move |f: fn(&Session) -> Option<String>| move || session.with(|s| s.as_ref().and_then(f));
    let state = Signal::derive(move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| s.state.as_str().to_string())
                .unwrap_or_default()
        })
    });
    let live = move || session.with(|s| s.as_ref().is_some_and(|s| s.state.is_live()));
    let discarded = move || session.with(|s| s.as_ref().is_some_and(|s| s.is_discarded));
    let steps = move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| s.steps.iter().cloned().enumerate().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let now = crate::components::time::use_now();
    let duration = move || {
        session.with(|s| {
            let s = s.as_ref()?;
            if s.state.is_live() {
                let start = s.created_at.unix_millis()?;
                return Some(format!(
                    "running for {}",
                    crate::time_fmt::duration((now.get() - start).max(0) as f64)
                ));
            }
            session_duration_ms(s).map(|d| format!("took {}", crate::time_fmt::duration(d)))
        })
    };
    let number_text = number.clone();
    let header = move || {
        session.get().map(|s| {
            let agent = s.agent_config.as_ref().and_then(|a| {
                let agent = a.agent.as_ref().map(|k| k.as_str().to_string());
                match (agent, a.model.clone()) {
                    (None, None) => None,
                    (Some(a), None) => Some(a),
                    (None, Some(m)) => Some(m),
                    (Some(a), Some(m)) => Some(format!("{a} · {m}")),
                }
            });
            let user = s.user.clone();
            let title = s.title.clone().filter(|t| !t.trim().is_empty());
            view! {
                <div class="session-head">
                    <span class="session-number">
                        {if number_text == "discarded" { "Discarded".to_string() } else { format!("#{number_text}") }}
                    </span>
                    {title.map(|t| view! { <span class="session-title">{t}</span> })}
                    <StateBadge state=state />
                    {s.mode.as_ref().map(|m| view! { <span class="session-mode">{mode_label(m)}</span> })}
                    {agent.map(|a| view! { <span class="session-agent">{a}</span> })}
                </div>
                <div class="session-meta">
                    {user.map(|u| {
                        let name = user_name(&u);
                        view! { <span class="session-user"><Avatar name=name.clone() url=u.avatar_url.clone() />" "{name}</span> }
                    })}
                    <RelativeTime ts=s.created_at.clone() />
                    {s.usage.as_ref().and_then(|u| {
                        let tokens = match (u.input_tokens, u.output_tokens) {
                            (Some(i), Some(o)) => Some(format!("{} tokens", i + o)),
                            _ => None,
                        };
                        let credits = u.credits_cost.map(|c| format!("{c:.2} credits"));
                        let text = [tokens, credits].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                        (!text.is_empty()).then(|| view! { <span class="session-usage">{text}</span> })
                    })}
                </div>
            }
        })
    };
    let prompt = get(|s| s.prompt.clone().filter(|p| !p.trim().is_empty()));
    let result = get(|s| s.result.clone().filter(|p| !p.trim().is_empty()));
    let task = get(|s| s.current_task.clone().filter(|_| s.state.is_live()));
    let preview = get(|s| {
        s.deploy_url
            .as_deref()
            .and_then(http_url)
            .map(str::to_string)
    });
    let files = move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| s.attached_file_keys.clone())
                .unwrap_or_default()
        })
    };
    let credit_problem = move || {
        session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.credit_limit_exceeded == Some(true))
        })
    };
    let sid = id.clone();
    let diff_links = move || {
        session.with(|s| {
            let s = s.as_ref()?;
            (s.has_result_diff || s.has_cumulative_diff).then(|| {
                let q = |kind: &str| {
                    let source = match kind {
                        "cumulative" => DiffSource::SessionCumulative(s.id.clone()),
                        _ => DiffSource::SessionResult(s.id.clone()),
                    };
                    ctx.href(RunnerTab::Changes(source))
                };
                view! {
                    <span class="session-diffs">
                        {s.has_result_diff.then(|| view! { <a href=q("result")>"Changes in this session"</a> })}
                        {s.has_cumulative_diff.then(|| view! { <a href=q("cumulative")>"All changes up to here"</a> })}
                    </span>
                }
            })
        })
    };

    view! {
        <li
            class="session"
            class:session-discarded=discarded
            class:session-live=live
            data-session-id=id.clone()
            data-state=move || state.get()
        >
            {header}
            {move || prompt().map(|p| view! {
                <div class="session-prompt">
                    <span class="session-label">"Prompt"</span>
                    <MarkdownView text=p class="prompt-md" />
                </div>
            })}
            {move || {
                let files = files();
                (!files.is_empty()).then(|| view! {
                    <ul class="session-files" aria-label="Attached files">
                        {files.iter().map(|k| view! { <li class="session-file"><Icon kind=IconKind::Attachment label="Attached file" />" "{file_name_of_key(k).to_string()}</li> }).collect_view()}
                    </ul>
                })
            }}
            <ol class="steps">
                <For
                    each=steps
                    key=|(i, s): &(usize, Step)| (*i, s.title.clone(), s.message.clone())
                    children=move |(_, step)| view! { <StepView step=step /> }
                />
            </ol>
            {move || task().map(|t| view! {
                <p class="session-task" role="status"><span class="spinner" aria-hidden="true"></span>{t}</p>
            })}
            {move || credit_problem().then(|| view! {
                <p class="notice notice-error" role="alert">
                    "This session hit the account's credit or plan limit and was stopped. Add credits on Netlify, then send a follow-up."
                </p>
            })}
            {move || result().map(|r| view! {
                <div class="session-result">
                    <span class="session-label">"Result"</span>
                    <MarkdownView text=r class="result-md" />
                </div>
            })}
            <div class="session-foot">
                <span class="session-duration">{duration}</span>
                {move || preview().map(|url| view! {
                    <a class="session-preview" href=url target="_blank" rel="noopener noreferrer">"Deploy preview ↗"</a>
                })}
                {diff_links}
            </div>
            <SessionActions id=sid number=number />
        </li>
    }
}

#[component]
fn StepView(step: Step) -> impl IntoView {
    let title = step.title.clone().filter(|t| !t.trim().is_empty());
    let message = step.message.clone().filter(|m| !m.trim().is_empty());
    let long = message.as_deref().is_some_and(is_long);
    let expanded = RwSignal::new(false);
    view! {
        <li class="step">
            {title.map(|t| view! { <span class="step-title">{t}</span> })}
            {message.map(|m| view! {
                <div class="step-message" class:collapsed=move || long && !expanded.get()>
                    <MarkdownView text=m />
                </div>
                {long.then(|| view! {
                    <button type="button" class="button button-quiet step-toggle" on:click=move |_| expanded.update(|e| *e = !*e)>
                        {move || if expanded.get() { "Show less" } else { "Show all" }}
                    </button>
                })}
            })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_collapsed() {
        assert!(!is_long("short"));
        assert!(is_long(&"x".repeat(LONG_CHARS + 1)));
        assert!(is_long(&"line\n".repeat(LONG_LINES + 1)));
    }

    #[test]
    fn attachment_names_and_modes_read_well() {
        assert_eq!(
            file_name_of_key("uploads/acc/123/screenshot.png"),
            "screenshot.png"
        );
        assert_eq!(file_name_of_key("plain.md"), "plain.md");
        assert_eq!(file_name_of_key("dir/"), "dir");
        assert_eq!(mode_label(&SessionMode::Ask), "Ask (read-only)");
        assert_eq!(mode_label(&SessionMode::parse("deep_think")), "deep think");
    }

    #[test]
    fn durations_come_from_the_field_or_the_timestamps() {
        let json = |extra: &str| {
            format!(
                r#"{{"id":"s","agent_runner_id":"r","state":"done","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:04:00Z"{extra}}}"#
            )
        };
        let s: Session = serde_json::from_str(&json(r#","duration":255706"#)).unwrap();
        assert_eq!(session_duration_ms(&s), Some(255_706.0));
        let s: Session =
            serde_json::from_str(&json(r#","done_at":"2026-01-01T00:02:00Z""#)).unwrap();
        assert_eq!(session_duration_ms(&s), Some(120_000.0));
        let s: Session = serde_json::from_str(&json("")).unwrap();
        assert_eq!(session_duration_ms(&s), None);
    }
}
