//! axe-core on every page of the app, in the light and the dark theme: no serious or critical
//! violation anywhere. Every violation found is printed (rule, page, element, axe's summary,
//! which for contrast gives both colours and the ratio) before the test fails.
//!
//! axe is injected with WebDriver's "execute script", which runs in the page through the
//! DevTools protocol and is not subject to the app's Content-Security-Policy (an inline
//! `<script>` would be; `Harness::stop` fails on any CSP report, and none comes). `cargo xtask
//! test` installs it (xtask/src/tools.rs) and passes its path in `AGENTDECK_AXE`.
//!
//! The theme is chosen the way the theme switch stores it (`localStorage`, applied before the app
//! loads by style/theme-boot.js), and every page is checked to show it (`data-theme`). The
//! System choice in a dark system draws with the same `light-dark()` palette, so it is not
//! toured separately.

mod every_page;

use agentdeck_e2e::Harness;
use every_page::{choose_theme, shown_theme, Tour};

/// Runs axe on the whole document; answers the serious and critical violations as
/// `[rule, impact, help, [[target, summary]...]]`, or `{error}`.
const RUN_AXE: &str = "const done = arguments[arguments.length - 1];\
    axe.run(document, { resultTypes: ['violations'] })\
      .then(r => done(r.violations\
        .filter(v => v.impact === 'serious' || v.impact === 'critical')\
        .map(v => [v.id, v.impact, v.help,\
          v.nodes.map(n => [n.target.join(' '), (n.failureSummary || '').replace(/\\s+/g, ' ')])])))\
      .catch(e => done({ error: String(e) }));";

fn axe_source() -> String {
    let path = std::env::var("AGENTDECK_AXE").unwrap_or_else(|_| {
        panic!(
            "AGENTDECK_AXE is not set: it names axe-core's axe.min.js. `cargo xtask test` \
             installs it and sets it; by hand: `npm install --no-save --prefix target/axe \
             axe-core@<version in xtask/src/tools.rs>` and \
             AGENTDECK_AXE=target/axe/node_modules/axe-core/axe.min.js"
        )
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read axe-core from AGENTDECK_AXE={path}: {e}"))
}

/// The serious and critical violations on the open page, one line per element.
async fn violations(h: &Harness, axe: &str, where_: &str) -> Vec<String> {
    let loaded = h
        .client
        .execute(&format!("{axe}\nreturn typeof window.axe;"), vec![])
        .await
        .expect("injecting axe-core");
    assert_eq!(loaded, serde_json::json!("object"), "axe-core did not load");
    let found = h
        .client
        .execute_async(RUN_AXE, vec![])
        .await
        .expect("running axe-core");
    if let Some(e) = found.get("error") {
        panic!("axe-core failed on {where_}: {e}");
    }
    let mut lines = Vec::new();
    for v in found.as_array().expect("a list of violations") {
        let (rule, impact, help) = (&v[0], &v[1], &v[2]);
        for node in v[3].as_array().into_iter().flatten() {
            lines.push(format!(
                "{where_}: {rule} ({impact}: {help}) at `{}`: {}",
                node[0].as_str().unwrap_or_default(),
                node[1].as_str().unwrap_or_default(),
            ));
        }
    }
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_serious_accessibility_violation_on_any_page_in_either_theme() {
    let axe = axe_source();
    let h = Harness::start().await;
    let mut all = Vec::new();
    for theme in ["light", "dark"] {
        choose_theme(&h, theme).await;
        let mut tour = Tour::default();
        for i in 0..Tour::LEN {
            let page = tour.open(&h, i).await;
            let where_ = format!("{theme} /{} ({})", page.path, page.name);
            assert_eq!(shown_theme(&h).await, theme, "{where_}: the theme applied");
            let found = violations(&h, &axe, &where_).await;
            for line in &found {
                eprintln!("{line}");
            }
            all.extend(found);
        }
    }
    h.stop().await;
    assert!(
        all.is_empty(),
        "{} serious or critical accessibility violation(s):\n{}",
        all.len(),
        all.join("\n")
    );
}
