//! AgentContainer tasks: the tasks of an agent, the dispatch form and the task page. (Being built.)

use leptos::prelude::*;

#[component]
pub fn AgentTasksPage() -> impl IntoView {
    view! { <section class="page"><h1>"Tasks"</h1></section> }
}

#[component]
pub fn DispatchPage() -> impl IntoView {
    view! { <section class="page"><h1>"Dispatch a task"</h1></section> }
}

#[component]
pub fn TaskPage() -> impl IntoView {
    view! { <section class="page"><h1>"Task"</h1></section> }
}

