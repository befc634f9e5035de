//! Pages whose code downloads the first time they are opened.
//!
//! The release build (`cargo xtask dist`: the `split` feature, then xtask/src/split.rs) cuts
//! the wasm at each function below: the first page load brings only the shell and the inbox,
//! and each other page's code arrives when that page is first opened (then the
//! browser caches it). Every other build (tests, `cargo check`) links everything in, and the
//! same functions answer at once.

use crate::pages::agentcontainer::{
    account::AccountPage,
    agents::{AgentPage, AgentsPage, EditAgentPage, NewAgentPage},
    conversations::{ConversationPage, NewConversationPage},
    repositories::RepositoriesPage,
    ssh_keys::SshKeysPage,
    tasks::{AgentTasksPage, DispatchPage, TaskPage},
    webhooks::WebhooksPage,
};
use crate::pages::connections::ConnectionsPage;
use crate::pages::netlify::{new_runner::NewRunnerPage, runner::RunnerPage, runners::RunnersPage};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use leptos::tachys::reactive_graph::OwnedView;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// The view of one page, or the news that its code could not be downloaded.
pub type Loaded = Result<AnyView, PageNotLoaded>;

/// A page's code could not be downloaded (offline, or a newer deploy replaced the files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNotLoaded;

impl From<SplitLoaderError> for PageNotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        PageNotLoaded
    }
}

/// `split_point!(fn_name in chunk => view)`: an `async fn fn_name() -> Loaded`, cut into the
/// wasm chunk `chunk` in `split` builds. Functions naming the same chunk share one download.
macro_rules! split_point {
    ($(#[$doc:meta])* $name:ident in $chunk:ident => $view:expr) => {
        $(#[$doc])*
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Loaded {
            Ok($view.into_any())
        }

        $(#[$doc])*
        #[cfg(not(feature = "split"))]
        pub async fn $name() -> Loaded {
            Ok($view.into_any())
        }
    };
}

// Seven chunks: pages opened together share one download (fewer, larger files than one chunk
// per page, whose shared code the splitter would cut into hundreds of pieces).
split_point!(connections in connections => view! { <ConnectionsPage /> });
split_point!(runners in netlify_runners => view! { <RunnersPage /> });
split_point!(new_runner in netlify_runner => view! { <NewRunnerPage /> });
split_point!(runner in netlify_runner => view! { <RunnerPage /> });
split_point!(agents in ac_agents => view! { <AgentsPage /> });
split_point!(new_agent in ac_agents => view! { <NewAgentPage /> });
split_point!(edit_agent in ac_agents => view! { <EditAgentPage /> });
split_point!(agent in ac_agents => view! { <AgentPage /> });
split_point!(agent_tasks in ac_agents => view! { <AgentTasksPage /> });
split_point!(dispatch in ac_work => view! { <DispatchPage /> });
split_point!(new_conversation in ac_work => view! { <NewConversationPage /> });
split_point!(task in ac_work => view! { <TaskPage /> });
split_point!(conversation in ac_work => view! { <ConversationPage /> });
split_point!(account in ac_settings => view! { <AccountPage /> });
split_point!(repositories in ac_settings => view! { <RepositoriesPage /> });
split_point!(ssh_keys in ac_settings => view! { <SshKeysPage /> });
split_point!(webhooks in ac_settings => view! { <WebhooksPage /> });

#[cfg(feature = "bench")]
split_point!(
    /// The hidden benchmark pages (`cargo xtask bench` builds only).
    bench in bench => crate::pages::bench::page()
);

/// Shows the page `load` brings: "Loading page…" while its code downloads; if the download
/// fails (offline, or a newer deploy replaced the files) a message and a button that tries
/// again. Nothing else on the screen changes meanwhile.
///
/// Not a `<Suspense>`: its state outlived the page it showed, so an effect queued as the page
/// was left ran on signals already gone (a panic, and the app dead). Here the page's signals and
/// its view live under one owner, a child of this component's, and go with it.
pub fn lazy_page<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Loaded> + 'static,
{
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let page = RwSignal::new_local(None::<OwnedView<AnyView>>);
    let state = RwSignal::new(LoadState::Loading);
    let start = move || {
        state.set(LoadState::Loading);
        let Some(page_owner) = owner.try_with_value(Owner::child) else {
            return;
        };
        // The page's signals are made while this future runs: under `page_owner`.
        let fut = page_owner.with(|| ScopedFuture::new_untracked(load()));
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(view) => {
                    let _ = page.try_set(Some(OwnedView::new_with_owner(view, page_owner)));
                    let _ = state.try_set(LoadState::Shown);
                }
                Err(_) => {
                    let _ = state.try_set(LoadState::Failed);
                }
            }
        });
    };
    start();
    view! {
        {move || (state.get() == LoadState::Loading).then(|| view! {
            <p class="page-loading" role="status">"Loading page…"</p>
        })}
        {move || (state.get() == LoadState::Failed).then(|| load_failed(start))}
        // Taken once, when it arrives.
        {move || {
            page.track();
            page.try_update_untracked(Option::take).flatten()
        }}
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoadState {
    Loading,
    Shown,
    Failed,
}

fn load_failed(retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <section class="page">
            <div class="error" role="alert">
                "This page could not be downloaded. Check the connection, then try again \
                 (after a new version was deployed, reloading the tab fetches it)."
            </div>
            <button type="button" on:click=move |_| retry()>
                "Try loading the page again"
            </button>
        </section>
    }
}
