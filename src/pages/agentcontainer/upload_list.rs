//! Files sent with a task or a message (the dispatch form, a new conversation, the message
//! box): picked, dropped or pasted; each checked before upload (name, size), uploaded to
//! AgentContainer with a progress bar, removable and retried on demand. A failed file never
//! takes the others, or the typed text, with it.

use crate::api::upload::{
    check_agentcontainer_file, upload_agentcontainer_file, UploadProgress, UploadSource,
};
use crate::api::{AgentContainerConnection, RequestScope};
use crate::components::file_picker::{files_of_paste, FilePicker};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Where one file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Refused before upload (size, name): why.
    Rejected(String),
    /// 0.0 to 1.0.
    Uploading(f64),
    /// Stored: its AgentContainer file id.
    Done(String),
    Failed(String),
}

impl FileState {
    /// The `data-state` of the file's row.
    fn name(&self) -> &'static str {
        match self {
            FileState::Rejected(_) => "rejected",
            FileState::Failed(_) => "failed",
            FileState::Uploading(_) => "uploading",
            FileState::Done(_) => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PickedFile {
    pub local_id: u64,
    pub name: String,
    pub size: u64,
    pub state: FileState,
}

/// Why the task or message cannot go yet because of its files, if so.
pub fn files_problem(items: &[PickedFile]) -> Option<&'static str> {
    if items
        .iter()
        .any(|f| matches!(f.state, FileState::Uploading(_)))
    {
        return Some("Wait for the files to finish uploading.");
    }
    if items
        .iter()
        .any(|f| matches!(f.state, FileState::Rejected(_) | FileState::Failed(_)))
    {
        return Some("Remove or retry the files that could not be uploaded.");
    }
    None
}

/// "2.0 MB", "3 KB", "12 B".
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

#[derive(Default)]
struct Local {
    next_id: u64,
    sources: HashMap<u64, UploadSource>,
    scopes: HashMap<u64, RequestScope>,
}

/// The files of one form. Copy handle; uploads stop when the component is left.
#[derive(Clone, Copy)]
pub struct UploadFiles {
    pub items: RwSignal<Vec<PickedFile>>,
    conn: Signal<Option<AgentContainerConnection>>,
    local: StoredValue<SendWrapper<RefCell<Local>>>,
}

impl UploadFiles {
    pub fn new(conn: impl Into<Signal<Option<AgentContainerConnection>>>) -> Self {
        let f = UploadFiles {
            items: RwSignal::new(Vec::new()),
            conn: conn.into(),
            local: StoredValue::new(SendWrapper::new(RefCell::new(Local::default()))),
        };
        on_cleanup(move || {
            let _ = f.local.try_with_value(|l| {
                l.borrow().scopes.values().for_each(RequestScope::abort);
            });
        });
        f
    }

