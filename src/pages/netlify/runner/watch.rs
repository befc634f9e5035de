//! Tells the user when the runner they watch stops changing: a marker in the tab title and a
//! browser notification (when allowed).

use super::ctx::RunnerCtx;
use crate::components::notify::notify;
use crate::components::toast::{toast, ToastKind};
use crate::hooks::tab_title::use_tab_title;
use crate::pages::netlify::text::runner_title;
use leptos::prelude::*;

/// Tab title and browser notification when the watched runner stops changing.
pub fn watch_for_finish(ctx: RunnerCtx) {
    let marker = use_tab_title(move || {
        ctx.runner
            .with(|r| r.as_ref().map(runner_title))
            .map(|t| format!("{t} · agentdeck"))
            .unwrap_or_else(|| "agentdeck".into())
    });
    let was_changing = StoredValue::new(None::<bool>);
    Effect::new(move |_| {
        let Some((changing, ok, title)) = ctx.runner.with(|r| {
            r.as_ref()
                .map(|r| (r.is_changing(), !r.state.is_failed(), runner_title(r)))
        }) else {
            return;
        };
        if was_changing.get_value() == Some(true) && !changing {
            marker.set(Some(ok));
            let what = if ok { "finished" } else { "failed" };
            notify(&format!("Agent run {what}: {title}"));
            let kind = if ok {
                ToastKind::Done
            } else {
                ToastKind::Failed
            };
            toast(kind, format!("Agent run {what}: {title}"));
        }
        if changing {
            marker.set(None);
        }
        was_changing.set_value(Some(changing));
    });
}
