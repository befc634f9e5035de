//! The Files tab: the agent's reference files (listed, "Load more"), and new ones uploaded with
//! progress then attached (a new version). Each file fails on its own, with its reason and a
//! retry; a file uploaded but not attached is re-attached without sending it again.

use super::ctx::AgentCtx;
use crate::api::cursor::CursorList;
use crate::api::upload::{
    check_agentcontainer_file, upload_agentcontainer_file, UploadProgress, UploadSource,
};
use crate::api::{self, ApiError};
use crate::components::file_picker::FilePicker;
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::account::usage::format_bytes;
use crate::pages::agentcontainer::common::ErrorNotice;
use agentdeck_wire::agentcontainer::{AttachReferenceFiles, File};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Bytes going out: 0.0 to 1.0.
    Uploading(f64),
    Attaching,
    /// Refused before sending (size, empty file): the reason.
    Rejected(String),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Pending {
    local: u64,
    name: String,
    size: u64,
    step: Step,
    /// The stored file, once uploaded (a retry then only attaches it).
    file_id: Option<String>,
}

#[component]
pub fn FilesTab() -> impl IntoView {
    let ctx = AgentCtx::use_ctx();
    let list = RwSignal::new(CursorList::<File>::new());
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(Vec::<Pending>::new());
    let sources: StoredValue<SendWrapper<RefCell<HashMap<u64, UploadSource>>>> =
        StoredValue::new(SendWrapper::new(RefCell::new(HashMap::new())));
    let next = StoredValue::new(1u64);

    let load = move || {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        loading.set(true);
        error.set(None);
        let q = list.with_untracked(|l| l.query(None));
        let (scope, id) = (ctx.scope(), ctx.agent_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::list_reference_files(&conn, &id, &q))
                .await;
            loading.try_set(false);
            match result {
                Ok(page) => {
                    list.try_update(|l| l.absorb(page));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    Effect::new(move |_| {
        if ctx.version_id().is_some() {
            list.set(CursorList::new());
            load();
        }
    });

    let set_step = move |local: u64, step: Step| {
        pending.try_update(|p| {
            if let Some(x) = p.iter_mut().find(|x| x.local == local) {
                x.step = step;
            }
        });
    };
    let start = move |local: u64| {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let source = sources.with_value(|s| s.borrow().get(&local).cloned());
        let uploaded = pending.with_untracked(|p| {
            p.iter()
                .find(|x| x.local == local)
                .and_then(|x| x.file_id.clone())
        });
        let (scope, agent_id) = (ctx.scope(), ctx.agent_id());
        set_step(local, Step::Uploading(0.0));
        leptos::task::spawn_local(async move {
            let file_id = match (uploaded, source) {
                (Some(id), _) => id,
                (None, None) => return,
                (None, Some(source)) => {
                    let progress = Rc::new(move |p: UploadProgress| {
                        if p != UploadProgress::Done {
                            set_step(local, Step::Uploading(p.fraction()));
                        }
                    });
                    match scope
                        .run(upload_agentcontainer_file(&conn, &source, progress))
                        .await
                    {
                        Ok(file) => {
                            pending.try_update(|p| {
                                if let Some(x) = p.iter_mut().find(|x| x.local == local) {
                                    x.file_id = Some(file.id.clone());
                                }
                            });
                            file.id
                        }
                        Err(e) if e.is_aborted() => return,
                        Err(e) => {
                            set_step(
                                local,
                                Step::Failed(format!("Upload failed: {}", e.user_message())),
                            );
                            return;
                        }
                    }
                }
            };
            set_step(local, Step::Attaching);
            let body = AttachReferenceFiles {
                file_ids: vec![file_id],
            };
            match scope
                .run(api::agentcontainer::attach_reference_files(
                    &conn, &agent_id, &body,
                ))
                .await
            {
                Ok(agent) => {
                    pending.try_update(|p| p.retain(|x| x.local != local));
                    sources.with_value(|s| s.borrow_mut().remove(&local));
                    ctx.agent.try_set(Some(agent));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => set_step(
                    local,
                    Step::Failed(format!("Uploaded, but not attached: {}", e.user_message())),
                ),
            }
        });
    };
    let add = Callback::new(move |files: Vec<web_sys::File>| {
        for f in files {
            let source = UploadSource::from_file(&f);
            let local = next.get_value();
            next.set_value(local + 1);
            let step = match check_agentcontainer_file(&source.name, source.size) {
                Ok(()) => Step::Uploading(0.0),
                Err(e) => Step::Rejected(e.user_message()),
            };
            let go = matches!(step, Step::Uploading(_));
            pending.update(|p| {
                p.push(Pending {
                    local,
                    name: source.name.clone(),
                    size: source.size,
                    step,
                    file_id: None,
                })
            });
            sources.with_value(|s| s.borrow_mut().insert(local, source));
            if go {
                start(local);
            }
        }
    });
    let dismiss = move |local: u64| {
        pending.update(|p| p.retain(|x| x.local != local));
        sources.with_value(|s| s.borrow_mut().remove(&local));
    };

    view! {
        <div class="card ac-reference-files">
            <h2 class="ac-section-title">"Reference files"</h2>
            <p class="hint">"Given to every task of this agent. Attaching a file makes a new version."</p>
            <Show when=move || ctx.editable()>
                <FilePicker on_files=add label="Add reference files" />
            </Show>
            <ul class="attachment-list ac-uploads">
                <For
                    each=move || pending.get()
                    key=|p| (p.local, format!("{:?}", p.step))
                    children=move |p| {
                        let local = p.local;
                        let (state, status) = match &p.step {
                            Step::Uploading(f) => ("uploading", format!("Uploading… {}%", (f * 100.0).round() as u32)),
                            Step::Attaching => ("attaching", "Attaching…".to_string()),
                            Step::Rejected(why) => ("rejected", why.clone()),
                            Step::Failed(why) => ("failed", why.clone()),
                        };
                        let bar = match p.step { Step::Uploading(f) => Some(f), _ => None };
                        let failed = matches!(p.step, Step::Failed(_));
                        let done_with = matches!(p.step, Step::Failed(_) | Step::Rejected(_));
                        let name = p.name.clone();
                        view! {
                            <li class="attachment" data-state=state>
                                <span class="attachment-name">{p.name.clone()}</span>
                                <span class="attachment-size">{format_bytes(p.size)}</span>
                                <span class=if done_with { "attachment-error" } else { "attachment-status" } role=done_with.then_some("alert")>{status}</span>
                                {bar.map(|f| view! { <progress class="attachment-progress" max="1" value=f.to_string() aria-label=format!("Upload of {name}")></progress> })}
                                {failed.then(|| view! { <button type="button" class="button button-quiet" on:click=move |_| start(local)>"Retry"</button> })}
                                {done_with.then(|| view! { <button type="button" class="button button-quiet" on:click=move |_| dismiss(local)>"Dismiss"</button> })}
                            </li>
                        }
                    }
                />
            </ul>
            <ul class="ac-file-list" aria-label="Reference files">
                <For
                    each=move || list.get().items
                    key=|f| f.id.clone()
                    children=move |f| view! {
                        <li class="ac-file-row">
                            <span class="ac-file-name">{f.filename.clone()}</span>
                            <span class="hint">{f.size_bytes.map(format_bytes)}</span>
                            <span class="hint">{f.content_type.clone()}</span>
                            <span class="hint">"added " <RelativeTime ts=f.created_at.clone() /></span>
                        </li>
                    }
                />
            </ul>
            {move || (list.with(|l| l.items.is_empty() && !l.can_load_more()) && pending.read().is_empty())
                .then(|| view! { <p class="empty-state">"No reference files yet."</p> })}
            {move || loading.get().then(|| view! { <p class="loading" role="status">"Loading files…"</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e retry=Callback::new(move |_| load()) /> })}
            {move || (list.with(|l| l.can_load_more() && !l.items.is_empty()) && !loading.get()).then(|| view! {
                <button type="button" class="button" on:click=move |_| load()>"Load more files"</button>
            })}
        </div>
    }
}
