//! Attachments of a prompt (new runner, follow-up): checked before upload (type and size), each
//! uploaded to its presigned URL with a progress bar, removable, retried on demand. A failed file
//! never takes the others (or the prompt) with it.

use crate::api::upload::{check_netlify_attachment, upload_netlify_attachment, UploadSource};
use crate::api::{self, NetlifyConnection, RequestScope};
use crate::components::file_picker::{files_of_paste, FilePicker};
use crate::components::icons::{Icon, IconKind};
use agentdeck_wire::netlify::ALLOWED_ATTACHMENT_TYPES;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub enum AttachState {
    /// Refused before upload (type, size): the reason.
    Rejected(String),
    /// 0.0 to 1.0.
    Uploading(f64),
    Done {
        file_key: String,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub local_id: u64,
    pub name: String,
    pub size: u64,
    pub state: AttachState,
}

/// Why the prompt cannot be sent yet because of its attachments, if so.
pub fn attachments_problem(items: &[Attachment]) -> Option<&'static str> {
    if items
        .iter()
        .any(|a| matches!(a.state, AttachState::Uploading(_)))
    {
        return Some("Wait for the files to finish uploading.");
    }
    if items
        .iter()
        .any(|a| matches!(a.state, AttachState::Rejected(_) | AttachState::Failed(_)))
    {
        return Some("Remove or retry the files that could not be uploaded.");
    }
    None
}

