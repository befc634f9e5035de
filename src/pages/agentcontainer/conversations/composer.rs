//! The message box: sends a message (with files) when the agent awaits input, and otherwise
//! says why not and keeps the text. The draft survives reloads until it is sent; a failed send
//! keeps text and files and is retried with the same idempotency key; Ctrl/Cmd+Enter sends,
//! never while an input method composes.

use super::ctx::use_convo_ctx;
use super::model::{retry_key, send_blocked};
use crate::api::{self, ApiError, IdempotencyKey};
use crate::hooks::draft::{self, use_draft};
use crate::keyboard::is_send_shortcut;
use crate::pages::agentcontainer::common::{field_message, ErrorNotice};
use crate::pages::agentcontainer::upload_list::{UploadFileList, UploadFiles};
use agentdeck_wire::agentcontainer::SendMessage;
use leptos::prelude::*;

/// The draft key of conversation `id`'s message box.
pub fn draft_key(id: &str) -> String {
    format!("ac-conversation.{id}")
}

#[component]
pub fn Composer() -> impl IntoView {
    let ctx = use_convo_ctx();
    let key = draft_key(&ctx.task_id());
    let text = use_draft(key.clone());
    let key = StoredValue::new(key);
    let files = UploadFiles::new(ctx.conn);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // Set when a send was asked for but refused: the reason is then announced.
    let refused = RwSignal::new(false);
    let last_attempt = StoredValue::new(None::<(SendMessage, IdempotencyKey)>);
    let blocked = Memo::new(move |_| {
        ctx.task
            .with(|t| send_blocked(t.as_ref(), &text.read(), files.problem()))
    });

    let send = move || {
        if sending.get_untracked() {
            return;
        }
        if blocked.get_untracked().is_some() {
            refused.set(true);
            return;
        }
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let ids = files.file_ids();
        let body = SendMessage {
            content: text.get_untracked(),
            input_file_ids: (!ids.is_empty()).then_some(ids),
        };
        let idem = last_attempt
            .with_value(|l| retry_key(l.as_ref(), &body))
            .unwrap_or_else(IdempotencyKey::new);
        last_attempt.set_value(Some((body.clone(), idem.clone())));
        sending.set(true);
        refused.set(false);
        error.set(None);
        let (scope, id) = (ctx.scope(), ctx.task_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::send_message(&conn, &id, &body, &idem))
                .await;
            sending.try_set(false);
            match result {
                Ok(sent) => {
                    let _ = key.try_with_value(|k| draft::clear(k));
                    text.try_set(String::new());
                    files.clear();
                    let _ = last_attempt.try_set_value(None);
                    ctx.fold(Some(sent.task), Some(sent.message), None);
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };

    let content_error = move || {
        error
            .with(|e| e.as_ref().and_then(|e| field_message(e, "content")))
            .map(|m| view! { <span class="field-error" role="alert">{m}</span> })
    };
    view! {
        <form class="card ac-composer" aria-label="Send a message" on:submit=move |ev| {
            ev.prevent_default();
            send();
        }>
            <label class="field">
                <span>"Your message"</span>
                <textarea
                    name="message"
                    rows="4"
                    placeholder="Reply to the agent\u{2026}"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        refused.set(false);
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if is_send_shortcut(&ev.key(), ev.ctrl_key(), ev.meta_key(), ev.is_composing(), ev.key_code()) {
                            ev.prevent_default();
                            send();
                        }
                    }
                    on:paste=move |ev: web_sys::ClipboardEvent| files.on_paste(&ev)
                ></textarea>
                {content_error}
            </label>
            <div class="attachments">
                <UploadFileList files=files label="Attach files" />
            </div>
            <div class="row">
                <button type="submit" class="button button-primary" disabled=move || sending.get()>
                    {move || if sending.get() { "Sending\u{2026}" } else { "Send message" }}
                </button>
                <span class="hint">"Ctrl+Enter or \u{2318}+Enter sends. Kept on this device until sent."</span>
            </div>
            <p class="hint ac-send-state" role="status" aria-live="polite">
                {move || {
                    let why = blocked.get()?;
                    // "Write a message first" only once the user tried to send.
                    let empty_only = text.read().trim().is_empty() && why.starts_with("Write");
                    (!empty_only || refused.get()).then_some(why)
                }}
            </p>
            {move || refused.get().then(|| view! {
                <p class="notice ac-send-refused" role="alert">"Not sent: your text is kept."</p>
            })}
            {move || error.get().map(|e| view! {
                <div class="ac-send-error">
                    <p class="hint">"The message was not sent; your text and files are kept."</p>
                    <ErrorNotice error=e />
                </div>
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drafts_are_kept_per_conversation() {
        assert_ne!(super::draft_key("t1"), super::draft_key("t2"));
    }
}
