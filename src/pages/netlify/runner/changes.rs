//! The "Changes" tab: the runner's whole diff (the page's shared download), or one session's
//! result or cumulative diff, in the diff viewer. The choice lives in the URL
//! (`?tab=diff&session=ID&kind=result|cumulative`, see `routes`).

use super::ctx::use_runner_ctx;
use crate::api::{self, ApiError};
use crate::components::diff_viewer::DiffViewer;
use crate::routes::{use_runner_tab, DiffSource, RunnerTab};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// What the tab shows: `None` while loading, `Err(None)` when not connected.
type Shown = Option<Result<(DiffSource, Option<String>), Option<ApiError>>>;

#[component]
pub fn DiffTab() -> impl IntoView {
    let ctx = use_runner_ctx();
    let tab = use_runner_tab();
    let source = Memo::new(move |_| match tab.get() {
        RunnerTab::Changes(src) => src,
        RunnerTab::Sessions => DiffSource::Runner,
    });
    // The runner's whole diff is the page's shared download; a session's diff is fetched here,
    // again only when that session finishes.
    Effect::new(move |_| {
        if source.get() == DiffSource::Runner {
            ctx.want_diff();
        }
    });
    let session_live = Memo::new(move |_| {
        let id = match source.get() {
            DiffSource::Runner => return false,
            DiffSource::SessionResult(s) | DiffSource::SessionCumulative(s) => s,
        };
        ctx.sessions
            .with(|ss| ss.iter().any(|s| s.id == id && s.state.is_live()))
    });
    let session_diff = LocalResource::new(move || {
        let src = source.get();
        let _ = session_live.get();
        let conn = ctx.conn.get();
        let id = ctx.runner_id();
        async move {
            let Some(conn) = conn else {
                return Err(None);
            };
            let r: Result<Option<String>, ApiError> = match &src {
                DiffSource::Runner => return Ok((src, None)),
                DiffSource::SessionResult(s) => {
                    api::netlify::session_result_diff(&conn, &id, s).await
                }
                DiffSource::SessionCumulative(s) => {
                    api::netlify::session_cumulative_diff(&conn, &id, s).await
                }
            };
            r.map(|d| (src, d)).map_err(Some)
        }
    });
    let shown = move || -> Shown {
        let src = source.get();
        if src == DiffSource::Runner {
            if ctx.conn.read().is_none() {
                return Some(Err(None));
            }
            return ctx.diff.with(|d| {
                d.as_ref().map(|r| match r {
                    Ok(patch) => Ok((DiffSource::Runner, patch.clone())),
                    Err(e) => Err(Some(e.clone())),
                })
            });
        }
        session_diff.get()
    };
    let retry = move || {
        if source.get_untracked() == DiffSource::Runner {
            ctx.retry_diff();
        } else {
            session_diff.refetch();
        }
    };
    let options = Memo::new(move |_| {
        ctx.sessions.with(|ss| {
            let mut out = vec![(
                "runner".to_string(),
                "All changes of the runner".to_string(),
            )];
            let mut n = 0;
            for s in ss.iter().filter(|s| !s.is_discarded) {
                n += 1;
                if s.has_result_diff {
                    out.push((
                        DiffSource::SessionResult(s.id.clone()).value(),
                        format!("Session #{n}: its own changes"),
                    ));
                }
                if s.has_cumulative_diff {
                    out.push((
                        DiffSource::SessionCumulative(s.id.clone()).value(),
                        format!("Session #{n}: all changes up to it"),
                    ));
                }
            }
            let current = source.get().value();
            if !out.iter().any(|(v, _)| *v == current) {
                out.push((current, "The chosen session".to_string()));
            }
            out
        })
    });
    let navigate = use_navigate();
    view! {
        <section class="diff-tab" aria-label="Changes">
            <label class="field diff-source">
                <span>"Show"</span>
                <select
                    name="diff_source"
                    prop:value=move || source.get().value()
                    on:change=move |ev| {
                        let src = DiffSource::from_value(&event_target_value(&ev));
                        navigate(&ctx.href(RunnerTab::Changes(src)), Default::default());
                    }
                >
                    <For
                        each=move || options.get()
                        key=|(v, l)| (v.clone(), l.clone())
                        children=move |(v, l)| {
                            let selected = v == source.get_untracked().value();
                            view! { <option value=v selected=selected>{l}</option> }
                        }
                    />
                </select>
            </label>
            {move || match shown() {
                None => view! { <p class="loading" role="status">"Loading the changes…"</p> }.into_any(),
                Some(r) => match r {
                            Ok((src, Some(patch))) => {
                                let key = format!("netlify:{}:{}", ctx.runner_id(), src.value());
                                let name = format!("{}-{}.patch", ctx.runner_id(), src.value().replace(':', "-"));
                                view! {
                                    <DiffViewer patch=patch storage_key=key download_name=name height="70vh" />
                                }
                                    .into_any()
                            }
                            Ok((_, None)) => view! {
                                <p class="empty-state no-changes" role="status">"No changes: the agent did not change any file here."</p>
                            }
                                .into_any(),
                            Err(None) => view! { <p class="notice">"Connect to Netlify to see the changes."</p> }.into_any(),
                            Err(Some(e)) => view! {
                                <div class="notice notice-error" role="alert">
                                    <p>{e.user_message()}</p>
                                    <button class="button" on:click=move |_| retry()>"Try again"</button>
                                </div>
                            }
                                .into_any(),
                },
            }}
        </section>
    }
}
