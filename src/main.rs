//! The browser entry point: load the connections, then mount the app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::task::spawn_local(async {
        let initial = agentdeck::config::initial().await;
        // `mount_to_body` keeps the app mounted for the life of the page.
        leptos::mount::mount_to_body(
            move || leptos::view! { <agentdeck::app::App initial=initial /> },
        );
    });
}
