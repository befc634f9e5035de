//! Markdown (CommonMark + tables, task lists, strikethrough) walked into a small tree of safe
//! nodes, which the `MarkdownView` component turns into DOM nodes one by one (never `inner_html`).
//!
//! Safety by construction: tag and attribute names are `&'static str` chosen here, never taken
//! from the input; raw HTML becomes text; link targets keep only http, https and mailto; images
//! become links (never loaded). Pure Rust, tested natively.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A node of rendered markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

impl Element {
    fn new(tag: &'static str) -> Self {
        Element {
            tag,
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((name, value.into()));
        self
    }

    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Node {
    /// All text below this node, concatenated.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        s
    }

    fn collect_text(&self, out: &mut String) {
        match self {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => e.children.iter().for_each(|c| c.collect_text(out)),
        }
    }

    /// Visit every element (depth first).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        if let Node::Element(e) = self {
            f(e);
            for c in &e.children {
                c.walk(f);
            }
        }
    }
}

/// Keep a URL only if it is http, https or mailto (the app's one rule: `safe_url::link_url`).
pub fn safe_url(url: &str) -> Option<String> {
    crate::safe_url::link_url(url).map(str::to_string)
}

/// The language of a fenced code block, reduced to safe class characters.
fn lang_class(info: &str) -> Option<String> {
    let lang: String = info
        .split([' ', ',', '{'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        .take(32)
        .collect();
    (!lang.is_empty()).then(|| format!("language-{lang}"))
}

fn heading_tag(l: HeadingLevel) -> &'static str {
    match l {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// Deeper nesting than this is flattened (keeps recursion and the DOM shallow on hostile input).
const MAX_DEPTH: usize = 40;

struct Frame {
    el: Element,
    /// Too deep: at close, hand the children to the parent instead of adding an element.
    flatten: bool,
    /// Outer wrappers, innermost first, applied when the frame closes.
    wrap: Vec<Element>,
}

/// Parse markdown into safe nodes.
pub fn render(md: &str) -> Vec<Node> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut root: Vec<Node> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut aligns: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut col = 0usize;

    fn push(stack: &mut [Frame], root: &mut Vec<Node>, n: Node) {
        match stack.last_mut() {
            Some(f) => {
                // Merge adjacent text nodes (fewer DOM nodes).
                if let (Node::Text(t), Some(Node::Text(prev))) = (&n, f.el.children.last_mut()) {
                    prev.push_str(t);
                    return;
                }
                f.el.children.push(n)
            }
            None => root.push(n),
        }
    }

    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(tag) => {
                if stack.len() >= MAX_DEPTH {
                    stack.push(Frame {
                        el: Element::new("span"),
                        flatten: true,
                        wrap: vec![],
                    });
                    continue;
                }
                let frame = match tag {
                    Tag::Paragraph => Frame {
                        el: Element::new("p"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::Heading { level, .. } => Frame {
                        el: Element::new(heading_tag(level)),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::BlockQuote(_) => Frame {
                        el: Element::new("blockquote"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::CodeBlock(kind) => {
                        let mut code = Element::new("code");
                        if let CodeBlockKind::Fenced(info) = kind {
                            if let Some(c) = lang_class(&info) {
                                code = code.attr("class", c);
                            }
                        }
                        let mut wrapper = Element::new("div").attr("class", "md-code");
                        wrapper.children.push(Node::Element(Element {
                            tag: "button",
                            attrs: vec![
                                ("type", "button".to_string()),
                                ("class", "md-copy".to_string()),
                                ("title", "Copy code".to_string()),
                            ],
                            children: vec![Node::Text("Copy".to_string())],
                        }));
                        Frame {
                            el: code,
                            flatten: false,
                            wrap: vec![Element::new("pre"), wrapper],
                        }
                    }
                    Tag::HtmlBlock => Frame {
                        el: Element::new("pre").attr("class", "md-raw-html"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::List(Some(start)) => {
                        let mut el = Element::new("ol");
                        if start != 1 {
                            el = el.attr("start", start.to_string());
                        }
                        Frame {
                            el,
                            flatten: false,
                            wrap: vec![],
                        }
                    }
                    Tag::List(None) => Frame {
                        el: Element::new("ul"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::Item => Frame {
                        el: Element::new("li"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::Table(a) => {
                        aligns = a;
                        Frame {
                            el: Element::new("table"),
                            flatten: false,
                            wrap: vec![Element::new("div").attr("class", "md-table")],
                        }
                    }
                    Tag::TableHead => {
                        in_head = true;
                        col = 0;
                        Frame {
                            el: Element::new("tr"),
                            flatten: false,
                            wrap: vec![Element::new("thead")],
                        }
                    }
                    Tag::TableRow => {
                        col = 0;
                        Frame {
                            el: Element::new("tr"),
                            flatten: false,
                            wrap: vec![],
                        }
                    }
                    Tag::TableCell => {
                        let mut el = Element::new(if in_head { "th" } else { "td" });
                        match aligns.get(col) {
                            Some(Alignment::Left) => el = el.attr("class", "md-left"),
                            Some(Alignment::Center) => el = el.attr("class", "md-center"),
                            Some(Alignment::Right) => el = el.attr("class", "md-right"),
                            _ => {}
                        }
                        col += 1;
                        Frame {
                            el,
                            flatten: false,
                            wrap: vec![],
                        }
                    }
                    Tag::Emphasis => Frame {
                        el: Element::new("em"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::Strong => Frame {
                        el: Element::new("strong"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::Strikethrough => Frame {
                        el: Element::new("del"),
                        flatten: false,
                        wrap: vec![],
                    },
                    Tag::Link {
                        dest_url, title, ..
                    } => match safe_url(&dest_url) {
                        Some(href) => {
                            let mut el = Element::new("a")
                                .attr("href", href)
                                .attr("target", "_blank")
                                .attr("rel", "noopener noreferrer");
                            if !title.is_empty() {
                                el = el.attr("title", title.to_string());
                            }
                            Frame {
                                el,
                                flatten: false,
                                wrap: vec![],
                            }
                        }
                        None => Frame {
                            el: Element::new("span").attr("class", "md-bad-link"),
                            flatten: false,
                            wrap: vec![],
                        },
                    },
                    Tag::Image {
                        dest_url, title, ..
                    } => {
                        // Never loaded: a link to the image, labelled by its alt text.
                        let mut el = match safe_url(&dest_url) {
                            Some(href) => Element::new("a")
                                .attr("href", href)
                                .attr("target", "_blank")
                                .attr("rel", "noopener noreferrer")
                                .attr("class", "md-image"),
                            None => Element::new("span").attr("class", "md-image md-bad-link"),
                        };
                        if !title.is_empty() {
                            el = el.attr("title", title.to_string());
                        }
                        el.children.push(Node::Text("🖼 ".to_string()));
                        Frame {
                            el,
                            flatten: false,
                            wrap: vec![],
                        }
                    }
                    // Anything else (footnotes, definition lists, ... not enabled) as a span.
                    _ => Frame {
                        el: Element::new("span"),
                        flatten: false,
                        wrap: vec![],
                    },
                };
                stack.push(frame);
            }
            Event::End(end) => {
                if matches!(end, TagEnd::TableHead) {
                    in_head = false;
                }
                let Some(frame) = stack.pop() else {
                    continue;
                };
                if frame.flatten {
                    for c in frame.el.children {
                        push(&mut stack, &mut root, c);
                    }
                    continue;
                }
                let mut node = frame.el;
                if node.tag == "a"
                    && node.children.len() == 1
                    && node.get_attr("class") == Some("md-image")
                {
                    // Image without alt text: show the address.
                    let href = node.get_attr("href").unwrap_or("image").to_string();
                    node.children.push(Node::Text(href));
                }
                for mut w in frame.wrap {
                    w.children.push(Node::Element(node));
                    node = w;
                }
                push(&mut stack, &mut root, Node::Element(node));
            }
            Event::Text(t) => push(&mut stack, &mut root, Node::Text(t.to_string())),
            Event::Code(t) => {
                let mut c = Element::new("code");
                c.children.push(Node::Text(t.to_string()));
                push(&mut stack, &mut root, Node::Element(c));
            }
            // Raw HTML: shown as text, never parsed.
            Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut stack, &mut root, Node::Text(t.to_string()))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(&mut stack, &mut root, Node::Text(t.to_string()))
            }
            Event::FootnoteReference(t) => {
                push(&mut stack, &mut root, Node::Text(format!("[^{t}]")))
            }
            Event::SoftBreak => push(&mut stack, &mut root, Node::Text("\n".to_string())),
            Event::HardBreak => push(&mut stack, &mut root, Node::Element(Element::new("br"))),
            Event::Rule => push(&mut stack, &mut root, Node::Element(Element::new("hr"))),
            Event::TaskListMarker(checked) => {
                let mut el = Element::new("input")
                    .attr("type", "checkbox")
                    .attr("disabled", "")
                    .attr("class", "md-task");
                if checked {
                    el = el.attr("checked", "");
                }
                push(&mut stack, &mut root, Node::Element(el));
            }
        }
    }
    // Unbalanced input cannot happen with pulldown-cmark, but close whatever is left anyway.
    while let Some(frame) = stack.pop() {
        let mut node = frame.el;
        for mut w in frame.wrap {
            w.children.push(Node::Element(node));
            node = w;
        }
        push(&mut stack, &mut root, Node::Element(node));
    }
    root
}

/// Every tag the renderer can produce (the browser test checks the DOM against it).
pub const ALLOWED_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "div",
    "pre",
    "code",
    "button",
    "ol",
    "ul",
    "li",
    "table",
    "thead",
    "tr",
    "th",
    "td",
    "em",
    "strong",
    "del",
    "a",
    "span",
    "br",
    "hr",
    "input",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn all(nodes: &[Node]) -> Vec<&Element> {
        let mut v = Vec::new();
        for n in nodes {
            n.walk(&mut |e| v.push(e));
        }
        v
    }

    #[test]
    fn urls() {
        assert_eq!(
            safe_url("https://x.dev/a?b#c").as_deref(),
            Some("https://x.dev/a?b#c")
        );
        assert_eq!(safe_url("  HTTP://x").as_deref(), Some("HTTP://x"));
        assert_eq!(safe_url("mailto:a@b.c").as_deref(), Some("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "/relative",
            "//evil.example/x",
            "#frag",
            "",
        ] {
            assert_eq!(safe_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn raw_html_is_text() {
        let md = "<script>alert(1)</script>\n\nhello <img src=x onerror=alert(1)> <b onclick=\"x()\">b</b>\n\n<div onmouseover=\"alert(1)\">block</div>\n";
        let nodes = render(md);
        for e in all(&nodes) {
            assert!(ALLOWED_TAGS.contains(&e.tag), "{}", e.tag);
            for (name, _) in &e.attrs {
                assert!(!name.starts_with("on"), "{name}");
                assert_ne!(*name, "src");
            }
            assert_ne!(e.tag, "script");
        }
        let text: String = nodes.iter().map(|n| n.text()).collect();
        assert!(text.contains("<script>alert(1)</script>"));
        assert!(text.contains("<img src=x onerror=alert(1)>"));
        assert!(text.contains("<div onmouseover=\"alert(1)\">block</div>"));
    }

    #[test]
    fn links_and_images() {
        let nodes = render("[ok](https://a.dev \"T\") [bad](javascript:alert(1)) ![alt](https://i.dev/x.png) ![x](javascript:y) <https://auto.dev> [rel](/x)");
        let els = all(&nodes);
        let links: Vec<_> = els.iter().filter(|e| e.tag == "a").collect();
        assert_eq!(links.len(), 3, "{nodes:#?}");
        for a in &links {
            assert_eq!(a.get_attr("target"), Some("_blank"));
            assert_eq!(a.get_attr("rel"), Some("noopener noreferrer"));
            assert!(a.get_attr("href").unwrap().starts_with("https://"));
        }
        assert_eq!(links[0].get_attr("title"), Some("T"));
        assert_eq!(links[1].get_attr("class"), Some("md-image"));
        assert!(Node::Element((*links[1]).clone()).text().contains("alt"));
        assert!(els.iter().all(|e| e.tag != "img"));
        let text: String = nodes.iter().map(|n| n.text()).collect();
        assert!(text.contains("bad"));
        assert!(!els
            .iter()
            .any(|e| e.attrs.iter().any(|(_, v)| v.contains("javascript"))));
    }

    #[test]
    fn gfm_features() {
        let md = "# Title\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~ `inline`\n\n```rust\nfn main() {}\n```\n\n3. three\n4. four\n";
        let nodes = render(md);
        let els = all(&nodes);
        let tags: Vec<_> = els.iter().map(|e| e.tag).collect();
        for t in [
            "h1", "table", "thead", "th", "td", "input", "del", "code", "pre", "button", "ol",
        ] {
            assert!(tags.contains(&t), "{t} missing in {tags:?}");
        }
        let code = els
            .iter()
            .find(|e| e.get_attr("class") == Some("language-rust"))
            .unwrap();
        assert_eq!(Node::Element((*code).clone()).text(), "fn main() {}\n");
        let ol = els.iter().find(|e| e.tag == "ol").unwrap();
        assert_eq!(ol.get_attr("start"), Some("3"));
        let checked = els
            .iter()
            .filter(|e| e.tag == "input" && e.get_attr("checked").is_some())
            .count();
        assert_eq!(checked, 1);
        let th = els.iter().find(|e| e.tag == "th").unwrap();
        assert_eq!(th.get_attr("class"), Some("md-left"));
    }

    #[test]
    fn hostile_code_block_language() {
        let nodes = render("```\" onload=\"alert(1)\nx\n```\n");
        for e in all(&nodes) {
            if let Some(c) = e.get_attr("class") {
                assert!(
                    c.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_+ ".contains(c)),
                    "{c}"
                );
            }
        }
    }

    #[test]
    fn big_input_is_fine() {
        let md = "para with **bold** and [link](https://x.dev)\n\n".repeat(20_000);
        let nodes = render(&md);
        assert_eq!(nodes.len(), 20_000);
        let _ = render(&"[".repeat(50_000));
        let _ = render(&"> ".repeat(10_000));
        let _ = render(&"- ".repeat(10_000));
    }
}
