//! The scenarios of the simulated Netlify agent, chosen from the prompt, deterministically: a
//! word of a change set (dark mode, rename, logo, contact, readme, product, accessibility,
//! remove) picks what is changed (otherwise the seed does); `#fail` ends in error; `#slow`
//! triples every delay; ask mode never changes files and answers in words.

use super::records::SessionWork;
use crate::ids::rng_for;
use crate::netlify::sample_site::{self, CHANGESETS};
use agentdeck_wire::netlify::*;
use rand::Rng;

/// Picks the change set a prompt asks for (or one by seed), `None` in ask mode.
pub fn choose_changeset(
    seed: u64,
    session_id: &str,
    prompt: &str,
    mode: &SessionMode,
) -> Option<String> {
    if *mode == SessionMode::Ask {
        return None;
    }
    let p = prompt.to_lowercase();
    let by_word: &[(&str, &str)] = &[
        ("dark", "dark-mode"),
        ("theme", "dark-mode"),
        ("rename", "rename-about"),
        ("about", "rename-about"),
        ("logo", "new-logo"),
        ("image", "new-logo"),
        ("contact", "contact-form"),
        ("form", "contact-form"),
        ("readme", "fix-readme"),
        ("typo", "fix-readme"),
        ("product", "products"),
        ("price", "products"),
        ("accessib", "a11y"),
        ("a11y", "a11y"),
        ("focus", "a11y"),
        ("remove", "remove-old-pricing"),
        ("delete", "remove-old-pricing"),
    ];
    if let Some((_, id)) = by_word.iter().find(|(w, _)| p.contains(w)) {
        return Some(id.to_string());
    }
    let mut rng = rng_for(seed, session_id);
    Some(
        CHANGESETS[rng.gen_range(0..CHANGESETS.len())]
            .id
            .to_string(),
    )
}

pub fn outcome_for(prompt: &str) -> String {
    if prompt.to_lowercase().contains("#fail") {
        "error".into()
    } else {
        "done".into()
    }
}

/// The delay multiplier of a prompt (`#slow` triples every delay).
pub fn slow(prompt: Option<&str>) -> u64 {
    if prompt.is_some_and(|p| p.contains("#slow")) {
        3
    } else {
        1
    }
}

/// Steps the session will play.
pub fn planned_steps(session: &Session, work: &SessionWork) -> Vec<Step> {
    let mode = session.mode.clone().unwrap_or(SessionMode::Normal);
    let raw: Vec<(String, String)> = match (
        &mode,
        work.changeset.as_deref().and_then(sample_site::changeset),
    ) {
        (SessionMode::Redeploy, _) | (SessionMode::Rebase, _) => vec![
            (
                "Applying the existing diff".into(),
                "Skipped inference: re-applying the changes of the source session.".into(),
            ),
            (
                "Building the deploy preview".into(),
                "Ran the build with the current settings and environment variables.".into(),
            ),
        ],
        (_, Some(c)) => c
            .steps
            .iter()
            .map(|(t, m)| (t.to_string(), m.to_string()))
            .collect(),
        _ => vec![
            (
                "Reading the code".into(),
                "Looked at `index.html`, `js/main.js` and `netlify.toml`.".into(),
            ),
            (
                "Answering".into(),
                "Wrote up what I found; no files were changed (ask mode).".into(),
            ),
        ],
    };
    let mut steps: Vec<Step> = raw
        .into_iter()
        .enumerate()
        .map(|(k, (t, m))| Step {
            id: Some(StepId::Number(k as i64 + 1)),
            title: Some(t),
            message: Some(m),
        })
        .collect();
    if work.outcome == "error" {
        steps.truncate(1);
        steps.push(Step {
            id: Some(StepId::Number(2)),
            title: Some("Build failed".into()),
            message: Some(
                "```\n$ npm run build\nError: Cannot find module './theme.config.js'\n```".into(),
            ),
        });
    }
    steps
}

/// The answer of an ask-mode session (no files changed).
pub fn ask_answer(title: &str) -> String {
    format!(
        "## {title}\n\nI read the code without changing anything.\n\n1. `index.html` loads `js/main.js` at the end of `<body>`, so it does not block rendering.\n2. The product list is fetched from `/data/products.json` after load, which is why it pops in late.\n3. The logo has explicit `width`/`height`, so there is no layout shift.\n\n**Suggestion:** inline the three products into the HTML at build time, or add\n\n```html\n<link rel=\"preload\" href=\"/data/products.json\" as=\"fetch\" crossorigin>\n```\n\nto start the request earlier."
    )
}
