//! Markdown from server data never becomes live DOM: no script, no event handlers, no
//! `javascript:` links, raw HTML shown as text, images not loaded.

use crate::support::until;
use agentdeck::components::markdown_view::MarkdownView;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const HOSTILE: &str = r#"# Result

<script>window.__md_xss = 1;</script>

Inline <img src="x" onerror="window.__md_xss = 2"> and <b onclick="window.__md_xss = 3">bold</b>.

<iframe src="javascript:window.__md_xss = 4"></iframe>

<div onmouseover="window.__md_xss = 5">block html</div>

[click me](javascript:window.__md_xss=6) [tab](java	script:alert(1)) [ok](https://example.com/a?b=1)
[mail](mailto:someone@example.com) [relative](/connections)

![tracking pixel](https://tracker.example/pixel.png)

<svg onload="window.__md_xss = 7"></svg>

```html" onload="window.__md_xss=8
<script>alert(1)</script>
```

| a | b |
|---|---|
| <img src=x onerror=alert(1)> | ~~gone~~ |

- [x] done
- [ ] todo
"#;

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn all(root: &web_sys::Element, sel: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn xss_flag() -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"__md_xss".into()).unwrap()
}

#[wasm_bindgen_test]
async fn hostile_markdown_never_becomes_live_dom() {
    let el: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&el).unwrap();
    let root: web_sys::Element = el.clone().into();
    let _h = leptos::mount::mount_to(
        el.clone(),
        || view! { <MarkdownView text=HOSTILE.to_string() /> },
    );
    until("the markdown rendered", || {
        (all(&root, "h1").len() == 1).then_some(())
    })
    .await;
    // Give any injected handler a chance to run: a control image with the payload's own
    // `src="x"` and an `onerror` handler, added by the test after the markdown, outside it. Once
    // the control's handler ran, an injected one loading the same URL had its chance too.
    let control = doc().create_element("img").unwrap();
    control
        .set_attribute("onerror", "window.__md_control = 1")
        .unwrap();
    control.set_attribute("src", "x").unwrap();
    doc().body().unwrap().append_child(&control).unwrap();
    until("the control handler to run", || {
        let flag = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__md_control".into());
        flag.ok().filter(|v| !v.is_undefined()).map(drop)
    })
    .await;
    control.remove();
    for sel in [
        "script", "img", "iframe", "svg", "object", "embed", "style", "form",
    ] {
        assert!(all(&root, sel).is_empty(), "{sel} became an element");
    }
    for e in all(&root, "*") {
        let names = e.get_attribute_names();
        for n in names.iter() {
            let n = n.as_string().unwrap_or_default().to_ascii_lowercase();
            assert!(
                !n.starts_with("on"),
                "event handler attribute {n} on <{}>",
                e.tag_name()
            );
            assert!(
                n != "src" && n != "srcdoc" && n != "style",
                "{n} on <{}>",
                e.tag_name()
            );
        }
        let tag = e.tag_name().to_ascii_lowercase();
        assert!(
            agentdeck::markdown::ALLOWED_TAGS.contains(&tag.as_str()),
            "unexpected element <{tag}>"
        );
    }
    // Links: only http(s) and mailto, new tab, no referrer or opener.
    let links = all(&root, "a");
    assert!(links.len() >= 3, "{}", links.len());
    for a in &links {
        let href = a.get_attribute("href").unwrap_or_default();
        assert!(
            href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:"),
            "{href}"
        );
        assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
        assert_eq!(
            a.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
    }
    // The image is a link, not loaded.
    assert!(links
        .iter()
        .any(|a| a.get_attribute("href").as_deref() == Some("https://tracker.example/pixel.png")));
    // Raw HTML is visible as text.
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("<script>window.__md_xss = 1;</script>"),
        "{text}"
    );
    assert!(text.contains("<b onclick="));
    assert!(text.contains("click me"));
    // Nothing ran.
    assert!(xss_flag().is_undefined(), "a payload ran: {:?}", xss_flag());
    // GFM bits.
    assert_eq!(all(&root, "table").len(), 1);
    assert_eq!(all(&root, "del").len(), 1);
    assert_eq!(all(&root, "input[type=checkbox]").len(), 2);
    assert_eq!(all(&root, ".md-code button.md-copy").len(), 1);
}

#[wasm_bindgen_test]
async fn updates_follow_the_signal_and_long_messages_render() {
    let el: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&el).unwrap();
    let root: web_sys::Element = el.clone().into();
    let text = RwSignal::new("first *message*".to_string());
    let _h = leptos::mount::mount_to(el.clone(), move || view! { <MarkdownView text=text /> });
    until("the first message", || {
        (all(&root, "em").len() == 1).then_some(())
    })
    .await;
    text.set("**second**".to_string());
    until("the second message", || {
        (all(&root, "strong").len() == 1 && all(&root, "em").is_empty()).then_some(())
    })
    .await;
    let long = "A paragraph with `code` and a [link](https://example.com).\n\n".repeat(3000);
    text.set(long);
    until("3000 paragraphs", || {
        (all(&root, "p").len() == 3000).then_some(())
    })
    .await;
}
