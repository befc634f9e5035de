//! The icons the app ships: inline SVG built as view elements (no font, no emoji, no
//! `inner_html`), drawn in the text colour (`currentColor`) at the text size (`.icon` in
//! style/app.css). Shapes after Feather icons (MIT).

use leptos::prelude::*;

/// Which icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconKind {
    /// A paper clip: an attached file.
    Attachment,
    /// Three bars: opens the navigation menu.
    Menu,
    /// A cross: closes the navigation menu.
    Close,
    /// A half-filled circle: the colour theme.
    Theme,
    /// Two sheets: copies something to the clipboard.
    Copy,
}

/// An icon. With a `label` it is an image with that accessible name (and a tooltip); without
/// one it is decoration, hidden from screen readers (the control around it carries the name).
#[component]
pub fn Icon(kind: IconKind, #[prop(optional)] label: Option<&'static str>) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            role=label.map(|_| "img")
            aria-label=label
            aria-hidden=label.is_none().then_some("true")
            focusable="false"
        >
            {label.map(|l| view! { <title>{l}</title> })}
            {shape(kind)}
        </svg>
    }
}

fn shape(kind: IconKind) -> AnyView {
    match kind {
        IconKind::Attachment => view! {
            <path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
        }
        .into_any(),
        IconKind::Menu => view! { <path d="M3 6h18M3 12h18M3 18h18" /> }.into_any(),
        IconKind::Close => view! { <path d="M18 6L6 18M6 6l12 12" /> }.into_any(),
        IconKind::Copy => view! {
            <rect x="9" y="9" width="13" height="13" rx="2" />
            <path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1" />
        }
        .into_any(),
        IconKind::Theme => view! {
            <circle cx="12" cy="12" r="9" />
            <path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor" />
        }
        .into_any(),
    }
}
