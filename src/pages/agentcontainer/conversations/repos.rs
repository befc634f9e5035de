//! Repositories to clone into a conversation's workspace, picked from the account's
//! repositories: which one, at which git ref, mounted where, with an optional setup script.
//! Used when starting a conversation and to attach more for later turns.

use crate::api::cursor::collect_all;
use crate::api::{self, AgentContainerConnection, ApiError, RequestScope};
use crate::pages::agentcontainer::repo_mount::default_mount;
use agentdeck_wire::agentcontainer::{ListQuery, Repository, RepositoryLink};
use leptos::prelude::*;

/// Most repositories offered in the picker.
const MAX_REPOSITORIES: usize = 500;

/// What is wrong with a link about to be added, in words.
pub fn link_problem(
    repository_id: &str,
    tag: &str,
    mount: &str,
    existing: &[RepositoryLink],
) -> Option<String> {
    if repository_id.is_empty() {
        return Some("Choose a repository.".into());
    }
    if tag.trim().is_empty() {
        return Some("Enter the branch, tag or commit to check out.".into());
    }
    let mount = mount.trim();
    if !mount.starts_with('/') {
        return Some("The mount point is a path in the workspace, starting with /.".into());
    }
    if existing.iter().any(|l| l.mounting_point == mount) {
        return Some(format!("Another repository is already mounted at {mount}."));
    }
    None
}

/// The account's repositories (every page), in the given scope.
pub async fn load_repositories(
    scope: RequestScope,
    conn: AgentContainerConnection,
) -> Result<Vec<Repository>, ApiError> {
    let fetch = |cursor| {
        let conn = conn.clone();
        async move {
            let q = ListQuery {
                limit: Some(100),
                cursor,
            };
            api::agentcontainer::list_repositories(&conn, &q).await
        }
    };
    scope.run(collect_all(fetch, MAX_REPOSITORIES)).await
}

/// Picks repositories into `links`. `repositories` is the account's list (`None` while it
/// loads).
#[component]
pub fn RepoPicker(
    links: RwSignal<Vec<RepositoryLink>>,
    #[prop(into)] repositories: Signal<Option<Result<Vec<Repository>, ApiError>>>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let tag = RwSignal::new("main".to_string());
    let mount = RwSignal::new(String::new());
    let setup = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let name_of = move |id: &str| {
        repositories.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|list| list.iter().find(|x| x.id == id))
                .map(|x| x.name.clone())
                .unwrap_or_else(|| id.to_string())
        })
    };
    let choose = move |id: String| {
        let suggestion = default_mount(&name_of(&id));
        mount.set(suggestion);
        chosen.set(id);
    };
    let add = move |_| {
        let (id, t, m) = (chosen.get(), tag.get(), mount.get());
        if let Some(p) = links.with(|l| link_problem(&id, &t, &m, l)) {
            problem.set(Some(p));
            return;
        }
        let script = setup.get();
        links.update(|l| {
            l.push(RepositoryLink {
                repository_id: id,
                tag: t.trim().to_string(),
                mounting_point: m.trim().to_string(),
                setup_script: Some(script.clone()).filter(|s| !s.trim().is_empty()),
            })
        });
        problem.set(None);
        chosen.set(String::new());
        mount.set(String::new());
        setup.set(String::new());
    };
    let options = move || {
        match repositories.get() {
        None => view! { <option value="" disabled=true>"Loading repositories\u{2026}"</option> }.into_any(),
        Some(Err(e)) => view! { <option value="" disabled=true>{format!("Could not load repositories: {}", e.user_message())}</option> }.into_any(),
        Some(Ok(list)) => list
            .into_iter()
            .map(|r| {
                let label = format!("{} ({})", r.name, r.url);
                view! { <option value=r.id>{label}</option> }
            })
            .collect_view()
            .into_any(),
    }
    };
    view! {
        <fieldset class="repo-picker">
            <legend>"Repositories"</legend>
            <ul class="repo-links">
                {move || links.get().into_iter().enumerate().map(|(i, l)| {
                    let text = format!("{} @ {} \u{2192} {}", name_of(&l.repository_id), l.tag, l.mounting_point);
                    let label = format!("Remove repository mounted at {}", l.mounting_point);
                    view! {
                        <li class="repo-link">
                            <span>{text}</span>
                            <button type="button" class="button button-quiet" aria-label=label
                                on:click=move |_| links.update(|l| { if i < l.len() { l.remove(i); } })>
                                "Remove"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="form-grid">
                <label class="field">
                    <span>"Repository"</span>
                    <select name="repository" prop:value=move || chosen.get() on:change=move |ev| choose(event_target_value(&ev))>
                        <option value="">"Choose a repository"</option>
                        {options}
                    </select>
                </label>
                <label class="field">
                    <span>"Branch, tag or commit"</span>
                    <input type="text" name="repository_ref" autocomplete="off" spellcheck="false"
                        prop:value=move || tag.get() on:input=move |ev| tag.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>"Mount point"</span>
                    <input type="text" name="mount_point" autocomplete="off" spellcheck="false" placeholder=default_mount("name")
                        prop:value=move || mount.get() on:input=move |ev| mount.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span>"Setup script (optional)"</span>
                    <input type="text" name="setup_script" autocomplete="off" spellcheck="false" placeholder="npm ci"
                        prop:value=move || setup.get() on:input=move |ev| setup.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="row">
                <button type="button" class="button" on:click=add>"Add repository"</button>
                {move || problem.get().map(|p| view! { <span class="hint repo-problem" role="alert">{p}</span> })}
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_points_are_checked() {
        let existing = [RepositoryLink {
            repository_id: "r1".into(),
            tag: "main".into(),
            mounting_point: "/workspace/a".into(),
            setup_script: None,
        }];
        assert!(link_problem("", "main", "/w", &existing).is_some());
        assert!(link_problem("r2", " ", "/w", &existing).is_some());
        assert!(link_problem("r2", "main", "w", &existing).is_some());
        assert!(link_problem("r2", "main", "/workspace/a", &existing)
            .unwrap()
            .contains("already mounted"));
        assert_eq!(link_problem("r2", "main", "/workspace/b", &existing), None);
    }
}
