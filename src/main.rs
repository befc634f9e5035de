//! The browser entry point: load the connections, then mount the app.

fn main() {
    console_error_panic_hook::set_once();
    // wasm-bindgen-futures, not leptos::task: Leptos sets up its executor only when it mounts.
    wasm_bindgen_futures::spawn_local(async {
        let initial = agentdeck::config::initial().await;
        // `mount_to_body` keeps the app mounted for the life of the page.
        leptos::mount::mount_to_body(
            move || leptos::view! { <agentdeck::app::App initial=initial /> },
        );
    });
}
