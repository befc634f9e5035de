//! The actions of one session in the timeline: stop it while it runs, redeploy it, revert the
//! runner to it.

use super::ctx::use_runner_ctx;
use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::pages::netlify::text::runner_title;
use agentdeck_wire::netlify::{SessionMode, SessionState};
use leptos::prelude::*;

/// Stop, redeploy and revert for one session.
#[component]
pub fn SessionActions(id: String, number: String) -> impl IntoView {
    let ctx = use_runner_ctx();
    let sid = StoredValue::new(id);
    let session = Memo::new(move |_| {
        ctx.sessions
            .with(|ss| sid.with_value(|id| ss.iter().find(|s| &s.id == id).cloned()))
    });
    let live = move || session.with(|s| s.as_ref().is_some_and(|s| s.state.is_live()));
    // Sessions after this one that a revert would discard.
    let later = Memo::new(move |_| {
        ctx.sessions.with(|ss| {
            sid.with_value(|id| {
                let at = ss.iter().position(|s| &s.id == id)?;
                Some(ss[at + 1..].iter().filter(|s| !s.is_discarded).count())
            })
        })
    });
    let revertable = move || {
        session.with(|s| {
            s.as_ref()
                .is_some_and(|s| !s.is_discarded && s.state == SessionState::Done)
        }) && later.get().unwrap_or(0) > 0
            && !ctx.changing()
    };
    let redeployable = move || {
        session.with(|s| {
            s.as_ref().is_some_and(|s| {
                !s.is_discarded && s.state == SessionState::Done && s.mode != Some(SessionMode::Ask)
            })
        }) && !ctx.changing()
    };
    let busy = Signal::derive(move || ctx.is_busy());
    let number = StoredValue::new(number);
    let revert_label = move || format!("Revert to session #{}", number.get_value());
    let stop = move |_| {
        let id = sid.get_value();
        let rid = ctx.runner_id();
        ctx.act(
            "Stopping the session",
            move |conn| async move { api::netlify::stop_session(&conn, &rid, &id).await },
            |_, _| "The session is being stopped.".to_string(),
        );
    };
    let redeploy = Callback::new(move |_| {
        let id = sid.get_value();
        let rid = ctx.runner_id();
        ctx.act(
            "Redeploy",
            move |conn| async move { api::netlify::redeploy_session(&conn, &rid, &id).await },
            |_, _| "A new session deploys these changes again.".to_string(),
        );
    });
    let revert = Callback::new(move |_| {
        let id = sid.get_value();
        let rid = ctx.runner_id();
        let n = number.get_value();
        ctx.act(
            format!("Revert to session #{n}"),
            move |conn| async move { api::netlify::revert_runner(&conn, &rid, &id).await },
            move |ctx, runner| {
                let title = runner_title(&runner);
                ctx.runner.set(Some(runner));
                format!("Reverted \u{201c}{title}\u{201d} to session #{n}. Later sessions are discarded.")
            },
        );
    });
    view! {
        <div class="session-actions">
            <Show when=live>
                <button type="button" class="button" disabled=move || busy.get() on:click=stop>
                    "Stop this session"
                </button>
            </Show>
            <Show when=redeployable>
                <ConfirmButton
                    label="Redeploy"
                    confirm_label="Yes, redeploy"
                    explanation="Starts a new session that applies this session's changes again and builds a new deploy preview."
                    busy=Signal::derive(move || ctx.busy.with(|b| b.as_deref() == Some("Redeploy")))
                    disabled=busy
                    on_confirm=redeploy
                />
            </Show>
            <Show when=revertable>
                <ConfirmButton
                    label=Signal::derive(revert_label)
                    confirm_label="Yes, revert and discard later sessions"
                    explanation=Signal::derive(move || {
                        let k = later.get().unwrap_or(0);
                        format!(
                            "The runner goes back to the state after session #{}. The {} later session{} will be discarded: their changes are removed from the runner (you can still read them with \u{201c}Show discarded sessions\u{201d}).",
                            number.get_value(),
                            k,
                            if k == 1 { "" } else { "s" }
                        )
                    })
                    danger=true
                    busy=Signal::derive(move || ctx.busy.with(|b| b.as_deref().is_some_and(|b| b.starts_with("Revert"))))
                    disabled=busy
                    on_confirm=revert
                />
            </Show>
        </div>
    }
}
