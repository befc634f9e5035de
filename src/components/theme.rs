//! The colour theme: System (the browser's `prefers-color-scheme`), Light or Dark. The choice
//! is remembered on this device (`localStorage`) and applied as `data-theme` on `<html>`; the
//! palette in style/app.css follows it. style/theme-boot.js applies a remembered choice before
//! the app has loaded, so the page never flashes in the other theme.

use crate::components::icons::{Icon, IconKind};
use leptos::prelude::*;

/// Where the choice is kept (also read by style/theme-boot.js).
pub const STORAGE_KEY: &str = "agentdeck.theme";

/// The user's choice of colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark setting.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value stored, in the `<select>` and in `data-theme`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Anything unknown (or nothing stored) means System.
    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The theme chosen on this device; System when none was chosen (or storage is blocked).
pub fn stored_theme() -> Theme {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|v| Theme::parse(&v))
        .unwrap_or_default()
}

/// Remembers the choice; System forgets it (the system decides again).
fn remember(theme: Theme) {
    let Some(s) = storage() else { return };
    let _ = match theme {
        Theme::System => s.remove_item(STORAGE_KEY),
        t => s.set_item(STORAGE_KEY, t.as_str()),
    };
}

/// Sets `data-theme` on `<html>`: "light" or "dark", none for System.
pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => root.remove_attribute("data-theme"),
        t => root.set_attribute("data-theme", t.as_str()),
    };
}

