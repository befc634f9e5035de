//! The Repositories tab's attach form: a repository of the account, the ref to check out, where
//! to mount it, and an optional setup script. A failed attach keeps what was typed.

use super::ctx::AgentCtx;
use crate::api::cursor::collect_all;
use crate::api::{self, ApiError};
use crate::pages::agentcontainer::common::{field_message, ErrorNotice};
use agentdeck_wire::agentcontainer::{AttachRepositories, ListQuery, Repository, RepositoryLink};
use leptos::prelude::*;

/// The attach form as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttachForm {
    pub repository_id: String,
    pub tag: String,
    pub mounting_point: String,
    pub setup_script: String,
}

impl AttachForm {
    /// What is missing, by field (`repositoryId`, `tag`, `mountingPoint`).
    pub fn problems(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = Vec::new();
        if self.repository_id.trim().is_empty() {
            out.push(("repositoryId", "Choose a repository."));
        }
        if self.tag.trim().is_empty() {
            out.push(("tag", "Say which branch, tag or commit to check out."));
        }
        if self.mounting_point.trim().is_empty() {
            out.push(("mountingPoint", "Say where in the workspace to clone it."));
        }
        out
    }

    pub fn to_request(&self) -> AttachRepositories {
        let setup = self.setup_script.trim();
        AttachRepositories {
            repositories: vec![RepositoryLink {
                repository_id: self.repository_id.trim().to_string(),
                tag: self.tag.trim().to_string(),
                mounting_point: self.mounting_point.trim().to_string(),
                setup_script: (!setup.is_empty()).then(|| setup.to_string()),
            }],
        }
    }
}

#[component]
pub fn AttachRepository() -> impl IntoView {
    let ctx = AgentCtx::use_ctx();
    let repos = RwSignal::new(None::<Result<Vec<Repository>, ApiError>>);
    let form = RwSignal::new(AttachForm {
        tag: "main".into(),
        ..Default::default()
    });
    let submitted = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let load_repos = move || {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let scope = ctx.scope();
        leptos::task::spawn_local(async move {
            let fetch = |cursor: Option<String>| {
                let conn = conn.clone();
                async move {
                    let q = ListQuery {
                        limit: None,
                        cursor,
                    };
                    api::agentcontainer::list_repositories(&conn, &q).await
                }
            };
            let result = scope.run(collect_all(fetch, 1000)).await;
            if !matches!(&result, Err(e) if e.is_aborted()) {
                repos.try_set(Some(result));
            }
        });
    };
    Effect::new(move |_| {
        if ctx.conn.read().is_some() {
            load_repos();
        }
    });

    let attach = Callback::new(move |_| {
        submitted.set(true);
        if saving.get_untracked() || form.with_untracked(|f| !f.problems().is_empty()) {
            return;
        }
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        let body = form.with_untracked(|f| f.to_request());
        saving.set(true);
        error.set(None);
        let (scope, id) = (ctx.scope(), ctx.agent_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::attach_agent_repositories(
                    &conn, &id, &body,
                ))
                .await;
            saving.try_set(false);
            match result {
                Ok(agent) => {
                    submitted.try_set(false);
                    form.try_update(|f| {
                        f.mounting_point.clear();
                        f.setup_script.clear();
                    });
                    ctx.agent.try_set(Some(agent));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    });
    let message = move |key: &'static str| {
        let own = submitted
            .get()
            .then(|| {
                form.with(|f| {
                    f.problems()
                        .into_iter()
                        .find(|(k, _)| *k == key)
                        .map(|(_, m)| m.to_string())
                })
            })
            .flatten();
        own.or_else(|| error.with(|e| e.as_ref().and_then(|e| field_message(e, key))))
            .map(|m| view! { <span class="ac-field-error" role="alert">{m}</span> })
    };
    let text = move |label: &'static str,
                     key: &'static str,
                     placeholder: &'static str,
                     get: fn(&AttachForm) -> &String,
                     put: fn(&mut AttachForm, String)| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type="text"
                    name=key
                    placeholder=placeholder
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || form.with(|f| get(f).clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| put(f, v));
                    }
                />
                {move || message(key)}
            </label>
        }
    };

    view! {
        <Show when=move || ctx.editable()>
            <form
                class="card ac-attach-repository"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    attach.run(());
                }
            >
                <h2 class="ac-section-title">"Attach a repository"</h2>
                <div class="form-grid">
                    <label class="field">
                        <span>"Repository"</span>
                        <select
                            name="repositoryId"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                form.update(|f| f.repository_id = v);
                            }
                        >
                            <option value="" selected=move || form.with(|f| f.repository_id.is_empty())>"Choose…"</option>
                            {move || match repos.get() {
                                Some(Ok(list)) => list.into_iter().map(|r| {
                                    let id = r.id.clone();
                                    view! {
                                        <option value=r.id.clone() selected=move || form.with(|f| f.repository_id == id)>
                                            {format!("{} ({})", r.name, r.url)}
                                        </option>
                                    }
                                }).collect_view().into_any(),
                                _ => ().into_any(),
                            }}
                        </select>
                        {move || message("repositoryId")}
                        {move || matches!(repos.get(), Some(Ok(ref l)) if l.is_empty()).then(|| view! {
                            <span class="hint">"The account has no repositories yet."</span>
                        })}
                    </label>
                    {text("Ref (branch, tag or commit)", "tag", "main", |f| &f.tag, |f, v| f.tag = v)}
                    {text("Mount point", "mountingPoint", "e.g. /workspace/repo", |f| &f.mounting_point, |f, v| f.mounting_point = v)}
                    {text("Setup script (optional)", "setupScript", "scripts/setup.sh", |f| &f.setup_script, |f, v| f.setup_script = v)}
                </div>
                {move || match repos.get() {
                    Some(Err(e)) => Some(view! { <ErrorNotice error=e retry=Callback::new(move |_| load_repos()) /> }),
                    _ => None,
                }}
                {move || error.get().map(|e| view! {
                    <div class="ac-attach-error">
                        <p class="hint">"Not attached. What you typed is kept."</p>
                        <ErrorNotice error=e retry=attach />
                    </div>
                })}
                <div class="row">
                    <button type="submit" class="button button-primary" disabled=move || saving.get()>
                        {move || if saving.get() { "Attaching…" } else { "Attach repository" }}
                    </button>
                </div>
            </form>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attaching_needs_a_repository_a_ref_and_a_mount_point() {
        let f = AttachForm::default();
        let keys: Vec<&str> = f.problems().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["repositoryId", "tag", "mountingPoint"]);
        let f = AttachForm {
            repository_id: "repo_1".into(),
            tag: " main ".into(),
            mounting_point: "/workspace/site".into(),
            setup_script: "  ".into(),
        };
        assert!(f.problems().is_empty());
        let link = &f.to_request().repositories[0];
        assert_eq!(link.tag, "main");
        assert_eq!(link.setup_script, None);
        let json = serde_json::to_value(f.to_request()).unwrap();
        assert_eq!(json["repositories"][0]["mountingPoint"], "/workspace/site");
    }
}
