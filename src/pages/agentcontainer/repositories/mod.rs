//! `/agentcontainer/repositories`: the account's reusable git repositories (standard ones
//! marked), each with its SSH keys (attach, detach), created with [`form`] and deleted behind a
//! confirmation. [`ctx`] holds the page's state, [`model`] its pure rules, [`rows`] one
//! repository.

pub mod ctx;
pub mod form;
pub mod model;
pub mod rows;

use crate::components::skeleton::Skeleton;
use crate::hooks::tab_title::use_tab_title;
use crate::pages::agentcontainer::common::{ErrorNotice, NotConnected};
use crate::routes::Route;
use ctx::ReposCtx;
use form::CreateRepositoryForm;
use leptos::prelude::*;
use rows::RepositoryRow;

#[component]
pub fn RepositoriesPage() -> impl IntoView {
    use_tab_title(|| "Repositories · AgentContainer".to_string());
    let ctx = ReposCtx::provide();
    let retry = Callback::new(move |_| ctx.reload());
    view! {
        <section class="page ac-repos-page">
            <header class="page-header">
                <h1>"Repositories"</h1>
                <div class="row">
                    <a class="button" href=Route::AcSshKeys.href()>"SSH keys"</a>
                    <button type="button" class="button" on:click=move |_| ctx.reload()>"Refresh"</button>
                </div>
            </header>
            <p class="hint">
                "Git remotes that agents and tasks clone into their workspace. Private ones need an SSH key: attach a read-only deploy key."
            </p>
            {move || ctx.conn.read().is_none().then(|| view! { <NotConnected what="your repositories" /> })}
            {move || ctx.load_error.get().map(|e| view! { <ErrorNotice error=e retry=retry /> })}
            {move || ctx.keys_error.get().map(|e| view! {
                <div class="ac-keys-error">
                    <p class="hint">"The SSH keys could not be read, so none can be attached for now."</p>
                    <ErrorNotice error=e retry=retry />
                </div>
            })}
            <Show when=move || ctx.conn.read().is_some()>
                <CreateRepositoryForm />
            </Show>
            {move || match ctx.repos.get() {
                None if ctx.conn.read().is_some() && ctx.load_error.read().is_none() => {
                    Some(view! { <Skeleton label="Loading repositories…" /> }.into_any())
                }
                Some(list) if list.is_empty() => {
                    Some(view! { <p class="empty-state">"No repositories yet."</p> }.into_any())
                }
                _ => None,
            }}
            <ul class="ac-repo-list card" aria-label="Repositories">
                <For
                    each=move || ctx.repos.get().unwrap_or_default()
                    key=|r| format!("{:?}", r)
                    children=move |r| view! { <RepositoryRow repo=r /> }
                />
            </ul>
        </section>
    }
}