/// The theme switch in the top bar: System / Light / Dark, remembered on this device.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let theme = RwSignal::new(stored_theme());
    apply(theme.get_untracked());
    let choose = move |ev: leptos::ev::Event| {
        let t = Theme::parse(&event_target_value(&ev));
        theme.set(t);
        remember(t);
        apply(t);
    };
    view! {
        <label class="theme-switch">
            <Icon kind=IconKind::Theme />
            <span class="theme-switch-label">"Theme"</span>
            <select name="theme" aria-label="Colour theme" on:change=choose>
                {Theme::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <option value=t.as_str() selected=move || theme.get() == t>
                                {t.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    //! The palette's contrast, both themes: every pair of colours the CSS draws on each other
    //! meets WCAG AA. The palette is read from style/app.css, so the test sees what ships.

    use super::Theme;
    use std::collections::HashMap;

    const CSS: &str = include_str!("../../style/app.css");

    /// `--name: light-dark(#light, #dark);` lines of the palette, as (light, dark) colours.
    fn palette() -> HashMap<String, ([u8; 3], [u8; 3])> {
        let mut map = HashMap::new();
        for line in CSS.lines() {
            let line = line.trim();
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let Some(args) = value
                .trim()
                .strip_prefix("light-dark(")
                .and_then(|v| v.strip_suffix(");"))
            else {
                continue;
            };
            let (l, d) = args.split_once(',').expect("two colours");
            if let (Some(l), Some(d)) = (hex(l.trim()), hex(d.trim())) {
                map.insert(name.trim().trim_start_matches("--").to_string(), (l, d));
            }
        }
        map
    }

    /// `#rrggbb` (opaque colours only: translucent ones are never text or a text background).
    fn hex(s: &str) -> Option<[u8; 3]> {
        let h = s.strip_prefix('#').filter(|h| h.len() == 6)?;
        let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some([c(0)?, c(2)?, c(4)?])
    }

    fn luminance(c: [u8; 3]) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    }

    fn ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    const TEXT: f64 = 4.5;
    const UI: f64 = 3.0;

    /// (foreground, backgrounds it is drawn on, minimum ratio).
    fn pairs() -> Vec<(&'static str, Vec<&'static str>, f64)> {
        let page = vec!["bg", "surface"];
        let mut p = vec![
            ("text", vec!["bg", "surface", "code-bg", "skeleton"], TEXT),
            ("muted", vec!["bg", "surface", "code-bg"], TEXT),
            // Links, the focus ring and the state colours (badges, messages).
            ("accent", vec!["bg", "surface", "code-bg"], TEXT),
            ("ok", page.clone(), TEXT),
            ("bad", page.clone(), TEXT),
            ("live", page.clone(), TEXT),
            ("attention", page.clone(), TEXT),
            ("info", page.clone(), TEXT),
            // Filled buttons.
            ("on-accent", vec!["accent-bg"], TEXT),
            ("on-danger", vec!["danger-bg"], TEXT),
            // Borders of inputs and buttons, against the page and their own inside.
            ("control-border", page.clone(), UI),
            // The diff viewer: line numbers and markers on every row colour; code and its
            // syntax colours on the row and word-highlight colours; search matches.
            (
                "muted",
                vec![
                    "dv-add-ln",
                    "dv-del-ln",
                    "dv-add-bg",
                    "dv-del-bg",
                    "dv-hunk-bg",
                ],
                TEXT,
            ),
            ("text", vec!["dv-match", "dv-match-current"], TEXT),
        ];
        let code_bgs = vec![
            "surface",
            "dv-add-bg",
            "dv-del-bg",
            "dv-add-word",
            "dv-del-word",
        ];
        for fg in ["text", "syn-kw", "syn-str", "syn-com", "syn-num"] {
            p.push((fg, code_bgs.clone(), TEXT));
        }
        p
    }

    #[test]
    fn every_colour_pair_meets_wcag_aa_in_both_themes() {
        let pal = palette();
        let mut failures = Vec::new();
        for (fg, bgs, min) in pairs() {
            for bg in bgs {
                let (f, b) = (&pal[fg], &pal[bg]);
                for (theme, fc, bc) in [("light", f.0, b.0), ("dark", f.1, b.1)] {
                    let r = ratio(fc, bc);
                    if r < min {
                        failures.push(format!(
                            "{theme}: --{fg} on --{bg} is {r:.2}:1, needs {min}:1"
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn the_palette_is_read_from_the_css() {
        let pal = palette();
        assert!(pal.len() >= 30, "palette lines not found: {pal:?}");
        assert_eq!(pal["surface"].0, [0xff, 0xff, 0xff]);
        assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn no_colour_is_spelled_outside_the_palette() {
        // Every other style sheet uses the palette's properties only.
        for (name, css) in [
            ("app.css", CSS),
            ("netlify.css", include_str!("../../style/netlify.css")),
            (
                "diff_viewer.css",
                include_str!("../../style/diff_viewer.css"),
            ),
            ("markdown.css", include_str!("../../style/markdown.css")),
            (
                "agentcontainer.css",
                include_str!("../../style/agentcontainer.css"),
            ),
        ] {
            for (i, line) in without_comments(css).lines().enumerate() {
                let in_palette =
                    line.trim_start().starts_with("--") && line.contains("light-dark(");
                let colour = ["rgb(", "rgba(", "hsl(", "hsla("]
                    .iter()
                    .any(|f| line.contains(f))
                    || has_hex(line);
                assert!(
                    in_palette || !colour,
                    "{name}:{}: a colour outside the palette: {line}",
                    i + 1
                );
            }
        }
    }

    /// The style sheet with its comments blanked (they may name colours), lines kept in place.
    fn without_comments(css: &str) -> String {
        let mut out = String::with_capacity(css.len());
        let mut rest = css;
        while let Some(start) = rest.find("/*") {
            out.push_str(&rest[..start]);
            let end = rest[start..]
                .find("*/")
                .map_or(rest.len(), |e| start + e + 2);
            out.extend(
                rest[start..end]
                    .chars()
                    .map(|c| if c == '\n' { '\n' } else { ' ' }),
            );
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// A `#` followed by 3 to 8 hex digits (a colour, not an id selector like `#main-nav`).
    fn has_hex(line: &str) -> bool {
        line.match_indices('#').any(|(i, _)| {
            let rest: String = line[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            (3..=8).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_hexdigit())
        })
    }

    #[test]
    fn theme_values_round_trip_and_unknown_is_system() {
        for t in Theme::ALL {
            assert_eq!(Theme::parse(t.as_str()), t);
        }
        assert_eq!(Theme::parse(""), Theme::System);
        assert_eq!(Theme::parse("sepia"), Theme::System);
    }
}
