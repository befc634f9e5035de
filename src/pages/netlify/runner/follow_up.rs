//! The follow-up prompt: starts a new session of the runner. The draft survives reloads until it
//! is sent; a failed send keeps it; Ctrl/Cmd+Enter sends (never while an IME is composing).

use super::ctx::use_runner_ctx;
use crate::api;
use crate::hooks::draft::{self, use_draft};
use crate::keyboard::is_send_shortcut;
use crate::pages::netlify::attachments::{AttachmentList, Attachments};
use agentdeck_wire::netlify::{CreateSession, RunnerState, SessionMode};
use leptos::prelude::*;

/// Why a follow-up cannot be sent now, in words; `None` when it can.
pub fn follow_up_blocked(
    state: Option<&RunnerState>,
    changing: bool,
    prompt: &str,
    attachments: Option<&str>,
) -> Option<String> {
    if state == Some(&RunnerState::Archived) {
        return Some("This runner is archived: it takes no more follow-ups.".into());
    }
    if changing {
        return Some(
            "A session is still running. Wait for it to finish (or stop it) to send a follow-up."
                .into(),
        );
    }
    if let Some(a) = attachments {
        return Some(a.into());
    }
    if prompt.trim().is_empty() {
        return Some("Write what the agent should do next.".into());
    }
    None
}

#[component]
pub fn FollowUp() -> impl IntoView {
    let ctx = use_runner_ctx();
    let form_key = format!("follow-up.{}", ctx.runner_id());
    let prompt = use_draft(form_key.clone());
    let form_key = StoredValue::new(form_key);
    let mode = RwSignal::new("normal".to_string());
    let attachments = Attachments::new(ctx.conn);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let state = Memo::new(move |_| ctx.runner.with(|r| r.as_ref().map(|r| r.state.clone())));
    let blocked = Memo::new(move |_| {
        follow_up_blocked(
            state.get().as_ref(),
            ctx.changing(),
            &prompt.read(),
            attachments.problem(),
        )
    });

    let send = move || {
        if sending.get_untracked() || blocked.get_untracked().is_some() {
            return;
        }
        let Some(conn) = ctx.conn.get_untracked() else {
            error.set(Some("Connect to Netlify first (Connections page).".into()));
            return;
        };
        let body = CreateSession {
            prompt: prompt.get_untracked(),
            mode: Some(SessionMode::parse(&mode.get_untracked())),
            file_keys: attachments.file_keys(),
            ..Default::default()
        };
        let id = ctx.runner_id();
        sending.set(true);
        error.set(None);
        sent.set(false);
        // In the page's scope: leaving the page aborts the request.
        let scope = ctx.scope();
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::netlify::create_session(&conn, &id, &body))
                .await;
            sending.try_set(false);
            match result {
                Ok(session) => {
                    form_key.try_with_value(|k| draft::clear(k));
                    prompt.try_set(String::new());
                    attachments.clear();
                    sent.try_set(true);
                    ctx.sessions.try_update(|ss| {
                        if !ss.iter().any(|s| s.id == session.id) {
                            ss.push(session);
                        }
                    });
                    ctx.refresh();
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(format!(
                        "The follow-up was not sent; your text is kept. {}",
                        e.user_message()
                    )));
                }
            }
        });
    };

    view! {
        <form
            class="follow-up card"
            aria-label="Follow-up"
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            <label class="field">
                <span>"Follow-up prompt"</span>
                <textarea
                    name="follow_up"
                    rows="4"
                    placeholder="Ask the agent for the next change…"
                    prop:value=move || prompt.get()
                    on:input=move |ev| {
                        prompt.set(event_target_value(&ev));
                        sent.set(false);
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if is_send_shortcut(&ev.key(), ev.ctrl_key(), ev.meta_key(), ev.is_composing(), ev.key_code()) {
                            ev.prevent_default();
                            send();
                        }
                    }
                    on:paste=move |ev: web_sys::ClipboardEvent| attachments.on_paste(&ev)
                ></textarea>
            </label>
            <AttachmentList attachments=attachments />
            <div class="row follow-up-bar">
                <label class="field field-inline">
                    <span>"Mode"</span>
                    <select name="follow_up_mode" prop:value=move || mode.get() on:change=move |ev| mode.set(event_target_value(&ev))>
                        <option value="normal">"Build (may change files)"</option>
                        <option value="ask">"Ask (read-only answer)"</option>
                    </select>
                </label>
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || sending.get() || blocked.get().is_some()
                    title=move || blocked.get().unwrap_or_default()
                >
                    {move || if sending.get() { "Sending…" } else { "Send follow-up" }}
                </button>
                <span class="hint">"Ctrl+Enter or ⌘+Enter sends"</span>
            </div>
            {move || {
                blocked
                    .get()
                    .filter(|_| !prompt.read().trim().is_empty() || ctx.changing())
                    .map(|why| view! { <p class="hint follow-up-blocked" role="status">{why}</p> })
            }}
            {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{e}</p> })}
            {move || sent.get().then(|| view! { <p class="ok" role="status">"Follow-up sent: a new session started."</p> })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_ups_wait_for_the_active_session_and_a_prompt() {
        let running = Some(&RunnerState::Running);
        assert!(follow_up_blocked(running, true, "more", None)
            .unwrap()
            .contains("still running"));
        assert!(follow_up_blocked(Some(&RunnerState::Done), false, "  ", None).is_some());
        assert_eq!(
            follow_up_blocked(Some(&RunnerState::Done), false, "more", None),
            None
        );
        assert!(
            follow_up_blocked(Some(&RunnerState::Archived), false, "x", None)
                .unwrap()
                .contains("archived")
        );
        assert_eq!(
            follow_up_blocked(Some(&RunnerState::Done), false, "x", Some("Wait")),
            Some("Wait".into())
        );
    }
}
