//! The page shown for an address no page answers.

use crate::routes::Route;
use leptos::prelude::*;

/// "Page not found", with the way home.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <a href=Route::Home.href()>"Go home"</a>
        </section>
    }
}
