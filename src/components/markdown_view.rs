//! Markdown from server data (agent results, step messages, conversation messages), rendered
//! as DOM nodes created one by one from [`crate::markdown::render`]'s safe tree: tag and
//! attribute names come from that module's fixed list, text goes into text nodes. No `inner_html`.

use crate::markdown::{self, Node};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn append(doc: &web_sys::Document, parent: &web_sys::Node, nodes: &[Node]) {
    for n in nodes {
        match n {
            Node::Text(t) => {
                let _ = parent.append_child(&doc.create_text_node(t));
            }
            Node::Element(e) => {
                let Ok(el) = doc.create_element(e.tag) else {
                    continue;
                };
                for (name, value) in &e.attrs {
                    let _ = el.set_attribute(name, value);
                }
                append(doc, &el, &e.children);
                let _ = parent.append_child(&el);
            }
        }
    }
}

/// Build the DOM of some markdown into `container` (replacing what it held).
pub fn render_into(container: &web_sys::Element, md: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    container.set_text_content(None);
    let nodes = markdown::render(md);
    let frag = doc.create_document_fragment();
    append(&doc, &frag, &nodes);
    let _ = container.append_child(&frag);
}

/// Copy the code of the code block whose "Copy" button was clicked.
fn on_click(ev: web_sys::MouseEvent) {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(Some(button)) = target.closest(".md-copy") else {
        return;
    };
    let Some(code) = button
        .parent_element()
        .and_then(|block| block.query_selector("code").ok().flatten())
    else {
        return;
    };
    let text = code.text_content().unwrap_or_default();
    let Some(w) = web_sys::window() else {
        return;
    };
    let p = w.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let label = match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(_) => "Copied",
            Err(_) => "Copy failed",
        };
        button.set_text_content(Some(label));
        set_timeout(
            move || button.set_text_content(Some("Copy")),
            std::time::Duration::from_millis(1500),
        );
    });
}

/// Rendered markdown. `text` is untrusted.
#[component]
pub fn MarkdownView(
    #[prop(into)] text: Signal<String>,
    #[prop(into, optional)] class: Option<String>,
) -> impl IntoView {
    let node_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(el) = node_ref.get() else {
            return;
        };
        text.with(|t| render_into(&el, t));
    });
    let class = match class {
        Some(c) => format!("md {c}"),
        None => "md".to_string(),
    };
    view! { <div class=class node_ref=node_ref on:click=on_click></div> }
}