    /// The ids of the uploaded files (`inputFileIds`).
    pub fn file_ids(&self) -> Vec<String> {
        self.items.with_untracked(|items| {
            items
                .iter()
                .filter_map(|f| match &f.state {
                    FileState::Done(id) => Some(id.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn problem(&self) -> Option<&'static str> {
        self.items.with(|i| files_problem(i))
    }

    pub fn add(&self, files: Vec<web_sys::File>) {
        for file in files {
            let source = UploadSource::from_file(&file);
            let id = self.local.with_value(|l| {
                let mut l = l.borrow_mut();
                l.next_id += 1;
                l.next_id
            });
            let state = match check_agentcontainer_file(&source.name, source.size) {
                Ok(()) => FileState::Uploading(0.0),
                Err(e) => FileState::Rejected(e.user_message()),
            };
            let upload = matches!(state, FileState::Uploading(_));
            self.items.update(|items| {
                items.push(PickedFile {
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

    fn set_state(&self, id: u64, state: FileState) {
        self.items.try_update(|items| {
            if let Some(f) = items.iter_mut().find(|f| f.local_id == id) {
                f.state = state;
            }
        });
    }

    /// Uploads (or uploads again) file `id`.
    pub fn start(&self, id: u64) {
        let Some(source) = self
            .local
            .with_value(|l| l.borrow().sources.get(&id).cloned())
        else {
            return;
        };
        let Some(conn) = self.conn.get_untracked() else {
            let why = "Connect AgentContainer first (Connections page).".to_string();
            self.set_state(id, FileState::Failed(why));
            return;
        };
        self.set_state(id, FileState::Uploading(0.0));
        let scope = RequestScope::new();
        self.local
            .with_value(|l| l.borrow_mut().scopes.insert(id, scope.clone()));
        let this = *self;
        let progress = Rc::new(move |p: UploadProgress| {
            let fraction = p.fraction();
            this.items.try_update(|items| {
                if let Some(f) = items.iter_mut().find(|f| f.local_id == id) {
                    if matches!(f.state, FileState::Uploading(_)) {
                        f.state = FileState::Uploading(fraction);
                    }
                }
            });
        });
        leptos::task::spawn_local(async move {
            let result = scope
                .run(upload_agentcontainer_file(&conn, &source, progress))
                .await;
            match result {
                Ok(file) => this.set_state(id, FileState::Done(file.id)),
                Err(e) if e.is_aborted() => {}
                Err(e) => this.set_state(id, FileState::Failed(e.user_message())),
            }
        });
    }

    /// Takes a file off (cancels its upload).
    pub fn remove(&self, id: u64) {
        self.items
            .update(|items| items.retain(|f| f.local_id != id));
        self.local.with_value(|l| {
            let mut l = l.borrow_mut();
            l.sources.remove(&id);
            if let Some(s) = l.scopes.remove(&id) {
                s.abort();
            }
        });
    }

    /// Forgets every file (after the task or message went with them).
    pub fn clear(&self) {
        self.items.set(Vec::new());
        self.local.with_value(|l| {
            let mut l = l.borrow_mut();
            l.sources.clear();
            l.scopes.clear();
        });
    }

    /// A paste into the text box: pasted files are added.
    pub fn on_paste(&self, ev: &web_sys::ClipboardEvent) {
        let files = files_of_paste(ev);
        if !files.is_empty() {
            ev.prevent_default();
            self.add(files);
        }
    }
}

/// The picker (labelled `label`) and the files with their progress; the caller puts them in
/// its own box (a fieldset with a legend, say).
#[component]
pub fn UploadFileList(files: UploadFiles, label: &'static str) -> impl IntoView {
    let f = files;
    let on_files = Callback::new(move |picked: Vec<web_sys::File>| f.add(picked));
    view! {
        <FilePicker on_files=on_files label=label />
        <ul class="attachment-list">
            <For
                each=move || f.items.get()
                key=|item| (item.local_id, format!("{:?}", item.state))
                children=move |item| view! { <FileRow item=item files=f /> }
            />
        </ul>
    }
}

/// One file: name, size, where it stands, and retry (when it failed) and remove buttons.
#[component]
fn FileRow(item: PickedFile, files: UploadFiles) -> impl IntoView {
    let (f, id, name) = (files, item.local_id, item.name.clone());
    let status = match &item.state {
        FileState::Rejected(why) => {
            view! { <span class="attachment-error" role="alert">{why.clone()}</span> }.into_any()
        }
        FileState::Failed(why) => view! {
            <span class="attachment-error" role="alert">"Upload failed: "{why.clone()}</span>
        }
        .into_any(),
        FileState::Uploading(p) => {
            let pct = (p * 100.0).round() as u32;
            view! {
                <span class="attachment-status">{format!("Uploading\u{2026} {pct}%")}</span>
                <progress class="attachment-progress" max="1" value=p.to_string() aria-label=format!("Upload of {name}")></progress>
            }
            .into_any()
        }
        FileState::Done(_) => {
            view! { <span class="attachment-status ok">"Uploaded"</span> }.into_any()
        }
    };
    let failed = matches!(item.state, FileState::Failed(_));
    view! {
        <li class="attachment" data-state=item.state.name()>
            <span class="attachment-name">{name.clone()}</span>
            <span class="attachment-size">{human_size(item.size)}</span>
            {status}
            {failed.then(|| view! {
                <button type="button" class="button button-quiet" aria-label=format!("Retry uploading {name}") on:click=move |_| f.start(id)>"Retry"</button>
            })}
            <button type="button" class="button button-quiet" aria-label=format!("Remove {}", item.name) on:click=move |_| f.remove(id)>"Remove"</button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: FileState) -> PickedFile {
        PickedFile {
            local_id: 1,
            name: "a.txt".into(),
            size: 3,
            state,
        }
    }

    #[test]
    fn a_task_or_message_waits_for_its_files() {
        assert_eq!(files_problem(&[]), None);
        assert_eq!(files_problem(&[item(FileState::Done("f".into()))]), None);
        assert!(files_problem(&[item(FileState::Uploading(0.2))])
            .unwrap()
            .contains("uploading"));
        assert!(files_problem(&[item(FileState::Failed("x".into()))]).is_some());
        assert!(files_problem(&[item(FileState::Rejected("x".into()))]).is_some());
        assert_eq!(FileState::Uploading(0.5).name(), "uploading");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(5), "5 B");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }
}
