//! Every page at a phone's width (390 px) and a desktop's (1440 px): nothing makes the page
//! scroll sideways (the diff viewer scrolls inside itself), on the phone every control is a
//! touch target at least 40 px high, and a screenshot of each is saved under
//! target/e2e-screens/ (`<width>-<page>.png`, not committed) for people to look at.

mod every_page;

use agentdeck_e2e::Harness;
use every_page::{target_dir, Tour};

/// How far the page scrolls sideways, and the outermost elements that stick out on the right.
const OVERFLOW: &str = "const w = window.innerWidth;\
    const wide = [...document.body.querySelectorAll('*')].filter(e => {\
      const r = e.getBoundingClientRect();\
      return r.width > 0 && r.right > w + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1);\
    }).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + 'px)');\
    return [document.documentElement.scrollWidth - w, w, wide];";

/// The first few controls shorter than 40 px, described. Not counted: links inside running
/// text (inline), the diff's own rows (dense by design, scrolled inside the viewer), boxes
/// whose label is the target (a checkbox inside a 40 px label) and visually hidden inputs.
const SMALL_TARGETS: &str = r#"
const describe = e => e.tagName.toLowerCase()
  + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '')
  + ' "' + (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 30) + '" '
  + Math.round(e.getBoundingClientRect().height) + 'px';
return [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button]')]
  .filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(e).display === 'inline') return false;
    // A visually hidden input (1 px) stands behind a visible control of its own.
    if (r.width <= 2 && r.height <= 2) return false;
    if (e.closest('.dv-scroll')) return false;
    const label = e.closest('label');
    const h = e.matches('input[type=checkbox], input[type=radio]') && label
      ? label.getBoundingClientRect().height : r.height;
    return h < 39.5;
  }).slice(0, 6).map(describe);
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_at_390_or_1440_px_touch_targets_are_40_px_and_screenshots_are_saved(
) {
    let dir = target_dir().join("e2e-screens");
    std::fs::create_dir_all(&dir).expect("a folder for the screenshots");
    let h = Harness::start().await;
    let mut problems = Vec::new();
    for (width, height) in [(390, 844), (1440, 900)] {
        h.client
            .set_window_size(width, height)
            .await
            .expect("resizing the window");
        let mut tour = Tour::default();
        for i in 0..Tour::LEN {
            let page = tour.open(&h, i).await;
            let found = h
                .client
                .execute(OVERFLOW, vec![])
                .await
                .expect("measuring the page");
            let (overflow, inner) = (found[0].as_f64().unwrap_or(0.0), found[1].as_f64());
            assert_eq!(
                inner,
                Some(f64::from(width)),
                "the window is {width} px wide inside"
            );
            if overflow > 0.0 {
                problems.push(format!(
                    "{width} px /{} ({}): scrolls sideways by {overflow} px; sticking out: {}",
                    page.path, page.name, found[2]
                ));
            }
            if width == 390 {
                let small = h
                    .client
                    .execute(SMALL_TARGETS, vec![])
                    .await
                    .expect("measuring the controls");
                if small.as_array().is_some_and(|a| !a.is_empty()) {
                    problems.push(format!(
                        "390 px /{} ({}): controls under 40 px high: {small}",
                        page.path, page.name
                    ));
                }
            }
            let png = h.client.screenshot().await.expect("a screenshot");
            let file = dir.join(format!("{width}-{}.png", page.name));
            std::fs::write(&file, png).expect("saving the screenshot");
        }
    }
    h.stop().await;
    eprintln!("screenshots in {}", dir.display());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
