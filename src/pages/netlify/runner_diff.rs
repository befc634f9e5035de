//! The "Changes" tab: the runner's whole diff, or one session's result or cumulative diff, in the
//! diff viewer. The choice lives in the URL (`?tab=diff&session=ID&kind=result|cumulative`).

use super::runner::use_runner_ctx;
use crate::api::{self, ApiError};
use crate::components::diff_viewer::DiffViewer;
use agentdeck_wire::netlify::encode_path_segment;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Which diff is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffSource {
    Runner,
    SessionResult(String),
    SessionCumulative(String),
}

impl DiffSource {
    pub fn from_query(session: Option<String>, kind: Option<String>) -> Self {
        match session.filter(|s| !s.is_empty()) {
            None => DiffSource::Runner,
            Some(s) if kind.as_deref() == Some("cumulative") => DiffSource::SessionCumulative(s),
            Some(s) => DiffSource::SessionResult(s),
        }
    }

    /// The value of the picker (`runner`, `result:ID`, `cumulative:ID`).
    pub fn value(&self) -> String {
        match self {
            DiffSource::Runner => "runner".into(),
            DiffSource::SessionResult(s) => format!("result:{s}"),
            DiffSource::SessionCumulative(s) => format!("cumulative:{s}"),
        }
    }

    pub fn from_value(v: &str) -> Self {
        match v.split_once(':') {
            Some(("result", s)) => DiffSource::SessionResult(s.to_string()),
            Some(("cumulative", s)) => DiffSource::SessionCumulative(s.to_string()),
            _ => DiffSource::Runner,
        }
    }

    pub fn query(&self) -> String {
        match self {
            DiffSource::Runner => "?tab=diff".into(),
            DiffSource::SessionResult(s) => {
                format!("?tab=diff&session={}&kind=result", encode_path_segment(s))
            }
            DiffSource::SessionCumulative(s) => {
                format!(
                    "?tab=diff&session={}&kind=cumulative",
                    encode_path_segment(s)
                )
            }
        }
    }
}

#[component]
pub fn DiffTab() -> impl IntoView {
    let ctx = use_runner_ctx();
    let query = use_query_map();
    let source = Memo::new(move |_| {
        let q = query.read();
        DiffSource::from_query(q.get("session"), q.get("kind"))
    });
    // Refetch when the runner moves on (new session, revert, rebase).
    let version = Memo::new(move |_| {
        let runner = ctx.runner.with(|r| {
            r.as_ref()
                .map(|r| {
                    format!(
                        "{}|{}|{}",
                        r.state.as_str(),
                        r.latest_session_state
                            .as_ref()
                            .map(|s| s.as_str())
                            .unwrap_or(""),
                        r.sha.as_deref().unwrap_or("")
                    )
                })
                .unwrap_or_default()
        });
        let sessions = ctx
            .sessions
            .with(|ss| ss.iter().filter(|s| !s.is_discarded).count());
        format!("{runner}|{sessions}")
    });
    let diff = LocalResource::new(move || {
        let src = source.get();
        let _ = version.get();
        let conn = ctx.conn.get();
        let id = ctx.runner_id();
        async move {
            let Some(conn) = conn else {
                return Err(None);
            };
            let r: Result<Option<String>, ApiError> = match &src {
                DiffSource::Runner => {
                    api::netlify::runner_diff(&conn, &id, &Default::default()).await
                }
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
                        navigate(&ctx.href(&src.query()), Default::default());
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
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the changes…"</p> }>
                {move || {
                    diff.get()
                        .map(|r| match r {
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
                                    <button class="button" on:click=move |_| diff.refetch()>"Try again"</button>
                                </div>
                            }
                                .into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_round_trip_through_the_picker_and_the_url() {
        for s in [
            DiffSource::Runner,
            DiffSource::SessionResult("s1".into()),
            DiffSource::SessionCumulative("s:2".into()),
        ] {
            assert_eq!(DiffSource::from_value(&s.value()), s);
        }
        assert_eq!(DiffSource::from_query(None, None), DiffSource::Runner);
        assert_eq!(
            DiffSource::from_query(Some("a".into()), Some("cumulative".into())),
            DiffSource::SessionCumulative("a".into())
        );
        assert_eq!(
            DiffSource::from_query(Some("a".into()), Some("bogus".into())),
            DiffSource::SessionResult("a".into())
        );
        assert_eq!(
            DiffSource::SessionResult("a b".into()).query(),
            "?tab=diff&session=a%20b&kind=result"
        );
    }
}
