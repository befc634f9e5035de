//! Input files of a dispatch: picked, dropped or pasted; each checked before upload (name,
//! size), uploaded to AgentContainer with a progress bar, removable and retried on demand. A
//! failed file never takes the others (or the instructions) with it.

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

#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Refused before upload: the reason.
    Rejected(String),
    /// 0.0 to 1.0.
    Uploading(f64),
    Done {
        file_id: String,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    pub local_id: u64,
    pub name: String,
    pub size: u64,
    pub state: FileState,
}

/// Why the task cannot be dispatched yet because of its files, if so.
pub fn files_problem(items: &[InputFile]) -> Option<&'static str> {
    if items
        .iter()
        .any(|a| matches!(a.state, FileState::Uploading(_)))
    {
        return Some("Wait for the files to finish uploading.");
    }
    if items
        .iter()
        .any(|a| matches!(a.state, FileState::Rejected(_) | FileState::Failed(_)))
    {
        return Some("Remove or retry the files that could not be uploaded.");
    }
    None
}

#[derive(Default)]
struct Local {
    next_id: u64,
    sources: HashMap<u64, UploadSource>,
    scopes: HashMap<u64, RequestScope>,
}

/// The input files of the form. Copy handle; uploads stop when the page is left.
#[derive(Clone, Copy)]
pub struct InputFiles {
    pub items: RwSignal<Vec<InputFile>>,
    conn: StoredValue<AgentContainerConnection>,
    local: StoredValue<SendWrapper<RefCell<Local>>>,
}

impl InputFiles {
    pub fn new(conn: AgentContainerConnection) -> Self {
        let f = InputFiles {
            items: RwSignal::new(Vec::new()),
            conn: StoredValue::new(conn),
            local: StoredValue::new(SendWrapper::new(RefCell::new(Local::default()))),
        };
        on_cleanup(move || {
            let _ = f
                .local
                .try_with_value(|l| l.borrow().scopes.values().for_each(|s| s.abort()));
        });
        f
    }

    pub fn file_ids(&self) -> Vec<String> {
        self.items.with_untracked(|items| {
            items
                .iter()
                .filter_map(|a| match &a.state {
                    FileState::Done { file_id } => Some(file_id.clone()),
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
                items.push(InputFile {
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
        self.set_state(id, FileState::Uploading(0.0));
        let scope = RequestScope::new();
        self.local
            .with_value(|l| l.borrow_mut().scopes.insert(id, scope.clone()));
        let this = *self;
        let progress = Rc::new(move |p: UploadProgress| {
            let f = p.fraction();
            this.items.try_update(|items| {
                if let Some(a) = items.iter_mut().find(|a| a.local_id == id) {
                    if matches!(a.state, FileState::Uploading(_)) {
                        a.state = FileState::Uploading(f);
                    }
                }
            });
        });
        let conn = self.conn.get_value();
        leptos::task::spawn_local(async move {
            let result = scope
                .run(upload_agentcontainer_file(&conn, &source, progress))
                .await;
            match result {
                Ok(file) => this.set_state(id, FileState::Done { file_id: file.id }),
                Err(e) if e.is_aborted() => {}
                Err(e) => this.set_state(id, FileState::Failed(e.user_message())),
            }
        });
    }

    pub fn remove(&self, id: u64) {
        self.items
            .update(|items| items.retain(|a| a.local_id != id));
        self.local.with_value(|l| {
            let mut l = l.borrow_mut();
            l.sources.remove(&id);
            if let Some(s) = l.scopes.remove(&id) {
                s.abort();
            }
        });
    }

    /// Forgets every file (after the task was dispatched with them).
    pub fn clear(&self) {
        self.items.set(Vec::new());
        self.local
            .with_value(|l| *l.borrow_mut() = Local::default());
    }

    /// Pasted files (into the instructions) become input files.
    pub fn on_paste(&self, ev: &web_sys::ClipboardEvent) {
        let files = files_of_paste(ev);
        if !files.is_empty() {
            ev.prevent_default();
            self.add(files);
        }
    }
}

fn size_words(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

/// The picker and the list of files with their progress.
#[component]
pub fn InputFileList(files: InputFiles) -> impl IntoView {
    let f = files;
    let on_files = Callback::new(move |picked: Vec<web_sys::File>| f.add(picked));
    view! {
        <fieldset class="ac-input-files">
            <legend>"Input files"</legend>
            <FilePicker on_files=on_files label="Add input files" />
            <ul class="attachment-list">
                <For
                    each=move || f.items.get()
                    key=|item| (item.local_id, format!("{:?}", item.state))
                    children=move |item| {
                        let id = item.local_id;
                        let (state_name, status) = match &item.state {
                            FileState::Rejected(why) => ("rejected", view! { <span class="attachment-error" role="alert">{why.clone()}</span> }.into_any()),
                            FileState::Failed(why) => ("failed", view! { <span class="attachment-error" role="alert">"Upload failed: "{why.clone()}</span> }.into_any()),
                            FileState::Uploading(p) => {
                                let pct = (p * 100.0).round() as u32;
                                ("uploading", view! {
                                    <span class="attachment-status">{format!("Uploading… {pct}%")}</span>
                                    <progress class="attachment-progress" max="1" value=p.to_string() aria-label=format!("Upload of {}", item.name)></progress>
                                }.into_any())
                            }
                            FileState::Done { .. } => ("done", view! { <span class="attachment-status ok">"Uploaded"</span> }.into_any()),
                        };
                        let failed = state_name == "failed";
                        view! {
                            <li class="attachment" data-state=state_name>
                                <span class="attachment-name">{item.name.clone()}</span>
                                <span class="attachment-size">{size_words(item.size)}</span>
                                {status}
                                {failed.then(|| view! {
                                    <button type="button" class="button button-quiet" aria-label=format!("Retry uploading {}", item.name) on:click=move |_| f.start(id)>"Retry"</button>
                                })}
                                <button type="button" class="button button-quiet" aria-label=format!("Remove {}", item.name) on:click=move |_| f.remove(id)>"Remove"</button>
                            </li>
                        }
                    }
                />
            </ul>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(state: FileState) -> InputFile {
        InputFile {
            local_id: 1,
            name: "a.md".into(),
            size: 3,
            state,
        }
    }

    #[test]
    fn dispatch_waits_for_uploads_and_refuses_failures() {
        assert_eq!(files_problem(&[]), None);
        assert_eq!(
            files_problem(&[item(FileState::Done {
                file_id: "f".into()
            })]),
            None
        );
        assert!(files_problem(&[item(FileState::Uploading(0.2))])
            .unwrap()
            .contains("uploading"));
        assert!(files_problem(&[item(FileState::Failed("x".into()))]).is_some());
        assert!(files_problem(&[item(FileState::Rejected("x".into()))]).is_some());
        assert_eq!(size_words(2048), "2 KB");
    }
}
