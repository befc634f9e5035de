//! The diff viewer in a real browser: what a user sees and clicks.

use crate::support::until;
use agentdeck::components::diff_viewer::DiffViewer;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const PATCH: &str = "diff --git a/src/main.rs b/src/main.rs
index 1111111..2222222 100644
--- a/src/main.rs
+++ b/src/main.rs
@@ -1,4 +1,4 @@ fn main() {
 fn main() {
-    let x = compute(1);
+    let x = compute(2);
     println!(\"<img src=x onerror=alert(1)>\");
 }
diff --git a/old name.txt b/new name.txt
similarity index 90%
rename from old name.txt
rename to new name.txt
index 3333333..4444444 100644
--- a/old name.txt
+++ b/new name.txt
@@ -1,2 +1,2 @@
 same
-before
+after
diff --git a/logo.png b/logo.png
index 5555555..6666666 100644
Binary files a/logo.png and b/logo.png differ
diff --git a/Cargo.lock b/Cargo.lock
index 7777777..8888888 100644
--- a/Cargo.lock
+++ b/Cargo.lock
@@ -1,2 +1,2 @@
 [[package]]
-version = \"1.0.0\"
+version = \"1.0.1\"
";

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The viewer's stylesheet (windowing needs a scrolling box of known height).
fn ensure_css() {
    let d = doc();
    if d.get_element_by_id("dv-test-css").is_none() {
        let s = d.create_element("style").unwrap();
        s.set_id("dv-test-css");
        s.set_text_content(Some(include_str!("../../style/diff_viewer.css")));
        d.head().unwrap().append_child(&s).unwrap();
    }
}

fn container() -> web_sys::HtmlElement {
    ensure_css();
    let el: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    el.set_attribute("style", "width:1200px").unwrap();
    doc().body().unwrap().append_child(&el).unwrap();
    el
}

fn all(root: &web_sys::Element, sel: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn one(root: &web_sys::Element, sel: &str) -> Option<web_sys::Element> {
    root.query_selector(sel).unwrap()
}

fn click(el: &web_sys::Element) {
    el.unchecked_ref::<web_sys::HtmlElement>().click();
}

fn text(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

fn header(root: &web_sys::Element, path: &str) -> web_sys::Element {
    all(root, ".dv-file")
        .into_iter()
        .find(|e| e.get_attribute("data-path").as_deref() == Some(path))
        .unwrap_or_else(|| panic!("no header for {path}"))
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn type_into(input: &web_sys::Element, value: &str) {
    let i: &web_sys::HtmlInputElement = input.unchecked_ref();
    i.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    i.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn renders_files_lines_rename_binary_and_untrusted_text() {
    storage().clear().unwrap();
    let el = container();
    let _h = leptos::mount::mount_to(
        el.clone(),
        || view! { <DiffViewer patch=PATCH.to_string() /> },
    );
    let root: web_sys::Element = el.clone().into();
    until("the lines shown", || {
        (all(&root, ".dv-line").len() >= 5).then_some(())
    })
    .await;

    // Totals and per-file counts.
    let summary = text(&one(&root, ".dv-summary").unwrap());
    assert!(summary.contains("4 files changed"), "{summary}");
    assert!(
        summary.contains("+3") && summary.contains("−3"),
        "{summary}"
    );
    let main = header(&root, "src/main.rs");
    assert!(text(&main).contains("+1") && text(&main).contains("−1"));

    // Line numbers, word highlighting.
    let t = text(&root);
    assert!(t.contains("let x = compute(2);"));
    let words: Vec<String> = all(&root, ".dv-add .dv-word").iter().map(text).collect();
    assert!(words.iter().any(|w| w.contains('2')), "{words:?}");
    let nums: Vec<String> = all(&root, ".dv-ln").iter().map(text).collect();
    assert!(nums.iter().any(|n| n == "4"), "{nums:?}");

    // Function context of the hunk header.
    assert!(all(&root, ".dv-hunk")
        .iter()
        .any(|h| text(h).contains("@@ -1,4 +1,4 @@ fn main() {")));

    // Rename with similarity, spaces in names.
    let ren = header(&root, "new name.txt");
    assert!(
        text(&ren).contains("old name.txt → new name.txt"),
        "{}",
        text(&ren)
    );
    assert!(text(&ren).contains("renamed 90%"));

    // Binary: a clear note, no garbage.
    let bin = header(&root, "logo.png");
    assert!(text(&bin).contains("binary"));
    let note = one(&root, ".dv-note.dv-binary").expect("binary note");
    assert!(text(&note).contains("Binary file changed"));

    // Lock file collapsed by default, one click away.
    let lock = header(&root, "Cargo.lock");
    assert!(lock.class_list().contains("dv-collapsed"));
    assert!(!text(&root).contains("1.0.1"));
    click(&one(&lock, ".dv-toggle").unwrap());
    until("the lock file expanded", || {
        (text(&root).contains("version = \"1.0.1\"")).then_some(())
    })
    .await;

    // Untrusted text stays text.
    assert!(text(&root).contains("<img src=x onerror=alert(1)>"));
    assert!(one(&root, "img").is_none());

    // The file list shows every file with counts, grouped under directory headings.
    let items = all(&root, ".dv-file-item");
    assert_eq!(items.len(), 4);
    let dirs: Vec<String> = all(&root, ".dv-dir-item").iter().map(text).collect();
    assert_eq!(dirs, vec!["src/".to_string()]);

    // Once a file's header scrolls out of sight, a bar names the file at the top.
    assert!(one(&root, ".dv-sticky-bar").is_none());
    one(&root, ".dv-scroll").unwrap().set_scroll_top(60);
    until("the sticky file bar", || {
        (one(&root, ".dv-sticky-bar").is_some_and(|b| text(&b) == "src/main.rs")).then_some(())
    })
    .await;
    // Filter by path.
    type_into(&one(&root, ".dv-filter").unwrap(), "name");
    until("the filtered file list", || {
        (all(&root, ".dv-file-item").len() == 1).then_some(())
    })
    .await;
    assert!(text(&all(&root, ".dv-file-item")[0]).contains("new name.txt"));
}

#[wasm_bindgen_test]
async fn split_view_is_remembered() {
    storage().clear().unwrap();
    let el = container();
    let root: web_sys::Element = el.clone().into();
    {
        let _h = leptos::mount::mount_to(
            el.clone(),
            || view! { <DiffViewer patch=PATCH.to_string() /> },
        );
        until("the view mode buttons", || {
            (one(&root, ".dv-mode-split").is_some()).then_some(())
        })
        .await;
        assert!(one(&root, ".dv-split-row").is_none());
        click(&one(&root, ".dv-mode-split").unwrap());
        until("the split view", || {
            (one(&root, ".dv-split-row").is_some()).then_some(())
        })
        .await;
        // Removed on the left, added on the right, same row.
        let row = all(&root, ".dv-split-row")
            .into_iter()
            .find(|r| text(r).contains("compute(1)"))
            .expect("paired row");
        assert!(text(&one(&row, ".dv-left").unwrap()).contains("compute(1)"));
        assert!(text(&one(&row, ".dv-right").unwrap()).contains("compute(2)"));
        assert_eq!(
            storage()
                .get_item("agentdeck.diff.mode")
                .unwrap()
                .as_deref(),
            Some("split")
        );
    }
    el.set_text_content(None);
    // A new visit starts in split view.
    let _h = leptos::mount::mount_to(
        el.clone(),
        || view! { <DiffViewer patch=PATCH.to_string() /> },
    );
    until("split view on a new visit", || {
        (one(&root, ".dv-split-row").is_some()).then_some(())
    })
    .await;
    click(&one(&root, ".dv-mode-unified").unwrap());
    until("the unified view again", || {
        (one(&root, ".dv-split-row").is_none()).then_some(())
    })
    .await;
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn collapse_and_expand() {
    storage().clear().unwrap();
    let el = container();
    let root: web_sys::Element = el.clone().into();
    let patch = RwSignal::new(PATCH.to_string());
    let _h = leptos::mount::mount_to(el.clone(), move || view! { <DiffViewer patch=patch /> });
    until("the diff", || {
        (text(&root).contains("compute(2)")).then_some(())
    })
    .await;
    click(&one(&header(&root, "src/main.rs"), ".dv-toggle").unwrap());
    until("main.rs collapsed", || {
        (!text(&root).contains("compute(2)")).then_some(())
    })
    .await;
    // A poll bringing the same text keeps what the user collapsed. The page reacts to it before
    // it reacts to a click made after it: once the click on the lock file shows, the same text
    // has been taken in.
    patch.set(PATCH.to_string());
    assert!(
        !text(&root).contains("1.0.1"),
        "the lock file starts collapsed"
    );
    click(&one(&header(&root, "Cargo.lock"), ".dv-toggle").unwrap());
    until("the lock file expanded", || {
        text(&root).contains("1.0.1").then_some(())
    })
    .await;
    assert!(!text(&root).contains("compute(2)"), "still collapsed");
    assert!(text(&root).contains("after"), "other files stay open");
    click(&one(&root, ".dv-expand-all").unwrap());
    until("everything expanded", || {
        (text(&root).contains("compute(2)") && text(&root).contains("1.0.1")).then_some(())
    })
    .await;
    click(&one(&root, ".dv-collapse-all").unwrap());
    until("everything collapsed", || {
        (all(&root, ".dv-line").is_empty()).then_some(())
    })
    .await;
    assert_eq!(all(&root, ".dv-file").len(), 4, "headers stay");
}

#[wasm_bindgen_test]
async fn viewed_is_kept_per_key_and_cleared_when_the_file_changes() {
    storage().clear().unwrap();
    let el = container();
    let root: web_sys::Element = el.clone().into();
    {
        let _h = leptos::mount::mount_to(el.clone(), || {
            view! { <DiffViewer patch=PATCH.to_string() storage_key="runner-1" /> }
        });
        until("the diff", || {
            (text(&root).contains("compute(2)")).then_some(())
        })
        .await;
        let h = header(&root, "src/main.rs");
        click(&one(&h, ".dv-viewed-box").unwrap());
        // Viewing collapses the file.
        until("viewing collapsing the file", || {
            (!text(&root).contains("compute(2)")).then_some(())
        })
        .await;
        assert!(header(&root, "src/main.rs")
            .class_list()
            .contains("dv-viewed"));
        let stored = storage()
            .get_item("agentdeck.diff.viewed.runner-1")
            .unwrap()
            .unwrap();
        assert!(stored.contains("src/main.rs"), "{stored}");
    }
    el.set_text_content(None);
    {
        // Same runner, same content: still viewed.
        let _h = leptos::mount::mount_to(el.clone(), || {
            view! { <DiffViewer patch=PATCH.to_string() storage_key="runner-1" /> }
        });
        until("the file headers", || {
            (one(&root, ".dv-file").is_some()).then_some(())
        })
        .await;
        let h = header(&root, "src/main.rs");
        assert!(h.class_list().contains("dv-viewed"));
        let box_: web_sys::HtmlInputElement = one(&h, ".dv-viewed-box").unwrap().unchecked_into();
        assert!(box_.checked());
    }
    el.set_text_content(None);
    {
        // Another runner: not viewed.
        let _h = leptos::mount::mount_to(el.clone(), || {
            view! { <DiffViewer patch=PATCH.to_string() storage_key="runner-2" /> }
        });
        until("the file headers", || {
            (one(&root, ".dv-file").is_some()).then_some(())
        })
        .await;
        assert!(!header(&root, "src/main.rs")
            .class_list()
            .contains("dv-viewed"));
    }
    el.set_text_content(None);
    {
        // The file's patch changed: no longer viewed; the unchanged rename keeps its state.
        let changed = PATCH.replace("compute(2)", "compute(3)");
        let _h = leptos::mount::mount_to(el.clone(), move || {
            view! { <DiffViewer patch=changed storage_key="runner-1" /> }
        });
        until("the changed diff", || {
            (text(&root).contains("compute(3)")).then_some(())
        })
        .await;
        assert!(!header(&root, "src/main.rs")
            .class_list()
            .contains("dv-viewed"));
    }
    storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn search_finds_matches_outside_the_rendered_rows() {
    storage().clear().unwrap();
    // A big diff with a needle near the end, far outside the rendered window.
    let mut big = agentdeck::diff::gen::generate(20_000, 9);
    big.push_str("diff --git a/zz_last.txt b/zz_last.txt\n--- a/zz_last.txt\n+++ b/zz_last.txt\n@@ -1 +1 @@\n-needle_one\n+needle_two\n");
    let el = container();
    let root: web_sys::Element = el.clone().into();
    let _h = leptos::mount::mount_to(el.clone(), move || view! { <DiffViewer patch=big /> });
    until("the first lines", || {
        (one(&root, ".dv-line").is_some()).then_some(())
    })
    .await;
    assert!(!text(&root).contains("needle_two"), "not rendered yet");

    // Windowing: the DOM stays small for a 20,000-line diff.
    let nodes = root.get_elements_by_tag_name("*").length();
    assert!(nodes < 5000, "{nodes} DOM nodes");

    type_into(&one(&root, ".dv-search").unwrap(), "NEEDLE_");
    // Upper case is case-sensitive: no match.
    until("no match for upper case", || {
        (text(&one(&root, ".dv-search-count").unwrap()).contains("No matches")).then_some(())
    })
    .await;
    type_into(&one(&root, ".dv-search").unwrap(), "needle_");
    until("2 matches", || {
        (text(&one(&root, ".dv-search-count").unwrap()).contains("2 matches")).then_some(())
    })
    .await;
    click(&one(&root, ".dv-next").unwrap());
    until("the jump to the first match", || {
        (one(&root, ".dv-match-current").is_some_and(|m| text(&m) == "needle_")).then_some(())
    })
    .await;
    assert!(text(&one(&root, ".dv-search-count").unwrap()).contains("1 / 2"));
    click(&one(&root, ".dv-next").unwrap());
    until("the second match", || {
        (text(&one(&root, ".dv-search-count").unwrap()).contains("2 / 2")).then_some(())
    })
    .await;
    let cur = one(&root, ".dv-match-current").unwrap();
    let row = cur.closest(".dv-row").unwrap().unwrap();
    assert!(text(&row).contains("needle_two"));
    click(&one(&root, ".dv-prev").unwrap());
    until("back to the first match", || {
        (text(&one(&root, ".dv-search-count").unwrap()).contains("1 / 2")).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn malformed_input_shows_what_parses_and_a_note() {
    let el = container();
    let root: web_sys::Element = el.clone().into();
    let bad = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,5 +1,5 @@\n ok line\n"
        .to_string();
    let _h = leptos::mount::mount_to(el.clone(), move || view! { <DiffViewer patch=bad /> });
    until("the readable part", || {
        (text(&root).contains("ok line")).then_some(())
    })
    .await;
    assert!(one(&root, ".dv-notes").is_some());
    assert!(text(&root).contains("middle of a hunk"), "{}", text(&root));
}