/// `.txt,.md,...`: the file input's `accept`.
pub fn accept_list() -> String {
    ALLOWED_ATTACHMENT_TYPES
        .iter()
        .map(|(ext, _)| format!(".{ext}"))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

struct Local {
    next_id: u64,
    sources: HashMap<u64, UploadSource>,
    scopes: HashMap<u64, RequestScope>,
}

/// The attachments of one form. Copy handle.
#[derive(Clone, Copy)]
pub struct Attachments {
    pub items: RwSignal<Vec<Attachment>>,
    conn: Memo<Option<NetlifyConnection>>,
    local: StoredValue<SendWrapper<std::cell::RefCell<Local>>>,
}

impl Attachments {
    /// Uploads run in the current component's scope: leaving the page cancels them.
    pub fn new(conn: Memo<Option<NetlifyConnection>>) -> Self {
        let a = Attachments {
            items: RwSignal::new(Vec::new()),
            conn,
            local: StoredValue::new(SendWrapper::new(std::cell::RefCell::new(Local {
                next_id: 1,
                sources: HashMap::new(),
                scopes: HashMap::new(),
            }))),
        };
        on_cleanup(move || {
            let _ = a.local.try_with_value(|l| {
                for s in l.borrow().scopes.values() {
                    s.abort();
                }
            });
        });
        a
    }

    pub fn file_keys(&self) -> Vec<String> {
        self.items.with_untracked(|items| {
            items
                .iter()
                .filter_map(|a| match &a.state {
                    AttachState::Done { file_key } => Some(file_key.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn problem(&self) -> Option<&'static str> {
        self.items.with(|i| attachments_problem(i))
    }

    pub fn add(&self, files: Vec<web_sys::File>) {
        for f in files {
            let source = UploadSource::from_file(&f);
            let id = self.local.with_value(|l| {
                let mut l = l.borrow_mut();
                let id = l.next_id;
                l.next_id += 1;
                id
            });
            let state = match check_netlify_attachment(&source.name, source.size) {
                Ok(_) => AttachState::Uploading(0.0),
                Err(e) => AttachState::Rejected(e.user_message()),
            };
            let upload = matches!(state, AttachState::Uploading(_));
            self.items.update(|items| {
                items.push(Attachment {
                    local_id: id,
                    name: source.name.clone(),
                    size: source.size,
                    state,
                })
            });
            self.local
                .with_value(|l| l.borrow_mut().sources.insert(id, source));
            if upload {
                self.start(id);
            }
        }
    }

    fn set_state(&self, id: u64, state: AttachState) {
        self.items.try_update(|items| {
            if let Some(a) = items.iter_mut().find(|a| a.local_id == id) {
                a.state = state;
            }
        });
    }

    fn start(&self, id: u64) {
        let Some(source) = self
            .local
            .with_value(|l| l.borrow().sources.get(&id).cloned())
        else {
            return;
        };
        let Some(conn) = self.conn.get_untracked() else {
            self.set_state(
                id,
                AttachState::Failed("Connect to Netlify first (Connections page).".into()),
            );
            return;
        };
        self.set_state(id, AttachState::Uploading(0.0));
        let scope = RequestScope::new();
        self.local
            .with_value(|l| l.borrow_mut().scopes.insert(id, scope.clone()));
        let this = *self;
        let progress = Rc::new(move |p: api::upload::UploadProgress| {
            let f = p.fraction();
            this.items.try_update(|items| {
                if let Some(a) = items.iter_mut().find(|a| a.local_id == id) {
                    if matches!(a.state, AttachState::Uploading(_)) {
                        a.state = AttachState::Uploading(f);
                    }
                }
            });
        });
        leptos::task::spawn_local(async move {
            let result = scope
                .run(upload_netlify_attachment(&conn, &source, progress))
                .await;
            match result {
                Ok(file_key) => this.set_state(id, AttachState::Done { file_key }),
                Err(e) if e.is_aborted() => {}
                Err(e) => this.set_state(id, AttachState::Failed(e.user_message())),
            }
        });
    }

    pub fn retry(&self, id: u64) {
        self.start(id);
    }

    /// Removes a file: cancels its upload, and deletes an uploaded one on Netlify.
    pub fn remove(&self, id: u64) {
        let item = self
            .items
            .with_untracked(|items| items.iter().find(|a| a.local_id == id).cloned());
        self.items
            .update(|items| items.retain(|a| a.local_id != id));
        self.local.with_value(|l| {
            let mut l = l.borrow_mut();
            l.sources.remove(&id);
            if let Some(s) = l.scopes.remove(&id) {
                s.abort();
            }
        });
        if let (
            Some(Attachment {
                state: AttachState::Done { file_key },
                ..
            }),
            Some(conn),
        ) = (item, self.conn.get_untracked())
        {
            // Best effort: a file left behind is harmless, the prompt is not blocked by it.
            leptos::task::spawn_local(async move {
                let _ = api::upload::delete_netlify_attachment(&conn, &file_key).await;
            });
        }
    }

    /// Forgets every file (after the prompt was sent with them).
    pub fn clear(&self) {
        self.items.set(Vec::new());
        self.local.with_value(|l| {
            let mut l = l.borrow_mut();
            l.sources.clear();
            l.scopes.clear();
        });
    }

    /// Handler of a paste into the prompt: pasted files (screenshots) become attachments.
    pub fn on_paste(&self, ev: &web_sys::ClipboardEvent) {
        let files = files_of_paste(ev);
        if !files.is_empty() {
            ev.prevent_default();
            self.add(files);
        }
    }
}

/// The picker and the list of files with their progress.
#[component]
pub fn AttachmentList(attachments: Attachments) -> impl IntoView {
    let a = attachments;
    let on_files = Callback::new(move |files: Vec<web_sys::File>| a.add(files));
    view! {
        <div class="attachments">
            <FilePicker on_files=on_files accept=accept_list() label="Attach files" />
            <ul class="attachment-list">
                <For
                    each=move || a.items.get()
                    key=|item| (item.local_id, format!("{:?}", item.state))
                    children=move |item| {
                        let id = item.local_id;
                        let (status, bar, retry) = match &item.state {
                            AttachState::Rejected(why) => (view! { <span class="attachment-error" role="alert">{why.clone()}</span> }.into_any(), None, false),
                            AttachState::Failed(why) => (view! { <span class="attachment-error" role="alert">"Upload failed: "{why.clone()}</span> }.into_any(), None, true),
                            AttachState::Uploading(f) => {
                                let pct = (f * 100.0).round() as u32;
                                (view! { <span class="attachment-status">{format!("Uploading… {pct}%")}</span> }.into_any(), Some(*f), false)
                            }
                            AttachState::Done { .. } => (view! { <span class="attachment-status ok">"Uploaded"</span> }.into_any(), None, false),
                        };
                        let state_name = match &item.state {
                            AttachState::Rejected(_) => "rejected",
                            AttachState::Failed(_) => "failed",
                            AttachState::Uploading(_) => "uploading",
                            AttachState::Done { .. } => "done",
                        };
                        view! {
                            <li class="attachment" data-state=state_name>
                                <span class="attachment-name"><Icon kind=IconKind::Attachment label="Attached file" />" "{item.name.clone()}</span>
                                <span class="attachment-size">{human_size(item.size)}</span>
                                {status}
                                {bar.map(|f| view! { <progress class="attachment-progress" max="1" value=f.to_string()></progress> })}
                                {retry.then(|| view! {
                                    <button type="button" class="button button-quiet" on:click=move |_| a.retry(id)>"Retry"</button>
                                })}
                                <button type="button" class="button button-quiet attachment-remove" aria-label=format!("Remove {}", item.name) on:click=move |_| a.remove(id)>
                                    "Remove"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: AttachState) -> Attachment {
        Attachment {
            local_id: 1,
            name: "a.png".into(),
            size: 3,
            state,
        }
    }

    #[test]
    fn sending_waits_for_uploads_and_refuses_failures() {
        assert_eq!(attachments_problem(&[]), None);
        assert_eq!(
            attachments_problem(&[item(AttachState::Done {
                file_key: "k".into()
            })]),
            None
        );
        assert!(attachments_problem(&[item(AttachState::Uploading(0.5))])
            .unwrap()
            .contains("uploading"));
        assert!(attachments_problem(&[item(AttachState::Failed("x".into()))]).is_some());
        assert!(attachments_problem(&[item(AttachState::Rejected("x".into()))]).is_some());
    }

    #[test]
    fn accept_list_and_sizes() {
        assert!(accept_list().starts_with(".txt,.md,"));
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }
}
