//! A keyboard-only walk: from the inbox to a new runner, started, finished and its diff
//! reviewed, with nothing but keys (the app's shortcuts, Tab and Enter), the way someone who
//! cannot use a mouse works; on the way, the shortcuts dialog keeps the focus inside and gives
//! it back on Escape. Nothing is clicked and nothing is focused by script: keys go to
//! whatever has the focus (WebDriver key actions), and the test only reads the page.

use agentdeck_e2e::Harness;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

/// How many Tab presses may pass before a control must have the focus (the whole top bar and
/// a form's fields come first).
const MAX_TABS: usize = 80;

/// Presses each key of `keys` in turn (down, up) on whatever has the focus.
async fn press(h: &Harness, keys: &str) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for c in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    h.client
        .perform_actions(actions)
        .await
        .expect("pressing keys");
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

/// Whether the focused element matches `css`.
async fn focused(h: &Harness, css: &str) -> bool {
    h.client
        .execute(
            "const a = document.activeElement; return !!a && a.matches(arguments[0]);",
            vec![serde_json::json!(css)],
        )
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A short description of the focused element, for failure messages.
async fn focus_description(h: &Harness) -> String {
    h.client
        .execute(
            "const a = document.activeElement;\
             return a ? a.tagName.toLowerCase() + ' ' + (a.getAttribute('name') || '') + ' '\
               + (a.getAttribute('aria-label') || a.textContent || '').trim().slice(0, 40) : 'nothing';",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Presses Tab until the focus is on an element matching `css`.
async fn tab_to(h: &Harness, css: &str) {
    for _ in 0..MAX_TABS {
        if focused(h, css).await {
            return;
        }
        press(h, &key(Key::Tab)).await;
    }
    panic!(
        "{MAX_TABS} Tab presses never reached `{css}`; the focus is on {}",
        focus_description(h).await
    );
}

async fn path(h: &Harness) -> String {
    let url = h.current_url().await;
    url.strip_prefix(h.app_url.trim_end_matches('/'))
        .unwrap_or(&url)
        .to_string()
}

/// The diff viewer's current file (the file list's item marked `aria-current`): its place in
/// the list, its path and whether it is marked viewed.
async fn current_file(h: &Harness) -> Option<(usize, String, bool)> {
    let v = h
        .client
        .execute(
            "const items = [...document.querySelectorAll('.dv-file-item')];\
             const i = items.findIndex(e => e.getAttribute('aria-current') === 'true');\
             return i < 0 ? null\
               : [i, items[i].title, items[i].classList.contains('dv-item-viewed')];",
            vec![],
        )
        .await
        .ok()?;
    let i = usize::try_from(v.get(0)?.as_u64()?).ok()?;
    Some((i, v[1].as_str()?.to_string(), v[2].as_bool()?))
}

/// Whether the file list marks the file at `path` viewed.
async fn marked_viewed(h: &Harness, path: &str) -> bool {
    h.client
        .execute(
            "return [...document.querySelectorAll('.dv-file-item')]\
               .some(e => e.title === arguments[0] && e.classList.contains('dv-item-viewed'));",
            vec![serde_json::json!(path)],
        )
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_runner_and_review_its_diff_with_the_keyboard_only() {
    let h = Harness::start().await;
    h.open("").await;
    h.find(".inbox-page").await;

    // `g r`: the runners list; `n`: its "New runner" form.
    press(&h, "gr").await;
    h.until("the runners list after `g r`", || async {
        let p = path(&h).await;
        (p == "/netlify/runners"
            && h.client
                .find(fantoccini::Locator::Css(".runner-title"))
                .await
                .is_ok())
        .then_some(())
    })
    .await;
    // `j` selects the first row; `?` opens the shortcuts dialog with the focus inside, Tab
    // stays inside, Escape closes it and the focus goes back to the row.
    press(&h, "j").await;
    h.until("the first runner selected after `j`", || async {
        focused(&h, ".runner-list [data-nav-item]")
            .await
            .then_some(())
    })
    .await;
    let row = focus_description(&h).await;
    press(&h, "?").await;
    h.until("the shortcuts dialog after `?`", || async {
        focused(&h, "dialog[open] *").await.then_some(())
    })
    .await;
    for _ in 0..5 {
        press(&h, &key(Key::Tab)).await;
        assert!(
            focused(&h, "dialog[open] *").await,
            "Tab left the open dialog for {}",
            focus_description(&h).await
        );
    }
    press(&h, &key(Key::Escape)).await;
    h.until("the dialog closed after Escape", || async {
        h.client
            .find(fantoccini::Locator::Css("dialog[open]"))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    assert!(
        focused(&h, ".runner-list [data-nav-item]").await,
        "the focus went back to {row}, not to {}",
        focus_description(&h).await
    );

    press(&h, "n").await;
    h.until("the new runner form after `n`", || async {
        (path(&h).await == "/netlify/runners/new").then_some(())
    })
    .await;
    h.find("textarea[name=prompt]").await;

    // Tab to the prompt, type it, Tab to the start button, Enter.
    tab_to(&h, "textarea[name=prompt]").await;
    press(&h, "Add a dark mode").await;
    tab_to(&h, "form.new-runner-form button[type=submit]").await;
    press(&h, &key(Key::Enter)).await;

    h.until("the new runner's page", || async {
        let p = path(&h).await;
        (p.starts_with("/netlify/runners/") && !p.starts_with("/netlify/runners/new")).then_some(())
    })
    .await;
    h.until("the run done", || async {
        (h.attr(".runner-title-row .badge", "data-state").await == "done").then_some(())
    })
    .await;
    let result = h
        .until("the result", || async {
            h.text(".session-result")
                .await
                .filter(|t| !t.trim().is_empty())
        })
        .await;
    assert!(result.to_lowercase().contains("dark"), "{result}");

    // Tab to the Changes tab, Enter: the diff viewer.
    tab_to(&h, "nav.tabs a.tab[href*='tab=diff']").await;
    press(&h, &key(Key::Enter)).await;
    h.until("the diff viewer's files", || async {
        (h.all(".dv-file-item").await.len() >= 2).then_some(())
    })
    .await;

    // `n` next file, `p` the one before, `n` again and `v` marks it viewed (viewing collapses
    // the file, and the view may then move on: the mark is read from the list). The viewer's
    // status line (a live region) says each.
    let first = match current_file(&h).await {
        Some((i, _, _)) => i,
        // No current file yet: the first `n` makes the first file current.
        None => {
            press(&h, "n").await;
            h.until("a current file after `n`", || async {
                current_file(&h).await
            })
            .await
            .0
        }
    };
    press(&h, "n").await;
    let (_, file, viewed) = h
        .until("the next file after `n`", || async {
            current_file(&h).await.filter(|(i, _, _)| *i == first + 1)
        })
        .await;
    assert!(!viewed, "{file} is not viewed yet");
    let status = h.text(".dv-status-msg").await.unwrap_or_default();
    assert!(
        status.starts_with("File "),
        "the status line after `n`: {status}"
    );
    press(&h, "p").await;
    h.until("the file before after `p`", || async {
        current_file(&h).await.filter(|(i, _, _)| *i == first)
    })
    .await;
    press(&h, "n").await;
    h.until("the next file again after `n`", || async {
        current_file(&h).await.filter(|(_, f, _)| *f == file)
    })
    .await;
    press(&h, "v").await;
    h.until("the file marked viewed after `v`", || async {
        marked_viewed(&h, &file).await.then_some(())
    })
    .await;
    let status = h.text(".dv-status-msg").await.unwrap_or_default();
    assert!(
        status.ends_with("marked viewed"),
        "the status line after `v`: {status}"
    );

    h.stop().await;
}
