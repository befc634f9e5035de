//! The task's logs: a source filter (all, daemon, stdout, stderr), the windowed viewer
//! following new lines while the task runs, and "Load more" for older lines.

use super::ctx::use_task;
use crate::components::log_view::{LogLine, LogView};
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::LogSource;
use leptos::prelude::*;

/// The filter choices: value, label, the source kept (`None`: all).
const FILTERS: &[(&str, &str)] = &[
    ("all", "All sources"),
    ("daemon", "Daemon"),
    ("agent_stdout", "Agent stdout"),
    ("agent_stderr", "Agent stderr"),
];

/// The lines of the chosen source (`all`: every line).
pub fn filter_lines(lines: &[LogLine], filter: &str) -> Vec<LogLine> {
    if filter == "all" {
        return lines.to_vec();
    }
    let want = LogSource::parse(filter);
    lines.iter().filter(|l| l.source == want).cloned().collect()
}

#[component]
pub fn LogPanel() -> impl IntoView {
    let ctx = use_task();
    let filter = RwSignal::new("all".to_string());
    let shown = Memo::new(move |_| {
        let f = filter.get();
        ctx.logs.lines.with(|l| filter_lines(l, &f))
    });
    let count = move || {
        let (n, all) = (shown.with(Vec::len), ctx.logs.lines.with(Vec::len));
        if n == all {
            format!("{n} lines")
        } else {
            format!("{n} of {all} lines")
        }
    };
    view! {
        <section class="task-logs card" aria-labelledby="task-logs-title">
            <div class="row task-logs-head">
                <h2 id="task-logs-title">"Logs"</h2>
                <label class="field field-inline">
                    <span>"Source"</span>
                    <select
                        name="log_source"
                        prop:value=move || filter.get()
                        on:change=move |ev| filter.set(event_target_value(&ev))
                    >
                        {FILTERS.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                    </select>
                </label>
                <span class="hint log-count">{count}</span>
                <Show when=move || ctx.logs.older.read().is_some()>
                    <button
                        type="button"
                        class="button button-quiet"
                        disabled=move || ctx.logs.busy.get()
                        on:click=move |_| ctx.load_older()
                    >
                        {move || if ctx.logs.busy.get() { "Loading older lines…" } else { "Load more (older lines)" }}
                    </button>
                </Show>
            </div>
            {move || ctx.logs.error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show
                when=move || ctx.logs.lines.with(|l| !l.is_empty())
                fallback=|| view! { <p class="empty-state">"No log lines yet."</p> }
            >
                <LogView lines=shown label="Task logs" />
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn l(key: i64, src: LogSource) -> LogLine {
        LogLine {
            key,
            source: src,
            text: Arc::from("x"),
        }
    }

    #[test]
    fn filters_keep_one_source() {
        let lines = vec![
            l(1, LogSource::Daemon),
            l(2, LogSource::AgentStderr),
            l(3, LogSource::Daemon),
        ];
        assert_eq!(filter_lines(&lines, "all").len(), 3);
        let d = filter_lines(&lines, "daemon");
        assert_eq!(d.iter().map(|x| x.key).collect::<Vec<_>>(), vec![1, 3]);
        assert_eq!(filter_lines(&lines, "agent_stderr").len(), 1);
        assert!(FILTERS
            .iter()
            .all(|(v, _)| *v == "all" || LogSource::parse(v).as_str() == *v));
    }
}
